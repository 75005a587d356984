import { graphExportAuditReason, GraphExportService } from '../app/interchange/graph-export.service';
import { GRAPH_EXPORT_PAGE, type GraphReaders } from '../app/interchange/graph-snapshot';
import type { Viewer } from '../policy/viewer';
import type { Store } from '../store/store.port';

/**
 * Graph exports for a requester: read through the services of the profile's
 * viewer (`servicesFor`, the composition root's), recorded in the audit trail
 * with the manifest's sha256, as case files are.
 */
export function createGraphExports(
  store: Store,
  requester: Viewer,
  now: () => Date,
  servicesFor: (viewer: Viewer, asOf: Date) => GraphReaders,
  pageSize: number,
  version: string,
  onExported?: (format: string, profile: string) => void,
): GraphExportService {
  return new GraphExportService(requester, {
    atharVersion: version,
    now,
    pageSize: Math.min(pageSize, GRAPH_EXPORT_PAGE),
    servicesFor,
    recordExport: async (exported, by) => {
      await store.recordExport(
        { entityIds: exported.manifest.scope.entityIds ?? [], claimIds: [] },
        {
          actor: { subject: by.subject, role: by.role },
          reason: graphExportAuditReason(exported),
          at: now().toISOString(),
        },
      );
      onExported?.(exported.manifest.format, exported.manifest.profile);
    },
  });
}
