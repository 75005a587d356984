import { idSpellingName } from './ids';

describe('idSpellingName', () => {
  const people = ['Safi al-Yassin', 'صافي الياسين', 'Unnamed former Sednaya guard'];
  const places = ['Sednaya Prison'];

  it('finds an id made from a word of a person’s name, in any transliteration', () => {
    expect(idSpellingName(['clm_a1', 'per_safi_al_yassin'], people, places)).toEqual({
      id: 'per_safi_al_yassin',
      name: 'Safi al-Yassin',
    });
    expect(idSpellingName(['src_interview_yaseen'], people, places)?.id).toBe('src_interview_yaseen');
  });

  it('passes opaque ids, descriptive words and words that name places', () => {
    expect(
      idSpellingName(['per_3f9a0c2b7d1e', 'clm_guard_official_at_sednaya', 'fac_sednaya'], people, places),
    ).toBeNull();
  });
});
