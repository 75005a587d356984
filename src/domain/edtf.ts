/**
 * Uncertain dates, written in EDTF (ISO 8601-2, Library of Congress EDTF
 * levels 0 and 1), and the calendar bounds they imply, so that periods can be
 * compared and sorted without understanding EDTF.
 *
 * Accepted forms (see parseEdtf):
 *   2011, 2011-03, 2011-03-15          year, month, day
 *   2011-21 .. 2011-24                 seasons: spring, summer, autumn, winter
 *   201X, 20XX, 2011-XX, 2011-03-XX    unspecified digits (from the right)
 *   2012?, 2012~, 2012%                uncertain, approximate, both
 *   2011/2013, /2016, 2011/            intervals; an empty side is unknown
 *   ../2016, 2011/..                   intervals open on one side
 *   ..2016, 2011..                     shorthand our users type for the above
 *
 * Bounds are YYYY-MM-DD strings (years 0000-9999), so they compare as strings.
 */
import type { FuzzyDate } from './model';

const EXAMPLES = 'expected forms like 2011, 2011-03, 2011-03-15, 2011/2013, 2012~, ..2016';

/** A text that is not an EDTF date this module accepts. The message says why and shows accepted forms. */
export class EdtfError extends Error {
  /** The text as given. */
  readonly input: string;
  constructor(input: string, reason?: string) {
    super(`"${input}" is not a valid EDTF date: ${reason ? `${reason}; ` : ''}${EXAMPLES}`);
    this.name = 'EdtfError';
    this.input = input;
  }
}

/** The part of a FuzzyDate that comparisons need. A null bound is open (unknown or unbounded). */
export type DateBounds = Pick<FuzzyDate, 'earliest' | 'latest'>;

export type BoundsOverlap = 'CERTAIN' | 'POSSIBLE' | 'NONE';

interface Day {
  y: number;
  m: number;
  d: number;
}

type Precision = 'year' | 'season' | 'month' | 'day';

interface ParsedDate {
  /** Canonical text of this side (x written as X). */
  text: string;
  earliest: Day;
  latest: Day;
}

const MIN_DAY: Day = { y: 0, m: 1, d: 1 };
const MAX_DAY: Day = { y: 9999, m: 12, d: 31 };

/** Season code -> first month; each season spans three months (winter runs into the next year). */
const SEASON_START: Record<number, number> = { 21: 3, 22: 6, 23: 9, 24: 12 };

const DATE_RE = /^(\d{4}|\d{3}X|\d{2}XX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?([?~%])?$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function compareDays(a: Day, b: Day): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

function clamp(day: Day): Day {
  if (compareDays(day, MIN_DAY) < 0) return MIN_DAY;
  if (compareDays(day, MAX_DAY) > 0) return MAX_DAY;
  return day;
}

function formatDay(day: Day): string {
  const { y, m, d } = clamp(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** First day of the month `delta` months away from (y, m). */
function firstOfMonth(y: number, m: number, delta = 0): Day {
  const index = y * 12 + (m - 1) + delta;
  return { y: Math.floor(index / 12), m: (((index % 12) + 12) % 12) + 1, d: 1 };
}

/** Last day of the month `delta` months away from (y, m). */
function lastOfMonth(y: number, m: number, delta = 0): Day {
  const first = firstOfMonth(y, m, delta);
  return { ...first, d: daysInMonth(first.y, first.m) };
}

function previousDay({ y, m, d }: Day): Day {
  if (d > 1) return { y, m, d: d - 1 };
  return lastOfMonth(y, m, -1);
}

function nextDay({ y, m, d }: Day): Day {
  if (d < daysInMonth(y, m)) return { y, m, d: d + 1 };
  return firstOfMonth(y, m, 1);
}

/**
 * One side of an interval, or a whole single date. `whole` is the full input,
 * for the error message.
 */
function parseDate(raw: string, whole: string): ParsedDate {
  const text = raw.replace(/x/g, 'X');
  const match = DATE_RE.exec(text);
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}T/.test(text))
      throw new EdtfError(whole, 'times of day are not accepted, give the date only');
    if (/^-|^Y/.test(text)) throw new EdtfError(whole, 'years must have four digits, 0000 to 9999');
    throw new EdtfError(whole);
  }
  const [, yearText, monthText, dayText, qualifier] = match;
  const unspecifiedYear = yearText.includes('X');
  if (unspecifiedYear && monthText !== undefined) {
    throw new EdtfError(whole, `a year with unspecified digits (${yearText}) cannot have a month or day`);
  }

  let precision: Precision;
  let earliest: Day;
  let latest: Day;
  if (unspecifiedYear) {
    precision = 'year';
    earliest = { y: Number(yearText.replace(/X/g, '0')), m: 1, d: 1 };
    latest = { y: Number(yearText.replace(/X/g, '9')), m: 12, d: 31 };
  } else {
    const y = Number(yearText);
    if (monthText === undefined || monthText === 'XX') {
      if (dayText !== undefined && dayText !== 'XX') {
        throw new EdtfError(whole, 'a day cannot be given when the month is unspecified (XX)');
      }
      precision = 'year';
      earliest = { y, m: 1, d: 1 };
      latest = { y, m: 12, d: 31 };
    } else {
      const m = Number(monthText);
      if (m >= 21 && m <= 24) {
        if (dayText !== undefined) throw new EdtfError(whole, `a season (${monthText}) cannot have a day`);
        precision = 'season';
        earliest = firstOfMonth(y, SEASON_START[m]);
        latest = lastOfMonth(y, SEASON_START[m], 2);
      } else if (m < 1 || m > 12) {
        throw new EdtfError(whole, `month ${monthText} is not 01-12 or a season 21-24`);
      } else if (dayText === undefined || dayText === 'XX') {
        precision = 'month';
        earliest = { y, m, d: 1 };
        latest = { y, m, d: daysInMonth(y, m) };
      } else {
        const d = Number(dayText);
        const last = daysInMonth(y, m);
        if (d < 1 || d > last)
          throw new EdtfError(whole, `day ${dayText} is not 01-${last} in ${yearText}-${monthText}`);
        precision = 'day';
        earliest = { y, m, d };
        latest = { y, m, d };
      }
    }
  }

  if (qualifier === '~' || qualifier === '%') {
    // Approximate: widen by one unit of the precision on each side.
    switch (precision) {
      case 'year':
        earliest = { y: earliest.y - 1, m: 1, d: 1 };
        latest = { y: latest.y + 1, m: 12, d: 31 };
        break;
      case 'season':
        earliest = firstOfMonth(earliest.y, earliest.m, -3);
        latest = lastOfMonth(latest.y, latest.m, 3);
        break;
      case 'month':
        earliest = firstOfMonth(earliest.y, earliest.m, -1);
        latest = lastOfMonth(latest.y, latest.m, 1);
        break;
      case 'day':
        earliest = previousDay(earliest);
        latest = nextDay(latest);
        break;
    }
  }
  return { text, earliest: clamp(earliest), latest: clamp(latest) };
}

/** One side of an interval: a date, or null when unknown ('') or open ('..'). */
function parseSide(raw: string, whole: string): ParsedDate | null {
  const text = raw.trim();
  return text === '' || text === '..' ? null : parseDate(text, whole);
}

/**
 * Parses an EDTF date or interval into its text and calendar bounds.
 *
 * - `?` (uncertain) keeps the bounds; `~` (approximate) and `%` (both) widen
 *   them by one unit of the date's precision on each side: a year (also for
 *   201X and 2011-XX), three months for a season, a month, a day.
 * - `X` digits cover every value they could stand for (201X: 2010-2019).
 * - An interval runs from its start's earliest to its end's latest bound; an
 *   empty side (unknown) or `..` (open) gives a null bound. The start's
 *   earliest bound must not be after the end's latest.
 * - `edtf` is the trimmed text, with x written X, no spaces around `/`, and
 *   the shorthands `..2016` and `2011..` rewritten as `../2016` and `2011/..`.
 *
 * @throws EdtfError for anything else, naming the problem.
 */
export function parseEdtf(text: string): FuzzyDate {
  const input = text.trim();
  if (input === '') throw new EdtfError(input, 'the text is empty');

  let startRaw: string;
  let endRaw: string;
  if (input.includes('/')) {
    const parts = input.split('/');
    if (parts.length !== 2) throw new EdtfError(input, 'an interval has exactly one "/"');
    [startRaw, endRaw] = parts.map((p) => p.trim());
  } else if (input.startsWith('..') && input.length > 2) {
    [startRaw, endRaw] = ['..', input.slice(2).trim()];
  } else if (input.endsWith('..') && input.length > 2) {
    [startRaw, endRaw] = [input.slice(0, -2).trim(), '..'];
  } else {
    const date = parseDate(input, input);
    return { edtf: date.text, earliest: formatDay(date.earliest), latest: formatDay(date.latest) };
  }

  if (startRaw.includes('..') && startRaw !== '..') throw new EdtfError(input);
  if (endRaw.includes('..') && endRaw !== '..') throw new EdtfError(input);
  const start = parseSide(startRaw, input);
  const end = parseSide(endRaw, input);
  if (start === null && end === null) throw new EdtfError(input, 'an interval needs a date on at least one side');
  if (start !== null && end !== null && compareDays(start.earliest, end.latest) > 0) {
    throw new EdtfError(input, `the interval starts (${start.text}) after it ends (${end.text})`);
  }
  return {
    edtf: `${start ? start.text : startRaw}/${end ? end.text : endRaw}`,
    earliest: start ? formatDay(start.earliest) : null,
    latest: end ? formatDay(end.latest) : null,
  };
}

/**
 * Whether two dates, read as periods [earliest, latest] (a null bound is
 * open, i.e. unbounded on that side), overlap:
 *
 * - NONE: the ranges cannot overlap (one ends before the other begins).
 * - CERTAIN: both are fully bounded and one range lies within the other
 *   (which implies they intersect). For example 2011 and 2011-03-15.
 * - POSSIBLE: anything else — the ranges intersect only partly, or a bound
 *   is open so the extent of the period is not known.
 *
 * The containment rule is a deliberately simple, conservative reading: it is
 * not a probability, just "the smaller period sits inside the larger one".
 */
export function edtfBoundsOverlap(a: DateBounds, b: DateBounds): BoundsOverlap {
  if (a.latest !== null && b.earliest !== null && a.latest < b.earliest) return 'NONE';
  if (b.latest !== null && a.earliest !== null && b.latest < a.earliest) return 'NONE';
  if (a.earliest === null || a.latest === null || b.earliest === null || b.latest === null) return 'POSSIBLE';
  const aInB = b.earliest <= a.earliest && a.latest <= b.latest;
  const bInA = a.earliest <= b.earliest && b.latest <= a.latest;
  return aInB || bInA ? 'CERTAIN' : 'POSSIBLE';
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Order for sorting dates: by earliest bound (open/null first), then latest
 * bound (open/null last), then the EDTF text.
 */
export function compareFuzzyDates(a: FuzzyDate, b: FuzzyDate): number {
  if (a.earliest !== b.earliest) {
    if (a.earliest === null) return -1;
    if (b.earliest === null) return 1;
    return compareStrings(a.earliest, b.earliest);
  }
  if (a.latest !== b.latest) {
    if (a.latest === null) return 1;
    if (b.latest === null) return -1;
    return compareStrings(a.latest, b.latest);
  }
  return compareStrings(a.edtf, b.edtf);
}
