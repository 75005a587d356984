import { createHash } from 'node:crypto';
import type { Role } from './access';
import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from './model';
import type { DocumentRecord } from './documents';
import type { JudgementRecord } from './judgement';

/*
 * The tamper-evident audit trail: one record per write, appended in the same
 * transaction as the write, each carrying the sha256 of the one before it. A
 * record altered after the fact no longer matches its own hash; a record
 * removed or inserted breaks the link or the numbering. Nothing here knows
 * about a store: adapters build and keep the records, this file says what a
 * record is and whether a chain of them holds.
 */

/** Who wrote: the viewer's subject and role, or SYSTEM for scripts (the seed, imports run by hand). */
export interface AuditActor {
  subject: string | null;
  /** A Role, or SYSTEM. A string, because records read back are not trusted to name a known role. */
  role: string;
}

export const SYSTEM_ROLE = 'SYSTEM';
export type AuditRole = Role | typeof SYSTEM_ROLE;

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ subject: null, role: SYSTEM_ROLE });

/** What a service tells the store about a write, besides the write itself. */
export interface AuditContext {
  actor: AuditActor;
  /** Why, when the operation takes a reason (dispute, retract, rank, access changes); else null. */
  reason: string | null;
  /** When, as ISO 8601; the store's clock when absent. Services pass their own clock, so tests can fix it. */
  at?: string;
}

/** Every write operation of the store port, by its method name. */
export const AUDIT_OPERATIONS = [
  'createEntity',
  'updateEntity',
  'createSource',
  'updateSource',
  'assertClaim',
  'addCitations',
  'setClaimStatus',
  'setClaimRank',
  'applyAccessChange',
  'importBundle',
  // Not a change: a case file was exported (the reason holds the manifest's sha256).
  'recordExport',
  // Entity resolution (src/domain/judgement.ts): judgements and their undoing.
  'mergeEntities',
  'splitEntity',
  'judgeSameOrigin',
  'undoSameOrigin',
  // A source receives its document (src/domain/documents.ts): the custody record, in `after.documents`.
  'attachDocument',
] as const;
export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];

/** Full records, each list ordered by id. */
export interface AuditState {
  entities: EntityRecord[];
  sources: SourceRecord[];
  claims: ClaimRecord[];
  citations: CitationRecord[];
  /** Judgements (src/domain/judgement.ts), present only in the records of the writes that make or undo one. */
  judgements?: JudgementRecord[];
  /**
   * Documents a write added (attachDocument): their custody records, never
   * their text. Absent from the states of every other operation, so that the
   * hashes of records written before documents existed stay as they were.
   */
  documents?: DocumentRecord[];
  /**
   * Set only when a stored state could not be read back (its text is not
   * JSON: a hand edit). Never written; its presence makes the record's hash
   * differ from any record a store wrote, so verification names it.
   */
  unreadable?: string;
}

export interface AuditRecord {
  /** 1, 2, 3, ... with no gaps. */
  seq: number;
  /** ISO 8601. */
  at: string;
  actor: AuditActor;
  /** The port method that wrote (AuditOperation); a string, as read back. */
  operation: string;
  reason: string | null;
  /** Ids of every record the write touched, sorted. */
  targetIds: string[];
  /** The touched records as stored before the write; those that did not exist are left out. */
  before: AuditState;
  /** The touched records as stored after the write. */
  after: AuditState;
  /** `hash` of the record before, GENESIS_HASH for the first. */
  prevHash: string;
  /** sha256 (hex) of the canonical JSON of every other field: hashRecord. */
  hash: string;
}

export type UnsealedAuditRecord = Omit<AuditRecord, 'hash'>;

/** The prevHash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain stands: the last record's seq and hash (0 and GENESIS_HASH before the first). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export const CHAIN_START: ChainPoint = Object.freeze({ seq: 0, hash: GENESIS_HASH });

export function emptyAuditState(): AuditState {
  return { entities: [], sources: [], claims: [], citations: [] };
}

/** The context a service passes with a write: the viewer as actor, and the time the service stamped on the records. */
export function auditContextOf(
  viewer: { readonly subject: string | null; readonly role: Role },
  reason: string | null,
  at: string,
): AuditContext {
  return { actor: { subject: viewer.subject, role: viewer.role }, reason, at };
}

/**
 * A record with its actor spread out and its states as the canonical JSON the
 * hash covers, byte for byte: as Neo4j stores it and as the API shows it, so
 * that anyone holding it can check the hash.
 */
export interface FlatAuditRecord {
  seq: number;
  at: string;
  actorSubject: string | null;
  actorRole: string;
  operation: string;
  reason: string | null;
  targetIds: string[];
  before: string;
  after: string;
  prevHash: string;
  hash: string;
}

export function flatAuditRecord(record: AuditRecord): FlatAuditRecord {
  return {
    seq: record.seq,
    at: record.at,
    actorSubject: record.actor.subject,
    actorRole: record.actor.role,
    operation: record.operation,
    reason: record.reason,
    targetIds: [...record.targetIds],
    before: stateJson(record.before),
    after: stateJson(record.after),
    prevHash: record.prevHash,
    hash: record.hash,
  };
}

/**
 * JSON with the keys of every object sorted (by UTF-16 code units, as
 * Array.prototype.sort does) and no whitespace. Arrays keep their order;
 * undefined object values are left out, as JSON.stringify does. The same
 * value gives the same text on every machine, so its hash can be checked by
 * anyone with the record and a sha256 tool.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof CanonicalText) return value.text;
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // JSON.stringify gives undefined for undefined, functions and symbols; none belongs in a record.
    if (text === undefined) throw new TypeError(`Cannot write ${typeof value} as canonical JSON.`);
    return text;
  }
  // Written as plain loops: a bulk import's audit record holds thousands of records, hashed and stored as this text.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

/** Text already in canonical form, spliced in as it is. */
class CanonicalText {
  constructor(readonly text: string) {}
}

/**
 * The canonical JSON of a before or after state, worked out once per state:
 * a record's hash and its stored form both need it, and a bulk import's
 * states are large.
 */
const stateTexts = new WeakMap<AuditState, string>();
function stateJson(state: AuditState): string {
  let text = stateTexts.get(state);
  if (text === undefined) {
    text = canonicalJson(state);
    stateTexts.set(state, text);
  }
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 of the canonical JSON of every field but `hash` (a `hash` given is ignored). */
export function hashRecord(record: UnsealedAuditRecord | AuditRecord): string {
  const { seq, at, actor, operation, reason, targetIds, before, after, prevHash } = record;
  return sha256Hex(
    canonicalJson({
      seq,
      at,
      actor,
      operation,
      reason,
      targetIds,
      before: new CanonicalText(stateJson(before)),
      after: new CanonicalText(stateJson(after)),
      prevHash,
    }),
  );
}

export function sealRecord(record: UnsealedAuditRecord): AuditRecord {
  return { ...record, hash: hashRecord(record) };
}

/**
 * The next record of a chain whose last record is `head`: numbered after it,
 * linked to it, hashed. `targetIds` are sorted and made distinct here.
 */
export function nextRecord(
  head: ChainPoint,
  operation: AuditOperation,
  context: AuditContext | undefined,
  targetIds: Iterable<string>,
  before: AuditState,
  after: AuditState,
): AuditRecord {
  const actor = context?.actor ?? SYSTEM_ACTOR;
  return sealRecord({
    seq: head.seq + 1,
    at: context?.at ?? new Date().toISOString(),
    actor: { subject: actor.subject, role: actor.role },
    operation,
    reason: context?.reason ?? null,
    targetIds: [...new Set(targetIds)].sort(),
    before,
    after,
    prevHash: head.hash,
  });
}

export type ChainFault = 'hash mismatch' | 'broken link' | 'sequence gap' | 'head mismatch';

export type ChainVerification =
  { ok: true; count: number; head: ChainPoint } | { ok: false; count: number; seq: number; reason: ChainFault };

/**
 * Checks records that follow `start`, in the order given (seq order): each
 * must be numbered one after the one before, link to its hash, and match its
 * own. Names the first record that fails, by the seq it should have had:
 * a changed field gives `hash mismatch` at that record, a changed hash or a
 * removed record `broken link` or `sequence gap` at the first record out of
 * place. `count` is how many records passed. Verify a long chain a page at a
 * time by passing each page's head as the next page's start.
 */
export function verifyChain(records: Iterable<AuditRecord>, start: ChainPoint = CHAIN_START): ChainVerification {
  let head = start;
  let count = 0;
  for (const record of records) {
    const expected = head.seq + 1;
    if (record.seq !== expected) return { ok: false, count, seq: expected, reason: 'sequence gap' };
    if (record.hash !== hashRecord(record)) return { ok: false, count, seq: record.seq, reason: 'hash mismatch' };
    if (record.prevHash !== head.hash) return { ok: false, count, seq: record.seq, reason: 'broken link' };
    head = { seq: record.seq, hash: record.hash };
    count += 1;
  }
  return { ok: true, count, head };
}

/**
 * Reads a record back from JSON a store wrote (a journal line, a snapshot):
 * checks the shape only, keeps every value as found, so that an edited value
 * is still there for verification to catch. Returns why it is not a record.
 */
export function auditRecordFromJson(value: unknown): AuditRecord | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const r = value as Record<string, unknown>;
  if (typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq)) return 'bad seq';
  for (const key of ['at', 'operation', 'prevHash', 'hash'] as const) {
    if (typeof r[key] !== 'string') return `bad ${key}`;
  }
  if (r.reason !== null && typeof r.reason !== 'string') return 'bad reason';
  const actor = r.actor as Record<string, unknown> | null;
  if (typeof actor !== 'object' || actor === null || typeof actor.role !== 'string') return 'bad actor';
  if (actor.subject !== null && typeof actor.subject !== 'string') return 'bad actor';
  if (!Array.isArray(r.targetIds) || !r.targetIds.every((id) => typeof id === 'string')) return 'bad targetIds';
  for (const key of ['before', 'after'] as const) {
    const state = r[key] as Record<string, unknown> | null;
    if (typeof state !== 'object' || state === null) return `bad ${key}`;
    if (!['entities', 'sources', 'claims', 'citations'].every((k) => Array.isArray(state[k]))) return `bad ${key}`;
  }
  return value as AuditRecord;
}

/** A deep copy, for stores that hand out records they keep. */
export function copyAuditRecord(record: AuditRecord): AuditRecord {
  return structuredClone(record);
}
