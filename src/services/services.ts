import { AccessService } from '../access/access.service';
import { ScopedStore } from '../access/scoped-store';
import { ANONYMOUS, type Viewer } from '../auth/viewer';
import { ClaimService } from '../claims/claim.service';
import { ConnectionService } from '../connections/connection.service';
import { DashboardService } from '../dashboard/dashboard.service';
import { CustodyService } from '../custody/custody.service';
import { EntityService } from '../entities/entity.service';
import { EvidenceService } from '../evidence/evidence.service';
import { NeighbourhoodService } from '../neighbourhood/neighbourhood.service';
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
  dashboard: DashboardService;
  custody: CustodyService;
  neighbourhood: NeighbourhoodService;
  connections: ConnectionService;
  access: AccessService;
  /** Who is asking: what the services may show and do depends on it. */
  viewer: Viewer;
}

export interface ServiceOptions {
  maxPageSize: number;
  now?: () => Date;
  /** Who is asking; the anonymous public viewer unless the request authenticated. */
  viewer?: Viewer;
}

/** One set per request: the loaders inside cache only for the life of that request. */
export function createServices(store: Store, options: ServiceOptions): Services & { loaders: Loaders } {
  const now = options.now ?? (() => new Date());
  const viewer = options.viewer ?? ANONYMOUS;
  // Every service reads through the viewer's scope; only the access service, which must account for every record, does not.
  const scoped = new ScopedStore(store, viewer);
  const loaders = createLoaders(scoped);
  const entities = new EntityService(scoped, loaders, viewer, now, options.maxPageSize);
  const sources = new SourceService(scoped, loaders, viewer, now, options.maxPageSize);
  const claims = new ClaimService(scoped, loaders, entities, sources, viewer, now, options.maxPageSize);
  const access = new AccessService(store, viewer, now);
  const search = new SearchService(scoped, loaders);
  const evidence = new EvidenceService(claims, sources);
  const dashboard = new DashboardService(scoped, entities, now, options.maxPageSize);
  const custody = new CustodyService(entities, claims);
  const neighbourhood = new NeighbourhoodService(entities, claims);
  const connections = new ConnectionService(scoped, entities, claims);
  return {
    entities,
    sources,
    claims,
    search,
    evidence,
    dashboard,
    custody,
    neighbourhood,
    connections,
    access,
    loaders,
    viewer,
  };
}
