import { describePeriod } from './sentences';

describe('describePeriod', () => {
  it('says a period in words, telling an unknown side from an open one', () => {
    expect(describePeriod('2011/2013')).toBe('2011 to 2013');
    expect(describePeriod('../2016')).toBe('until 2016');
    expect(describePeriod('2011/..')).toBe('2011 onwards');
    // The pilot's stay at Sednaya: it ended on his release; when it began, no source says.
    expect(describePeriod('/2024-12-08')).toBe('until 2024-12-08, start unknown');
    expect(describePeriod('2011/')).toBe('from 2011, end unknown');
    expect(describePeriod('2012~')).toBe('2012 (approximately)');
  });
});
