import type { AccessService } from './access/access.service';
import type { MentionReviewService } from './access/mention-review.service';
import type { AuditService } from './audit/audit.service';
import type { ExportService } from './case-files/export.service';
import type { GraphExportService } from './interchange/graph-export.service';
import type { ImportService } from './interchange/import/import.service';
import type { ClaimService } from './claims/claim.service';
import type { ConnectionService } from './connections/connection.service';
import type { CustodyService } from './custody/custody.service';
import type { DashboardService } from './dashboard/dashboard.service';
import type { EntityService } from './entities/entity.service';
import type { EvidenceService } from './evidence/evidence.service';
import type { NeighbourhoodService } from './neighbourhood/neighbourhood.service';
import type { SearchService } from './search/search.service';
import type { SourceService } from './sources/source.service';
import type { ResolutionService } from './resolution/resolution.service';
import type { DocumentService } from './documents/document.service';
import type { Viewer } from '../policy/viewer';

/** Everything a request can ask of the application, for one viewer. */
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
  mentionReview: MentionReviewService;
  audit: AuditService;
  exports: ExportService;
  /** The graph, or a subgraph, in interchange formats (GraphML, GEXF, CSV, FtM, JSON-LD), through a profile. */
  graphExports: GraphExportService;
  /** Imports of bundle JSON, CSV with a mapping, and FtM (docs/import.md), as this viewer. */
  imports: ImportService;
  /** Duplicate candidates, merges and splits of entities, same-origin judgements of sources. */
  resolution: ResolutionService;
  /** Sources' documents: attaching, verifying excerpts, the text around them, search inside them. */
  documents: DocumentService;
  /** Who is asking: what the services may show and do depends on it. */
  viewer: Viewer;
}

/**
 * The services of one request, for one viewer, over the graph now or as it
 * stood at `asOf`. The composition root (src/main/compose.ts) makes them; the
 * API asks for a new set per request, so loaders cache only for that request.
 */
export type ServicesFactory = (viewer: Viewer, asOf: Date | null) => Services;
