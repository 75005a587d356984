import {
  DocumentFormat,
  checkExcerpt,
  documentIdOf,
  documentSearchAlternatives,
  locatorOf,
  normalizeExcerpt,
  pageSegments,
  paragraphSegments,
  parseLocator,
  segmentMatches,
  segmentSearchText,
  textParagraphs,
} from './documents';

const SHA = 'ab'.repeat(32);
const doc = { id: 'doc_x', sourceId: 'src_x' };

describe('locators', () => {
  it('reads paragraphs, pages with an optional paragraph, and timestamps', () => {
    expect(parseLocator('para. 17')).toEqual({ kind: 'paragraph', paragraph: 17 });
    expect(parseLocator('Paragraph 3')).toEqual({ kind: 'paragraph', paragraph: 3 });
    expect(parseLocator('p. 4')).toEqual({ kind: 'page', page: 4, paragraph: null });
    expect(parseLocator('p. 4, para. 2')).toEqual({ kind: 'page', page: 4, paragraph: 2 });
    expect(parseLocator('00:12:31')).toEqual({ kind: 'time', seconds: 751 });
    for (const bad of ['para. 0', 'p. -1', 'chapter 2', '12:61:00', '']) expect(parseLocator(bad)).toBeNull();
  });

  it('writes the locator of a segment as its format cites it', () => {
    expect(locatorOf(DocumentFormat.TEXT, { page: null, paragraph: 5 })).toBe('para. 5');
    expect(locatorOf(DocumentFormat.PDF, { page: 2, paragraph: 1 })).toBe('p. 2, para. 1');
  });
});

describe('normalisation', () => {
  it('folds NFC, typographic quotes and dashes, and white space runs, and nothing else', () => {
    expect(normalizeExcerpt('  Assad’s  “human\u00a0slaughterhouse” — 2011–2016 ')).toBe(
      'Assad\'s "human slaughterhouse" - 2011-2016',
    );
    expect(normalizeExcerpt('e\u0301')).toBe('\u00e9');
    expect(normalizeExcerpt('Sednaya')).not.toBe(normalizeExcerpt('sednaya'));
  });
});

describe('segments', () => {
  it('numbers the non-empty lines of text as paragraphs', () => {
    expect(textParagraphs('\uFEFFone\r\n\r\n  \ntwo\rthree\n')).toEqual(['one', 'two', 'three']);
    expect(paragraphSegments(doc, ['a', 'b']).map((s) => [s.ordinal, s.page, s.paragraph])).toEqual([
      [0, null, 1],
      [1, null, 2],
    ]);
  });

  it('cuts PDF pages into paragraphs at blank lines, joining their lines', () => {
    const segments = pageSegments(doc, ['First line\nsecond line\n\nNext\n', '\nOnly one']);
    expect(segments.map((s) => [s.page, s.paragraph, s.text])).toEqual([
      [1, 1, 'First line second line'],
      [1, 2, 'Next'],
      [2, 1, 'Only one'],
    ]);
  });

  it('gives each document of each source its own stable id', () => {
    expect(documentIdOf('src_a', SHA)).toBe(documentIdOf('src_a', SHA));
    expect(documentIdOf('src_a', SHA)).not.toBe(documentIdOf('src_b', SHA));
    expect(documentIdOf('src_a', SHA)).toMatch(/^doc_[0-9a-f]{32}$/);
  });
});

describe('checkExcerpt', () => {
  const text = paragraphSegments(doc, ['Intro.', 'They were held for 40 days.', 'Then “released” at night.']);
  const pdf = pageSegments(doc, ['Cover page.', 'Held for 40\ndays.\n\nSecond paragraph.']);

  it('accepts an excerpt that is at its locator after normalisation', () => {
    expect(checkExcerpt({ format: DocumentFormat.TEXT, sha256: SHA }, text, 'para. 3', 'Then "released"').ok).toBe(
      true,
    );
    expect(checkExcerpt({ format: DocumentFormat.PDF, sha256: SHA }, pdf, 'p. 2', 'Held for 40 days.').ok).toBe(true);
    expect(checkExcerpt({ format: DocumentFormat.PDF, sha256: SHA }, pdf, 'p. 2, para. 2', 'Second').ok).toBe(true);
  });

  it('says where the excerpt is when it is not at its locator, or that it is nowhere', () => {
    const wrong = checkExcerpt({ format: DocumentFormat.TEXT, sha256: SHA }, text, 'para. 1', 'held for 40 days');
    expect(wrong).toEqual({
      ok: false,
      reason: 'the excerpt is in paragraph 2, not paragraph 1',
      foundAt: ['para. 2'],
    });
    const nowhere = checkExcerpt({ format: DocumentFormat.TEXT, sha256: SHA }, text, 'para. 2', 'held for 41 days');
    expect(nowhere.ok).toBe(false);
    expect(!nowhere.ok && nowhere.reason).toContain(`not in the document ${SHA.slice(0, 12)}`);
    const onPage = checkExcerpt({ format: DocumentFormat.PDF, sha256: SHA }, pdf, 'p. 1', 'Second paragraph');
    expect(!onPage.ok && onPage.reason).toBe('the excerpt is in page 2, paragraph 2, not page 1');
  });

  it('refuses a locator of the wrong kind or past the end, naming where the excerpt is', () => {
    const kind = checkExcerpt({ format: DocumentFormat.TEXT, sha256: SHA }, text, 'p. 1', 'Intro');
    expect(!kind.ok && kind.reason).toBe(
      'this document is cited by paragraph: use "para. N" (the N-th paragraph); the excerpt is in paragraph 1',
    );
    const past = checkExcerpt({ format: DocumentFormat.PDF, sha256: SHA }, pdf, 'p. 9', 'Cover');
    expect(!past.ok && past.reason).toBe('the document has 2 pages, not 9; the excerpt is in page 1, paragraph 1');
  });
});

describe('document search words', () => {
  it('matches when every word of the query, or of its transliteration key, starts a word of the segment', () => {
    const segment = segmentSearchText('Prisoners of Saydnaya were moved to the Palestine Branch.');
    expect(segmentMatches(segment, documentSearchAlternatives('Sednaya'))).toBe(true);
    expect(segmentMatches(segment, documentSearchAlternatives('palest bran'))).toBe(true);
    expect(segmentMatches(segment, documentSearchAlternatives('Sednaya airport'))).toBe(false);
    const arabic = segmentSearchText('نقل المعتقلون إلى سجن صيدنايا');
    expect(segmentMatches(arabic, documentSearchAlternatives('صيدنايا'))).toBe(true);
    expect(documentSearchAlternatives('  ,. ')).toEqual([]);
  });
});
