import os from 'node:os';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { createApiServer, type ApiConfig, type AtharServer, type Readiness } from '../api/server';
import { createTelemetry, instrumentStore, type Telemetry } from '../api/telemetry';
import { isAtharError } from '../domain/errors';
import type { ErrorLogger } from '../api/graphql/errors';
import { AccessService } from '../app/access/access.service';
import { MentionReviewService } from '../app/access/mention-review.service';
import { AuditService } from '../app/audit/audit.service';
import { exportAuditReason, ExportService } from '../app/case-files/export.service';
import { DEFAULT_EXPORT_TTL_HOURS } from '../app/case-files/kept-exports';
import { ClaimService } from '../app/claims/claim.service';
import { ConnectionService } from '../app/connections/connection.service';
import { CustodyService } from '../app/custody/custody.service';
import { DashboardService } from '../app/dashboard/dashboard.service';
import { EntityService } from '../app/entities/entity.service';
import { EvidenceService } from '../app/evidence/evidence.service';
import { ResolutionService } from '../app/resolution/resolution.service';
import { DocumentService } from '../app/documents/document.service';
import { BlobStore } from '../store/blobs/blob-store';
import { EmbeddedStore } from '../store/embedded/embedded.store';
import { createLoaders } from '../app/loaders';
import { NeighbourhoodService } from '../app/neighbourhood/neighbourhood.service';
import { SearchService } from '../app/search/search.service';
import type { Services } from '../app/services';
import { SourceService } from '../app/sources/source.service';
import { atharVersion } from '../domain/project';
import { AsOfStore } from '../policy/as-of-store';
import { protectedMentions } from '../policy/mentions';
import { RedactorCache, ScopedStore } from '../policy/scoped-store';
import { ANONYMOUS, type Viewer } from '../policy/viewer';
import type { Store } from '../store/store.port';
import { DEFAULT_CHROMIUM_PATH, DEFAULT_MAX_DOCUMENT_BYTES, type Config } from './config';
import { createGraphExports } from './graph-exports';
import { ImportService } from '../app/interchange/import/import.service';

/*
 * The one composition root: which store each service reads through (the
 * viewer's scoped view, or the raw store where a service must account for
 * every record), how exports are printed and kept, and how the API gets a new
 * set of services per request.
 */

export interface ServiceOptions {
  maxPageSize: number;
  now?: () => Date;
  /** Who is asking; the anonymous public viewer unless the request authenticated. */
  viewer?: Viewer;
  /** Read the graph as it stood then (src/policy/as-of-store.ts); writes are refused. */
  asOf?: Date | null;
  /** How case files are printed and where they are kept (default: /usr/bin/chromium, a temporary folder). */
  exports?: { chromiumPath: string; exportDir: string; exportTtlHours?: number; atharVersion?: string };
  /** Told of each export once it is recorded (metrics). */
  onExported?: (format: string, profile: string) => void;
  /** Where documents are kept and how they are read (default: none kept, 100 MiB, pdftotext on the PATH). */
  documents?: DocumentOptions;
  /** Redactors shared by the requests of one process (default: one for this set of services only). */
  redactors?: RedactorCache;
}

/** The evidence vault's settings (docs/evidence-vault.md). */
export interface DocumentOptions {
  blobs: BlobStore | null;
  maxDocumentBytes: number;
  pdftotextPath: string;
}

/** One set per request: the loaders inside cache only for the life of that request. */
export function createServices(store: Store, options: ServiceOptions): Services {
  const now = options.now ?? (() => new Date());
  const viewer = options.viewer ?? ANONYMOUS;
  const version = options.exports?.atharVersion ?? atharVersion();
  // Every service reads through the viewer's scope; only the access service, which must account for every record, does not.
  const base = options.asOf ? new AsOfStore(store, options.asOf) : store;
  const scoped = new ScopedStore(base, viewer, store, options.redactors);
  const loaders = createLoaders(scoped);
  const entities = new EntityService(scoped, loaders, viewer, now, options.maxPageSize);
  const sources = new SourceService(scoped, loaders, viewer, now, options.maxPageSize);
  const documents = new DocumentService(scoped, base, sources, viewer, now, {
    blobs: options.documents?.blobs ?? null,
    maxDocumentBytes: options.documents?.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    pdftotext: options.documents?.pdftotextPath ?? 'pdftotext',
    maxPageSize: options.maxPageSize,
  });
  // Names of protected people are looked for in new excerpts unscoped: the writer may not see them.
  const claims = new ClaimService(
    scoped,
    loaders,
    entities,
    sources,
    viewer,
    now,
    options.maxPageSize,
    (texts) => protectedMentions(store, texts),
    (citations, fieldOf) => documents.requireExcerpts(citations, fieldOf),
  );
  const access = new AccessService(store, viewer, now);
  const audit = new AuditService(scoped, store, viewer);
  const search = new SearchService(scoped, loaders);
  const resolution = new ResolutionService(scoped, viewer, now);
  const evidence = new EvidenceService(claims, sources, (ids) => resolution.sameOriginJudgements(ids));
  const dashboard = new DashboardService(scoped, entities, now, options.maxPageSize);
  const custody = new CustodyService(entities, claims);
  const neighbourhood = new NeighbourhoodService(entities, claims);
  const connections = new ConnectionService(entities, claims);
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
    resolution,
    documents,
    mentionReview: new MentionReviewService(store, viewer),
    audit,
    exports: new ExportService(viewer, {
      atharVersion: version,
      chromiumPath: options.exports?.chromiumPath ?? DEFAULT_CHROMIUM_PATH,
      exportDir: options.exports?.exportDir ?? defaultExportDir(),
      exportTtlHours: options.exports?.exportTtlHours ?? DEFAULT_EXPORT_TTL_HOURS,
      now,
      servicesFor: (profileViewer, asOf) => createServices(store, { ...options, viewer: profileViewer, asOf }),
      recordExport: async (exported, requester) => {
        await store.recordExport(
          {
            entityIds: exported.manifest.subject.id ? [exported.manifest.subject.id] : [],
            claimIds: exported.manifest.subject.claimIds,
          },
          {
            actor: { subject: requester.subject, role: requester.role },
            reason: exportAuditReason(exported),
            at: now().toISOString(),
          },
        );
        options.onExported?.(exported.manifest.format, exported.manifest.profile);
      },
    }),
    graphExports: createGraphExports(
      store,
      viewer,
      now,
      (profileViewer, asOf) => createServices(store, { ...options, viewer: profileViewer, asOf }),
      options.maxPageSize,
      version,
      options.onExported,
    ),
    // Unscoped (as of a time, read-only): an import must not overwrite a record its viewer cannot see.
    imports: new ImportService(base, viewer, now),
    viewer,
  };
}

/** Auth, limits and introspection default to: anonymous only, DEFAULT_LIMITS, on only in development. */
export type ServerConfig = ApiConfig &
  Partial<
    Pick<Config, 'chromiumPath' | 'exportDir' | 'exportTtlHours' | 'blobDir' | 'maxDocumentBytes' | 'pdftotextPath'>
  >;

/**
 * The GraphQL server over one store: per request, new services for the
 * request's viewer. Every store call is timed and counted in `telemetry`
 * (silent, and a registry of its own, unless given), and readiness asks the store.
 */
export function createAtharServer(
  rawStore: Store,
  config: ServerConfig,
  logger?: ErrorLogger,
  schema?: GraphQLSchema,
  telemetry: Telemetry = createTelemetry(),
): Promise<AtharServer> {
  const store = instrumentStore(rawStore, telemetry);
  const exports = {
    chromiumPath: config.chromiumPath ?? DEFAULT_CHROMIUM_PATH,
    exportDir: config.exportDir ?? defaultExportDir(),
    exportTtlHours: config.exportTtlHours ?? DEFAULT_EXPORT_TTL_HOURS,
    // Read once: services are made per request, and the version is on disk.
    atharVersion: atharVersion(),
  };
  const documents = documentOptionsOf(rawStore, config);
  const redactors = new RedactorCache();
  const servicesFor = (viewer: Viewer, asOf: Date | null): Services =>
    createServices(store, {
      maxPageSize: config.maxPageSize,
      viewer,
      asOf,
      exports,
      documents,
      redactors,
      onExported: (format, profile) => telemetry.exports.inc({ format, profile }),
    });
  return createApiServer(servicesFor, config, logger ?? errorLoggerOf(telemetry), schema, {
    telemetry,
    ready: () => readinessOf(rawStore),
  });
}

/** Unexpected errors go to the structured log, with their stack, never to the client. */
export function errorLoggerOf(telemetry: Telemetry): ErrorLogger {
  return { error: (message, error) => telemetry.log.error({ err: error }, message) };
}

async function readinessOf(store: Store): Promise<Readiness> {
  try {
    const reason = await store.unreadiness();
    return reason === null ? { ready: true } : { ready: false, reason };
  } catch (error) {
    return { ready: false, reason: `the store does not answer (${isAtharError(error) ? error.code : 'error'})` };
  }
}

/**
 * Where a server keeps documents: the configured directory, else the embedded
 * store's data directory's blobs/; none for a Neo4j store without one.
 */
export function documentOptionsOf(
  store: Store,
  config: Partial<Pick<Config, 'blobDir' | 'maxDocumentBytes' | 'pdftotextPath'>>,
): DocumentOptions {
  const dir = config.blobDir ?? (store instanceof EmbeddedStore ? path.join(store.dataDir, 'blobs') : null);
  return {
    blobs: dir === null ? null : new BlobStore(dir),
    maxDocumentBytes: config.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    pdftotextPath: config.pdftotextPath ?? 'pdftotext',
  };
}

export function defaultExportDir(): string {
  return path.join(os.tmpdir(), 'athar-exports');
}
