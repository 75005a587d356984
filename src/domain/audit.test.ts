import { createHash } from 'node:crypto';
import { Role } from '../policy/viewer';
import { AccessLevel, EntityKind, type EntityRecord } from './model';
import {
  type AuditRecord,
  CHAIN_START,
  GENESIS_HASH,
  SYSTEM_ACTOR,
  auditContextOf,
  auditRecordFromJson,
  canonicalJson,
  emptyAuditState,
  hashRecord,
  nextRecord,
  verifyChain,
} from './audit';

const AT = '2026-04-01T00:00:00.000Z';

function entity(id: string, name: string): EntityRecord {
  return {
    id,
    kind: EntityKind.PERSON,
    name,
    aliases: [],
    description: null,
    facilityType: null,
    placeType: null,
    latitude: 33.5138,
    longitude: null,
    eventType: null,
    date: null,
    access: AccessLevel.PUBLIC,
    protection: null,
    pseudonym: null,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
  };
}

/** A chain of `n` records, each renaming one person. */
function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let head = CHAIN_START;
  for (let i = 1; i <= n; i += 1) {
    const before = i === 1 ? emptyAuditState() : { ...emptyAuditState(), entities: [entity('per_a', `Name ${i - 1}`)] };
    const after = { ...emptyAuditState(), entities: [entity('per_a', `Name ${i}`)] };
    const record = nextRecord(
      head,
      i === 1 ? 'createEntity' : 'updateEntity',
      { actor: { subject: 'analyst@example.org', role: Role.ANALYST }, reason: null, at: AT },
      ['per_a'],
      before,
      after,
    );
    records.push(record);
    head = { seq: record.seq, hash: record.hash };
  }
  return records;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys were built in', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: null })).toBe(canonicalJson({ z: null, y: [1, 2], x: 1 }));
  });

  it('leaves out undefined object values as JSON.stringify does, and refuses a bare undefined', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('escapes strings as JSON does, Arabic script included', () => {
    expect(canonicalJson({ name: 'سجن "صيدنايا"\n' })).toBe(JSON.stringify({ name: 'سجن "صيدنايا"\n' }));
  });
});

describe('audit records', () => {
  it('hash the canonical JSON of every field but the hash, which anyone can recompute', () => {
    const [record] = chain(1);
    const { hash, ...rest } = record!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(canonicalJson(rest)).digest('hex'));
    expect(hashRecord({ ...record!, hash: 'ignored' })).toBe(hash);
  });

  it('number from the head, link to its hash, and start from the genesis hash', () => {
    const [first, second] = chain(2);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, targetIds: ['per_a'] });
    expect(second).toMatchObject({ seq: 2, prevHash: first!.hash });
  });

  it('sort and dedupe target ids, and default to the SYSTEM actor, no reason and the clock', () => {
    const record = nextRecord(
      CHAIN_START,
      'importBundle',
      undefined,
      ['b', 'a', 'b'],
      emptyAuditState(),
      emptyAuditState(),
    );
    expect(record.targetIds).toEqual(['a', 'b']);
    expect(record.actor).toEqual(SYSTEM_ACTOR);
    expect(record.reason).toBeNull();
    expect(Date.parse(record.at)).not.toBeNaN();
  });

  it('take their actor from the viewer', () => {
    const viewer = { role: Role.ADMIN, clearance: AccessLevel.CONFIDENTIAL, subject: 'admin@x', via: 'jwt' as const };
    expect(auditContextOf(viewer, 'why', AT)).toEqual({
      actor: { subject: 'admin@x', role: 'ADMIN' },
      reason: 'why',
      at: AT,
    });
  });

  it('read back from JSON as they are, and refuse what is not one', () => {
    const [record] = chain(1);
    const parsed = JSON.parse(JSON.stringify(record)) as unknown;
    expect(auditRecordFromJson(parsed)).toEqual(record);
    expect(hashRecord(auditRecordFromJson(parsed) as AuditRecord)).toBe(record!.hash);
    expect(auditRecordFromJson({ ...record, seq: '1' })).toBe('bad seq');
    expect(auditRecordFromJson({ ...record, after: null })).toBe('bad after');
    expect(auditRecordFromJson({ ...record, actor: { role: 3 } })).toBe('bad actor');
    expect(auditRecordFromJson([])).toBe('not an object');
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, also a page at a time', () => {
    const records = chain(5);
    expect(verifyChain(records)).toEqual({ ok: true, count: 5, head: { seq: 5, hash: records[4]!.hash } });
    const first = verifyChain(records.slice(0, 2));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(verifyChain(records.slice(2), first.head)).toEqual({
      ok: true,
      count: 3,
      head: { seq: 5, hash: records[4]!.hash },
    });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: CHAIN_START });
  });

  it('names a record whose content was altered: hash mismatch', () => {
    const records = chain(5);
    records[2] = {
      ...records[2]!,
      after: { ...emptyAuditState(), entities: [entity('per_a', 'Someone else')] },
    };
    expect(verifyChain(records)).toEqual({ ok: false, count: 2, seq: 3, reason: 'hash mismatch' });
  });

  it('names the record after one that was altered and re-hashed: broken link', () => {
    const records = chain(5);
    const forged = { ...records[2]!, reason: 'forged' };
    records[2] = { ...forged, hash: hashRecord(forged) };
    expect(verifyChain(records)).toEqual({ ok: false, count: 3, seq: 4, reason: 'broken link' });
  });

  it('names a record removed or renumbered: sequence gap', () => {
    const records = chain(5);
    expect(verifyChain([...records.slice(0, 2), ...records.slice(3)])).toEqual({
      ok: false,
      count: 2,
      seq: 3,
      reason: 'sequence gap',
    });
    expect(verifyChain(records.slice(1))).toMatchObject({ ok: false, seq: 1, reason: 'sequence gap' });
  });

  it('catches a record moved into another chain position', () => {
    const records = chain(4);
    expect(verifyChain([records[0]!, records[2]!, records[1]!, records[3]!])).toMatchObject({ ok: false, seq: 2 });
  });

  it('never matches a state that could not be read back', () => {
    const records = chain(2);
    records[1] = { ...records[1]!, before: { ...emptyAuditState(), unreadable: '{"entities":[' } };
    expect(verifyChain(records)).toMatchObject({ ok: false, seq: 2, reason: 'hash mismatch' });
  });
});
