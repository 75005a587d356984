import * as path from 'node:path';
import type { Readable } from 'node:stream';
import DataLoader from 'dataloader';
import { auditContextOf } from '../../domain/audit';
import {
  type DocumentRecord,
  type DocumentSegment,
  DocumentFormat,
  checkExcerpt,
  documentIdOf,
  documentSearchAlternatives,
  excerptRefusal,
  locate,
  locatedText,
  locatorOf,
  segmentIdOf,
  shortHash,
} from '../../domain/documents';
import { BadUserInputError } from '../../domain/errors';
import type { CitationRecord, SourceRecord } from '../../domain/model';
import { normalizeText, transliterationKey } from '../../domain/names';
import { requireWriter } from '../../policy/permissions';
import { canRead, type Viewer } from '../../policy/viewer';
import type { BlobStore, StagedBlob } from '../../store/blobs/blob-store';
import type { Store } from '../../store/store.port';
import { type Connection, pageRequest, toConnection } from '../paging';
import type { SourceService } from '../sources/source.service';
import { optionalText } from '../validate';
import { extractText, formatOf, mediaTypeOf } from './extract';

export interface DocumentServiceOptions {
  /** Where originals are kept; null when none is configured (attaching is then refused). */
  blobs: BlobStore | null;
  /** Largest document accepted, in bytes. */
  maxDocumentBytes: number;
  /** The pdftotext executable (poppler-utils). */
  pdftotext: string;
  maxPageSize: number;
}

export interface AttachDocumentInput {
  sourceId: string;
  /** The name the file was received under (directories are dropped). */
  fileName: string;
  /** As given by the sender; recognised from the bytes and the name when absent. */
  mediaType?: string | null;
  /** Why, or where it came from: kept in the audit record. */
  reason?: string | null;
  content: Readable;
  /** Told of the bytes read so far (a progress bar). */
  onBytes?: (bytes: number) => void;
}

/** A citation checked against a document, and why it fails (null when it holds). */
export interface CitationCheck {
  citation: CitationRecord;
  reason: string | null;
}

export interface AttachDocumentResult {
  source: SourceRecord;
  document: DocumentRecord;
  /** Citations read in this source's document that this viewer may see, checked again. */
  checked: number;
  /** Those of them whose excerpt is not at their locator (kept: nothing is deleted). */
  failing: CitationCheck[];
}

/** Whether a citation's excerpt is in the document it is read in, and which one. */
export interface CitationVerification {
  verified: boolean;
  /** The text document of the source the excerpt is read in, if it has one. */
  document: DocumentRecord | null;
  /** Why not verified: no document, or where the excerpt is instead. */
  reason: string | null;
  /** The located paragraph or page (ordinals), when the locator names one. */
  located: number[] | null;
}

export interface DocumentHit {
  /** The segment's id: the search's cursor. */
  id: string;
  source: SourceRecord;
  document: DocumentRecord;
  segment: DocumentSegment;
  /** The locator to cite it by ("para. 4", "p. 2, para. 3"). */
  locator: string;
  /** The whole paragraph, as this viewer may read it: an excerpt to cite is a part of it. */
  text: string;
  /** The paragraph around the first word found. */
  snippet: string;
}

/** Characters of a snippet before and after the word found. */
const SNIPPET_BEFORE = 80;
const SNIPPET_AFTER = 160;

/**
 * The evidence vault (docs/evidence-vault.md): attaching a source's
 * document, checking excerpts against it, reading the paragraph around an
 * excerpt, and searching the documents' text. Reads go through the viewer's
 * scoped store; whether an excerpt is verified is a fact about the stored
 * records, worked out from them unscoped (`raw`) and the same for every viewer.
 */
export class DocumentService {
  private readonly documentsOfSource: DataLoader<string, DocumentRecord[]>;
  private readonly segmentsOf: DataLoader<string, DocumentSegment[]>;
  private readonly rawDocumentsOfSource: DataLoader<string, DocumentRecord[]>;
  private readonly rawSegmentsOf: DataLoader<string, DocumentSegment[]>;
  private readonly rawCitation: DataLoader<string, CitationRecord | null>;
  private readonly checksOfSource = new Map<string, Promise<CitationCheck[]>>();

  constructor(
    private readonly store: Store,
    raw: Store,
    private readonly sources: SourceService,
    private readonly viewer: Viewer,
    private readonly now: () => Date,
    private readonly options: DocumentServiceOptions,
  ) {
    this.documentsOfSource = new DataLoader((ids) => store.getDocumentsOfSources(ids));
    this.segmentsOf = new DataLoader((ids) => store.getDocumentSegments(ids));
    this.rawDocumentsOfSource = new DataLoader((ids) => raw.getDocumentsOfSources(ids));
    this.rawSegmentsOf = new DataLoader((ids) => raw.getDocumentSegments(ids));
    this.rawCitation = new DataLoader((ids) => raw.getCitations(ids));
  }

  /** The documents a source holds, as this viewer may see them (none for a source they may not see). */
  documentsOf(sourceId: string): Promise<DocumentRecord[]> {
    return this.documentsOfSource.load(sourceId);
  }

  /**
   * Attaches a document to a source: keeps the original in the blob store
   * under its sha256, reads its text, and writes its custody record (and the
   * source's content hash, when it had none) with an audit record. Refused,
   * with nothing written, when the sha256 differs from the source's recorded
   * content hash. Then checks again the citations read in this source and
   * lists those that fail.
   */
  async attach(input: AttachDocumentInput): Promise<AttachDocumentResult> {
    requireWriter(this.viewer, 'attach a document');
    const source = await this.sources.get(input.sourceId, 'sourceId');
    const blobs = this.options.blobs;
    if (blobs === null) {
      throw new BadUserInputError(
        'This server keeps no documents: set ATHAR_BLOB_DIR to a directory every API process shares.',
        'file',
      );
    }
    const fileName = path.basename(optionalText(input.fileName, 'fileName', 255) ?? '').trim();
    if (fileName === '' || fileName === '.' || fileName === '..') {
      throw new BadUserInputError('Give the file its name (e.g. report.pdf).', 'fileName');
    }
    const reason = optionalText(input.reason, 'reason', 1000);
    let staged: StagedBlob | null = await blobs.stage(input.content, {
      maxBytes: this.options.maxDocumentBytes,
      onBytes: input.onBytes,
    });
    try {
      if (source.contentHash !== null && source.contentHash !== staged.sha256) {
        throw new BadUserInputError(
          `The document's sha256 is ${staged.sha256}, but source "${source.id}" records the content hash ` +
            `${source.contentHash}: this is not the document the source was recorded from. Attach that document, ` +
            "or correct the source's contentHash first if it was recorded wrongly.",
          'file',
        );
      }
      const mediaType = mediaTypeOf(input.mediaType, fileName, await staged.head());
      const at = this.now().toISOString();
      const document: DocumentRecord = {
        id: documentIdOf(source.id, staged.sha256),
        sourceId: source.id,
        sha256: staged.sha256,
        fileName,
        size: staged.size,
        mediaType,
        format: formatOf(mediaType),
        addedBy: { subject: this.viewer.subject, role: this.viewer.role },
        addedAt: at,
        extraction: null,
      };
      const blob = staged;
      const extracted = await extractText(document, blob.tmpPath, () => blob.text(), this.options);
      document.extraction = extracted.extraction;
      // The original is in place before any record names it.
      await staged.keep();
      staged = null;
      await this.store.attachDocument(
        { document, segments: extracted.segments },
        auditContextOf(this.viewer, reason, at),
      );
      this.documentsOfSource.clear(source.id);
      this.rawDocumentsOfSource.clear(source.id);
      const checks = await this.recheck(source.id);
      return {
        // Read again past the request's cache: the source has a new version now.
        source: (await this.store.getSources([source.id]))[0] ?? source,
        document: (await this.documentsOf(source.id)).find((d) => d.id === document.id) ?? document,
        checked: checks.length,
        failing: checks.filter((c) => c.reason !== null),
      };
    } finally {
      await staged?.discard();
    }
  }

  /** The citations read in this source's document that this viewer may see, each checked. */
  async recheck(sourceId: string): Promise<CitationCheck[]> {
    const [visible] = await this.store.getCitationsOfSources([sourceId]);
    const readHere = (visible ?? []).filter((c) => (c.viaSourceId ?? c.sourceId) === sourceId);
    return Promise.all(
      readHere.map(async (citation) => {
        const v = await this.verification(citation.id);
        return { citation, reason: v.verified ? null : v.reason };
      }),
    );
  }

  /**
   * Whether the excerpt of the citation (one this viewer may see) is at its
   * locator in the document of the source it is read in (the via source, else
   * the source). A citation of a source with no text document is unverified.
   */
  async verification(citationId: string): Promise<CitationVerification> {
    const citation = await this.rawCitation.load(citationId);
    if (citation === null) return { verified: false, document: null, reason: 'no such citation', located: null };
    const readIn = citation.viaSourceId ?? citation.sourceId;
    const document = (await this.rawDocumentsOfSource.load(readIn)).find((d) => d.format !== DocumentFormat.OPAQUE);
    if (document === undefined) {
      return { verified: false, document: null, reason: 'the source holds no text document', located: null };
    }
    const segments = await this.rawSegmentsOf.load(document.id);
    const located = locate(document.format, segments, citation.locator);
    const ordinals = 'segments' in located ? located.segments.map((s) => s.ordinal) : null;
    const check = checkExcerpt(document, segments, citation.locator, citation.excerpt ?? '');
    return { verified: check.ok, document, reason: check.ok ? null : check.reason, located: ordinals };
  }

  /**
   * The paragraph (or page) a citation's locator names, as this viewer may
   * read it (protected names withheld), for a citation whose excerpt they may
   * read (`citation` as they see it); null otherwise, or when the locator
   * names no text.
   */
  async context(citation: CitationRecord): Promise<string | null> {
    if (citation.excerpt === null) return null;
    const v = await this.verification(citation.id);
    if (v.document === null || v.located === null) return null;
    const source = await this.sources.find(v.document.sourceId);
    if (source === null || !canRead(this.viewer, source.access)) return null;
    const wanted = new Set(v.located);
    const segments = (await this.segmentsOf.load(v.document.id)).filter((s) => wanted.has(s.ordinal));
    return segments.length === 0 ? null : locatedText(segments);
  }

  /**
   * Refuses (BadUserInputError on `<field>.excerpt`) a new citation whose
   * source (or via source) holds a text document in which the excerpt is not
   * at the locator, saying where it is. The document is read as the writer
   * may read it: a name withheld from them cannot be quoted, nor found by trying.
   */
  async requireExcerpts(citations: readonly CitationRecord[], fieldOf: (index: number) => string): Promise<void> {
    // Read afresh, never from the request's cache: a claim written again after a StaleChangeError (a document
    // attached meanwhile moved the source's version on) must be checked against that document.
    const readIn = [...new Set(citations.map((c) => c.viaSourceId ?? c.sourceId))];
    const held = await this.store.getDocumentsOfSources(readIn);
    const documents = new Map(readIn.map((id, i) => [id, held[i]?.find((d) => d.format !== DocumentFormat.OPAQUE)]));
    const texts = new Map<string, DocumentSegment[]>();
    const wanted = [...new Set([...documents.values()].flatMap((d) => (d ? [d.id] : [])))];
    if (wanted.length > 0) {
      (await this.store.getDocumentSegments(wanted)).forEach((segments, i) => texts.set(wanted[i]!, segments));
    }
    for (const [i, citation] of citations.entries()) {
      const document = documents.get(citation.viaSourceId ?? citation.sourceId);
      if (document === undefined) continue;
      const segments = texts.get(document.id) ?? [];
      const refusal = excerptRefusal(
        checkExcerpt(document, segments, citation.locator, citation.excerpt ?? ''),
        `${fieldOf(i)}.excerpt`,
        document.sha256,
      );
      if (refusal) throw refusal;
    }
  }

  /** Counts of the visible citations read in a document: verified, and not. */
  async citationCounts(document: DocumentRecord): Promise<{ verified: number; failing: number }> {
    // Both counts of a document are usually asked together: its citations are checked once per request.
    let checking = this.checksOfSource.get(document.sourceId);
    if (checking === undefined)
      this.checksOfSource.set(document.sourceId, (checking = this.recheck(document.sourceId)));
    const checks = await checking;
    const verified = checks.filter((c) => c.reason === null).length;
    return { verified, failing: checks.length - verified };
  }

  /**
   * Full-text search over the documents this viewer may read: every word of
   * the query (or of its transliteration key) starts a word of a paragraph.
   * Hits in document order, with the locator and the paragraph to cite.
   */
  async search(
    query: string,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<DocumentHit>> {
    const alternatives = documentSearchAlternatives(query);
    if (alternatives.length === 0) {
      throw new BadUserInputError('query must have at least one letter or digit.', 'query');
    }
    const request = pageRequest(first, after, this.options.maxPageSize);
    const page = await this.store.searchDocuments({ alternatives }, request);
    const hits = await Promise.all(
      page.items.map(async (segment): Promise<DocumentHit | null> => {
        const [source, documents] = await Promise.all([
          this.sources.find(segment.sourceId),
          this.documentsOf(segment.sourceId),
        ]);
        const document = documents.find((d) => d.id === segment.documentId);
        if (source === null || document === undefined) return null;
        return {
          id: segmentIdOf(segment),
          source,
          document,
          segment,
          locator: locatorOf(document.format, segment),
          text: segment.text,
          snippet: snippetOf(segment.text, alternatives.flat()),
        };
      }),
    );
    return toConnection({ ...page, items: hits.filter((h): h is DocumentHit => h !== null) }, request);
  }
}

/** The text around the first word that one of the tokens starts (normalised or by key), cut at word boundaries. */
export function snippetOf(text: string, tokens: readonly string[]): string {
  let at = 0;
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}'’]+/gu)) {
    const word = m[0];
    const forms = [normalizeText(word), transliterationKey(word)];
    if (tokens.some((t) => forms.some((f) => f.split(' ').some((w) => w.startsWith(t))))) {
      at = m.index ?? 0;
      break;
    }
  }
  let start = Math.max(0, at - SNIPPET_BEFORE);
  let end = Math.min(text.length, at + SNIPPET_AFTER);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > at ? text.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

export { shortHash };
