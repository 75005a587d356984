import { Fixtures } from '../../../test/support/fixtures';
import { parseEdtf } from '../../domain/edtf';
import { AccessLevel, ClaimStatus, EntityKind, EventType } from '../../domain/model';
import { levelMask, statContributions, statDeltas } from './neo4j.stat-deltas';

describe('dashboard count deltas', () => {
  const f = new Fixtures();
  const person = f.entity();
  const facility = f.entity({ kind: EntityKind.FACILITY });
  const claim = f.relationClaim(person.id, 'DETAINED_AT', facility.id, 'src_x', {
    visibility: AccessLevel.RESTRICTED,
    period: parseEdtf('2012/2014'),
  }).claim;

  it('gives the bitmask of a set of levels', () => {
    expect(levelMask(undefined)).toBe(7);
    expect(levelMask([AccessLevel.PUBLIC])).toBe(1);
    expect(levelMask([AccessLevel.PUBLIC, AccessLevel.CONFIDENTIAL])).toBe(5);
    expect(levelMask([])).toBe(0);
  });

  it('counts what a claim adds, by its visibility: status, year, facility claims and the detainee pair', () => {
    const d = statContributions({ entities: [], claims: [claim] });
    expect(d.stats.map((s) => s.props)).toEqual([
      { dim: 'claim', status: ClaimStatus.ASSERTED, predicate: 'DETAINED_AT', level: 'RESTRICTED' },
      { dim: 'claimYear', predicate: 'DETAINED_AT', level: 'RESTRICTED', dated: true, ey: 2012, ly: 2014 },
    ]);
    expect(d.facilityClaims).toEqual([
      { key: facility.id, delta: [0, 1, 0] },
      { key: person.id, delta: [0, 1, 0] },
    ]);
    expect(d.pairs).toEqual([
      expect.objectContaining({ facilityId: facility.id, subjectId: person.id, delta: [0, 1, 0] }),
    ]);
  });

  it('moves only what a write changes: a retraction takes the claim out of all but its status', () => {
    const retracted = { ...claim, status: ClaimStatus.RETRACTED };
    const d = statDeltas({ entities: [], claims: [claim] }, { entities: [], claims: [retracted] });
    expect(d.stats.map((s) => [s.props.dim, s.props.status ?? null, s.delta])).toEqual([
      ['claim', ClaimStatus.RETRACTED, 1],
      ['claim', ClaimStatus.ASSERTED, -1],
      ['claimYear', null, -1],
    ]);
    expect(d.pairs.map((p) => p.delta)).toEqual([[0, -1, 0]]);
    expect(statDeltas({ entities: [person], claims: [claim] }, { entities: [person], claims: [claim] })).toEqual({
      stats: [],
      facilityClaims: [],
      pairs: [],
      refacilitied: [],
    });
  });

  it('counts events by type and year, and names an entity that becomes a facility', () => {
    const event = f.entity({ kind: EntityKind.EVENT, eventType: EventType.ARREST, date: null });
    expect(statContributions({ entities: [event], claims: [] }).stats.map((s) => s.props.dim)).toEqual([
      'entity',
      'event',
      'eventYear',
    ]);
    const turned = { ...person, kind: EntityKind.FACILITY };
    expect(statDeltas({ entities: [person], claims: [] }, { entities: [turned], claims: [] }).refacilitied).toEqual([
      person.id,
    ]);
  });

  it('takes a merged entity out of the counts, moves its claims to the survivor, and puts both back on a split', () => {
    const twin = f.entity();
    const twinClaim = f.relationClaim(twin.id, 'DETAINED_AT', facility.id, 'src_x').claim;
    const absorbed = { ...twin, mergedInto: person.id, version: twin.version + 1 };
    const moved = { ...twinClaim, subjectId: person.id, version: twinClaim.version + 1 };
    const before = { entities: [person, twin], claims: [twinClaim] };
    const after = { entities: [person, absorbed], claims: [moved] };

    const merge = statDeltas(before, after);
    expect(merge.stats).toEqual([
      {
        key: `entity|${EntityKind.PERSON}|PUBLIC`,
        props: { dim: 'entity', kind: EntityKind.PERSON, level: 'PUBLIC' },
        delta: -1,
      },
    ]);
    // The claim's counts stay; only its detainee pair moves from the twin to the survivor.
    expect(merge.facilityClaims).toEqual([
      { key: person.id, delta: [1, 0, 0] },
      { key: twin.id, delta: [-1, 0, 0] },
    ]);
    expect(merge.pairs.map((p) => [p.subjectId, p.delta])).toEqual([
      [person.id, [1, 0, 0]],
      [twin.id, [-1, 0, 0]],
    ]);
    expect(statContributions({ entities: [absorbed], claims: [] }).stats).toEqual([]);

    const split = statDeltas(after, before);
    expect(split.stats.map((s) => [s.props, s.delta])).toEqual([
      [{ dim: 'entity', kind: EntityKind.PERSON, level: 'PUBLIC' }, 1],
    ]);
    expect(split.pairs.map((p) => [p.subjectId, p.delta])).toEqual([
      [twin.id, [1, 0, 0]],
      [person.id, [-1, 0, 0]],
    ]);
  });
});
