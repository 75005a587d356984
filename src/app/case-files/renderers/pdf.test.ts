import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode, ExportUnavailableError } from '../../../domain/errors';
import { ExportFormat } from '../case-file';
import { InvalidCaseFileError } from './document';
import { renderCaseFile, renderHtml, renderJson, renderMarkdown } from './index';
import { chromiumArgs, CHROMIUM_FLAGS, normalisePdfDates, pdfDate, renderPdf } from './pdf';
import { sampleCaseFile } from '../../../../test/support/case-file.fixture';

// Chromium itself runs in the integration tier (test/export/pdf.int.test.ts); these tests need none.

const INSTALL_HINT = /install Debian's chromium package or set ATHAR_CHROMIUM_PATH/i;

describe('pdfDate', () => {
  it('writes asOf in UTC as a PDF date of fixed length', () => {
    expect(pdfDate('2025-01-15T12:34:56.000Z')).toBe("D:20250115123456+00'00'");
    expect(pdfDate('2025-01-15T14:34:56+02:00')).toBe("D:20250115123456+00'00'");
    expect(pdfDate('0999-03-04T05:06:07Z')).toHaveLength("D:20250115123456+00'00'".length);
  });

  it('refuses an asOf that is not a date', () => {
    expect(() => pdfDate('yesterday')).toThrow(InvalidCaseFileError);
  });
});

describe('normalisePdfDates', () => {
  const fixed = "D:20250115123456+00'00'";
  const pdf = (creation: string, mod: string): Buffer =>
    Buffer.from(
      `%PDF-1.4\n1 0 obj\n<</Title (x) /CreationDate (${creation})\n/ModDate (${mod})>>\nendobj\nxref\n0 2\n`,
      'latin1',
    );

  it('replaces both dates in place, keeping every byte offset', () => {
    const input = pdf("D:20261123163947+00'00'", "D:20261123163948-05'00'");
    const out = normalisePdfDates(input, fixed);
    expect(out.length).toBe(input.length);
    expect(out.toString('latin1')).toBe(pdf(fixed, fixed).toString('latin1'));
  });

  it('fits shorter legal date forms with the matching prefix of the fixed date', () => {
    const out = normalisePdfDates(pdf('D:20261123163947Z', 'D:20261123163947'), fixed).toString('latin1');
    expect(out).toContain('/CreationDate (D:20250115123456Z)');
    expect(out).toContain('/ModDate (D:20250115123456)');
  });

  it('leaves everything else alone, binary bytes included', () => {
    const binary = Buffer.concat([
      pdf("D:20261123163947+00'00'", "D:20261123163947+00'00'"),
      Buffer.from([0, 255, 128, 10]),
    ]);
    const out = normalisePdfDates(binary, fixed);
    expect(out.subarray(-4)).toEqual(Buffer.from([0, 255, 128, 10]));
  });
});

describe('renderPdf without a working Chromium', () => {
  let dir: string;
  const previousTmp = process.env.TMPDIR;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-pdf-test-'));
    // Chromium's working directory is made under TMPDIR: a private one shows whether it was cleaned up.
    process.env.TMPDIR = path.join(dir, 'tmp');
    fs.mkdirSync(process.env.TMPDIR);
  });

  afterEach(() => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function fakeChromium(body: string): string {
    const file = path.join(dir, 'chromium');
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  }

  async function failure(promise: Promise<unknown>): Promise<ExportUnavailableError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExportUnavailableError);
    return error as ExportUnavailableError;
  }

  it('says what to install when Chromium is missing', async () => {
    const error = await failure(renderPdf(sampleCaseFile(), { chromiumPath: path.join(dir, 'no-such-chromium') }));
    expect(error.code).toBe(ErrorCode.EXPORT_UNAVAILABLE);
    expect(error.code).toBe(ErrorCode.EXPORT_UNAVAILABLE);
    expect(error.message).toMatch(INSTALL_HINT);
    expect(error.message).toContain('not found');
    // The path is for the log, not for the client.
    expect(error.message).not.toContain(dir);
    expect(error.detail).toContain('no-such-chromium');
  });

  it('reports a Chromium that fails, with its complaint kept for the log, and cleans up', async () => {
    const chromium = fakeChromium('echo "cannot open display" >&2; exit 3');
    const error = await failure(renderPdf(sampleCaseFile(), { chromiumPath: chromium }));
    expect(error.message).toMatch(/Chromium failed \(exit code 3\)/);
    expect(error.message).toMatch(INSTALL_HINT);
    expect(error.detail).toContain('cannot open display');
    expect(fs.readdirSync(process.env.TMPDIR!)).toEqual([]);
  });

  it('reports a Chromium that exits cleanly without writing a PDF', async () => {
    const error = await failure(renderPdf(sampleCaseFile(), { chromiumPath: fakeChromium('exit 0') }));
    expect(error.message).toContain('without writing a PDF');
  });

  it('kills a Chromium that hangs, after the timeout', async () => {
    const started = Date.now();
    const error = await failure(
      renderPdf(sampleCaseFile(), { chromiumPath: fakeChromium('exec sleep 30'), timeoutMs: 300 }),
    );
    expect(error.message).toContain('did not finish within 300 ms');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fs.readdirSync(process.env.TMPDIR!)).toEqual([]);
  });

  it('runs Chromium with the flags documented, the HTML as a file URL and a private profile', async () => {
    // The fake records its arguments outside the work directory (which is removed) and writes a stub PDF.
    const chromium = fakeChromium(
      'for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done\n' +
        'printf "%s\\n" "$@" > "$TMPDIR/../args"\n' +
        'printf "%%PDF-1.4 fake" > "$out"',
    );
    const pdf = await renderPdf(sampleCaseFile(), { chromiumPath: chromium });
    expect(pdf.toString('latin1')).toBe('%PDF-1.4 fake');
    const args = fs.readFileSync(path.join(dir, 'args'), 'utf8').trimEnd().split('\n');
    expect(args.slice(0, CHROMIUM_FLAGS.length)).toEqual([...CHROMIUM_FLAGS]);
    expect(args).toEqual(
      expect.arrayContaining(['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer']),
    );
    const work = path.dirname(args.find((a) => a.startsWith('--print-to-pdf='))!.slice('--print-to-pdf='.length));
    expect(args.slice(CHROMIUM_FLAGS.length)).toEqual(chromiumArgs(work).slice(CHROMIUM_FLAGS.length));
    expect(args[args.length - 1]).toBe(`file://${work}/case-file.html`);
    expect(fs.readdirSync(process.env.TMPDIR!)).toEqual([]);
  });
});

describe('renderCaseFile', () => {
  it('dispatches every text format to its renderer', async () => {
    const file = sampleCaseFile();
    const options = { chromiumPath: '/nonexistent/chromium' };
    expect((await renderCaseFile(file, ExportFormat.JSON, options)).equals(renderJson(file))).toBe(true);
    expect((await renderCaseFile(file, ExportFormat.MARKDOWN, options)).equals(renderMarkdown(file))).toBe(true);
    expect((await renderCaseFile(file, ExportFormat.HTML, options)).equals(renderHtml(file))).toBe(true);
  });

  it('sends PDF through Chromium', async () => {
    await expect(
      renderCaseFile(sampleCaseFile(), ExportFormat.PDF, { chromiumPath: '/nonexistent/chromium' }),
    ).rejects.toThrow(ExportUnavailableError);
  });
});
