import { escapeMarkdown, renderMarkdown } from './markdown';
import { SAMPLE_ARABIC_ALIAS, sampleCaseFile } from '../../../../test/support/case-file.fixture';

function markdown(file = sampleCaseFile()): string {
  return renderMarkdown(file).toString('utf8');
}

/** Numbers used as `[^n]` references (not definitions). */
function references(md: string): number[] {
  return [...md.matchAll(/\[\^(\d+)\](?!:)/g)].map((m) => Number(m[1]));
}

function definitions(md: string): number[] {
  return [...md.matchAll(/^\[\^(\d+)\]:/gm)].map((m) => Number(m[1]));
}

/** The definition of footnote n with its indented continuation, up to the next definition or heading. */
function definition(md: string, n: number): string {
  const start = md.indexOf(`\n[^${n}]: `);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = md.slice(start + 1);
  const end = rest.slice(1).search(/\n(\[\^\d+\]:|#)/);
  return end === -1 ? rest : rest.slice(0, end + 1);
}

describe('renderMarkdown', () => {
  it('resolves every footnote reference, and defines and uses every footnote exactly once', () => {
    const md = markdown();
    const file = sampleCaseFile();
    const defined = definitions(md);
    expect(defined).toEqual(file.footnotes.map((f) => f.number));
    for (const n of references(md)) expect(defined).toContain(n);
    expect([...new Set(references(md))].sort()).toEqual(defined);
  });

  it('numbers footnotes in order of first reference, as GFM renderers display them', () => {
    const md = markdown();
    const firstUses = [...new Set(references(md))];
    expect(firstUses).toEqual(sampleCaseFile().footnotes.map((f) => f.number));
  });

  it('puts the parts in order: cover, sections, conflicts, footnotes, bibliography, appendix', () => {
    const md = markdown();
    const headings = [...md.matchAll(/^(#{1,2}) (.*)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).toEqual([
      '# Case file: Sednaya Prison',
      '## Subject',
      '## Location and structure',
      '## Operators and officials over time',
      '## Detainees',
      '## Figures reported',
      '## Conflicts between sources',
      '## Footnotes',
      '## Bibliography',
      '## Appendix: Evidence traces',
    ]);
  });

  it('prints the cover: subject, asOf, profile and its description, Athar version', () => {
    const md = markdown();
    const cover = md.slice(0, md.indexOf('\n## '));
    expect(cover).toContain('- **Subject:** Sednaya Prison (facility, `fac_sednaya`)');
    expect(cover).toContain('- **Graph as of:** 2025-01-15T12:34:56.000Z');
    expect(cover).toContain('- **Profile:** public (role PUBLIC, clearance PUBLIC)');
    expect(cover).toContain('Protected people appear under pseudonyms');
    expect(cover).toContain('- **Produced by:** Athar 0.1.0, case file schema 1.0');
  });

  it('writes each statement as a sentence followed by its footnote references', () => {
    const md = markdown();
    expect(md).toContain('\nSednaya Prison, people who died: more than 30,000 people (2011 to 2013).[^4]\n');
    expect(md).toContain('\nWitness W-7K3Q9M was held at Sednaya Prison.[^3]\n');
    expect(md).toContain('Nothing recorded here as this profile sees the graph.');
  });

  it('states a conflict as a conflict, footnotes both sides and does not resolve it', () => {
    const md = markdown();
    const section = md.slice(md.indexOf('## Conflicts between sources'), md.indexOf('## Footnotes'));
    expect(section).toContain('does not resolve it');
    expect(section).toContain('- **Conflict on `DEATH_COUNT`:** The sources disagree:');
    expect(section).toContain('more than 30,000 people');
    expect(section).toContain('up to 13,000 people killed');
    expect(section).toContain('One account: footnote[^4]. The other account: footnote[^5].');
    expect(section).toContain('The periods certainly overlap.');
  });

  it('gives each footnote its claim, status, rank with reasons, origins and citations', () => {
    const md = markdown();
    const first = definition(md, 1);
    expect(first).toContain('Claim `clm_sednaya_located_in_saydnaya`');
    expect(first).toContain('status ASSERTED');
    expect(first).toContain('rank PREFERRED (Named by the article’s own reporter on site.)');
    expect(first).toContain('independent origins: 2.');
    expect(first).toContain('para. 4: “underground labyrinth of jails deep inside the city of Sednaya”');
    expect(first).toContain('reliability C (fairly reliable), credibility 2 (probably true)');

    const fourth = definition(md, 4);
    expect(fourth).toContain('*ADMSP 2022 report on Sednaya prison (as reported)* (report)');
    expect(fourth).toContain('Association of Detainees and the Missing in Sednaya Prison (ADMSP), 2022');
    expect(fourth).toContain('; read in *News article: search for hidden cells');
    expect(fourth).toContain('para. 28: “The group estimated more than 30,000 people died there”');
    expect(fourth).toContain('(rests on a single origin)');
    // Citations stay inside the footnote: indented four spaces.
    expect(fourth).toMatch(/\n\n {4}- \*ADMSP/);

    expect(definition(md, 2)).toContain('status DISPUTED (The field notes repeat the article rather than confirm it.)');
  });

  it('marks a withheld excerpt as withheld, never as an empty quote', () => {
    const third = definition(markdown(), 3);
    expect(third).toContain('para. 32: \\[excerpt withheld for this profile\\]');
    expect(third).not.toContain('“”');
  });

  it('lists the bibliography with content hashes and what each source derives from', () => {
    const md = markdown();
    const bibliography = md.slice(md.indexOf('## Bibliography'), md.indexOf('## Appendix'));
    expect(bibliography).toContain('sha256: `eeb940c18f413f224ee7793ee3edd7cc32362f6b628c9bef1414c80b56de7387`');
    expect(bibliography).toContain('sha256: not recorded');
    expect(bibliography).toMatch(
      /`src_article_000` .*Derives from: \*ADMSP 2022 report.*\\\[`src_admsp_2022_report`\\\]/,
    );
    expect(bibliography).toContain('<https://www.amnesty.org/en/documents/mde24/5415/2017/en/>');
    // Ordered by id, as in the file.
    const ids = [...bibliography.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]);
    expect(ids).toEqual(sampleCaseFile().bibliography.map((e) => e.sourceId));
  });

  it('traces each footnote down to the origins in an appendix', () => {
    const md = markdown();
    const appendix = md.slice(md.indexOf('## Appendix: Evidence traces'));
    expect(appendix).toContain('### Footnote 2: claim `clm_sednaya_secret_weekly_executions`');
    expect(appendix).toMatch(
      /Citation `cit_sednaya_secret_weekly_executions_2`: .*\\\[`src_field_notes_2025`\\\]; origins: .*\\\[`src_admsp_2022_report`\\\]; .*\\\[`src_amnesty_2017_report`\\\]\./,
    );
    expect(appendix).toMatch(/read in .*\\\[`src_article_004`\\\]/);
  });

  it('escapes Markdown and HTML in data so that it reads as written', () => {
    const file = sampleCaseFile();
    file.title = 'Case file: <script>alert(1)</script> *bold* _it_ [link](http://x) `code` # | ~x~ $x$';
    const md = markdown(file);
    expect(md).toContain(
      '# Case file: \\<script\\>alert(1)\\</script\\> \\*bold\\* \\_it\\_ \\[link\\](http://x) \\`code\\` # \\| \\~x\\~ \\$x\\$\n',
    );
    expect(md).not.toMatch(/<script>/);
    expect(md).toContain(
      '*Field notes \\<script\\>alert("x")\\</script\\> on \\*cells\\* \\_below\\_ \\[ground\\] \\& more*',
    );
  });

  it('escapes what would start a block only at the start of a line, and folds line breaks', () => {
    expect(escapeMarkdown('- not a list', true)).toBe('\\- not a list');
    expect(escapeMarkdown('# not a heading', true)).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list', true)).toBe('1\\. not a list');
    expect(escapeMarkdown('2011-2016 and 0.1.0', false)).toBe('2011-2016 and 0.1.0');
    expect(escapeMarkdown('one\n\n# two\r\nthree', false)).toBe('one # two three');
    expect(escapeMarkdown('a\\b', false)).toBe('a\\\\b');
  });

  it('keeps Arabic script as it is', () => {
    expect(markdown()).toContain(
      `Also recorded as: Saydnaya Prison; Sednaya Military Prison; \u2067${SAMPLE_ARABIC_ALIAS}\u2069.`,
    );
  });

  it('is deterministic and ends with one newline', () => {
    const a = renderMarkdown(sampleCaseFile());
    expect(a.equals(renderMarkdown(sampleCaseFile()))).toBe(true);
    expect(a.toString('utf8').endsWith('.\n')).toBe(true);
  });
});
