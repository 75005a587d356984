import { parseAsOf } from './as-of';

describe('parseAsOf', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('reads a date as the end of that day, and a date-time as given', () => {
    expect(parseAsOf('2025-03-01', 'asOf', now)!.toISOString()).toBe('2025-03-01T23:59:59.999Z');
    expect(parseAsOf('2025-03-01T08:30:00Z', 'asOf', now)!.toISOString()).toBe('2025-03-01T08:30:00.000Z');
    expect(parseAsOf(null, 'asOf', now)).toBeNull();
    expect(parseAsOf('2026-11-23', 'asOf', now)).toEqual(now);
  });

  it('refuses what is not a date, and the future, saying what to give', () => {
    expect(() => parseAsOf('last March', 'asOf', now)).toThrow(/not a date; give an ISO 8601 date/);
    expect(() => parseAsOf('2025-02-30x', 'asOf', now)).toThrow(/not a date/);
    expect(() => parseAsOf('2027-01-01', 'asOf', now)).toThrow(/in the future/);
  });
});
