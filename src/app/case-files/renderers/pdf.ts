import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExportUnavailableError } from '../../../domain/errors';
import type { CaseFile } from '../case-file';
import { InvalidCaseFileError } from './document';
import { renderHtml } from './html';

export interface PdfOptions {
  /** Absolute path of the Chromium executable (ATHAR_CHROMIUM_PATH). */
  chromiumPath: string;
  /** Chromium is killed after this long; default DEFAULT_PDF_TIMEOUT_MS. */
  timeoutMs?: number;
}

export const DEFAULT_PDF_TIMEOUT_MS = 60_000;

/** The flags Chromium runs with, apart from the per-run paths (see chromiumArgs). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  // Chromium's sandbox needs user namespaces, which containers and CI runners often lack; the only page it
  // loads is our own HTML, with no scripts and no remote resources.
  '--no-sandbox',
  '--disable-gpu',
  // Chromium's default header and footer print the file:// path and today's date; the page numbers come
  // from our CSS instead.
  '--no-pdf-header-footer',
  // A legal export must not phone home or reach the network while the file is open.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  // Docker gives /dev/shm 64 MB, too little for Chromium; it then crashes on larger documents.
  '--disable-dev-shm-usage',
];

export function chromiumArgs(dir: string): string[] {
  return [
    ...CHROMIUM_FLAGS,
    `--user-data-dir=${path.join(dir, 'profile')}`,
    `--print-to-pdf=${path.join(dir, 'out.pdf')}`,
    pathToFileURL(path.join(dir, 'case-file.html')).href,
  ];
}

/**
 * The case file as PDF: the HTML rendering printed by headless Chromium.
 * Two renderings of the same case file are byte-identical: Chromium's output
 * differs between runs only in its creation and modification dates, which are
 * replaced by the file's asOf (see normalisePdfDates).
 */
export async function renderPdf(file: CaseFile, options: PdfOptions): Promise<Buffer> {
  const fixedDate = pdfDate(file.asOf);
  return normalisePdfDates(await printToPdf(renderHtml(file), options), fixedDate);
}

/** Chromium's PDF of an HTML page, as Chromium wrote it (with today's dates in it). */
export async function printToPdf(html: Buffer, options: PdfOptions): Promise<Buffer> {
  await checkExecutable(options.chromiumPath);
  const dir = await mkdtemp(path.join(tmpdir(), 'athar-pdf-'));
  try {
    await writeFile(path.join(dir, 'case-file.html'), html);
    await runChromium(options.chromiumPath, chromiumArgs(dir), options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS);
    let pdf: Buffer;
    try {
      pdf = await readFile(path.join(dir, 'out.pdf'));
    } catch {
      throw new ExportUnavailableError('Chromium exited without writing a PDF', `no out.pdf in ${dir}`);
    }
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new ExportUnavailableError('Chromium wrote something that is not a PDF', null);
    }
    return pdf;
  } finally {
    // Retries: Chromium's helper processes may still be letting go of the profile as it exits.
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

async function checkExecutable(chromiumPath: string): Promise<void> {
  try {
    await access(chromiumPath, fsConstants.X_OK);
  } catch {
    throw new ExportUnavailableError('Chromium was not found', `no executable at ${chromiumPath}`);
  }
}

function runChromium(chromiumPath: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      chromiumPath,
      args,
      {
        // Skia stamps the PDF with local time; UTC keeps the date field one fixed length.
        env: { ...process.env, TZ: 'UTC' },
        timeout: timeoutMs,
        // A hung Chromium may ignore SIGTERM; its helper processes exit when the browser process dies.
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
      },
      (error, _stdout, stderr) => {
        if (error === null) {
          resolve();
        } else if (error.killed) {
          reject(new ExportUnavailableError(`Chromium did not finish within ${timeoutMs} ms`, tail(stderr)));
        } else {
          const reason =
            error.code === 'ENOENT' || error.code === 'EACCES'
              ? 'Chromium could not be started'
              : `Chromium failed (${error.signal ? `signal ${error.signal}` : `exit code ${String(error.code)}`})`;
          reject(new ExportUnavailableError(reason, `${chromiumPath}: ${tail(stderr) ?? error.message}`));
        }
      },
    );
  });
}

function tail(stderr: string | Buffer): string | null {
  const text = stderr.toString().trim();
  return text === '' ? null : text.slice(-2000);
}

/**
 * The asOf of a case file as a PDF date, "D:YYYYMMDDHHmmSS+00'00'" in UTC:
 * the moment the file describes, so the date in the PDF says something true
 * and is the same on every export.
 */
export function pdfDate(asOf: string): string {
  const date = new Date(asOf);
  if (Number.isNaN(date.getTime())) throw new InvalidCaseFileError(`asOf "${asOf}" is not a date.`);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `D:${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}+00'00'`
  );
}

/**
 * Replaces the values of /CreationDate and /ModDate with `fixedDate`, keeping
 * every byte offset: the xref table points into the file by offset, so the
 * replacement has exactly the length of what it replaces. Skia writes
 * "D:YYYYMMDDHHmmSS+hh'mm'", the same length as `fixedDate`; shorter legal
 * forms ("...Z", no zone) get the matching prefix of it.
 */
export function normalisePdfDates(pdf: Buffer, fixedDate: string): Buffer {
  // latin1 maps bytes to code units one to one, so string offsets are byte offsets.
  const text = pdf.toString('latin1');
  const replaced = text.replace(
    /(\/(?:CreationDate|ModDate)\s*\()(D:[^)]*)\)/g,
    (_match, key: string, value: string) => {
      return `${key}${sameLengthDate(value, fixedDate)})`;
    },
  );
  const out = Buffer.from(replaced, 'latin1');
  if (out.length !== pdf.length) throw new Error('PDF date normalisation changed the file length');
  return out;
}

function sameLengthDate(value: string, fixedDate: string): string {
  if (value.length === fixedDate.length) return fixedDate;
  const base = fixedDate.slice(0, 16); // D:YYYYMMDDHHmmSS
  const forms = [`${base}Z`, base, `${base}Z00'00'`, `${base}+00'00`];
  const form = forms.find((f) => f.length === value.length);
  if (form === undefined) throw new Error(`Unexpected PDF date "${value}": cannot replace it in place`);
  return form;
}
