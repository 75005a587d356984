import { DocumentFormat, documentSearchAlternatives } from '../../domain/documents';
import { formatOf, htmlParagraphs, mediaTypeOf } from './extract';
import { snippetOf } from './document.service';

describe('reading documents', () => {
  it('takes the text of block elements as paragraphs, entities decoded, scripts, styles and the head left out', () => {
    const html = `<!DOCTYPE html><html><head><title>Title</title><style>p { color: red }</style></head>
      <body><h1>Heading</h1><p>One <em>emphasised</em>&nbsp;word &amp; more.</p>
      <script>alert(1)</script><ul><li>First</li><li>Second<br>line</li></ul><div> </div><p>Last</p></body></html>`;
    expect(htmlParagraphs(html)).toEqual(['Heading', 'One emphasised word & more.', 'First', 'Second', 'line', 'Last']);
  });

  it('recognises the media type from what is given, the first bytes, the name, or the bytes being text', () => {
    expect(mediaTypeOf('Text/HTML; charset=utf-8', 'x.bin', Buffer.from(''))).toBe('text/html');
    expect(mediaTypeOf(null, 'x.bin', Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(mediaTypeOf('application/octet-stream', 'page', Buffer.from('<!doctype html><p>x'))).toBe('text/html');
    expect(mediaTypeOf(null, 'photo.JPG', Buffer.from([0xff, 0xd8, 0xff]))).toBe('image/jpeg');
    expect(mediaTypeOf(null, 'notes', Buffer.from('plain words, سجن'))).toBe('text/plain');
    expect(mediaTypeOf(null, 'blob', Buffer.from([0, 1, 2, 0xff]))).toBe('application/octet-stream');
    expect(() => mediaTypeOf('not a type', 'x', Buffer.from(''))).toThrow(/not a media type/);
    expect([formatOf('text/plain'), formatOf('text/html'), formatOf('application/pdf'), formatOf('video/mp4')]).toEqual(
      [DocumentFormat.TEXT, DocumentFormat.HTML, DocumentFormat.PDF, DocumentFormat.OPAQUE],
    );
  });

  it('cuts a snippet around the first word found, at word boundaries', () => {
    const text = `${'word '.repeat(40)}the Saydnaya convoy left ${'again '.repeat(60)}`;
    const snippet = snippetOf(text, documentSearchAlternatives('Sednaya').flat());
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('Saydnaya convoy');
    expect(snippetOf('short text', ['short'])).toBe('short text');
  });
});
