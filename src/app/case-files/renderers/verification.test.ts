import { sampleCaseFile } from '../../../../test/support/case-file.fixture';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';

const HASH = 'eeb940c18f413f224ee7793ee3edd7cc32362f6b628c9bef1414c80b56de7387';

describe('case files say which excerpts were verified, against which document', () => {
  const file = sampleCaseFile();

  it('in Markdown and HTML, after each excerpt', () => {
    const markdown = renderMarkdown(file).toString('utf8');
    expect(markdown).toContain(`city of Sednaya”; verified against document sha256 \`${HASH}\``);
    expect(markdown).toContain('executed every week”; not verified against a document');
    const html = renderHtml(file).toString('utf8');
    expect(html).toContain(`verified against document sha256 <code>${HASH}</code>`);
    expect(html).toContain('not verified against a document');
  });

  it('in JSON, as verifiedAgainst on every citation', () => {
    const json = JSON.parse(renderJson(file).toString('utf8'));
    const citations = json.footnotes.flatMap((f: { citations: { verifiedAgainst: string | null }[] }) => f.citations);
    expect(citations[0].verifiedAgainst).toBe(HASH);
    expect(citations.slice(1).every((c: { verifiedAgainst: string | null }) => c.verifiedAgainst === null)).toBe(true);
  });
});
