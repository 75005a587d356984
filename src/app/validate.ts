import { EdtfError, parseEdtf } from '../domain/edtf';
import type { FuzzyDate } from '../domain/model';
import { BadUserInputError } from '../domain/errors';

export const MAX_NAME = 300;
export const MAX_TEXT = 2000;
export const MAX_ALIASES = 50;

/** A required, trimmed, bounded string; the error names the field and the limit. */
export function requiredText(value: string | null | undefined, field: string, max = MAX_NAME): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new BadUserInputError(`${field} must not be empty.`, field);
  if (trimmed.length > max)
    throw new BadUserInputError(`${field} is ${trimmed.length} characters long; the limit is ${max}.`, field);
  return trimmed;
}

export function optionalText(value: string | null | undefined, field: string, max = MAX_TEXT): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, max);
}

export function textList(values: readonly string[] | null | undefined, field: string): string[] {
  const list = values ?? [];
  if (list.length > MAX_ALIASES)
    throw new BadUserInputError(`${field} has ${list.length} entries; the limit is ${MAX_ALIASES}.`, field);
  const seen = new Set<string>();
  const out: string[] = [];
  list.forEach((value, i) => {
    const text = requiredText(value, `${field}[${i}]`);
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  });
  return out;
}

export function fuzzyDate(value: string | null | undefined, field: string): FuzzyDate | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  try {
    return parseEdtf(value);
  } catch (error) {
    if (error instanceof EdtfError) throw new BadUserInputError(`${field}: ${error.message}`, field);
    throw error;
  }
}

export function numberInRange(
  value: number | null | undefined,
  field: string,
  min: number,
  max: number,
): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new BadUserInputError(`${field} must be a number between ${min} and ${max}; got ${value}.`, field);
  }
  return value;
}
