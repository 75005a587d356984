import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  PlaceType,
  QuantityQualifier,
  newEntityRecord,
} from '../../domain/model';
import type { ClaimRecord, EntityRecord } from '../../domain/model';
import { type EntityProfile, MatchReasonKind, WEIGHTS, keySimilarity, nameReason, scorePair } from './scoring';

const AT = '2026-01-01T00:00:00.000Z';

function person(id: string, name: string, aliases: string[] = []): EntityRecord {
  return newEntityRecord({ id, kind: EntityKind.PERSON, name, aliases, createdAt: AT });
}

let n = 0;
function claim(
  subjectId: string,
  predicate: string,
  objectId: string | null,
  extra: Partial<ClaimRecord> = {},
): ClaimRecord {
  n += 1;
  return {
    id: `clm_${n}`,
    subjectId,
    predicate,
    objectId,
    value: null,
    period: null,
    status: ClaimStatus.ASSERTED,
    statusReason: null,
    rank: ClaimRank.NORMAL,
    rankReason: null,
    note: null,
    access: AccessLevel.PUBLIC,
    visibility: AccessLevel.PUBLIC,
    textLevel: AccessLevel.PUBLIC,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...extra,
  };
}

function profile(entity: EntityRecord, claims: ClaimRecord[] = [], sources: string[] = []): EntityProfile {
  return { entity, claims, sourceIds: new Set(sources) };
}

const label = (id: string) => `<${id}>`;

describe('name reasons', () => {
  it('scores spellings of one Arabic name as a transliteration match', () => {
    const reason = nameReason(person('per_a', 'Abd al-Rahman Khalil'), person('per_b', 'Abdulrahman Khaleel'));
    expect(reason).toEqual({
      kind: MatchReasonKind.TRANSLITERATION_MATCH,
      detail: expect.stringContaining('"Abd al-Rahman Khalil" and "Abdulrahman Khaleel"'),
      weight: WEIGHTS.transliteration,
    });
  });

  it('prefers the same name, then an alias, over a transliteration', () => {
    expect(nameReason(person('per_a', 'Mazen Hamada'), person('per_b', 'mazen  HAMADA'))?.kind).toBe(
      MatchReasonKind.SAME_NAME,
    );
    const alias = nameReason(person('per_a', 'Abu Omar', ['Omar Hassan']), person('per_b', 'Omar Hassan'));
    expect(alias).toMatchObject({ kind: MatchReasonKind.ALIAS_MATCH, weight: WEIGHTS.aliasMatch });
  });

  it('reports names that are only alike with their similarity, and unrelated names not at all', () => {
    // One more word: alike, a little less for it.
    const longer = nameReason(person('per_a', 'Mazen Hamada'), person('per_b', 'Mazen Hamadi Saleh'));
    expect(longer).toMatchObject({ kind: MatchReasonKind.SIMILAR_NAME, weight: 0.495 });
    // Two buildings of one prison share most of their names, but not the word that tells them apart.
    expect(
      nameReason(person('fac_a', 'Sednaya Prison, Red Building'), person('fac_b', 'Sednaya Prison, White Building')),
    ).toBeNull();
    // Acronyms a letter apart are different organisations.
    expect(nameReason(person('org_a', 'SNHR'), person('org_b', 'SOHR'))).toBeNull();
    const close = nameReason(person('per_a', 'Khaled Darwish'), person('per_b', 'Khaled Darwesh'));
    expect(close?.kind).toBe(MatchReasonKind.TRANSLITERATION_MATCH);
    const typo = nameReason(person('per_a', 'Bashar Barakat'), person('per_b', 'Bashar Barakar'));
    expect(typo?.kind).toBe(MatchReasonKind.SIMILAR_NAME);
    expect(typo!.weight).toBeGreaterThan(0.4);
    expect(typo!.weight).toBeLessThan(WEIGHTS.transliteration);
    expect(nameReason(person('per_a', 'Ali Mahmoud'), person('per_b', 'Fatima Noor'))).toBeNull();
  });

  it('measures key similarity by edit distance', () => {
    expect(keySimilarity('abc', 'abc')).toBe(1);
    expect(keySimilarity('abcd', 'abce')).toBe(0.75);
    expect(keySimilarity('', '')).toBe(0);
  });
});

describe('scorePair', () => {
  it('adds shared counterparts and sources to a name match, with a reason for each', () => {
    const a = person('per_a', 'Abd al-Rahman Khalil');
    const b = person('per_b', 'Abdulrahman Khaleel');
    const pa = profile(a, [claim('per_a', 'DETAINED_AT', 'fac_sednaya')], ['src_1', 'src_2']);
    const pb = profile(b, [claim('per_b', 'DETAINED_AT', 'fac_sednaya')], ['src_2']);
    const { score, reasons } = scorePair(pa, pb, label);
    expect(reasons.map((r) => r.kind)).toEqual([
      MatchReasonKind.TRANSLITERATION_MATCH,
      MatchReasonKind.SHARED_COUNTERPART,
      MatchReasonKind.SHARED_SOURCE,
    ]);
    expect(reasons[1]!.detail).toBe('both DETAINED_AT <fac_sednaya>');
    expect(reasons[2]!.detail).toBe('1 source in common: <src_2>');
    expect(score).toBeCloseTo(WEIGHTS.transliteration + WEIGHTS.sharedCounterpart + WEIGHTS.sharedSource, 5);
  });

  it('caps what counterparts add, and scores no pair above 1', () => {
    const facilities = ['fac_1', 'fac_2', 'fac_3', 'fac_4', 'fac_5'];
    const a = profile(
      person('per_a', 'Omar Hassan'),
      facilities.map((f) => claim('per_a', 'DETAINED_AT', f)),
    );
    const b = profile(
      person('per_b', 'Omar Hassan'),
      facilities.map((f) => claim('per_b', 'DETAINED_AT', f)),
    );
    const { score, reasons } = scorePair(a, b, label);
    const counterparts = reasons.filter((r) => r.kind === MatchReasonKind.SHARED_COUNTERPART);
    expect(counterparts.reduce((s, r) => s + r.weight, 0)).toBeCloseTo(WEIGHTS.maxSharedCounterparts, 5);
    expect(score).toBe(1);
  });

  it('counts against records linked to each other and dates that cannot be one person', () => {
    const a = person('per_a', 'Omar Hassan');
    const b = person('per_b', 'Omar Hassan');
    const linked = scorePair(profile(a, [claim('per_a', 'RELATIVE_OF', 'per_b')]), profile(b), label);
    expect(linked.reasons.map((r) => r.kind)).toContain(MatchReasonKind.LINKED_TO_EACH_OTHER);
    expect(linked.score).toBeCloseTo(WEIGHTS.sameName + WEIGHTS.linked, 5);

    const age = (id: string, years: number, year: number) =>
      claim(id, 'AGE', null, {
        value: { type: 'QUANTITY', amount: years, amountMax: null, qualifier: QuantityQualifier.EXACT, unit: 'years' },
        period: { edtf: String(year), earliest: `${year}-01-01`, latest: `${year}-12-31` },
      });
    const apart = scorePair(profile(a, [age('per_a', 30, 2012)]), profile(b, [age('per_b', 60, 2012)]), label);
    expect(apart.reasons.find((r) => r.kind === MatchReasonKind.INCOMPATIBLE_DATES)?.detail).toContain('30 years');
    const fits = scorePair(profile(a, [age('per_a', 30, 2012)]), profile(b, [age('per_b', 33, 2015)]), label);
    expect(fits.reasons.map((r) => r.kind)).toContain(MatchReasonKind.COMPATIBLE_DATES);
    expect(fits.score).toBeGreaterThan(apart.score);

    const died = claim('per_a', 'DIED_AT', 'fac_1', {
      period: { edtf: '2013', earliest: '2013-01-01', latest: '2013-12-31' },
    });
    const later = claim('per_b', 'DETAINED_AT', 'fac_2', {
      period: { edtf: '2016', earliest: '2016-01-01', latest: '2016-12-31' },
    });
    const ghost = scorePair(profile(a, [died]), profile(b, [later]), label);
    expect(ghost.reasons.map((r) => r.kind)).toContain(MatchReasonKind.INCOMPATIBLE_DATES);
  });

  it('weighs places by distance and type', () => {
    const place = (id: string, lat: number, lon: number, placeType: PlaceType) =>
      newEntityRecord({
        id,
        kind: EntityKind.PLACE,
        name: 'Saydnaya',
        latitude: lat,
        longitude: lon,
        placeType,
        createdAt: AT,
      });
    const near = scorePair(
      profile(place('plc_a', 33.69, 36.37, PlaceType.TOWN)),
      profile(place('plc_b', 33.7, 36.38, PlaceType.TOWN)),
      label,
    );
    expect(near.reasons.map((r) => r.kind)).toEqual([MatchReasonKind.SAME_NAME, MatchReasonKind.NEAR_LOCATION]);
    const far = scorePair(
      profile(place('plc_a', 33.69, 36.37, PlaceType.TOWN)),
      profile(place('plc_b', 36.2, 37.15, PlaceType.CITY)),
      label,
    );
    expect(far.reasons.filter((r) => r.kind === MatchReasonKind.DIFFERENT_LOCATION_OR_TYPE)).toHaveLength(2);
    expect(far.score).toBeLessThan(near.score);
  });

  it('scores 0 without a name match, whatever else is shared', () => {
    const a = profile(person('per_a', 'Ali Mahmoud'), [claim('per_a', 'DETAINED_AT', 'fac_1')], ['src_1']);
    const b = profile(person('per_b', 'Fatima Noor'), [claim('per_b', 'DETAINED_AT', 'fac_1')], ['src_1']);
    expect(scorePair(a, b, label)).toEqual({ score: 0, reasons: [] });
  });
});
