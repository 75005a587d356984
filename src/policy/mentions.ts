import { EntityKind, type EntityRecord } from '../domain/model';
import { normalizeText, searchTerms } from '../domain/names';
import type { Store, VersionRef } from '../store/store.port';

/** Names shorter than this are too common to count as naming someone. */
const MIN_NAME_LENGTH = 4;
/** Candidates looked at per batch of excerpts. */
const CANDIDATE_LIMIT = 500;

/**
 * Whether `text` names the person: one of their names or aliases appears in
 * it as whole words, ignoring case, diacritics and Arabic letter forms.
 */
export function names(text: string, person: Pick<EntityRecord, 'name' | 'aliases'>): boolean {
  const haystack = ` ${normalizeText(text)} `;
  return [person.name, ...person.aliases].some((name) => {
    const needle = normalizeText(name);
    return needle.length >= MIN_NAME_LENGTH && haystack.includes(` ${needle} `);
  });
}

/**
 * For each text, the protected people it names. Reads the store unscoped,
 * because the writer may not see the real names it must protect; one store
 * call per batch, through the name search index.
 */
export interface Mentions {
  /** For each text, the ids of the protected people it names. */
  ids: string[][];
  /** Those people, unredacted: their protection decides the excerpts' level. */
  people: Map<string, EntityRecord>;
  /**
   * Every person the texts name, protected or not, at the version read: a
   * write worked out from these mentions passes them to the store as its
   * basis, so that a person protected meanwhile makes it stale.
   */
  named: VersionRef[];
}

export type MentionFinder = (texts: readonly string[]) => Promise<Mentions>;

export async function protectedMentions(store: Store, texts: readonly string[]): Promise<Mentions> {
  const tokens = [...new Set(texts.flatMap((t) => searchTerms(t).tokens))].filter((t) => t.length >= 2);
  if (tokens.length === 0) return { ids: texts.map(() => []), people: new Map(), named: [] };
  const candidates = await store.searchEntityCandidates({
    tokens,
    kinds: [EntityKind.PERSON],
    limit: CANDIDATE_LIMIT,
  });
  const protectedPeople = candidates.filter((e) => e.protection !== null);
  const named = candidates
    .filter((person) => texts.some((text) => names(text, person)))
    .map((p) => ({ id: p.id, version: p.version }));
  const ids = texts.map((text) =>
    protectedPeople
      .filter((person) => names(text, person))
      .map((p) => p.id)
      .sort(),
  );
  const mentioned = new Set(ids.flat());
  return {
    ids,
    people: new Map(protectedPeople.filter((p) => mentioned.has(p.id)).map((p) => [p.id, p])),
    named,
  };
}
