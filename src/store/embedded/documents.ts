import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type DocumentAttachment,
  type DocumentRecord,
  type DocumentSegment,
  segmentIdOf,
  segmentMatches,
  segmentSearchText,
} from '../../domain/documents';
import type { Page, PageRequest } from '../store.port';
import { fsyncDirectory, writeAll } from './files';

/** Folder of the data directory that keeps each document's text, one file per document. */
export const DOCUMENTS_DIR = 'documents';

/**
 * The embedded store's documents: their records and text, with the words
 * each segment is found by. Records here are the state's own: callers copy.
 */
export class DocumentState {
  private readonly documents = new Map<string, DocumentRecord>();
  /** Document ids by source, sorted. */
  private readonly bySource = new Map<string, string[]>();
  private readonly segments = new Map<string, DocumentSegment[]>();
  private readonly searchText = new Map<string, string[]>();
  /** Every document id, sorted: segment ids sort by document first. */
  private sortedIds: string[] = [];

  get size(): number {
    return this.documents.size;
  }

  has(id: string): boolean {
    return this.documents.has(id);
  }

  idsOfSource(sourceId: string): readonly string[] {
    return this.bySource.get(sourceId) ?? [];
  }

  ofSource(sourceId: string): DocumentRecord[] {
    return this.idsOfSource(sourceId).map((id) => structuredClone(this.documents.get(id)!));
  }

  segmentsOf(documentId: string): DocumentSegment[] {
    return (this.segments.get(documentId) ?? []).map((s) => ({ ...s }));
  }

  put({ document, segments }: DocumentAttachment): void {
    if (!this.documents.has(document.id)) {
      const ids = [...this.idsOfSource(document.sourceId), document.id].sort();
      this.bySource.set(document.sourceId, ids);
      this.sortedIds = [...this.sortedIds, document.id].sort();
    }
    this.documents.set(document.id, structuredClone(document));
    this.segments.set(
      document.id,
      segments.map((s) => ({ ...s })),
    );
    this.searchText.set(
      document.id,
      segments.map((s) => segmentSearchText(s.text)),
    );
  }

  /**
   * Matching segments of documents whose source passes `acceptSource`, in
   * segment-id order, one keyset page and the total.
   */
  search(
    alternatives: readonly (readonly string[])[],
    acceptSource: (sourceId: string) => boolean,
    page: PageRequest,
  ): Page<DocumentSegment> {
    const items: DocumentSegment[] = [];
    let totalCount = 0;
    let hasNextPage = false;
    const first = Math.max(0, Math.floor(page.first));
    if (alternatives.length === 0) return { items, hasNextPage, totalCount };
    for (const id of this.sortedIds) {
      const document = this.documents.get(id)!;
      if (!acceptSource(document.sourceId)) continue;
      const texts = this.searchText.get(id)!;
      const segments = this.segments.get(id)!;
      texts.forEach((text, i) => {
        if (!segmentMatches(text, alternatives)) return;
        totalCount += 1;
        const segment = segments[i]!;
        if (page.after !== null && segmentIdOf(segment) <= page.after) return;
        if (items.length < first) items.push({ ...segment });
        else hasNextPage = true;
      });
    }
    return { items, hasNextPage, totalCount };
  }
}

/** Where a document's text is kept in the data directory. */
export function segmentsFile(dataDir: string, documentId: string): string {
  return path.join(dataDir, DOCUMENTS_DIR, `${documentId}.json`);
}

/**
 * Writes a document's text durably (temporary file, fsync, rename, fsync of
 * the folder) before the journal line that adds the document: the snapshot
 * keeps the document's record in its audit trail and finds the text here.
 */
export function writeSegmentsFile(dataDir: string, documentId: string, segments: readonly DocumentSegment[]): void {
  const file = segmentsFile(dataDir, documentId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    writeAll(fd, Buffer.from(JSON.stringify(segments), 'utf8'));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDirectory(path.dirname(file));
}

export function readSegmentsFile(dataDir: string, documentId: string): DocumentSegment[] {
  const file = segmentsFile(dataDir, documentId);
  const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(value)) throw new Error(`The document text ${file} is damaged: not a list of segments.`);
  return value as DocumentSegment[];
}
