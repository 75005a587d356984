import { normalizeText, scoreMatch, searchKeys, searchTerms, transliterationKey } from './names';

describe('normalizeText', () => {
  it.each([
    ['Sednaya Prison', 'sednaya prison'],
    ['SEDNAYA', 'sednaya'],
    ['Sédnaya', 'sednaya'],
    ['Ḥusayn', 'husayn'],
    ['ʿAbd al-Raḥmān', 'abd al rahman'],
    ["Ba'ath", 'baath'],
    ['Ba’ath', 'baath'],
    ['Baʾath', 'baath'],
    ['Ba`ath', 'baath'],
    ['"Caesar" photos', 'caesar photos'],
    ['al-Assad', 'al assad'],
    ['Bashar  al–Assad ', 'bashar al assad'],
    ['Branch 215 (Raid Brigade)', 'branch 215 raid brigade'],
    ['Straße Øresund Łódź', 'strasse oresund lodz'],
    ['ＳＥＤＮＡＹＡ', 'sednaya'],
    ['Sed\u00adnaya', 'sednaya'],
    ['   ', ''],
    ['--', ''],
    // Arabic
    ['بشار الأسد', 'بشار الاسد'],
    ['إدلب', 'ادلب'],
    ['آمنة', 'امنه'],
    ['ٱلأسد', 'الاسد'],
    ['مؤيد', 'مويد'],
    ['رئيس', 'رييس'],
    ['حماة', 'حماه'],
    ['مصطفى', 'مصطفي'],
    ['صَيْدْنَايَا', 'صيدنايا'],
    ['مُحَمَّدٌ', 'محمد'],
    ['سجن صيدنايـــا', 'سجن صيدنايا'],
    ['الفرع ٢١٥', 'الفرع 215'],
    ['فرع ۲۲۷', 'فرع 227'],
    ['ﺑﺸﺎﺭ', 'بشار'],
    ['ی ک', 'ي ك'],
    ['دمشق، سوريا', 'دمشق سوريا'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('transliterationKey', () => {
  it.each([
    [['Sednaya', 'Saydnaya', 'Saidnaya', 'Sidnaya', 'SEDNAYA', 'Sédnaya']],
    [['al-Assad', 'Assad', 'el-Assad', 'Asad', 'Al Assad', 'Alassad']],
    [
      [
        'Abdurrahman',
        'Abdul Rahman',
        'Abd al-Rahman',
        'Abdel Rahman',
        'Abdulrahman',
        'Abd ar-Rahman',
        'ʿAbd al-Raḥmān',
      ],
    ],
    [['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad', 'Muhammed']],
    [['Hussein', 'Husayn', 'Hussain', 'Ḥusayn']],
    [['Omar', 'Umar', 'Omer']],
    [['Alshogre', 'al-Shogre', 'Al Shogre']],
    [['Abdullah', 'Abdallah', 'Abd Allah', 'Abdulla']],
    [['Abdulaziz', 'Abd al-Aziz', 'Abdel Aziz']],
    [['Yusuf', 'Yousef', 'Youssef']],
    [['Raqqa', 'Raqqah', 'al-Raqqa', 'ar-Raqqah', 'Rakka']],
    [['Deir ez-Zor', 'Deir al-Zour', 'Dayr az-Zawr']],
    [['Jabhat al-Nusra', 'Jabhat an-Nusra']],
    [['al-Hol', 'Alhol', 'Al Hol']],
    [['Khaled', 'Khalid']],
    [['Ghouta', 'Ghuta']],
    [['Bashar al-Assad', 'Bashar Assad', 'Bashar el-Assad']],
    [['عبد الرحمن', 'عبدالرحمن']],
    [['الأسد', 'أسد']],
  ])('%j share a key', (names) => {
    const keys = names.map(transliterationKey);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).not.toBe('');
  });

  it.each([
    ['Sednaya', 'Damascus'],
    ['Assad', 'Aleppo'],
    ['Omar', 'Amnesty'],
    ['Bashar', 'Barhoum'],
    ['Mohammed', 'Mahmoud'],
    ['Hussein', 'Hassan'],
    ['Omar', 'Amr'],
    ['Abdullah', 'Abdulrahman'],
    ['Abdullah', 'Abd'],
    ['Branch 215', 'Branch 227'],
    ['Branch 227', 'Branch 27'],
  ])('%j and %j differ', (a, b) => {
    expect(transliterationKey(a)).not.toBe(transliterationKey(b));
  });

  it('gives exact keys', () => {
    expect(transliterationKey('Sednaya Prison')).toBe('sadny prsn');
    expect(transliterationKey('Bashar al-Assad')).toBe('bashr asd');
    expect(transliterationKey('Rami Abdurrahman')).toBe('ram abdrhmn');
    expect(transliterationKey('Alshogre')).toBe('shugr');
    expect(transliterationKey('Omar')).toBe('umr');
  });

  it('keeps "al" where stripping it would leave a fragment', () => {
    expect(transliterationKey('Aleppo')).toBe(transliterationKey('Alepo'));
    expect(transliterationKey('Ali')).not.toBe(transliterationKey('I'));
    expect(transliterationKey('al')).toBe('al');
    expect(transliterationKey('Abu al')).toMatch(/ al$/);
  });

  it('keeps Arabic-script words, minus the article and hamza on the line', () => {
    expect(transliterationKey('سجن صيدنايا')).toBe('سجن صيدنايا');
    expect(transliterationKey('بشار الأسد')).toBe('بشار اسد');
    expect(transliterationKey('علاء')).toBe(transliterationKey('علا'));
  });

  it('leaves digits alone', () => {
    expect(transliterationKey('Branch 215')).toMatch(/ 215$/);
    expect(transliterationKey('1100')).toBe('1100');
  });

  it('is empty for empty text', () => {
    expect(transliterationKey('')).toBe('');
    expect(transliterationKey(' - ')).toBe('');
  });
});

describe('searchKeys', () => {
  it('indexes normalized text and keys of the name and aliases, without duplicates', () => {
    expect(searchKeys(['Bashar al-Assad', 'Bashar Assad', 'بشار الأسد', 'Bashar al-Assad'])).toEqual([
      'bashar al assad',
      'bashr asd',
      'bashar assad',
      'بشار الاسد',
      'بشار اسد',
    ]);
  });

  it('gives Arabic-script names their normalized text only, unless an article or عبد changes the key', () => {
    expect(searchKeys(['سجن صيدنايا'])).toEqual(['سجن صيدنايا']);
    expect(searchKeys(['عبدالرحمن'])).toEqual(['عبدالرحمن', 'عبدرحمن']);
  });

  it('skips names that normalize to nothing', () => {
    expect(searchKeys(['', ' -- ', 'Sednaya'])).toEqual(['sednaya', 'sadny']);
    expect(searchKeys([])).toEqual([]);
  });
});

describe('searchTerms', () => {
  it('gives the normalized query, its key, and the words of both as tokens', () => {
    expect(searchTerms('Abdul Rahman')).toEqual({
      normalized: 'abdul rahman',
      key: 'abdrhmn',
      tokens: ['abdrhmn', 'abdul', 'rahman'],
    });
    expect(searchTerms('  Saydnaya ')).toEqual({ normalized: 'saydnaya', key: 'sadny', tokens: ['sadny', 'saydnaya'] });
    expect(searchTerms('صيدنايا')).toEqual({ normalized: 'صيدنايا', key: 'صيدنايا', tokens: ['صيدنايا'] });
    expect(searchTerms('')).toEqual({ normalized: '', key: '', tokens: [] });
  });
});

describe('scoreMatch', () => {
  const SEDNAYA = ['Sednaya Prison', 'Saydnaya', 'سجن صيدنايا', 'المسلخ البشري'];
  const ASSAD = ['Bashar al-Assad', 'بشار الأسد', 'Bashar Assad'];
  const RAMI = ['Rami Abdurrahman', 'Osama Suleiman'];
  const DAMASCUS = ['Damascus', 'دمشق', 'Dimashq'];

  describe('is case- and diacritic-insensitive', () => {
    it.each(['sednaya', 'SEDNAYA', 'Sédnaya', 'Sednaya', 'sednaya prison', 'SEDNAYA PRISON'])(
      '%j finds Sednaya Prison',
      (q) => {
        expect(scoreMatch(q, SEDNAYA)).toBeGreaterThan(0);
      },
    );
  });

  describe('normalizes Arabic', () => {
    it('finds an alias by a word of it', () => {
      expect(scoreMatch('صيدنايا', SEDNAYA)).toBe(310);
    });
    it('ignores hamza forms', () => {
      expect(scoreMatch('بشار الاسد', ASSAD)).toBe(900);
      expect(scoreMatch('بشار الأسد', ASSAD)).toBe(900);
    });
    it('ignores harakat and tatweel', () => {
      expect(scoreMatch('صَيْدْنَايَا', SEDNAYA)).toBe(310);
      expect(scoreMatch('صيدنـــايا', SEDNAYA)).toBe(310);
      expect(scoreMatch('سِجْن صَيْدنايا', SEDNAYA)).toBe(900);
    });
    it('unifies ta marbuta and ha', () => {
      expect(scoreMatch('حماه', ['Hama', 'حماة'])).toBe(900);
      expect(scoreMatch('حماة', ['Hama', 'حماه'])).toBe(900);
    });
    it('finds a name without its article', () => {
      expect(scoreMatch('أسد', ASSAD)).toBe(310);
      expect(scoreMatch('الأسد', ASSAD)).toBe(310);
      expect(scoreMatch('مسلخ', SEDNAYA)).toBe(500);
    });
  });

  describe('matches transliteration variants', () => {
    it('"Saydnaya" finds "Sednaya Prison"', () => {
      expect(scoreMatch('Saydnaya', ['Sednaya Prison'])).toBe(500);
      expect(scoreMatch('Sidnaya', ['Sednaya Prison'])).toBe(500);
    });
    it('"Abdul Rahman" finds "Rami Abdurrahman"', () => {
      expect(scoreMatch('Abdul Rahman', RAMI)).toBe(310);
      expect(scoreMatch('Rami Abd al-Rahman', RAMI)).toBe(800);
    });
    it('"Assad" finds "Bashar al-Assad"', () => {
      expect(scoreMatch('Assad', ASSAD)).toBe(310);
      expect(scoreMatch('el-Asad', ASSAD)).toBe(310);
      expect(scoreMatch('Bashar el-Asad', ASSAD)).toBe(800);
    });
    it('"Muhammad Husayn" finds "Mohammed Hussein"', () => {
      expect(scoreMatch('Muhammad Husayn', ['Mohammed Hussein'])).toBe(800);
      expect(scoreMatch('husayn', ['Mohammed Hussein'])).toBe(310);
    });
    it('scores 10 more per query token', () => {
      expect(scoreMatch('Hussein', ['Mohammed Hussein Omar'])).toBe(310);
      expect(scoreMatch('Umar Husayn', ['Mohammed Hussein Omar'])).toBe(320);
    });
  });

  describe('matches prefixes', () => {
    it('of the normalized name', () => {
      expect(scoreMatch('sedn', SEDNAYA)).toBe(600);
      expect(scoreMatch('sednaya pri', SEDNAYA)).toBe(600);
    });
    it('of the key', () => {
      expect(scoreMatch('Saidn', SEDNAYA)).toBe(500);
    });
    it('of any word', () => {
      expect(scoreMatch('pris', SEDNAYA)).toBe(310);
      expect(scoreMatch('prison sed', SEDNAYA)).toBe(320);
    });
    it('of a normalized word where the key does not help', () => {
      // "Alexander" drops its "al" in the key; "alex" is too short to.
      expect(scoreMatch('alex', ['Statue of Alexander'])).toBe(200);
    });
  });

  describe('ranks', () => {
    const records: Record<string, string[]> = {
      name: ['Sednaya'],
      alias: ['Sednaya Military Prison', 'Sednaya'],
      variant: ['Saydnaya'],
      namePrefix: ['Sednaya Prison'],
      keyPrefix: ['Saydnaya Prison'],
      word: ['The Red Building of Sednaya'],
      unrelated: ['Damascus'],
    };
    it('exact name > exact alias > key equal > prefix > key prefix > word prefix', () => {
      const scores = Object.fromEntries(
        Object.entries(records).map(([id, names]) => [id, scoreMatch('Sednaya', names)]),
      );
      expect(scores).toEqual({
        name: 1000,
        alias: 900,
        variant: 800,
        namePrefix: 600,
        keyPrefix: 500,
        word: 310,
        unrelated: 0,
      });
    });
    it('takes the best tier over the name and its aliases', () => {
      expect(scoreMatch('saydnaya', SEDNAYA)).toBe(900);
      expect(scoreMatch('sednaya prison', SEDNAYA)).toBe(1000);
    });
    it('puts a normalized word match below every key match', () => {
      expect(scoreMatch('alex', ['Alex'])).toBe(1000);
      expect(scoreMatch('alex', ['Alexandria'])).toBe(600);
      expect(scoreMatch('alex', ['Statue of Alexander'])).toBe(200);
    });
  });

  describe('does not match', () => {
    it.each<[string, string[]]>([
      ['Damascus', SEDNAYA],
      ['Sednaya', DAMASCUS],
      ['Aleppo', ASSAD],
      ['Amnesty', ['Omar']],
      ['Omar', ['Amnesty International']],
      ['Barhoum', ASSAD],
      ['Mahmoud', ['Mohammed Hussein']],
      ['Hassan', ['Mohammed Hussein']],
      ['naya', SEDNAYA],
      ['rison', SEDNAYA],
      ['دمشق', SEDNAYA],
      ['Sednaya Damascus', SEDNAYA],
      ['', SEDNAYA],
      ['  ', SEDNAYA],
      ["'-", SEDNAYA],
      ['Sednaya', []],
      ['Sednaya', ['', '--']],
    ])('%j in %j', (query, names) => {
      expect(scoreMatch(query, names)).toBe(0);
    });
  });

  it('only reports matches that a word-prefix look-up with searchTerms tokens over searchKeys finds', () => {
    const all = [SEDNAYA, ASSAD, RAMI, DAMASCUS, ['Mohammed Hussein Omar'], ['Statue of Alexander'], ['Hama', 'حماة']];
    const queries = [
      'sednaya',
      'Saydnaya',
      'sedn',
      'Saidn',
      'pris',
      'prison sed',
      'صيدنايا',
      'صَيْدْنَايَا',
      'أسد',
      'الأسد',
      'بشار الاسد',
      'مسلخ',
      'Assad',
      'el-Asad',
      'Abdul Rahman',
      'Rami Abd al-Rahman',
      'Umar Husayn',
      'alex',
      'ale',
      'al',
      'a',
      'حماه',
      'Dimashq',
    ];
    for (const names of all) {
      const keyWords = searchKeys(names).flatMap((key) => key.split(' '));
      for (const query of queries) {
        const { tokens } = searchTerms(query);
        const found = tokens.some((t) => keyWords.some((w) => w.startsWith(t)));
        if (scoreMatch(query, names) > 0) expect({ query, names, found }).toEqual({ query, names, found: true });
      }
    }
  });
});
