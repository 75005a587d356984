import { BadUserInputError, ConflictError } from '../domain/errors';
import {
  contentHashRefusal,
  type DocumentAttachment,
  type DocumentRecord,
  documentIdOf,
  isSha256,
  shortHash,
} from '../domain/documents';
import type { SourceRecord } from '../domain/model';
import { versioned } from './updates';

/*
 * How both adapters judge and write attachDocument, from the source and its
 * documents as stored when their transaction reads them.
 */

/** Refuses an attachment that does not hold together on its own: ids, hash, segments of this document. */
export function checkAttachment({ document, segments }: DocumentAttachment): void {
  if (!isSha256(document.sha256)) {
    throw new BadUserInputError(
      'A document is addressed by its sha256: 64 lowercase hexadecimal characters.',
      'sha256',
    );
  }
  if (document.id !== documentIdOf(document.sourceId, document.sha256)) {
    throw new BadUserInputError(`Document id "${document.id}" is not the id of this source and hash.`, 'id');
  }
  if (!Number.isSafeInteger(document.size) || document.size < 0) {
    throw new BadUserInputError('A document size is a whole number of bytes.', 'size');
  }
  segments.forEach((s, i) => {
    if (s.documentId !== document.id || s.sourceId !== document.sourceId || s.ordinal !== i) {
      throw new BadUserInputError(
        `Segment ${i} does not belong to document "${document.id}" at position ${i}.`,
        `segments[${i}]`,
      );
    }
  });
}

/**
 * The source as the attachment leaves it: its content hash set (when it had
 * none) and its version moved on. Refuses a hash that differs from the one
 * recorded, and a document the source already holds.
 */
export function sourceWithDocument(
  current: SourceRecord,
  heldIds: readonly string[],
  { document }: DocumentAttachment,
): SourceRecord {
  if (current.contentHash !== null && current.contentHash !== document.sha256) {
    throw new BadUserInputError(
      `The document's sha256 is ${document.sha256}, but source "${current.id}" records the content hash ` +
        `${current.contentHash}: this is not the document the source was recorded from. Attach that document, ` +
        "or correct the source's contentHash first if it was recorded wrongly.",
      'file',
    );
  }
  if (heldIds.includes(document.id)) {
    throw new ConflictError(
      `Source "${current.id}" already holds the document ${shortHash(document.sha256)} (${document.id}); nothing was written.`,
      { id: document.id },
    );
  }
  return versioned(current, { ...current, contentHash: document.sha256, updatedAt: document.addedAt });
}

/**
 * Refuses a bundle that would set a stored source's contentHash away from
 * the document it holds (importBundle, on both adapters, in its transaction):
 * the import service reports the same rule per row before writing; this holds
 * it for every other caller (the seed loader) and for a document attached
 * between the service's check and the write.
 */
export function refuseHashesOverDocuments(
  sources: readonly SourceRecord[],
  heldOf: (sourceId: string) => readonly DocumentRecord[],
): void {
  sources.forEach((source, i) => {
    const refusal = contentHashRefusal(source.id, source.contentHash, heldOf(source.id));
    if (refusal) throw new BadUserInputError(refusal, `sources[${i}].contentHash`);
  });
}

/** refuseHashesOverDocuments for one edited source (updateSource, in its transaction), the field named as the edit names it. */
export function refuseHashOverDocuments(source: SourceRecord, held: readonly DocumentRecord[]): void {
  const refusal = contentHashRefusal(source.id, source.contentHash, held);
  if (refusal) throw new BadUserInputError(refusal, 'contentHash');
}
