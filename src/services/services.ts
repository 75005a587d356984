import { ClaimService } from '../claims/claim.service';
import { EntityService } from '../entities/entity.service';
import { EvidenceService } from '../evidence/evidence.service';
import { SearchService } from '../search/search.service';
import { SourceService } from '../sources/source.service';
import type { Store } from '../store/store.port';
import { createLoaders, Loaders } from './loaders';

export interface Services {
  entities: EntityService;
  sources: SourceService;
  claims: ClaimService;
  search: SearchService;
  evidence: EvidenceService;
}

export interface ServiceOptions {
  maxPageSize: number;
  now?: () => Date;
}

/** One set per request: the loaders inside cache only for the life of that request. */
export function createServices(store: Store, options: ServiceOptions): Services & { loaders: Loaders } {
  const now = options.now ?? (() => new Date());
  const loaders = createLoaders(store);
  const entities = new EntityService(store, loaders, now, options.maxPageSize);
  const sources = new SourceService(store, loaders, now, options.maxPageSize);
  const claims = new ClaimService(store, loaders, entities, sources, now, options.maxPageSize);
  const search = new SearchService(store, loaders);
  const evidence = new EvidenceService(claims, sources);
  return { entities, sources, claims, search, evidence, loaders };
}
