// Words for codes: predicates, gradings, statuses, periods.

export function predicateLabel(predicate: string): string {
  return predicate.toLowerCase().replace(/_/g, ' ');
}

export function codeLabel(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const RELIABILITY: Readonly<Record<string, string>> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};

const CREDIBILITY: Readonly<Record<number, string>> = {
  1: 'confirmed by other sources',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
};

/** "Source usually reliable (B); information probably true (2)". */
export function gradingText(reliability: string, credibility: number): string {
  return `Source ${RELIABILITY[reliability] ?? reliability} (${reliability}); information ${
    CREDIBILITY[credibility] ?? String(credibility)
  } (${credibility})`;
}

export interface Period {
  edtf: string;
  earliest: string | null;
  latest: string | null;
}

/** "1981/2024-12-08 (from 1981-01-01 to 2024-12-08 at the widest)". */
export function periodText(period: Period | null | undefined): string {
  if (!period) return 'undated';
  const from = period.earliest ?? 'open';
  const to = period.latest ?? 'open';
  if (period.earliest !== null && period.earliest === period.latest) return period.edtf;
  return `${period.edtf} (between ${from} and ${to})`;
}

export interface Quantity {
  amount: number;
  amountMax: number | null;
  qualifier: string;
  unit: string;
}

const QUALIFIER: Readonly<Record<string, string>> = {
  EXACT: '',
  ABOUT: 'about ',
  AT_LEAST: 'at least ',
  MORE_THAN: 'more than ',
  UP_TO: 'up to ',
  USUALLY_UP_TO: 'usually up to ',
};

export function quantityText(quantity: Quantity): string {
  const amount = quantity.amount.toLocaleString('en');
  const range = quantity.amountMax !== null ? `${amount}–${quantity.amountMax.toLocaleString('en')}` : amount;
  return `${QUALIFIER[quantity.qualifier] ?? ''}${range} ${quantity.unit}`;
}

export function bytesText(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

// EDTF bounds, for drawing: the earliest and latest day one side of a period can mean.
// Anything qualified (~ ? %), unspecified (X) or open is not read: null, so that nothing
// is drawn as certain that the source does not make certain.

const DAY = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** [earliest, latest] day of a plain EDTF date (YYYY, YYYY-MM, YYYY-MM-DD), or null. */
export function dateBounds(text: string): [string, string] | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] === undefined) return [`${m[1]}-01-01`, `${m[1]}-12-31`];
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[3] === undefined) return [`${m[1]}-${m[2]}-01`, `${m[1]}-${m[2]}-${pad(daysInMonth(year, month))}`];
  return [`${m[1]}-${m[2]}-${m[3]}`, `${m[1]}-${m[2]}-${m[3]}`];
}

/**
 * The span a period certainly covers: from the latest its start can be to the
 * earliest its end can be, when both sides are plain dates and that span is not
 * empty. A single date ("2012") covers no span for certain.
 */
export function certainSpan(edtf: string): [string, string] | null {
  const slash = edtf.indexOf('/');
  if (slash < 0) return null;
  const start = dateBounds(edtf.slice(0, slash));
  const end = dateBounds(edtf.slice(slash + 1));
  if (!start || !end) return null;
  return start[1] <= end[0] ? [start[1], end[0]] : null;
}

/** Days since 1970 of an ISO date (YYYY-MM-DD), as a number for scales. */
export function dayNumber(iso: string): number {
  const m = /^(-?\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

export function todayIso(): string {
  const now = new Date();
  return `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
}
