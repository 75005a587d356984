import { EntityKind, EntityRecord } from '../../domain/model';
import { scoreMatch, searchTerms } from '../../domain/names';
import { BadUserInputError } from '../../domain/errors';
import type { Loaders } from '../loaders';
import { requiredText } from '../validate';
import type { Store } from '../../store/store.port';

export interface SearchHit {
  entity: EntityRecord;
  score: number;
  /** The name or alias that matched best. */
  matched: string;
}

/** Candidates fetched from the store per result asked for; the store only has to not miss any. */
const CANDIDATE_FACTOR = 20;
const MAX_RESULTS = 50;

export class SearchService {
  constructor(
    private readonly store: Store,
    private readonly loaders: Loaders,
  ) {}

  /**
   * Ranked search over names and aliases. Adapters return candidates by token
   * prefix; the ranking is computed here, once, so both stores give the same
   * order.
   */
  async search(
    text: string,
    kinds: EntityKind[] | null | undefined,
    limit: number | null | undefined,
  ): Promise<SearchHit[]> {
    const query = requiredText(text, 'text', 200);
    const size = limit ?? 10;
    if (!Number.isInteger(size) || size < 1 || size > MAX_RESULTS) {
      throw new BadUserInputError(`limit must be between 1 and ${MAX_RESULTS}; got ${size}.`, 'limit');
    }
    const terms = searchTerms(query);
    const tokens = [...new Set([...terms.tokens, ...terms.normalized.split(' ')].filter((t) => t.length > 0))];
    if (tokens.length === 0) return [];
    const candidates = await this.store.searchEntityCandidates({
      tokens,
      ...(kinds?.length ? { kinds } : {}),
      limit: size * CANDIDATE_FACTOR,
    });
    const hits: SearchHit[] = [];
    for (const entity of candidates) {
      this.loaders.entity.prime(entity.id, entity);
      const matched = [entity.name, ...entity.aliases]
        .map((name) => ({ name, score: scoreMatch(query, [name]) }))
        .reduce((a, b) => (b.score > a.score ? b : a)).name;
      const overall = scoreMatch(query, [entity.name, ...entity.aliases]);
      if (overall > 0) hits.push({ entity, score: overall, matched });
    }
    return hits
      .sort(
        (a, b) =>
          b.score - a.score || a.entity.name.localeCompare(b.entity.name) || (a.entity.id < b.entity.id ? -1 : 1),
      )
      .slice(0, size);
  }
}
