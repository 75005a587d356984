import type { EntityRecord } from '../../../domain/model';
import { normalizeText } from '../../../domain/names';

/** As src/policy/mentions.ts: shorter names are too common to count as naming someone. */
const MIN_NAME_LENGTH = 4;

/**
 * The protected people an excerpt names, by the rule of src/policy/mentions.ts
 * `names` (a name or alias, normalised, appears in the text as whole words),
 * for many excerpts against many people: each name is filed under its first
 * word, and an excerpt is checked only against the names whose first word it
 * holds. An import of 100,000 rows against thousands of protected people
 * would otherwise compare every excerpt with every name.
 */
export class MentionIndex {
  private readonly byFirstWord = new Map<string, { needle: string; id: string }[]>();

  constructor(people: readonly Pick<EntityRecord, 'id' | 'name' | 'aliases'>[]) {
    for (const person of people) {
      for (const name of [person.name, ...person.aliases]) {
        const needle = normalizeText(name);
        if (needle.length < MIN_NAME_LENGTH) continue;
        const first = needle.split(' ')[0]!;
        const list = this.byFirstWord.get(first) ?? [];
        list.push({ needle, id: person.id });
        this.byFirstWord.set(first, list);
      }
    }
  }

  /** Ids of the people the text names, sorted. */
  named(text: string): string[] {
    if (this.byFirstWord.size === 0) return [];
    const haystack = ` ${normalizeText(text)} `;
    const found = new Set<string>();
    for (const word of new Set(haystack.split(' '))) {
      for (const { needle, id } of this.byFirstWord.get(word) ?? []) {
        if (!found.has(id) && haystack.includes(` ${needle} `)) found.add(id);
      }
    }
    return [...found].sort();
  }
}
