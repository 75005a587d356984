// The moment the page reads the graph at: null for the present, else an ISO
// date (YYYY-MM-DD, read by the server as the end of that day, UTC). Kept per tab.

const AS_OF_KEY = 'athar.explorer.asOf';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function getAsOf(): string | null {
  const value = sessionStorage.getItem(AS_OF_KEY);
  return value && DATE.test(value) ? value : null;
}

export function setAsOf(value: string | null): void {
  if (value && DATE.test(value)) sessionStorage.setItem(AS_OF_KEY, value);
  else sessionStorage.removeItem(AS_OF_KEY);
}

/**
 * The id a root `node(id:, asOf:)` is asked for when an operation's own root
 * field takes no asOf (search, connections): the server applies one asOf to the
 * whole operation, so asking it there reads everything else at that moment too.
 */
export const AS_OF_PIN_ID = 'asof-pin';

/** Variables every read sends: asOf (null for the present) and the pin's id. */
export function asOfVars(): { asOf: string | null; pin: string } {
  return { asOf: getAsOf(), pin: AS_OF_PIN_ID };
}
