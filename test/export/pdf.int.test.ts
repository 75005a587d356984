// PDF case files through the real Chromium (Debian's chromium package) and
// read back with pdftotext (poppler-utils). Without either program these tests
// FAIL with a message saying what to install: they are never skipped, or a
// machine without Chromium would pass while shipping a broken PDF export.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/main/config';
import { renderHtml } from '../../src/app/case-files/renderers/html';
import { normalisePdfDates, pdfDate, printToPdf, renderPdf } from '../../src/app/case-files/renderers/pdf';
import { SAMPLE_ARABIC_ALIAS, SAMPLE_HOSTILE_TITLE, sampleCaseFile } from '../support/case-file.fixture';

const chromiumPath = loadConfig({}, { ATHAR_CHROMIUM_PATH: process.env.ATHAR_CHROMIUM_PATH }).chromiumPath;
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const DATE_FIELD = /\/(?:CreationDate|ModDate)\s*\((D:[^)]*)\)/g;

function requireTools(): void {
  try {
    fs.accessSync(chromiumPath, fs.constants.X_OK);
  } catch {
    throw new Error(
      `PDF export tests need Chromium, and there is no executable at ${chromiumPath}. ` +
        "Install Debian's chromium package (apt-get install chromium) or set ATHAR_CHROMIUM_PATH. " +
        'These tests fail rather than skip without it.',
    );
  }
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'PDF export tests read the PDFs back with pdftotext, which is missing. ' +
        "Install Debian's poppler-utils package (apt-get install poppler-utils).",
    );
  }
}

function pdfToText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-pdftotext-'));
  try {
    const file = path.join(dir, 'case-file.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves at the start of the next wall-clock second, so that two Chromium runs get different dates. */
async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 50));
}

/** [start, end) byte ranges of the date values in a PDF. */
function dateRanges(pdf: Buffer): [number, number][] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(DATE_FIELD)].map((m) => {
    const start = m.index + m[0].indexOf('(') + 1;
    return [start, start + m[1]!.length];
  });
}

describe('renderPdf with Chromium', () => {
  const file = sampleCaseFile();
  let first: Buffer;
  let second: Buffer;
  let text: string;

  beforeAll(async () => {
    requireTools();
    first = await renderPdf(file, { chromiumPath });
    await nextSecond();
    second = await renderPdf(file, { chromiumPath });
    text = pdfToText(first);
  }, 120_000);

  it('writes a PDF', () => {
    expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(first.subarray(-7).toString('latin1').trim()).toBe('%%EOF');
  });

  it('holds the title, the footnotes with excerpt and locator, the bibliography and the Arabic name', () => {
    const flat = text.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ');
    expect(flat).toContain('Case file: Sednaya Prison');
    expect(flat).toContain('para. 28: “The group estimated more than 30,000 people died there”');
    expect(flat).toContain('para. 32: [excerpt withheld for this profile]');
    expect(flat).toContain('Witness W-7K3Q9M was held at Sednaya Prison.');
    expect(flat).toContain('Conflicts between sources');
    expect(flat).toContain('Bibliography');
    expect(flat).toContain('eeb940c18f413f224ee7793ee3edd7cc32362f6b628c9bef1414c80b56de7387');
    expect(flat).toContain('Appendix: Evidence traces');
    expect(flat).toContain(SAMPLE_HOSTILE_TITLE);
    // pdftotext gives Arabic in logical order: the letters of the alias, as stored.
    expect(flat).toContain(SAMPLE_ARABIC_ALIAS);
  });

  it('starts the bibliography and the appendix on new pages, and numbers the pages', () => {
    const pages = text.split('\f').map((page) => page.trim());
    const startsWith = (heading: string): number => pages.findIndex((page) => page.startsWith(heading));
    expect(startsWith('Bibliography')).toBeGreaterThan(0);
    expect(startsWith('Appendix: Evidence traces')).toBeGreaterThan(startsWith('Bibliography'));
    const count = pages.filter((page) => page !== '').length;
    expect(pages[0]).toMatch(new RegExp(`\\b1 ?/ ?${count}$`));
  });

  it('stamps the PDF with the asOf of the case file, not the time of rendering', () => {
    const dates = [...first.toString('latin1').matchAll(DATE_FIELD)].map((m) => m[1]);
    expect(dates).toEqual([pdfDate(file.asOf), pdfDate(file.asOf)]);
    expect(dates[0]).toBe("D:20250115123456+00'00'");
  });

  it('is byte-identical when rendered twice, in different seconds', () => {
    expect(second.length).toBe(first.length);
    expect(second.equals(first)).toBe(true);
  });

  it('differs between raw Chromium runs only in the two dates, which normalisation fixes', async () => {
    const html = renderHtml(file);
    const a = await printToPdf(html, { chromiumPath });
    await nextSecond();
    const b = await printToPdf(html, { chromiumPath });
    expect(b.length).toBe(a.length);

    const ranges = dateRanges(a);
    expect(ranges).toHaveLength(2);
    expect(dateRanges(b)).toEqual(ranges);
    const differing: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing.push(i);
    // The runs were a second apart, so the dates did change ...
    expect(differing.length).toBeGreaterThan(0);
    // ... and nothing else did: no document /ID, no random font subset tags, no other timestamp.
    for (const at of differing) expect(ranges.some(([start, end]) => at >= start && at < end)).toBe(true);
    expect(a.toString('latin1')).not.toMatch(/\/ID\s*\[/);

    const fixed = pdfDate(file.asOf);
    expect(normalisePdfDates(a, fixed).equals(normalisePdfDates(b, fixed))).toBe(true);
    expect(normalisePdfDates(a, fixed).equals(first)).toBe(true);
  }, 60_000);
});
