import { AccessLevel } from '../domain/model';
import { keyedWords, transliterationKey } from '../domain/names';
import { Redactor, WITHHELD_NAME } from './redaction';

const W = WITHHELD_NAME;

describe('keyedWords', () => {
  it('gives the words of transliterationKey, each with the span of text it stands for', () => {
    for (const text of [
      'Abd al-Rahman al-Shami',
      'عبد الرحمن الشامي',
      "Ba'ath party",
      'Mohammed ar-Rashid, in Saydnaya (Sednaya).',
      'Umm Ahmad bin Ali',
      'X al',
    ]) {
      const words = keyedWords(text);
      expect(words.map((w) => w.key).join(' ')).toBe(transliterationKey(text));
      for (const w of words) expect(transliterationKey(text.slice(w.start, w.end))).toBe(w.key);
    }
    expect(keyedWords('Abd al-Rahman al-Shami').map((w) => 'Abd al-Rahman al-Shami'.slice(w.start, w.end))).toEqual([
      'Abd al-Rahman',
      'al-Shami',
    ]);
  });
});

describe('Redactor', () => {
  const redactor = new Redactor([
    { name: 'Khalid al-Haddad', aliases: ['Abu Omar', 'خالد الحداد'], protection: AccessLevel.RESTRICTED },
    { name: 'Abdulrahman Nasser', aliases: [], protection: AccessLevel.CONFIDENTIAL },
  ]);

  it.each([
    ['Interview with Khalid al-Haddad', `Interview with ${W}`],
    ['Interview with Khaled Haddad', `Interview with ${W}`],
    ['Khalid was seen in the white building', `${W} was seen in the white building`],
    ['the Haddad family', `the ${W} family`],
    ['al-Haddad told us', `${W} told us`],
    ['شهادة خالد الحداد في صيدنايا', `شهادة ${W} في صيدنايا`],
    ['said Abu Omar, a guard', `said ${W}, a guard`],
    ['Omar (the guard)', `${W} (the guard)`],
    ['Abd al-Rahman Nasir was there', `${W} was there`],
    ['ABDURRAHMAN, 34', `${W}, 34`],
  ])('withholds %j', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
    expect(redactor.mentions(text)).toBe(true);
  });

  it.each([
    'Abu Bakr was released',
    'the abundance of evidence',
    'Khalidiya district',
    'bin Laden',
    'Halab',
    'cell 12',
  ])('leaves %j alone: connectives, other words and parts of words are not names', (text) => {
    expect(redactor.redact(text)).toBe(text);
  });

  it('says which clearance a text needs whole', () => {
    expect(redactor.levelNeededFor('Khalid and Abdulrahman')).toBe(AccessLevel.CONFIDENTIAL);
    expect(redactor.levelNeededFor('Khalid alone')).toBe(AccessLevel.RESTRICTED);
    expect(redactor.levelNeededFor('nobody here')).toBeNull();
  });

  it('knows when a substring filter may reach a withheld name', () => {
    expect(redactor.touches('khali')).toBe(true);
    expect(redactor.touches('khalid haddad')).toBe(true);
    expect(redactor.touches('sednaya')).toBe(false);
  });

  it('does not withhold words with digits, which are codes rather than names', () => {
    const coded = new Redactor([{ name: 'Detainee 4471b', aliases: [], protection: AccessLevel.RESTRICTED }]);
    expect(coded.redact('cell 4471b')).toBe('cell 4471b');
    expect(coded.redact('Detainee 4471b said')).toBe(`${W} said`);
  });

  it('is idle with nobody to withhold', () => {
    const none = new Redactor([]);
    expect(none.idle).toBe(true);
    expect(none.redact('Khalid')).toBe('Khalid');
  });
});
