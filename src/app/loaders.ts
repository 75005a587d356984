import DataLoader from 'dataloader';
import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../domain/model';
import { ClaimInclude, ClaimPage, ClaimRole, EntityClaimFilter, PageRequest, Store } from '../store/store.port';

/**
 * Request-scoped batching over the store: every `load` made while resolving
 * one GraphQL operation tick is merged into one store call per loader. A new
 * set is made per request so no cached record outlives it (a later request
 * must see later writes, and later issues filter by viewer).
 */
export interface Loaders {
  entity: DataLoader<string, EntityRecord | null>;
  source: DataLoader<string, SourceRecord | null>;
  claim: DataLoader<string, ClaimRecord | null>;
  citation: DataLoader<string, CitationRecord | null>;
  citationsOfClaim: DataLoader<string, CitationRecord[]>;
  citationsOfSource: DataLoader<string, CitationRecord[]>;
  claimsAsSubject: DataLoader<string, ClaimRecord[]>;
  claimsAsObject: DataLoader<string, ClaimRecord[]>;
  /**
   * Pages of entities' claims: one loader per filter and page, so the
   * entities of one request level asking the same page are one store call.
   */
  claimPages(filter: EntityClaimFilter, page: PageRequest, include?: ClaimInclude): DataLoader<string, ClaimPage>;
  /** Forgets every claim page read (after a write that adds or moves claims). */
  clearClaimPages(): void;
}

export function createLoaders(store: Store): Loaders {
  const claimPages = new Map<string, DataLoader<string, ClaimPage>>();
  return {
    claimPages(filter, page, include = {}) {
      const key = JSON.stringify([
        filter.role ?? null,
        filter.predicates ?? null,
        filter.statuses ?? null,
        page,
        include.citations === true,
        include.sources === true,
        include.entities === true,
      ]);
      let loader = claimPages.get(key);
      if (loader === undefined) {
        loader = new DataLoader((ids) => store.listClaimsOfEntities(ids, filter, page, include));
        claimPages.set(key, loader);
      }
      return loader;
    },
    clearClaimPages: () => claimPages.clear(),
    entity: new DataLoader((ids) => store.getEntities(ids)),
    source: new DataLoader((ids) => store.getSources(ids)),
    claim: new DataLoader((ids) => store.getClaims(ids)),
    citation: new DataLoader((ids) => store.getCitations(ids)),
    citationsOfClaim: new DataLoader((ids) => store.getCitationsOfClaims(ids)),
    citationsOfSource: new DataLoader((ids) => store.getCitationsOfSources(ids)),
    claimsAsSubject: new DataLoader((ids) => store.getClaimsOfEntities(ids, ClaimRole.SUBJECT)),
    claimsAsObject: new DataLoader((ids) => store.getClaimsOfEntities(ids, ClaimRole.OBJECT)),
  };
}
