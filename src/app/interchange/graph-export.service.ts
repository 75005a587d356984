import { BadUserInputError } from '../../domain/errors';
import { ExportProfile, profileViewer, requireExport } from '../../policy/export-profiles';
import type { Viewer } from '../../policy/viewer';
import { sha256 } from '../case-files/export.service';
import { renderGraph, type GraphFormat } from './graph-formats';
import { readGraph, type GraphReaders, type GraphScope, type GraphSnapshot } from './graph-snapshot';
import type { RenderedFile } from './rendered-file';

export const GRAPH_EXPORT_SCHEMA_VERSION = 1;

export interface GraphExportRequest {
  profile: ExportProfile;
  format: GraphFormat;
  /** Chosen entities and how many claims away to go; null for the whole graph. */
  entityIds?: string[] | null;
  depth?: number | null;
  /** The graph as it stood then; default now. */
  asOf?: Date | null;
  /** Refuse more chosen entities than this (the API's limit); no limit when absent. */
  maxEntityIds?: number;
}

/** What a graph export holds and how to check it: the hash of each file, as for case files. */
export interface GraphExportManifest {
  schemaVersion: number;
  kind: 'graph';
  atharVersion: string;
  asOf: string;
  profile: ExportProfile;
  format: GraphFormat;
  scope: { entityIds: string[] | null; depth: number | null; truncated: boolean };
  counts: { entities: number; sources: number; claims: number; citations: number };
  files: { name: string; sha256: string; bytes: number }[];
  /** sha256 of the sorted claim ids, one per line: the same claims give the same hash in every format. */
  claimSetSha256: string;
}

export interface GraphExport {
  files: RenderedFile[];
  manifest: GraphExportManifest;
  manifestFileName: string;
  manifestBytes: Buffer;
  manifestSha256: string;
}

export interface GraphExportOptions {
  atharVersion: string;
  now: () => Date;
  /** Page size for walking the whole graph: at most the server's maximum (default 100). */
  pageSize?: number;
  /** Services for the profile's viewer over the graph as it stood at a time: the scoped store the API reads through. */
  servicesFor(viewer: Viewer, asOf: Date): GraphReaders;
  /** Appends the export to the audit trail; optional. */
  recordExport?(exported: GraphExport, requester: Viewer): Promise<void>;
}

/**
 * The graph, or the subgraph around chosen entities, in the field's
 * interchange formats. Like case files: LEGAL and ADMIN only, for a profile
 * that sees no more than the requester, read through the profile's services
 * so that the files hold exactly what the API would show that profile.
 */
export class GraphExportService {
  constructor(
    private readonly viewer: Viewer,
    private readonly options: GraphExportOptions,
  ) {}

  async snapshot(request: Omit<GraphExportRequest, 'format'>): Promise<GraphSnapshot> {
    requireExport(this.viewer, request.profile);
    if (request.maxEntityIds !== undefined && (request.entityIds?.length ?? 0) > request.maxEntityIds) {
      throw new BadUserInputError(`Give at most ${request.maxEntityIds} entity ids.`, 'entityIds');
    }
    const asOf = request.asOf ?? this.options.now();
    const scope: GraphScope = {
      entityIds: request.entityIds && request.entityIds.length > 0 ? [...request.entityIds] : null,
      depth: request.entityIds && request.entityIds.length > 0 ? (request.depth ?? 1) : null,
    };
    const read = await readGraph(
      this.options.servicesFor(profileViewer(request.profile), asOf),
      scope,
      this.options.pageSize,
    );
    return {
      atharVersion: this.options.atharVersion,
      asOf: asOf.toISOString(),
      profile: request.profile,
      scope: { ...scope, truncated: read.truncated },
      entities: read.entities,
      sources: read.sources,
      claims: read.claims,
      citations: read.citations,
    };
  }

  async export(request: GraphExportRequest): Promise<GraphExport> {
    const snapshot = await this.snapshot(request);
    const files = renderGraph(snapshot, request.format);
    const manifest = graphManifestOf(snapshot, request.format, files);
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    const exported: GraphExport = {
      files,
      manifest,
      manifestFileName: 'manifest.json',
      manifestBytes,
      manifestSha256: sha256(manifestBytes),
    };
    await this.options.recordExport?.(exported, this.viewer);
    return exported;
  }
}

export function graphManifestOf(
  snapshot: GraphSnapshot,
  format: GraphFormat,
  files: readonly RenderedFile[],
): GraphExportManifest {
  return {
    schemaVersion: GRAPH_EXPORT_SCHEMA_VERSION,
    kind: 'graph',
    atharVersion: snapshot.atharVersion,
    asOf: snapshot.asOf,
    profile: snapshot.profile as ExportProfile,
    format,
    scope: snapshot.scope,
    counts: {
      entities: snapshot.entities.length,
      sources: snapshot.sources.length,
      claims: snapshot.claims.length,
      citations: snapshot.citations.length,
    },
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.bytes), bytes: f.bytes.length })),
    claimSetSha256: sha256(
      snapshot.claims
        .map((c) => c.id)
        .sort()
        .join('\n'),
    ),
  };
}

/** The audit reason of a graph export, in the form exportProfileInReason reads. */
export function graphExportAuditReason(exported: GraphExport): string {
  const { format, profile, asOf, scope } = exported.manifest;
  const what = scope.entityIds ? `graph-around-${scope.entityIds.join('+')}` : 'graph';
  return `Exported ${what} (${format}, ${profile} profile, as of ${asOf}); manifest sha256 ${exported.manifestSha256}`;
}
