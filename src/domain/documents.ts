import { createHash } from 'node:crypto';
import { BadUserInputError } from './errors';
import { searchKeys, searchTerms } from './names';

/*
 * Documents held by sources (the evidence vault). The original bytes are kept
 * unchanged in a content-addressed blob store; what the graph store holds is
 * the document's record (its chain of custody) and, for text, HTML and PDF,
 * the text extracted from it: a derived working copy, cut into the segments
 * that locators name. Pure code: no store, no file system.
 */

/** How a document's text was read, which decides what its locators name. */
export enum DocumentFormat {
  /** Plain text: paragraphs are its non-empty lines ("para. N"). */
  TEXT = 'TEXT',
  /** HTML: paragraphs are the text of its block elements ("para. N"). */
  HTML = 'HTML',
  /** PDF: pages, and paragraphs within a page ("p. N", "p. N, para. M"). */
  PDF = 'PDF',
  /** Images, audio, video and anything else: kept as bytes, no text, locators not checked. */
  OPAQUE = 'OPAQUE',
}

/** Who added a document, as the audit trail names writers. */
export interface DocumentActor {
  subject: string | null;
  role: string;
}

/** How the working copy was made from the original. */
export interface DocumentExtraction {
  /** The program or library and how it was used, e.g. "pdftotext -layout" or "htmlparser2". */
  method: string;
  /** Pages (PDF) or 0. */
  pages: number;
  /** Paragraphs in all. */
  paragraphs: number;
}

/**
 * A document held by a source: the chain of custody of its original (what
 * was received, from whom, when) and how its text was extracted. Never
 * changed once written.
 */
export interface DocumentRecord {
  /** "doc_" + the first 32 hex digits of sha256(sourceId + ":" + sha256). */
  id: string;
  sourceId: string;
  /** sha256 of the original bytes, lowercase hex: the blob's address. */
  sha256: string;
  /** The file name it was received under (no directories). */
  fileName: string;
  /** Bytes. */
  size: number;
  /** As given or recognised, e.g. "text/plain", "application/pdf". */
  mediaType: string;
  format: DocumentFormat;
  addedBy: DocumentActor;
  addedAt: string;
  /** Null for an opaque document. */
  extraction: DocumentExtraction | null;
}

/**
 * One paragraph of a document's text. For TEXT and HTML, `page` is null and
 * `paragraph` counts from 1 through the document; for PDF, `page` counts from
 * 1 and `paragraph` from 1 within the page.
 */
export interface DocumentSegment {
  documentId: string;
  /** The source that holds the document (whose access decides who may read the segment). */
  sourceId: string;
  /** 0-based position in the document: the order of segments. */
  ordinal: number;
  page: number | null;
  paragraph: number;
  text: string;
}

/** A document with its text, as written in one transaction. */
export interface DocumentAttachment {
  document: DocumentRecord;
  segments: DocumentSegment[];
}

export const DOCUMENT_ID_PREFIX = 'doc_';

/** A document's id: the same for the same bytes held by the same source, in every store. */
export function documentIdOf(sourceId: string, sha256: string): string {
  return DOCUMENT_ID_PREFIX + createHash('sha256').update(`${sourceId}:${sha256}`, 'utf8').digest('hex').slice(0, 32);
}

export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

// --- Locators ---------------------------------------------------------------

/** What a locator names. */
export type Locator =
  | { kind: 'paragraph'; paragraph: number }
  | { kind: 'page'; page: number; paragraph: number | null }
  | { kind: 'time'; seconds: number };

const PARAGRAPH = /^para(?:graph)?\.?\s*(\d{1,7})$/i;
const PAGE = /^(?:p|page)\.?\s*(\d{1,6})(?:\s*,\s*para(?:graph)?\.?\s*(\d{1,6}))?$/i;
const TIME = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/;

/**
 * Reads a locator: "para. N" (text, HTML), "p. N" or "p. N, para. M" (PDF),
 * "HH:MM:SS" (audio, video). Case and the space after the dot do not matter;
 * "paragraph" and "page" may be written out. Null when it is none of these.
 */
export function parseLocator(text: string): Locator | null {
  const s = text.trim();
  let m = PARAGRAPH.exec(s);
  if (m) return positive(Number(m[1])) ? { kind: 'paragraph', paragraph: Number(m[1]) } : null;
  m = PAGE.exec(s);
  if (m) {
    const page = Number(m[1]);
    const paragraph = m[2] === undefined ? null : Number(m[2]);
    if (!positive(page) || (paragraph !== null && !positive(paragraph))) return null;
    return { kind: 'page', page, paragraph };
  }
  m = TIME.exec(s);
  if (m) return { kind: 'time', seconds: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) };
  return null;
}

function positive(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1;
}

/** The locator as written for a segment of a document of this format. */
export function locatorOf(format: DocumentFormat, segment: Pick<DocumentSegment, 'page' | 'paragraph'>): string {
  return format === DocumentFormat.PDF && segment.page !== null
    ? `p. ${segment.page}, para. ${segment.paragraph}`
    : `para. ${segment.paragraph}`;
}

/** How the locators of a format are written, for messages. */
export function locatorGrammar(format: DocumentFormat): string {
  switch (format) {
    case DocumentFormat.TEXT:
    case DocumentFormat.HTML:
      return '"para. N" (the N-th paragraph)';
    case DocumentFormat.PDF:
      return '"p. N" or "p. N, para. M" (page N, its M-th paragraph)';
    case DocumentFormat.OPAQUE:
      return 'a timestamp "HH:MM:SS" or any text (not checked)';
  }
}

// --- Normalisation ----------------------------------------------------------

/** Typographic quotes, apostrophes and primes as the ASCII they stand for. */
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u00B4\u0060]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
/** Hyphens and dashes (hyphen, non-breaking hyphen, figure, en, em, horizontal bar, minus). */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
/** White space, including no-break and zero-width spaces and the BOM. */
const SPACES = /[\s\u00A0\u200B\u2060\uFEFF]+/g;

/**
 * The normalisation both an excerpt and the document are put through before
 * an excerpt is looked for in it (documented in docs/evidence-vault.md):
 * Unicode NFC; typographic single quotes and apostrophes (‘ ’ ‚ ‛ ′ ʼ ´ `)
 * as ', double quotes (“ ” „ ‟ ″ « ») as ", hyphens and dashes (‐ ‑ ‒ – — ―
 * −) as -; every run of white space as one space; trimmed. Case, letters,
 * digits and other punctuation are compared as they are.
 */
export function normalizeExcerpt(text: string): string {
  return text
    .normalize('NFC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .trim();
}

// --- Verification -----------------------------------------------------------

/** What checking an excerpt against a document found. */
export type ExcerptCheck =
  | { ok: true; segments: DocumentSegment[] }
  | {
      ok: false;
      /** Says what to fix, naming where the excerpt does occur. */
      reason: string;
      /** Locators where the excerpt does occur, in document order (at most a few). */
      foundAt: string[];
    };

/** Most places a refusal names. */
const MAX_FOUND = 5;

/** The text a locator names: one paragraph, or a page's paragraphs joined (an excerpt may run across them). */
export function locatedText(segments: readonly DocumentSegment[]): string {
  return segments.map((s) => s.text).join('\n');
}

/**
 * The segments a locator names in a document's segments (all of them, in
 * order), or a reason it names none: a locator of the wrong kind for the
 * format, or a paragraph or page past the end.
 */
export function locate(
  format: DocumentFormat,
  segments: readonly DocumentSegment[],
  locatorText: string,
): { segments: DocumentSegment[] } | { reason: string } {
  const locator = parseLocator(locatorText);
  const grammar = locatorGrammar(format);
  if (locator === null) return { reason: `the locator "${locatorText}" is not one this document has; use ${grammar}` };
  if (format === DocumentFormat.PDF) {
    if (locator.kind !== 'page') return { reason: `a PDF is cited by page: use ${grammar}` };
    const page = segments.filter((s) => s.page === locator.page);
    if (page.length === 0) {
      const pages = segments.reduce((n, s) => Math.max(n, s.page ?? 0), 0);
      return { reason: `the document has ${pages} page${pages === 1 ? '' : 's'}, not ${locator.page}` };
    }
    if (locator.paragraph === null) return { segments: page };
    const found = page.filter((s) => s.paragraph === locator.paragraph);
    if (found.length === 0) {
      return {
        reason: `page ${locator.page} has ${page.length} paragraph${page.length === 1 ? '' : 's'}, not ${locator.paragraph}`,
      };
    }
    return { segments: found };
  }
  if (locator.kind !== 'paragraph') return { reason: `this document is cited by paragraph: use ${grammar}` };
  const found = segments.filter((s) => s.paragraph === locator.paragraph);
  if (found.length === 0) {
    return {
      reason: `the document has ${segments.length} paragraph${segments.length === 1 ? '' : 's'}, not ${locator.paragraph}`,
    };
  }
  return { segments: found };
}

/**
 * Whether `excerpt` is, after normalizeExcerpt, a substring of the text the
 * locator names. When it is not, the reason says where in the document the
 * excerpt does occur ("the excerpt is in paragraph 16, not 15"), or that it
 * is in none of it.
 */
export function checkExcerpt(
  document: Pick<DocumentRecord, 'format' | 'sha256'>,
  segments: readonly DocumentSegment[],
  locatorText: string,
  excerpt: string,
): ExcerptCheck {
  const needle = normalizeExcerpt(excerpt);
  const located = locate(document.format, segments, locatorText);
  const found = needle === '' ? [] : occurrences(document.format, segments, needle);
  const where = found.map(describePlace);
  if ('segments' in located) {
    if (needle !== '' && normalizeExcerpt(locatedText(located.segments)).includes(needle)) {
      return { ok: true, segments: located.segments };
    }
    const place = describeLocator(document.format, located.segments, parseLocator(locatorText));
    return {
      ok: false,
      reason:
        where.length > 0
          ? `the excerpt is in ${joinPlaces(where)}, not ${place}`
          : `the excerpt is not in the document ${shortHash(document.sha256)} (not in ${place} nor anywhere else, after normalisation)`,
      foundAt: found.map((p) => p.locator),
    };
  }
  return {
    ok: false,
    reason:
      where.length > 0
        ? `${located.reason}; the excerpt is in ${joinPlaces(where)}`
        : `${located.reason}; the excerpt is not in the document ${shortHash(document.sha256)} either`,
    foundAt: found.map((p) => p.locator),
  };
}

interface Place {
  locator: string;
  page: number | null;
  paragraph: number | null;
}

/** Where the excerpt occurs: paragraphs (text, HTML) or paragraphs of pages, else whole pages (across paragraphs). */
function occurrences(format: DocumentFormat, segments: readonly DocumentSegment[], needle: string): Place[] {
  const places: Place[] = [];
  for (const s of segments) {
    if (places.length >= MAX_FOUND) break;
    if (normalizeExcerpt(s.text).includes(needle)) {
      places.push({ locator: locatorOf(format, s), page: s.page, paragraph: s.paragraph });
    }
  }
  if (places.length > 0 || format !== DocumentFormat.PDF) return places;
  const pages = [...new Set(segments.map((s) => s.page ?? 0))];
  for (const page of pages) {
    if (places.length >= MAX_FOUND) break;
    const text = normalizeExcerpt(locatedText(segments.filter((s) => (s.page ?? 0) === page)));
    if (text.includes(needle)) places.push({ locator: `p. ${page}`, page, paragraph: null });
  }
  return places;
}

function describePlace(place: Place): string {
  if (place.page === null) return `paragraph ${place.paragraph}`;
  return place.paragraph === null ? `page ${place.page}` : `page ${place.page}, paragraph ${place.paragraph}`;
}

function describeLocator(
  format: DocumentFormat,
  segments: readonly DocumentSegment[],
  locator: Locator | null,
): string {
  const first = segments[0]!;
  if (format === DocumentFormat.PDF) {
    return locator?.kind === 'page' && locator.paragraph === null
      ? `page ${first.page}`
      : `page ${first.page}, paragraph ${first.paragraph}`;
  }
  return `paragraph ${first.paragraph}`;
}

function joinPlaces(places: string[]): string {
  if (places.length <= 1) return places.join('');
  return `${places.slice(0, -1).join(', ')} and ${places[places.length - 1]}`;
}

/**
 * A source that holds a document is that document (docs/evidence-vault.md):
 * its contentHash stays the document's sha256. Why setting it to `contentHash`
 * is refused, or null when it may be; the source service, the import and the
 * stores' importBundle judge it with this one rule.
 */
export function contentHashRefusal(
  sourceId: string,
  contentHash: string | null,
  held: readonly Pick<DocumentRecord, 'sha256' | 'fileName'>[],
): string | null {
  const other = held.find((d) => d.sha256 !== contentHash);
  if (!other) return null;
  return (
    `Source "${sourceId}" holds the document ${other.sha256} (${other.fileName}); its contentHash stays that ` +
    "document's: give that hash, or leave contentHash out."
  );
}

/** The first 12 hex digits of a sha256: enough to tell documents apart in a message. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** Refuses a citation whose excerpt the check did not find, naming the citation's field. */
export function excerptRefusal(check: ExcerptCheck, field: string, sha256: string): BadUserInputError | null {
  if (check.ok) return null;
  return new BadUserInputError(
    `The excerpt does not match the document ${shortHash(sha256)} at its locator: ${check.reason}. ` +
      'Quote the document exactly (see docs/evidence-vault.md for the normalisation) and cite where it is.',
    field,
  );
}

// --- Segmenting -------------------------------------------------------------

/**
 * Paragraphs of plain text: its non-empty lines, numbered from 1. (The seed
 * case's documents have no blank lines, so there "para. N" is line N, as their
 * README says.) Line ends are \n, \r\n or \r; lines that are only white space
 * do not count.
 */
export function textParagraphs(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '');
}

/** Segments of a document whose paragraphs run through it (TEXT, HTML). */
export function paragraphSegments(
  document: Pick<DocumentRecord, 'id' | 'sourceId'>,
  paragraphs: readonly string[],
): DocumentSegment[] {
  return paragraphs.map((text, i) => ({
    documentId: document.id,
    sourceId: document.sourceId,
    ordinal: i,
    page: null,
    paragraph: i + 1,
    text,
  }));
}

/**
 * Segments of a PDF from its pages' text (pdftotext's output split at form
 * feeds): within a page, paragraphs are runs of non-empty lines separated by
 * blank lines, their lines joined by spaces.
 */
export function pageSegments(
  document: Pick<DocumentRecord, 'id' | 'sourceId'>,
  pages: readonly string[],
): DocumentSegment[] {
  const segments: DocumentSegment[] = [];
  pages.forEach((pageText, p) => {
    const paragraphs: string[] = [];
    let current: string[] = [];
    for (const line of pageText.split(/\r\n|\r|\n/)) {
      if (line.trim() === '') {
        if (current.length > 0) paragraphs.push(current.join(' '));
        current = [];
      } else {
        current.push(line.trim());
      }
    }
    if (current.length > 0) paragraphs.push(current.join(' '));
    paragraphs.forEach((text, i) => {
      segments.push({
        documentId: document.id,
        sourceId: document.sourceId,
        ordinal: segments.length,
        page: p + 1,
        paragraph: i + 1,
        text,
      });
    });
  });
  return segments;
}

/** A segment's id, ordering segments by document then position: what search pages by. */
export function segmentIdOf(segment: Pick<DocumentSegment, 'documentId' | 'ordinal'>): string {
  return `${segment.documentId}:${String(segment.ordinal).padStart(7, '0')}`;
}

/** The words a segment is found by (src/domain/names.ts searchKeys of its text), distinct, space-separated. */
export function segmentSearchText(text: string): string {
  const words = new Set<string>();
  for (const key of searchKeys([text])) for (const w of key.split(' ')) if (w !== '') words.add(w);
  return [...words].join(' ');
}

/**
 * The words a document search looks up: the query's transliteration key and
 * its normalized form, as two alternatives (a segment matches when every word
 * of one of them is the start of one of its words).
 */
export function documentSearchAlternatives(query: string): string[][] {
  const terms = searchTerms(query);
  const split = (s: string) => s.split(' ').filter((w) => w !== '');
  const alternatives = [split(terms.key), split(terms.normalized)].filter((a) => a.length > 0);
  const seen = new Set<string>();
  return alternatives.filter((a) => {
    const key = a.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether a segment's search words match one of the alternatives: every word of it starts one of them. */
export function segmentMatches(searchText: string, alternatives: readonly (readonly string[])[]): boolean {
  const words = searchText.split(' ');
  return alternatives.some((alt) => alt.every((token) => words.some((w) => w.startsWith(token))));
}
