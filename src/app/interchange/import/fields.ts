import { EdtfError, parseEdtf } from '../../../domain/edtf';
import type { FuzzyDate } from '../../../domain/model';

/**
 * Readers of one field's text, shared by the parsers: each returns the value,
 * or a message saying what to fix. Nothing here throws for bad input.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const bad = <T>(message: string): Read<T> => ({ ok: false, message });

/** An EDTF date or period ("2014", "2011-03-15", "2012/2014", "..2016"); empty is null. */
export function readDate(text: string | null | undefined): Read<FuzzyDate | null> {
  if (text === null || text === undefined || text.trim() === '') return ok(null);
  try {
    return ok(parseEdtf(text));
  } catch (error) {
    if (error instanceof EdtfError)
      return bad(`${error.message}; write an EDTF date such as 2014, 2014-03 or 2011-03-15/2012.`);
    throw error;
  }
}

/** One of an enum's values, case-insensitive, spaces and dashes read as _; empty is null. */
export function readEnum<T extends string>(
  text: string | null | undefined,
  values: readonly T[],
  what: string,
): Read<T | null> {
  if (text === null || text === undefined || text.trim() === '') return ok(null);
  const wanted = text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  const found = values.find((v) => v === wanted);
  return found ? ok(found) : bad(`"${text}" is not a ${what}; use one of: ${values.join(', ')}.`);
}

/** A decimal number; empty is null. */
export function readNumber(text: string | null | undefined, what: string): Read<number | null> {
  if (text === null || text === undefined || text.trim() === '') return ok(null);
  const value = Number(text.trim());
  return Number.isFinite(value) ? ok(value) : bad(`"${text}" is not a number; write ${what} as digits, e.g. 33.6.`);
}

/** Credibility on the Admiralty scale, 1 (confirmed) to 6 (cannot be judged). */
export function readCredibility(text: string | null | undefined): Read<1 | 2 | 3 | 4 | 5 | 6 | null> {
  if (text === null || text === undefined || text.trim() === '') return ok(null);
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= 1 && value <= 6
    ? ok(value as 1 | 2 | 3 | 4 | 5 | 6)
    : bad(`"${text}" is not a credibility; use a whole number from 1 (confirmed) to 6 (cannot be judged).`);
}

/** Trimmed text; empty is null. */
export function readText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
