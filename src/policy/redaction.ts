import { AccessLevel, type EntityRecord } from '../domain/model';
import { keyedWords, normalizeText } from '../domain/names';
import { maxLevel } from './visibility';

/** A protected person as the redactor needs them: their names, and the clearance that may read them. */
export type WithheldPerson = Pick<EntityRecord, 'name' | 'aliases'> & { protection: AccessLevel | null };

interface Form {
  keys: string[];
  /** The highest protection of the people this form names. */
  level: AccessLevel;
}

/** What a name is replaced by: the same for every person, so that it says nothing of who it was. */
export const WITHHELD_NAME = '[name withheld]';

/**
 * Words that are part of names but name nobody on their own: "bin Ali" must
 * be withheld whole, but "bin" alone is not a name. Given as they are
 * written; compared by transliteration key.
 */
const CONNECTIVES = [
  'bin',
  'ibn',
  'bint',
  'ben',
  'abu',
  'abou',
  'umm',
  'om',
  'بن',
  'ابن',
  'بنت',
  'ابو',
  'أبو',
  'ام',
  'أم',
];
const CONNECTIVE_KEYS: ReadonlySet<string> = new Set(CONNECTIVES.flatMap((w) => keyedWords(w).map((k) => k.key)));

/** A single word shorter than this (normalised) is too short to withhold on its own. */
const MIN_PARTIAL_LETTERS = 3;

/**
 * Withholds the names of protected people from every text a viewer below
 * their protection receives. A person is named by their name and each alias,
 * whole, or by any one word of them (a given name alone, a family name alone),
 * in any transliteration that shares its key (src/domain/names.ts: Mohammed
 * and Muhammad, al-Assad and Assad, Abdul Rahman and Abdurrahman, Arabic
 * script with or without the article), as whole words of the text.
 *
 * What it cannot catch: a person described rather than named ("the pilot's
 * brother"), misspellings whose key differs, names split across lines by
 * hyphenation, and nicknames not recorded as aliases. Words shared with
 * other people are withheld for them too: over-withholding is the safe error.
 */
/** Texts whose redaction one redactor remembers (names, titles, excerpts of the pages read most). */
const REDACTED_MEMO_SIZE = 50_000;

export class Redactor {
  /** Key sequences to withhold, longest first so that a whole name wins over its parts. */
  private readonly forms: Form[];
  /**
   * The forms by their first key, each list in the order of `forms`: a word
   * is tried against the forms that start with it only, not against every
   * withheld name (thousands, on a large graph), for each word of each text.
   */
  private readonly formsByFirstKey = new Map<string, Form[]>();
  private readonly redacted = new Map<string, string>();
  /** Each withheld name and alias normalised, and their words long enough to withhold alone. */
  private readonly names: string[] = [];
  private readonly words: string[] = [];

  constructor(people: readonly WithheldPerson[]) {
    const forms = new Map<string, Form>();
    const add = (keys: string[], level: AccessLevel) => {
      const key = keys.join(' ');
      const known = forms.get(key);
      forms.set(key, { keys, level: known ? maxLevel(known.level, level) : level });
    };
    for (const person of people) {
      const level = person.protection ?? AccessLevel.CONFIDENTIAL;
      for (const name of [person.name, ...person.aliases]) {
        const words = keyedWords(name);
        if (words.length > 0)
          add(
            words.map((w) => w.key),
            level,
          );
        this.names.push(normalizeText(name));
        words.forEach((w) => {
          const word = normalizeText(name.slice(w.start, w.end)).replace(/ /g, '');
          // A word with digits in it (a code, a number) is no given or family name.
          if (!CONNECTIVE_KEYS.has(w.key) && word.length >= MIN_PARTIAL_LETTERS && !/\p{N}/u.test(word)) {
            add([w.key], level);
            this.words.push(word);
          }
        });
      }
    }
    this.forms = [...forms.values()].sort((a, b) => b.keys.length - a.keys.length);
    for (const form of this.forms) {
      const first = form.keys[0]!;
      const list = this.formsByFirstKey.get(first);
      if (list === undefined) this.formsByFirstKey.set(first, [form]);
      else list.push(form);
    }
  }

  /** True when there is nobody to withhold from this viewer. */
  get idle(): boolean {
    return this.forms.length === 0;
  }

  /** The text with every mention replaced by WITHHELD_NAME. */
  redact(text: string): string {
    // One redactor serves every request while the protected people stay as they are, and requests
    // read the same texts again and again: each is worked out once (a bounded memo of a pure function).
    if (this.forms.length === 0) return text;
    const known = this.redacted.get(text);
    if (known !== undefined) return known;
    if (this.redacted.size >= REDACTED_MEMO_SIZE) this.redacted.clear();
    const out = this.redactAnew(text);
    this.redacted.set(text, out);
    return out;
  }

  private redactAnew(text: string): string {
    const spans = this.spans(text);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [start, end] of spans) {
      out += text.slice(at, start) + WITHHELD_NAME;
      at = end;
    }
    return out + text.slice(at);
  }

  redactOrNull(text: string | null): string | null {
    return text === null ? null : this.redact(text);
  }

  /** Whether the text mentions a withheld name. */
  mentions(text: string): boolean {
    return this.matches(text).length > 0;
  }

  /** The clearance needed to read the text whole: the highest protection of the people it names; null if none. */
  levelNeededFor(text: string): AccessLevel | null {
    const levels = this.matches(text).map((m) => m.level);
    return levels.length === 0 ? null : maxLevel(...levels);
  }

  /**
   * Whether a substring filter (normalised) may hit withheld text: it lies
   * inside a withheld name, or holds one of its words.
   */
  touches(needle: string): boolean {
    return this.names.some((n) => n.includes(needle)) || this.words.some((w) => needle.includes(w));
  }

  /**
   * Whether a word search (src/domain/documents.ts: words that must start a
   * word of the text, normalised or as transliteration keys) may find a
   * withheld name: one of the words starts a word, or a key, of one.
   */
  mayFind(words: readonly string[]): boolean {
    if (this.forms.length === 0) return false;
    const nameWords = this.names.flatMap((n) => n.split(' '));
    return words.some(
      (t) =>
        t !== '' &&
        (this.forms.some((f) => f.keys.some((k) => k.startsWith(t))) ||
          this.words.some((w) => w.startsWith(t)) ||
          nameWords.some((w) => w.startsWith(t))),
    );
  }

  private spans(text: string): [number, number][] {
    return this.matches(text).map((m) => [m.start, m.end]);
  }

  private matches(text: string): { start: number; end: number; level: AccessLevel }[] {
    if (this.forms.length === 0) return [];
    const words = keyedWords(text);
    const spans: { start: number; end: number; level: AccessLevel }[] = [];
    for (let i = 0; i < words.length;) {
      const form = this.formsByFirstKey
        .get(words[i]!.key)
        ?.find((f) => f.keys.every((key, j) => words[i + j]?.key === key));
      if (form === undefined) {
        i++;
        continue;
      }
      const last = words[i + form.keys.length - 1]!;
      const previous = spans[spans.length - 1];
      // Adjacent mentions (a name matched in its parts) become one.
      if (previous !== undefined && /^\s*$/.test(text.slice(previous.end, words[i]!.start))) {
        previous.end = last.end;
        previous.level = maxLevel(previous.level, form.level);
      } else {
        spans.push({ start: words[i]!.start, end: last.end, level: form.level });
      }
      i += form.keys.length;
    }
    return spans;
  }
}
