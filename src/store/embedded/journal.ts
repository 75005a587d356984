import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AccessLevel, CitationRecord, ClaimWithCitations, EntityRecord, SourceRecord } from '../../domain/model';
import type { AccessChange, Bundle, ClaimRankChange, ClaimStatusChange, ExportEvent } from '../store.port';
import { AUDIT_OPERATIONS, type AuditRecord, auditRecordFromJson } from '../../domain/audit';
import { type Line, fsyncDirectory, readLines, writeAll } from './files';
import type { JudgementWrite } from '../judgements';
import type { DocumentAttachment } from '../../domain/documents';

/** One write, as journaled and replayed. */
export type Operation =
  | { op: 'createEntity'; data: EntityRecord }
  | { op: 'updateEntity'; data: EntityRecord }
  | { op: 'createSource'; data: SourceRecord }
  | { op: 'updateSource'; data: SourceRecord }
  | { op: 'assertClaim'; data: ClaimWithCitations }
  | { op: 'addCitations'; data: { claimId: string; citations: CitationRecord[]; claimVisibility: AccessLevel | null } }
  | { op: 'setClaimStatus'; data: ClaimStatusChange }
  | { op: 'setClaimRank'; data: ClaimRankChange }
  | { op: 'applyAccessChange'; data: AccessChange }
  | { op: 'importBundle'; data: Bundle }
  | { op: 'recordExport'; data: ExportEvent }
  | { op: 'attachDocument'; data: DocumentAttachment }
  // Judgements: the records as the adapter worked them out (src/store/judgements.ts), written as they are.
  | { op: 'mergeEntities' | 'splitEntity' | 'judgeSameOrigin' | 'undoSameOrigin'; data: JudgementWrite };

export type OperationName = Operation['op'];

// One name per write of the port: the audit operations (the port checks that they match).
const OPERATION_NAMES: ReadonlySet<string> = new Set<OperationName>(AUDIT_OPERATIONS);

export interface JournalEntry {
  seq: number;
  operation: Operation;
  /** The write's audit record; absent in journals written before the audit trail. */
  audit?: AuditRecord;
  /**
   * Written since records carry versions (`"versions":1` in the line): its
   * replay moves the versions of the records it changes on, as the write did.
   * An older entry leaves them as stored (1 for a record it creates).
   */
  versioned?: boolean;
}

/** What opening the journal found at its end. */
export interface JournalTail {
  /** A last line that was cut short or damaged, dropped because it was never acknowledged. */
  dropped: Line | null;
}

const DATA_KEY = ',"data":';
const AUDIT_KEY = ',"audit":';

/**
 * The append-only journal: one line per acknowledged write,
 * `{"seq":n,"op":"assertClaim","sha256":"…","versions":1,"data":{…},"audit":{…}}`, where
 * sha256 is the hash of the data's JSON text as written (`versions`: see
 * JournalEntry.versioned). `audit` is the
 * write's audit record (src/domain/audit.ts), which carries its own hash and
 * the previous record's: it is left out of the line's sha256 on purpose, so
 * that an edited record is replayed as edited and the audit chain's
 * verification, not the journal, names it. A line is acknowledged only once it
 * is written in full and fsynced, so a last line that is cut short or fails
 * its hash is the write a crash interrupted: it is dropped. A damaged line
 * followed by good ones is corruption, and opening fails.
 */
export class Journal {
  private failure: Error | null = null;

  private constructor(
    readonly file: string,
    private fd: number,
    private size: number,
  ) {}

  /**
   * Opens (creating it if needed) the journal and hands every good entry to
   * `replay`, in order. `replay` may throw to refuse an entry; the error
   * propagates and the journal stays closed.
   */
  static open(
    file: string,
    replay: (entry: JournalEntry, line: Line) => void,
  ): { journal: Journal; tail: JournalTail } {
    if (!fs.existsSync(file)) {
      fs.closeSync(fs.openSync(file, 'a'));
      fsyncDirectory(path.dirname(file));
    }
    let goodEnd = 0;
    let lastGoodTerminated = true;
    let bad: { line: Line; reason: string } | null = null;
    for (const line of readLines(file)) {
      const parsed = parseLine(line.text);
      if (typeof parsed === 'string') {
        bad ??= { line, reason: parsed };
        continue;
      }
      if (bad) {
        throw new Error(
          `The journal ${file} is corrupt at line ${bad.line.number} (${bad.reason}), ` +
            `and good entries follow it (line ${line.number}). Restore the data directory from a backup.`,
        );
      }
      replay(parsed, line);
      goodEnd = line.end;
      lastGoodTerminated = line.terminated;
    }
    const fd = fs.openSync(file, 'a');
    try {
      if (bad) {
        fs.ftruncateSync(fd, goodEnd);
        fs.fsyncSync(fd);
      }
      if (!lastGoodTerminated) {
        // A complete, valid entry whose newline never made it: keep it, finish the line.
        writeAll(fd, Buffer.from('\n'));
        fs.fsyncSync(fd);
        goodEnd += 1;
      }
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    return { journal: new Journal(file, fd, goodEnd), tail: { dropped: bad?.line ?? null } };
  }

  /** Appends one entry and fsyncs it. On failure nothing is acknowledged and the journal refuses further writes. */
  append(entry: JournalEntry): void {
    if (this.failure) {
      throw new Error(`The journal ${this.file} failed earlier and refuses writes until the store is reopened.`, {
        cause: this.failure,
      });
    }
    const line = Buffer.from(formatLine(entry), 'utf8');
    try {
      writeAll(this.fd, line);
      fs.fsyncSync(this.fd);
      this.size += line.length;
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        // The line may stay, unacknowledged; replay will keep or drop it.
      }
      throw new Error(`Could not write to the journal ${this.file}; the write was not applied.`, { cause: error });
    }
  }

  /** Empties the journal (after a snapshot has made its entries redundant). */
  reset(): void {
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
    this.size = 0;
  }

  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}

export function formatLine(entry: JournalEntry): string {
  const data = JSON.stringify(entry.operation.data);
  const head = JSON.stringify({
    seq: entry.seq,
    op: entry.operation.op,
    sha256: sha256(data),
    ...(entry.versioned === true ? { versions: 1 } : {}),
  });
  const audit = entry.audit === undefined ? '' : `${AUDIT_KEY}${JSON.stringify(entry.audit)}`;
  return `${head.slice(0, -1)}${DATA_KEY}${data}${audit}}\n`;
}

/** The entry of a journal line, or why it is not one. */
export function parseLine(text: string): JournalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'not an object';
  const { seq, op, sha256: sum, data, audit, versions } = value as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return 'bad seq';
  if (typeof op !== 'string' || !OPERATION_NAMES.has(op)) return 'unknown op';
  if (typeof sum !== 'string' || typeof data !== 'object' || data === null) return 'missing sha256 or data';
  const at = text.indexOf(DATA_KEY);
  // No key of a record is named "audit", so the last `,"audit":` is the one that ends the data.
  const end = audit === undefined ? text.length - 1 : text.lastIndexOf(AUDIT_KEY);
  if (at === -1 || end < at || !text.endsWith('}') || sha256(text.slice(at + DATA_KEY.length, end)) !== sum) {
    return 'hash mismatch';
  }
  const versioned = versions === 1;
  if (audit === undefined) return { seq, operation: { op, data } as Operation, versioned };
  const record = auditRecordFromJson(audit);
  if (typeof record === 'string') return `audit record: ${record}`;
  return { seq, operation: { op, data } as Operation, audit: record, versioned };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
