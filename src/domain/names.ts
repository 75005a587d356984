/**
 * Name search that both store adapters share, so that they find and rank the
 * same records: adapters index `searchKeys(name + aliases)`, look candidates
 * up with `searchTerms(query).tokens` (a candidate has a search key with a
 * word starting with one of the tokens), and the service ranks candidates
 * with `scoreMatch`.
 *
 * Every match scoreMatch reports is anchored at the start of a word of one of
 * the record's search keys, so a word-prefix lookup over searchKeys with the
 * tokens of searchTerms never misses a record that scoreMatch would score.
 *
 * Two layers:
 * - normalizeText: case, diacritics, Arabic spelling variants, punctuation.
 * - transliterationKey: a coarse phonetic key for Latin transliterations of
 *   Arabic names (Sednaya/Saydnaya, al-Assad/Assad, Abdul Rahman/Abdurrahman,
 *   Mohammed/Muhammad, Hussein/Husayn, Omar/Umar), and the Arabic article and
 *   عبد compounds in Arabic script. It trades precision for recall: some
 *   different names share a key (Hussein/Hosni, Ali/Alaa, Amr/Amir), which
 *   ranking by the exact tiers above key equality keeps in check.
 */

/** Apostrophes and quotation marks, removed rather than spaced: "Ba'ath" is "baath", "ʿAbd" is "abd". */
const QUOTES = /['’‘‛`´ʹʻʼʽʾʿ′″"“”„‟«»‹›]/gu;

/** Letters that NFKD leaves alone, and Arabic spelling variants. Applied after lowercasing. */
const LETTER_MAP: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ħ: 'h',
  ı: 'i',
  // Alef with hamza or madda (NFKD already splits most of these), alef wasla.
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  // Hamza on waw and on ya.
  ؤ: 'و',
  ئ: 'ي',
  // Ta marbuta, alef maqsura, and the Persian letters Arabic text is often typed with.
  ة: 'ه',
  ى: 'ي',
  ی: 'ي',
  ک: 'ك',
  ھ: 'ه',
};

const ARABIC_INDIC_ZERO = 0x0660;
const EXTENDED_ARABIC_INDIC_ZERO = 0x06f0;

function mapChar(ch: string): string {
  const mapped = LETTER_MAP[ch];
  if (mapped !== undefined) return mapped;
  const code = ch.codePointAt(0) ?? 0;
  if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) return String(code - ARABIC_INDIC_ZERO);
  if (code >= EXTENDED_ARABIC_INDIC_ZERO && code <= EXTENDED_ARABIC_INDIC_ZERO + 9) {
    return String(code - EXTENDED_ARABIC_INDIC_ZERO);
  }
  return ch;
}

/**
 * Folds text for comparison: NFKD, no combining marks (Latin diacritics,
 * Arabic harakat and tanwin U+064B-U+065F, superscript alef U+0670, hamza
 * marks), no tatweel or invisible format characters, lowercase; Arabic alef,
 * hamza-carrier, ta marbuta and alef maqsura variants unified; Arabic-Indic
 * digits as ASCII; apostrophes and quotes removed; every other non-letter,
 * non-digit run (hyphens, punctuation, spaces) a single space; trimmed.
 */
export function normalizeText(s: string): string {
  return Array.from(
    s
      .replace(QUOTES, '')
      .normalize('NFKD')
      .replace(QUOTES, '')
      .replace(/[\p{M}\u0640\p{Cf}]/gu, '')
      .toLowerCase(),
    mapChar,
  )
    .join('')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// --- Transliteration key ---------------------------------------------------

const LATIN_WORD = /^[a-z0-9]+$/;
const VOWELS = 'aeiou';
/** "ad-Din", "ar-Rahman", "ash-Sham", "an-Nusra", "ez-Zor": the article assimilated to a sun letter. */
const SUN_ARTICLE = /^[aeiu](sh|th|dh|[dnrstz])$/;
/** A separate first half of an عبد compound: abd, abdul, abdel, abdoul, abdur, abdus, abdu... */
const ABD_WORD = /^abd(?:[aeiou]{1,2}(?:l|sh|[dnrstz])?)?$/;
const ARABIC_ABD = 'عبد';
const ARABIC_ARTICLE = 'ال';

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.includes(ch);
}

/**
 * Drops articles:
 * - "al"/"el" as a word of its own (not the last word);
 * - an assimilated article ("ar" before "rahman", "ash" before "sham");
 * - "al" glued to a Latin word when what remains still looks like a word:
 *   at least 3 letters starting with a consonant ("alshogre" -> "shogre",
 *   "alhol" -> "hol"), or at least 5 starting with a vowel ("alassad" ->
 *   "assad"). So "aleppo", "alan", "ali", "alice" keep their "al"; a few
 *   non-Arabic names lose it ("albert" -> "bert"), which is harmless because
 *   indexing and querying use the same key;
 * - the Arabic article ال glued to a word of at least two more letters, or as
 *   a word of its own.
 */
function stripArticles(words: string[]): string[] {
  const out: string[] = [];
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (next !== undefined) {
      if (word === 'al' || word === 'el' || word === ARABIC_ARTICLE) return;
      const sun = SUN_ARTICLE.exec(word);
      if (sun && next.startsWith(sun[1])) return;
    }
    if (LATIN_WORD.test(word) && word.startsWith('al')) {
      const rest = word.slice(2);
      if (/^[a-z]+$/.test(rest) && rest.length >= (isVowel(rest[0]) ? 5 : 3)) {
        out.push(rest);
        return;
      }
    }
    if (word.startsWith(ARABIC_ARTICLE) && word.length >= ARABIC_ARTICLE.length + 2) {
      out.push(word.slice(ARABIC_ARTICLE.length));
      return;
    }
    out.push(word);
  });
  return out;
}

/**
 * عبد compounds as one word, "abd" + the divine name without its article:
 * "Abdul Rahman", "Abd al-Rahman", "Abdel Rahman", "Abdurrahman",
 * "Abdulrahman" all become "abdrahman" (then "abdrrahman" collapses), and
 * Abdullah, Abdallah, Abd Allah, Abdulla become "abdla"; in
 * Arabic script "عبد الرحمن" and "عبدالرحمن" both become "عبدرحمن".
 */
function joinAbd(words: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const next = words[i + 1];
    if (next !== undefined && (ABD_WORD.test(word) || word === ARABIC_ABD)) {
      joined.push(word + next);
      i++;
    } else {
      joined.push(word);
    }
  }
  return joined.map((word) => {
    if (LATIN_WORD.test(word) && word.startsWith('abd')) {
      const rest = word.slice(3).replace(/^[aeiou]+/, '');
      // Abdullah, Abdallah, Abd Allah, Abdulla: keep the "l" of Allah.
      return 'abd' + (/^l+[aeiou]+h?$/.test(rest) ? 'la' : rest.replace(/^l+/, ''));
    }
    if (word.startsWith(ARABIC_ABD + ARABIC_ARTICLE) && word.length > ARABIC_ABD.length + ARABIC_ARTICLE.length) {
      return ARABIC_ABD + word.slice(ARABIC_ABD.length + ARABIC_ARTICLE.length);
    }
    return word;
  });
}

/** Consonant spellings that vary between transliterations, as [spelling, replacement], applied in order. */
const CONSONANT_VARIANTS: ReadonlyArray<[RegExp, string]> = [
  [/dj/g, 'j'], // Djamel, Jamal
  [/ch/g, 'sh'], // Chadi, Shadi (French)
  [/ph/g, 'f'],
  [/ck/g, 'k'],
  [/dh/g, 'z'], // ذ/ظ: Dhahir, Zahir
  [/th/g, 't'], // ث: Othman, Otman
  [/q/g, 'k'], // ق: Qasim, Kasim
  [/c/g, 'k'],
  // Digraphs for single Arabic letters become one placeholder each (the text is lowercase).
  [/sh/g, 'S'],
  [/kh/g, 'K'],
  [/gh/g, 'G'],
];
const PLACEHOLDERS: Record<string, string> = { S: 'sh', K: 'kh', G: 'gh' };

/**
 * The vowel run at `start`: vowels, and y/w not followed by a vowel (a glide,
 * as in "Saydnaya", "Zawr"). A y or w before a vowel is a consonant.
 */
function vowelRunEnd(word: string, start: number): number {
  let i = start;
  while (i < word.length) {
    const ch = word[i];
    if (isVowel(ch) || ((ch === 'y' || ch === 'w') && !isVowel(word[i + 1]))) i++;
    else break;
  }
  return i;
}

/**
 * One Latin word's key: the first letter (a consonant) or vowel class, the
 * class of the first vowel sound ("u" when it has o, u or w in it, else "a":
 * Omar/Umar -> "u", Sednaya/Saydnaya/Sidnaya -> "a", Mohammed/Muhammad ->
 * "u" but Mahmoud -> "a"), then the consonants, with later vowels and glides
 * dropped. Doubled letters are collapsed first and a final "h" after a vowel
 * is dropped (Raqqah/Raqqa, Abdullah/Abdulla). Digits are kept as they are.
 */
function foldLatinWord(input: string): string {
  let word = input;
  for (const [pattern, replacement] of CONSONANT_VARIANTS) word = word.replace(pattern, replacement);
  if (word.length > 2) word = word.replace(/([aeiou])h$/, '$1');
  word = word.replace(/([a-zSKG])\1+/g, '$1');

  let head = '';
  let pos = 0;
  if (!isVowel(word[0])) {
    head = word[0];
    pos = 1;
  }
  const runEnd = vowelRunEnd(word, pos);
  if (runEnd > pos) head += /[ouw]/.test(word.slice(pos, runEnd)) ? 'u' : 'a';

  let skeleton = '';
  for (let i = runEnd; i < word.length; i++) {
    const ch = word[i];
    if (isVowel(ch)) continue;
    if ((ch === 'y' || ch === 'w') && !isVowel(word[i + 1])) continue;
    skeleton += ch;
  }
  return (head + skeleton).replace(/[SKG]/g, (ch) => PLACEHOLDERS[ch]);
}

function foldWord(word: string): string {
  if (LATIN_WORD.test(word)) return foldLatinWord(word);
  // Other scripts (Arabic) keep their normalized spelling, without hamza on the line (علاء, علا).
  return word.replace(/ء/g, '') || word;
}

/**
 * A coarse phonetic key, word by word after normalizeText, so that common
 * transliteration variants of an Arabic name get the same key: articles
 * dropped (stripArticles), عبد compounds joined (joinAbd), each Latin word
 * folded to its consonant skeleton (foldLatinWord). Words are joined by
 * single spaces. Arabic-script words keep their spelling, minus the article.
 */
export function transliterationKey(s: string): string {
  const words = normalizeText(s)
    .split(' ')
    .filter((w) => w !== '');
  return joinAbd(stripArticles(words)).map(foldWord).join(' ');
}

// --- Indexing and querying -------------------------------------------------

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

function wordsOf(s: string): string[] {
  return s.split(' ').filter((w) => w !== '');
}

/**
 * What to index for a record's name and aliases: the normalized text and the
 * transliteration key of each, without empties or duplicates. (An Arabic-script
 * name's key differs from its normalized text only where it drops the article
 * or joins عبد, and it is needed then so that the tokens of searchTerms reach it.)
 */
export function searchKeys(names: string[]): string[] {
  return unique(names.flatMap((name) => [normalizeText(name), transliterationKey(name)]));
}

export interface SearchTerms {
  /** normalizeText of the query. */
  normalized: string;
  /** transliterationKey of the query. */
  key: string;
  /**
   * The words of the key, then those words of the normalized query that are
   * not already there, for candidate look-up: a record is a candidate when one
   * of its searchKeys has a word starting with one of these tokens.
   */
  tokens: string[];
}

export function searchTerms(query: string): SearchTerms {
  const normalized = normalizeText(query);
  const key = transliterationKey(query);
  return { normalized, key, tokens: unique([...wordsOf(key), ...wordsOf(normalized)]) };
}

/** Every query word is a prefix of some word of the target. */
function allWordsArePrefixes(queryWords: string[], targetWords: string[]): boolean {
  return queryWords.length > 0 && queryWords.every((q) => targetWords.some((w) => w.startsWith(q)));
}

/**
 * How well a query matches a record's names (`names[0]` is the name, the rest
 * are aliases): the best tier reached by any of them, 0 when none matches.
 *
 *   1000  normalized query equals the normalized name
 *    900  ... equals a normalized alias
 *    800  transliteration keys are equal
 *    600  a normalized name or alias starts with the normalized query
 *    500  a key starts with the query's key
 *    300 + 10 per token  every word of the query's key is a prefix of some
 *         word of a name's or alias's key
 *    200  every word of the normalized query is a prefix of some word of a
 *         normalized name or alias (a normalized substring, anchored at word
 *         starts so that index look-ups find it too)
 *
 * A query that normalizes to nothing matches nothing. Callers sort by score
 * (descending), then by name.
 */
export function scoreMatch(query: string, names: string[]): number {
  const normalized = normalizeText(query);
  if (normalized.length < 1) return 0;
  const key = transliterationKey(query);
  const keyWords = wordsOf(key);
  const normalizedWords = wordsOf(normalized);

  let best = 0;
  names.forEach((name, i) => {
    const n = normalizeText(name);
    if (n === '') return;
    const k = transliterationKey(name);
    let score = 0;
    if (n === normalized) score = i === 0 ? 1000 : 900;
    else if (k === key) score = 800;
    else if (n.startsWith(normalized)) score = 600;
    else if (k.startsWith(key)) score = 500;
    else if (allWordsArePrefixes(keyWords, wordsOf(k))) score = 300 + 10 * keyWords.length;
    else if (allWordsArePrefixes(normalizedWords, wordsOf(n))) score = 200;
    best = Math.max(best, score);
  });
  return best;
}

/**
 * The names an entity is found by: its name and aliases, and the pseudonym of
 * a protected person, so that those who see only the pseudonym can search for it.
 */
export function entitySearchNames(entity: {
  name: string;
  aliases: readonly string[];
  pseudonym: string | null;
}): string[] {
  return entity.pseudonym === null
    ? [entity.name, ...entity.aliases]
    : [entity.name, ...entity.aliases, entity.pseudonym];
}

/** The Arabic script's Unicode blocks, as a character-class body. */
export const ARABIC_SCRIPT = '\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF';

/** A run of Arabic script; words separated only by spaces stay in one run, so they keep their right-to-left order. */
export const ARABIC_RUN = new RegExp(
  `[${ARABIC_SCRIPT}](?:[${ARABIC_SCRIPT}\\u200C\\u200D]|\\s+(?=[${ARABIC_SCRIPT}]))*`,
  'g',
);

// --- Names inside running text ---------------------------------------------

/** A word of running text: letters, digits and the marks, quotes and tatweel that normalizeText folds away. */
const TEXT_WORD = /[\p{L}\p{M}\p{N}\u0640\p{Cf}'’‘‛`´ʹʻʼʽʾʿ]+/gu;

/** One word of a text as transliterationKey reads it, with the span of the original text it stands for. */
export interface KeyedWord {
  key: string;
  /** UTF-16 offsets into the text: [start, end). An article or عبد joined to the word is inside the span. */
  start: number;
  end: number;
}

interface Span {
  word: string;
  start: number;
  end: number;
}

/**
 * The words of `text` as transliteration keys, in order, each with its span:
 * the keys joined by spaces are transliterationKey(text), so a name's key
 * can be found in running text and the words that spell it located exactly.
 */
export function keyedWords(text: string): KeyedWord[] {
  const words: Span[] = [];
  // Long texts (an audit record's states) repeat their words: each is folded once per call.
  const normalized = new Map<string, string[]>();
  for (const m of text.matchAll(TEXT_WORD)) {
    const start = m.index ?? 0;
    let parts = normalized.get(m[0]);
    if (parts === undefined) normalized.set(m[0], (parts = wordsOf(normalizeText(m[0]))));
    for (const word of parts) words.push({ word, start, end: start + m[0].length });
  }
  const keys = new Map<string, string>();
  const keyOf = (word: string): string => {
    let key = keys.get(word);
    if (key === undefined) keys.set(word, (key = foldWord(word)));
    return key;
  };
  // Articles, as stripArticles drops them, with their span given to the next word.
  const stripped: Span[] = [];
  let carried: number | null = null;
  words.forEach((w, i) => {
    const next = words[i + 1];
    const sun = SUN_ARTICLE.exec(w.word);
    if (
      next !== undefined &&
      (w.word === 'al' || w.word === 'el' || w.word === ARABIC_ARTICLE || (sun && next.word.startsWith(sun[1])))
    ) {
      carried ??= w.start;
      return;
    }
    stripped.push({ word: stripArticles([w.word])[0]!, start: carried ?? w.start, end: w.end });
    carried = null;
  });
  // عبد compounds, as joinAbd joins them.
  const keyed: KeyedWord[] = [];
  for (let i = 0; i < stripped.length; i++) {
    const w = stripped[i]!;
    const next = stripped[i + 1];
    if (next !== undefined && (ABD_WORD.test(w.word) || w.word === ARABIC_ABD)) {
      keyed.push({ key: keyOf(joinAbd([w.word, next.word])[0]!), start: w.start, end: next.end });
      i++;
    } else {
      keyed.push({ key: keyOf(joinAbd([w.word])[0]!), start: w.start, end: w.end });
    }
  }
  return keyed;
}
