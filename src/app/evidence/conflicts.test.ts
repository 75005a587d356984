import { parseEdtf } from '../../domain/edtf';
import { AccessLevel, ClaimRank, ClaimRecord, ClaimStatus, QuantityQualifier } from '../../domain/model';
import { findQuantityConflicts } from './conflicts';

function figure(
  id: string,
  amount: number,
  qualifier: QuantityQualifier,
  period: string | null,
  status = ClaimStatus.ASSERTED,
): ClaimRecord {
  return {
    id,
    subjectId: 'fac_sednaya',
    predicate: 'DEATH_COUNT',
    objectId: null,
    value: { type: 'QUANTITY', amount, amountMax: null, qualifier, unit: 'people' },
    period: period ? parseEdtf(period) : null,
    status,
    statusReason: null,
    rank: ClaimRank.NORMAL,
    rankReason: null,
    note: null,
    access: AccessLevel.PUBLIC,
    visibility: AccessLevel.PUBLIC,
    textLevel: AccessLevel.PUBLIC,
    createdAt: '',
    updatedAt: '',
    version: 1,
  };
}

describe('findQuantityConflicts', () => {
  const more30k = figure('a', 30000, QuantityQualifier.MORE_THAN, '2011/2013');
  const upTo13k = figure('b', 13000, QuantityQualifier.UP_TO, '2011/2016');
  const atLeast500 = figure('c', 500, QuantityQualifier.AT_LEAST, '2018/2021');

  it('reports figures that cannot both hold over overlapping periods', () => {
    const [conflict, ...rest] = findQuantityConflicts([more30k, upTo13k, atLeast500]);
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ left: { id: 'a' }, right: { id: 'b' }, periodOverlap: 'CERTAIN' });
    expect(conflict!.reason).toBe(
      'more than 30,000 people and up to 13,000 people cannot both hold for the same periods (2011/2013 and 2011/2016).',
    );
  });

  it('does not report figures for periods that cannot overlap, or compatible figures', () => {
    expect(findQuantityConflicts([more30k, atLeast500])).toEqual([]);
    expect(findQuantityConflicts([more30k, figure('d', 20000, QuantityQualifier.AT_LEAST, '2012')])).toEqual([]);
  });

  it('reads "usually up to" as no bound on any single figure, so it conflicts with none', () => {
    const usually = figure('g', 3, QuantityQualifier.USUALLY_UP_TO, '2011/2013');
    expect(findQuantityConflicts([usually, figure('h', 5, QuantityQualifier.EXACT, '2012')])).toEqual([]);
    // The same number as a bound does conflict: the qualifier is what keeps the reading honest.
    const bound = figure('i', 3, QuantityQualifier.UP_TO, '2011/2013');
    expect(findQuantityConflicts([bound, figure('h', 5, QuantityQualifier.EXACT, '2012')])).toHaveLength(1);
  });

  it('treats an undated figure as possibly overlapping, and ignores retracted claims', () => {
    expect(findQuantityConflicts([more30k, figure('e', 100, QuantityQualifier.EXACT, null)])[0]?.periodOverlap).toBe(
      'POSSIBLE',
    );
    expect(
      findQuantityConflicts([more30k, figure('f', 100, QuantityQualifier.EXACT, '2012', ClaimStatus.RETRACTED)]),
    ).toEqual([]);
  });
});
