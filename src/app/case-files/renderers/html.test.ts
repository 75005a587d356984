import { bidi, escapeHtml, renderHtml } from './html';
import { SAMPLE_ARABIC_ALIAS, sampleCaseFile } from '../../../../test/support/case-file.fixture';

function html(file = sampleCaseFile()): string {
  return renderHtml(file).toString('utf8');
}

function ids(page: string): string[] {
  return [...page.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
}

function hrefs(page: string): string[] {
  return [...page.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);
}

/** Text content with tags dropped and the five escapes undone, for reading assertions. */
function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('renderHtml', () => {
  it('is a complete, self-contained HTML5 document in English', () => {
    const page = html();
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Case file: Sednaya Prison</title>');
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    // Nothing that loads or runs anything.
    expect(page).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\ssrc=|@import|url\(|\son[a-z]+=/i);
    // The only links leaving the page are bibliography URLs, which are not resources.
    expect(hrefs(page).filter((h) => !h.startsWith('#'))).toEqual([
      'https://www.amnesty.org/en/documents/mde24/5415/2017/en/',
    ]);
  });

  it('prints for A4 with page breaks before the bibliography and the appendix, in the house fonts', () => {
    const page = html();
    expect(page).toContain('@page { size: A4;');
    expect(page).toMatch(/section\.bibliography, section\.appendix \{ break-before: page;/);
    expect(page).toContain('font-family: "DejaVu Sans", "Noto Sans Arabic", sans-serif;');
  });

  it('resolves every footnote reference and back link, and lists every footnote', () => {
    const page = html();
    const anchors = new Set(ids(page));
    expect(ids(page).length).toBe(anchors.size);
    for (const href of hrefs(page).filter((h) => h.startsWith('#'))) expect(anchors).toContain(href.slice(1));
    const file = sampleCaseFile();
    for (const footnote of file.footnotes) {
      expect(page).toContain(`<li id="fn-${footnote.number}" value="${footnote.number}">`);
      expect(page).toContain(`<a href="#fn-${footnote.number}">${footnote.number}</a></sup>`);
      expect(page).toContain(`<a class="backref" href="#fnref-${footnote.number}"`);
    }
    // Footnotes 4 and 5 are cited twice (statement and conflict): two back links each.
    expect(page).toContain('href="#fnref-4-2"');
    expect(page).toContain('<sup class="fnref" id="fnref-4-2"><a href="#fn-4">4</a></sup>');
  });

  it('keeps the order and content of the Markdown rendering', () => {
    const page = html();
    const headings = [...page.matchAll(/<h([12])>(.*?)<\/h\1>/g)].map((m) => textOf(m[2]!));
    expect(headings).toEqual([
      'Case file: Sednaya Prison',
      'Subject',
      'Location and structure',
      'Operators and officials over time',
      'Detainees',
      'Figures reported',
      'Conflicts between sources',
      'Footnotes',
      'Bibliography',
      'Appendix: Evidence traces',
    ]);
    const text = textOf(page);
    expect(text).toContain('Graph as of\n        2025-01-15T12:34:56.000Z');
    expect(text).toContain('public (role PUBLIC, clearance PUBLIC)');
    expect(text).toContain('Athar 0.1.0, case file schema 1.0');
    expect(text).toContain('para. 28: “The group estimated more than 30,000 people died there”');
    expect(text).toContain('para. 32: [excerpt withheld for this profile]');
    expect(text).toContain('One account: footnote4. The other account: footnote5. The periods certainly overlap.');
    expect(text).toContain('sha256: eeb940c18f413f224ee7793ee3edd7cc32362f6b628c9bef1414c80b56de7387');
    expect(text).toContain('Footnote 2: claim clm_sednaya_secret_weekly_executions');
  });

  it('links citations and derivations to their bibliography entries', () => {
    const page = html();
    expect(page).toContain('<li id="src-src_article_000">');
    expect(page).toMatch(/read in <a href="#src-src_article_000"><em>News article: search for hidden cells/);
    expect(page).toMatch(/Derives from: <a href="#src-src_article_000">/);
  });

  it('separates adjacent footnote references so that 4 and 5 never read as 45', () => {
    const file = sampleCaseFile();
    file.sections[4]!.statements[0]!.footnotes = [4, 5];
    const page = html(file);
    expect(page).toContain(
      '<sup class="fnref" id="fnref-4"><a href="#fn-4">4</a></sup><sup class="fnref fnref-next" id="fnref-5"><a href="#fn-5">5</a></sup>',
    );
    expect(page).toContain('sup.fnref-next::before { content: ","; }');
  });

  it('escapes every piece of data', () => {
    const file = sampleCaseFile();
    file.title = '<script>alert(1)</script> *_[]" \' &amp;';
    file.profile.description = '<img src=x onerror=alert(1)>';
    const page = html(file);
    expect(page).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; *_[]&quot; &#39; &amp;amp;</title>');
    expect(page).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; *_[]&quot; &#39; &amp;amp;</h1>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain(
      '<em>Field notes &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; on *cells* _below_ [ground] &amp; more</em>',
    );
    expect(page).not.toMatch(/<script|<img/);
  });

  it('isolates Arabic right-to-left in <bdi>, in statements and anywhere else in the data', () => {
    const page = html();
    expect(page).toContain(`Sednaya Military Prison; <bdi dir="rtl" lang="ar">${SAMPLE_ARABIC_ALIAS}</bdi>.</p>`);
    // In an excerpt, where no `rtl` list marks it.
    expect(page).toContain(`“routine” — <bdi dir="rtl" lang="ar">${SAMPLE_ARABIC_ALIAS}</bdi>”`);
    // Every Arabic letter in the page is inside a bdi.
    const outside = page.replace(/<bdi dir="rtl" lang="ar">[^<]*<\/bdi>/g, '');
    expect(outside).not.toMatch(/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/);
  });

  it('isolates the fragments a statement lists, even when they are not Arabic script', () => {
    const file = sampleCaseFile();
    file.sections[0]!.statements[0] = { text: 'Known as סדנאיה too.', footnotes: [], rtl: ['סדנאיה'] };
    expect(html(file)).toContain('Known as <bdi dir="rtl">סדנאיה</bdi> too.');
  });

  it('is deterministic', () => {
    expect(renderHtml(sampleCaseFile()).equals(renderHtml(sampleCaseFile()))).toBe(true);
  });
});

describe('bidi', () => {
  it('keeps words of one Arabic phrase in one run, so their order holds', () => {
    expect(bidi('Sednaya (سجن صيدنايا), 2011', [])).toBe('Sednaya (<bdi dir="rtl" lang="ar">سجن صيدنايا</bdi>), 2011');
  });

  it('isolates separate Arabic runs separately and escapes around them', () => {
    expect(bidi('<a> صيدنايا & دمشق', [])).toBe(
      '&lt;a&gt; <bdi dir="rtl" lang="ar">صيدنايا</bdi> &amp; <bdi dir="rtl" lang="ar">دمشق</bdi>',
    );
  });

  it('merges a listed fragment with the Arabic run around it rather than nesting', () => {
    expect(bidi('x سجن صيدنايا y', ['صيدنايا'])).toBe('x <bdi dir="rtl" lang="ar">سجن صيدنايا</bdi> y');
    expect(bidi('x سجن صيدنايا y', ['سجن صيدنايا', 'صيدنايا'])).toBe('x <bdi dir="rtl" lang="ar">سجن صيدنايا</bdi> y');
  });

  it('leaves text without right-to-left parts escaped and unwrapped', () => {
    expect(bidi('Sednaya & "Saydnaya"', [])).toBe(escapeHtml('Sednaya & "Saydnaya"'));
    expect(bidi('plain', [''])).toBe('plain');
  });
});
