import {
  type AuditContext,
  type AuditOperation,
  type AuditRecord,
  type AuditState,
  type ChainPoint,
  CHAIN_START,
  GENESIS_HASH,
  flatAuditRecord,
  emptyAuditState,
  nextRecord,
} from '../../domain/audit';
import { type AuditTargets, allTargetIds } from '../audit-targets';
import { appendAuditQuery, auditStateQuery, lockAuditHeadQuery } from './cypher/audit';
import type { QueryRunner, Row } from './neo4j.gateway';
import { applyStatChange } from './neo4j.stat-counts';
import { type Props, toCitation, toClaim, toEntity, toJudgement, toProps, toSource } from './neo4j.mapping';

/**
 * Runs `change` inside the caller's write transaction between the reads an
 * audit record needs, and appends the record, all in that one transaction:
 * the head's lock first (serialising writers), the touched records before,
 * the change, the touched records after, the record. If `change` throws, the
 * transaction rolls back and no record is left.
 *
 * `change` is given the touched records as they are before it: read after the
 * lock, so no other writer can change them until this transaction ends. An
 * update works out what it writes from them (and checks expected versions
 * and status rules against them), never from a copy read before the
 * transaction. Returns what `change` returns and the records after.
 */
export async function writeAudited<T>(
  tx: QueryRunner,
  operation: AuditOperation,
  /** Or, for a write whose records are found in the graph (a merge's claims), how to find them: after the lock. */
  touched: AuditTargets | (() => Promise<AuditTargets>),
  context: AuditContext | undefined,
  change: (before: AuditState) => Promise<T>,
  options: AuditedWriteOptions<T> = {},
): Promise<{ result: T; after: AuditState }> {
  const [headRow] = await tx.run(lockAuditHeadQuery(GENESIS_HASH));
  const head = chainPointOf(headRow);
  const targets = typeof touched === 'function' ? await touched() : touched;
  const before = await readAuditState(tx, targets);
  const result = await change(structuredClone(before));
  const after = options.after === undefined ? await readAuditState(tx, targets) : options.after(result);
  // The dashboard's counts move with every audited write, by what its audit record says changed.
  await applyStatChange(tx, before, after);
  const record = nextRecord(head, operation, context, allTargetIds(targets), before, after);
  await tx.run(appendAuditQuery(flatAuditRecord(record)));
  return { result, after };
}

export interface AuditedWriteOptions<T> {
  /**
   * The touched records as the change leaves them, worked out from what the
   * change returns instead of read back (the bulk import, which knows what it
   * wrote): each list ordered by id, each record as the store would read it.
   */
  after?: (result: T) => AuditState;
}

/** The stored records with these ids, each list ordered by id (missing ones left out). */
export async function readAuditState(tx: QueryRunner, targets: AuditTargets): Promise<AuditState> {
  const [row] = await tx.run(auditStateQuery(targets));
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return {
    entities: list(row?.entities).map((p) => toEntity(toProps(p))),
    sources: list(row?.sources).map((value) => {
      const projected = toProps(value);
      return toSource(toProps(projected.props), strings(projected.derivedFromIds));
    }),
    claims: list(row?.claims).map((p) => toClaim(toProps(p))),
    citations: list(row?.citations).map((p) => toCitation(toProps(p))),
    // Listed only where the write touches judgements, as the embedded store does (the states hash alike).
    ...(targets.judgementIds === undefined
      ? {}
      : { judgements: list(row?.judgements).map((p) => toJudgement(toProps(p))) }),
  };
}

/** The head a row of lockAuditHeadQuery / auditHeadQuery names; the chain's start when there is none yet. */
export function chainPointOf(row: Row | undefined): ChainPoint {
  const seq = row?.seq;
  const hash = row?.hash;
  if (seq === null || seq === undefined) return CHAIN_START;
  if (typeof seq !== 'number' || typeof hash !== 'string')
    throw new Error('The audit head has an invalid seq or hash.');
  return { seq, hash };
}

/**
 * A stored record as it is, whatever was done to it: values are read, not
 * judged, so that verification (hashRecord) can tell an altered one. Only a
 * node that cannot be read at all (no numeric seq) is an error.
 */
export function toAuditRecord(value: unknown): AuditRecord {
  const props = toProps(value);
  if (typeof props.seq !== 'number') throw new Error('Stored audit record has an invalid "seq" property.');
  const text = (key: string): string => (typeof props[key] === 'string' ? props[key] : String(props[key] ?? ''));
  const textOrNull = (key: string): string | null =>
    props[key] === null || props[key] === undefined ? null : text(key);
  return {
    seq: props.seq,
    at: text('at'),
    actor: { subject: textOrNull('actorSubject'), role: text('actorRole') },
    operation: text('operation'),
    reason: textOrNull('reason'),
    targetIds: strings(props.targetIds),
    before: stateOf(props, 'before'),
    after: stateOf(props, 'after'),
    prevHash: text('prevHash'),
    hash: text('hash'),
  };
}

function stateOf(props: Props, key: string): AuditState {
  const raw = props[key];
  const text = typeof raw === 'string' ? raw : String(raw);
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      ['entities', 'sources', 'claims', 'citations'].every((k) => Array.isArray((parsed as Props)[k]))
    ) {
      return parsed as AuditState;
    }
  } catch {
    // Falls through: kept as text below.
  }
  return { ...emptyAuditState(), unreadable: text };
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => String(v));
}
