import { levelsOf } from '../../src/policy/visibility';
import { parseEdtf } from '../../src/domain/edtf';
import { recordTypeOf, RecordType, entityKindOfRecordType } from '../../src/domain/ids';
import { AccessLevel, type ClaimWithCitations } from '../../src/domain/model';
import { searchTerms, scoreMatch } from '../../src/domain/names';
import { findPredicate, ObjectType } from '../../src/domain/predicates';
import { generateGraph, type SyntheticGraph } from './generate';

const OPTIONS = { claims: 1000, seed: 7, idPrefix: 'gen' };

function everything(graph: SyntheticGraph): { entities: unknown; sources: unknown; claims: ClaimWithCitations[] } {
  return { entities: graph.entities, sources: graph.sources, claims: [...graph.claims()] };
}

describe('generateGraph', () => {
  const graph = generateGraph(OPTIONS);
  const claims = [...graph.claims()];

  it('makes the same graph for the same seed, and another for another seed', () => {
    expect(everything(generateGraph(OPTIONS))).toEqual(everything(graph));
    expect(everything(generateGraph({ ...OPTIONS, seed: 8 }))).not.toEqual(everything(graph));
    // The claims stream starts over on every read.
    expect([...graph.claims()]).toEqual(claims);
  });

  it('makes exactly the claims asked for, with unique ids that carry the prefix', () => {
    expect(claims).toHaveLength(OPTIONS.claims);
    const ids = [
      ...graph.entities.map((e) => e.id),
      ...graph.sources.map((s) => s.id),
      ...claims.flatMap((c) => [c.claim.id, ...c.citations.map((x) => x.id)]),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]{3}_gen_\d+(_\d)?$/);
  });

  it('gives every claim 1 to 3 citations of distinct sources', () => {
    for (const { claim, citations } of claims) {
      expect(citations.length).toBeGreaterThanOrEqual(1);
      expect(citations.length).toBeLessThanOrEqual(3);
      expect(new Set(citations.map((c) => c.sourceId)).size).toBe(citations.length);
      for (const c of citations) expect(c.claimId).toBe(claim.id);
    }
  });

  it('refers only to records it made, of the kinds each predicate allows', () => {
    const entities = new Map(graph.entities.map((e) => [e.id, e]));
    const sources = new Map(graph.sources.map((s) => [s.id, s]));
    for (const e of graph.entities) {
      expect(entityKindOfRecordType(recordTypeOf(e.id)!)).toBe(e.kind);
    }
    graph.sources.forEach((s) => {
      expect(recordTypeOf(s.id)).toBe(RecordType.SOURCE);
      // Parents come first, so the derivations cannot form a cycle and load in order.
      for (const parent of s.derivedFromIds) expect(sources.has(parent) && parent < s.id).toBe(true);
    });
    for (const { claim, citations } of claims) {
      const definition = findPredicate(claim.predicate)!;
      expect(definition).toBeDefined();
      expect(definition.subjectKinds).toContain(entities.get(claim.subjectId)?.kind);
      if (definition.objectType === ObjectType.ENTITY) {
        expect(claim.objectId).not.toBe(claim.subjectId);
        expect(definition.objectKinds).toContain(entities.get(claim.objectId!)?.kind);
        expect(claim.value).toBeNull();
      } else {
        expect(claim.objectId).toBeNull();
        expect(claim.value?.type).toBe(definition.objectType);
      }
      if (claim.period) expect(parseEdtf(claim.period.edtf)).toEqual(claim.period);
      for (const c of citations) {
        expect(sources.has(c.sourceId)).toBe(true);
        if (c.viaSourceId !== null) expect(sources.get(c.viaSourceId)!.derivedFromIds).toContain(c.sourceId);
      }
    }
  });

  it('stores the levels the access policy derives, with some material hidden from the public', () => {
    const entities = new Map(graph.entities.map((e) => [e.id, e]));
    const sources = new Map(graph.sources.map((s) => [s.id, s]));
    for (const { claim, citations } of claims) {
      const parties = {
        subject: entities.get(claim.subjectId)!,
        object: claim.objectId === null ? null : entities.get(claim.objectId)!,
      };
      const levels = levelsOf(claim, parties, citations, sources);
      expect(claim.visibility).toBe(levels.claimVisibility);
      expect(citations.map((c) => c.visibility)).toEqual(levels.citations.map((l) => l.visibility));
    }
    expect(graph.summary.protectedPeople).toBeGreaterThan(0);
    expect(graph.entities.filter((e) => e.protection !== null).every((e) => e.pseudonym !== null)).toBe(true);
    expect(graph.sources.some((s) => s.access === AccessLevel.CONFIDENTIAL)).toBe(true);
    expect(claims.some((c) => c.claim.visibility !== AccessLevel.PUBLIC)).toBe(true);
  });

  it('spells names the ways sources do, so that search meets its variants', () => {
    const people = graph.entities.filter((e) => e.id.startsWith('per_'));
    const variants = people.filter((p) => [p.name, ...p.aliases].some((n) => /Abd al-Rahman|Abdulrahman/.test(n)));
    expect(variants.length).toBeGreaterThan(0);
    expect(people.some((p) => p.aliases.some((a) => /[\u0600-\u06FF]/.test(a)))).toBe(true);
    // "Abdulrahman" finds a record spelled "Abd al-Rahman" and no other way.
    const spelledApart = variants.find((p) => [p.name, ...p.aliases].every((n) => !n.includes('Abdulrahman')));
    expect(spelledApart).toBeDefined();
    expect(searchTerms('Abdulrahman').tokens.length).toBeGreaterThan(0);
    expect(scoreMatch('Abdulrahman', [spelledApart!.name, ...spelledApart!.aliases])).toBeGreaterThan(0);
  });

  it('refuses sizes and prefixes it cannot honour', () => {
    expect(() => generateGraph({ ...OPTIONS, claims: 0 })).toThrow(RangeError);
    expect(() => generateGraph({ ...OPTIONS, claims: 1_000_001 })).toThrow(RangeError);
    expect(() => generateGraph({ ...OPTIONS, idPrefix: 'has space' })).toThrow(RangeError);
  });
});
