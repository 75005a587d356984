import { edtfBoundsOverlap } from '../../domain/edtf';
import { ClaimRecord, ClaimStatus, QuantityQualifier, QuantityValue } from '../../domain/model';

export type PeriodOverlap = 'CERTAIN' | 'POSSIBLE';

export interface ClaimConflict {
  predicate: string;
  left: ClaimRecord;
  right: ClaimRecord;
  periodOverlap: PeriodOverlap;
  reason: string;
}

/** The range of true values a reported figure allows ("more than 30,000" allows 30,000 and up). */
export function quantityRange(value: QuantityValue): [number, number] {
  const { amount, amountMax } = value;
  if (amountMax !== null) return [amount, amountMax];
  switch (value.qualifier) {
    case QuantityQualifier.EXACT:
      return [amount, amount];
    case QuantityQualifier.ABOUT:
      // "About" is read generously, so that rounding alone is never reported as a conflict.
      return [amount * 0.8, amount * 1.2];
    case QuantityQualifier.AT_LEAST:
    case QuantityQualifier.MORE_THAN:
      return [amount, Infinity];
    case QuantityQualifier.UP_TO:
      return [0, amount];
    case QuantityQualifier.USUALLY_UP_TO:
      // "Rarely more than" bounds the usual case only: any single value may exceed it.
      return [0, Infinity];
  }
}

/**
 * Figures about the same subject with the same predicate conflict when their
 * periods may overlap and the values they allow cannot both be true. Retracted
 * claims take no part; both sides of a conflict are kept and reported.
 */
export function findQuantityConflicts(claims: readonly ClaimRecord[]): ClaimConflict[] {
  const live = claims.filter((c) => c.status !== ClaimStatus.RETRACTED && c.value?.type === 'QUANTITY');
  const conflicts: ClaimConflict[] = [];
  for (let i = 0; i < live.length; i += 1) {
    for (let j = i + 1; j < live.length; j += 1) {
      const left = live[i]!;
      const right = live[j]!;
      if (left.subjectId !== right.subjectId || left.predicate !== right.predicate) continue;
      const overlap = left.period && right.period ? edtfBoundsOverlap(left.period, right.period) : 'POSSIBLE';
      if (overlap === 'NONE') continue;
      const [lo1, hi1] = quantityRange(left.value as QuantityValue);
      const [lo2, hi2] = quantityRange(right.value as QuantityValue);
      if (hi1 < lo2 || hi2 < lo1) {
        conflicts.push({
          predicate: left.predicate,
          left,
          right,
          periodOverlap: overlap,
          reason: `${describe(left.value as QuantityValue)} and ${describe(right.value as QuantityValue)} cannot both hold for ${overlap === 'CERTAIN' ? 'the same' : 'possibly overlapping'} periods (${left.period?.edtf ?? 'undated'} and ${right.period?.edtf ?? 'undated'}).`,
        });
      }
    }
  }
  return conflicts;
}

function describe(value: QuantityValue): string {
  const amount = value.amount.toLocaleString('en');
  const range = value.amountMax !== null ? `${amount}-${value.amountMax.toLocaleString('en')}` : amount;
  switch (value.qualifier) {
    case QuantityQualifier.EXACT:
      return `${range} ${value.unit}`;
    case QuantityQualifier.ABOUT:
      return `about ${range} ${value.unit}`;
    case QuantityQualifier.AT_LEAST:
      return `at least ${range} ${value.unit}`;
    case QuantityQualifier.MORE_THAN:
      return `more than ${range} ${value.unit}`;
    case QuantityQualifier.UP_TO:
      return `up to ${range} ${value.unit}`;
    case QuantityQualifier.USUALLY_UP_TO:
      return `usually up to ${range} ${value.unit}`;
  }
}
