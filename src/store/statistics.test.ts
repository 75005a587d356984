import { parseEdtf } from '../domain/edtf';
import { BadUserInputError } from '../domain/errors';
import { MAX_STATISTICS_YEARS, YearTally, checkStatisticsQuery, sortCounts, yearOf, yearSpan } from './statistics';

const WINDOW = { fromYear: 2010, toYear: 2026, openEndYear: 2025 };

/** Where an EDTF date counts in WINDOW. */
function spanOf(edtf: string) {
  const date = parseEdtf(edtf);
  return yearSpan(yearOf(date.earliest), yearOf(date.latest), WINDOW);
}

describe('counting fuzzy dates by year', () => {
  it('is certain only when both bounds lie in one year', () => {
    expect(spanOf('2019')).toEqual({ from: 2019, to: 2019, certain: true });
    expect(spanOf('2019-12')).toEqual({ from: 2019, to: 2019, certain: true });
    expect(spanOf('2019-12-08')).toEqual({ from: 2019, to: 2019, certain: true });
    expect(spanOf('2019-21')).toEqual({ from: 2019, to: 2019, certain: true });
  });

  it('is possible in every year the bounds reach otherwise', () => {
    expect(spanOf('2019-12~')).toEqual({ from: 2019, to: 2020, certain: false });
    expect(spanOf('2019-24')).toEqual({ from: 2019, to: 2020, certain: false }); // winter runs into 2020
    expect(spanOf('2011/2013')).toEqual({ from: 2011, to: 2013, certain: false });
    expect(spanOf('2012~')).toEqual({ from: 2011, to: 2013, certain: false });
    expect(spanOf('201X')).toEqual({ from: 2010, to: 2019, certain: false });
  });

  it('clamps to the window, and lets open bounds reach its start or openEndYear, never certain', () => {
    expect(spanOf('1981/2024-12-08')).toEqual({ from: 2010, to: 2024, certain: false });
    expect(spanOf('2015/..')).toEqual({ from: 2015, to: 2025, certain: false });
    expect(spanOf('../2012')).toEqual({ from: 2010, to: 2012, certain: false });
    expect(yearSpan(2020, null, { ...WINDOW, openEndYear: 2030 })).toEqual({ from: 2020, to: 2026, certain: false });
  });

  it('reaches no year of a window it lies outside of', () => {
    expect(spanOf('2005')).toBeNull();
    expect(spanOf('2030/2031')).toBeNull();
    expect(spanOf('2026/..')).toBeNull(); // starts after openEndYear
    expect(spanOf('../2009')).toBeNull();
  });

  it('tallies every year of the window, undated and total', () => {
    const tally = new YearTally({ fromYear: 2018, toYear: 2021, openEndYear: 2021 });
    tally.add(true, 2019, 2019, 2);
    tally.add(true, 2019, 2020);
    tally.add(false, null, null, 3);
    tally.add(true, 1990, 1990);
    expect(tally.series()).toEqual({
      years: [
        { year: 2018, certain: 0, possible: 0 },
        { year: 2019, certain: 2, possible: 1 },
        { year: 2020, certain: 0, possible: 1 },
        { year: 2021, certain: 0, possible: 0 },
      ],
      undated: 3,
      total: 7,
    });
  });
});

describe('statistics queries', () => {
  const valid = { facilityLimit: 5, fromYear: 1970, toYear: 2026, openEndYear: 2026 };

  it('accepts a window of up to MAX_STATISTICS_YEARS years', () => {
    expect(() => checkStatisticsQuery(valid)).not.toThrow();
    expect(() =>
      checkStatisticsQuery({ ...valid, fromYear: 1800, toYear: 1800 + MAX_STATISTICS_YEARS - 1 }),
    ).not.toThrow();
  });

  it.each([
    ['a window too wide', { fromYear: 1800, toYear: 1800 + MAX_STATISTICS_YEARS }, 'fromYear'],
    ['a backward window', { fromYear: 2000, toYear: 1999 }, 'toYear'],
    ['a fractional year', { fromYear: 1999.5 }, 'fromYear'],
    ['a year past 9999', { openEndYear: 10000 }, 'openEndYear'],
    ['a negative limit', { facilityLimit: -1 }, 'facilityLimit'],
  ])('refuses %s', (_name, change, field) => {
    const attempt = () => checkStatisticsQuery({ ...valid, ...change });
    expect(attempt).toThrow(BadUserInputError);
    expect(attempt).toThrow(expect.objectContaining({ field }));
  });

  it('orders open-ended counts most first, then by key, null last, dropping zeros', () => {
    expect(
      sortCounts([
        { key: null, count: 2 },
        { key: 'B', count: 2 },
        { key: 'A', count: 2 },
        { key: 'C', count: 5 },
        { key: 'D', count: 0 },
      ]),
    ).toEqual([
      { key: 'C', count: 5 },
      { key: 'A', count: 2 },
      { key: 'B', count: 2 },
      { key: null, count: 2 },
    ]);
  });
});
