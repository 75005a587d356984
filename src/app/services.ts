import os from 'node:os';
import path from 'node:path';
import { AccessService } from './access/access.service';
import { DEFAULT_CHROMIUM_PATH } from '../main/config';
import { ExportService } from './case-files/export.service';
import { AsOfStore } from '../policy/as-of-store';
import { atharVersion } from '../domain/project';
import { AuditService } from './audit/audit.service';
import { protectedMentions } from '../policy/mentions';
import { ScopedStore } from '../policy/scoped-store';
import { ANONYMOUS, type Viewer } from '../policy/viewer';
import { ClaimService } from './claims/claim.service';
import { ConnectionService } from './connections/connection.service';
import { DashboardService } from './dashboard/dashboard.service';
import { CustodyService } from './custody/custody.service';
import { EntityService } from './entities/entity.service';
import { EvidenceService } from './evidence/evidence.service';
import { NeighbourhoodService } from './neighbourhood/neighbourhood.service';
import { SearchService } from './search/search.service';
import { SourceService } from './sources/source.service';
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
  audit: AuditService;
  exports: ExportService;
  /** Who is asking: what the services may show and do depends on it. */
  viewer: Viewer;
}

export interface ServiceOptions {
  maxPageSize: number;
  now?: () => Date;
  /** Who is asking; the anonymous public viewer unless the request authenticated. */
  viewer?: Viewer;
  /** Read the graph as it stood then (src/policy/as-of-store.ts); writes are refused. */
  asOf?: Date | null;
  /** How case files are printed and where they are kept (default: /usr/bin/chromium, a temporary folder). */
  exports?: { chromiumPath: string; exportDir: string };
}

/** One set per request: the loaders inside cache only for the life of that request. */
export function createServices(store: Store, options: ServiceOptions): Services & { loaders: Loaders } {
  const now = options.now ?? (() => new Date());
  const viewer = options.viewer ?? ANONYMOUS;
  // Every service reads through the viewer's scope; only the access service, which must account for every record, does not.
  const base = options.asOf ? new AsOfStore(store, options.asOf) : store;
  const scoped = new ScopedStore(base, viewer);
  const loaders = createLoaders(scoped);
  const entities = new EntityService(scoped, loaders, viewer, now, options.maxPageSize);
  const sources = new SourceService(scoped, loaders, viewer, now, options.maxPageSize);
  // Names of protected people are looked for in new excerpts unscoped: the writer may not see them.
  const claims = new ClaimService(scoped, loaders, entities, sources, viewer, now, options.maxPageSize, (texts) =>
    protectedMentions(store, texts),
  );
  const access = new AccessService(store, viewer, now);
  const audit = new AuditService(scoped, store, viewer);
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
    audit,
    exports: new ExportService(viewer, {
      atharVersion: atharVersion(),
      chromiumPath: options.exports?.chromiumPath ?? DEFAULT_CHROMIUM_PATH,
      exportDir: options.exports?.exportDir ?? path.join(os.tmpdir(), 'athar-exports'),
      now,
      servicesFor: (profileViewer, asOf) => createServices(store, { ...options, viewer: profileViewer, asOf }),
      recordExport: (exported, requester) =>
        store.recordExport(
          {
            entityIds: exported.manifest.subject.id ? [exported.manifest.subject.id] : [],
            claimIds: exported.manifest.subject.claimIds,
          },
          {
            actor: { subject: requester.subject, role: requester.role },
            reason: `Exported ${exported.fileName} (${exported.manifest.format}, ${exported.manifest.profile} profile, as of ${exported.manifest.asOf}); manifest sha256 ${exported.manifestSha256}`,
            at: now().toISOString(),
          },
        ),
    }),
    loaders,
    viewer,
  };
}
