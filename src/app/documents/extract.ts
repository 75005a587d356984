import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Parser } from 'htmlparser2';
import { BadUserInputError } from '../../domain/errors';
import {
  DocumentFormat,
  type DocumentExtraction,
  type DocumentRecord,
  type DocumentSegment,
  pageSegments,
  paragraphSegments,
  textParagraphs,
} from '../../domain/documents';

/*
 * How a document's text is read from its original: the working copy that
 * locators name and searches look in. The original is never changed; this
 * only reads it.
 */

const run = promisify(execFile);

/** Media types by file extension, for files received without one. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'application/xhtml+xml',
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
};

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * The media type to record: the one given (checked, parameters dropped),
 * else what the first bytes show (PDF, HTML), else the file extension's, else
 * text/plain for text that decodes as UTF-8, else application/octet-stream.
 */
export function mediaTypeOf(given: string | null | undefined, fileName: string, head: Buffer): string {
  if (given !== null && given !== undefined && given.trim() !== '') {
    const type = given.split(';')[0]!.trim().toLowerCase();
    if (!MEDIA_TYPE.test(type)) {
      throw new BadUserInputError(
        `"${given}" is not a media type; give e.g. text/plain, text/html or application/pdf.`,
        'mediaType',
      );
    }
    // Browsers send application/octet-stream for anything they do not know: look closer then.
    if (type !== 'application/octet-stream') return type;
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  const start = head.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'text/html';
  const byName = BY_EXTENSION[path.extname(fileName).toLowerCase()];
  if (byName) return byName;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  return !new TextDecoder('utf-8', { fatal: false }).decode(head).includes('\uFFFD');
}

/** Which reading of the text a media type gets. */
export function formatOf(mediaType: string): DocumentFormat {
  if (mediaType === 'application/pdf') return DocumentFormat.PDF;
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return DocumentFormat.HTML;
  if (mediaType.startsWith('text/')) return DocumentFormat.TEXT;
  return DocumentFormat.OPAQUE;
}

export interface Extracted {
  segments: DocumentSegment[];
  extraction: DocumentExtraction | null;
}

export interface ExtractOptions {
  /** The pdftotext executable (poppler-utils). */
  pdftotext: string;
}

/** The text of a document, segment by segment, read from its bytes (a file on this machine). */
export async function extractText(
  document: Pick<DocumentRecord, 'id' | 'sourceId' | 'format'>,
  file: string,
  readText: () => Promise<string>,
  options: ExtractOptions,
): Promise<Extracted> {
  switch (document.format) {
    case DocumentFormat.TEXT: {
      const text = await readText();
      refuseUndecodable(text);
      const paragraphs = textParagraphs(text);
      return {
        segments: paragraphSegments(document, paragraphs),
        extraction: { method: 'utf-8 text, non-empty lines', pages: 0, paragraphs: paragraphs.length },
      };
    }
    case DocumentFormat.HTML: {
      const text = await readText();
      refuseUndecodable(text);
      const paragraphs = htmlParagraphs(text);
      return {
        segments: paragraphSegments(document, paragraphs),
        extraction: { method: 'htmlparser2, text of block elements', pages: 0, paragraphs: paragraphs.length },
      };
    }
    case DocumentFormat.PDF: {
      const pages = await pdfPages(file, options.pdftotext);
      const segments = pageSegments(document, pages);
      return {
        segments,
        extraction: { method: 'pdftotext (poppler), page by page', pages: pages.length, paragraphs: segments.length },
      };
    }
    case DocumentFormat.OPAQUE:
      return { segments: [], extraction: null };
  }
}

function refuseUndecodable(text: string): void {
  if (text.includes('\uFFFD')) {
    throw new BadUserInputError(
      'The document is not UTF-8 text; convert it to UTF-8, or give its real media type (mediaType).',
      'file',
    );
  }
}

/** Elements whose start or end ends a paragraph. */
const BLOCKS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
  'body',
  'html',
]);
/** Elements whose text is not the document's. */
const SKIPPED: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'svg',
  'math',
]);

/**
 * The paragraphs of an HTML document: the text of its block elements (p,
 * headings, list items, table cells, ...), entities decoded, white space
 * runs as one space, empty ones left out, in document order. Text in
 * script, style, the head (its title too) and the like is not the document's.
 */
export function htmlParagraphs(html: string): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let skipping = 0;
  const flush = (): void => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text !== '') paragraphs.push(text);
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipping += 1;
        if (BLOCKS.has(name)) flush();
      },
      ontext(text) {
        if (skipping === 0) current += text;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        if (BLOCKS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return paragraphs;
}

/** A PDF's text page by page, as poppler's pdftotext reads it (pages end with form feeds). */
export async function pdfPages(file: string, pdftotext: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(pdftotext, ['-enc', 'UTF-8', '-eol', 'unix', file, '-'], {
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
    }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new BadUserInputError(
        'This server cannot read text from PDFs: pdftotext (poppler-utils) is not installed. Ask an operator to ' +
          'install it (or set ATHAR_PDFTOTEXT_PATH); nothing was written.',
        'file',
      );
    }
    throw new BadUserInputError(
      'The PDF could not be read (pdftotext refused it: damaged, encrypted or not a PDF); nothing was written.',
      'file',
    );
  }
  const pages = stdout.split('\f');
  // pdftotext ends the last page with a form feed too.
  if (pages.length > 1 && pages[pages.length - 1]!.trim() === '') pages.pop();
  return pages;
}
