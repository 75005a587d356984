import type { CitationRecord, ClaimWithCitations, EntityRecord, SourceRecord } from '../domain/model';
import type { AccessChange, Bundle, ExportEvent } from './store.port';

/**
 * The ids of the records a write touches, by kind: what an adapter reads
 * before and after the write for its audit record. Known from the write's
 * arguments alone, so both adapters touch the same records.
 */
export interface AuditTargets {
  entityIds: string[];
  sourceIds: string[];
  claimIds: string[];
  citationIds: string[];
  /** Judgements (src/domain/judgement.ts): only the writes that make or undo one touch any. */
  judgementIds?: string[];
}

function targets(parts: Partial<AuditTargets>): AuditTargets {
  const distinct = (ids: readonly string[] | undefined) => [...new Set(ids ?? [])].sort();
  return {
    entityIds: distinct(parts.entityIds),
    sourceIds: distinct(parts.sourceIds),
    claimIds: distinct(parts.claimIds),
    citationIds: distinct(parts.citationIds),
  };
}

export function entityTargets(entity: Pick<EntityRecord, 'id'>): AuditTargets {
  return targets({ entityIds: [entity.id] });
}

export function sourceTargets(source: Pick<SourceRecord, 'id'>): AuditTargets {
  return targets({ sourceIds: [source.id] });
}

export function claimTargets(claimId: string, citations: readonly CitationRecord[] = []): AuditTargets {
  return targets({ claimIds: [claimId], citationIds: citations.map((c) => c.id) });
}

export function assertClaimTargets({ claim, citations }: ClaimWithCitations): AuditTargets {
  return claimTargets(claim.id, citations);
}

export function accessChangeTargets(change: AccessChange): AuditTargets {
  return targets({
    entityIds: change.entities.map((e) => e.id),
    sourceIds: change.sources.map((s) => s.id),
    claimIds: change.claims.map((c) => c.id),
    citationIds: change.citations.map((c) => c.id),
  });
}

export function bundleTargets(bundle: Bundle): AuditTargets {
  return targets({
    entityIds: bundle.entities.map((e) => e.id),
    sourceIds: bundle.sources.map((s) => s.id),
    claimIds: bundle.claims.map((c) => c.claim.id),
    citationIds: bundle.claims.flatMap((c) => c.citations.map((x) => x.id)),
  });
}

/** Every id, sorted: the record's targetIds. */
export function allTargetIds(t: AuditTargets): string[] {
  return [
    ...new Set([...t.entityIds, ...t.sourceIds, ...t.claimIds, ...t.citationIds, ...(t.judgementIds ?? [])]),
  ].sort();
}

export function exportTargets(event: ExportEvent): AuditTargets {
  return targets({ entityIds: event.entityIds, claimIds: event.claimIds });
}

/** A judgement and the records it names or moves (src/domain/judgement.ts), read inside the write's transaction. */
export function judgementTargets(parts: {
  judgementId: string;
  entityIds?: readonly string[];
  sourceIds?: readonly string[];
  claimIds?: readonly string[];
}): AuditTargets {
  return {
    ...targets({
      entityIds: [...(parts.entityIds ?? [])],
      sourceIds: [...(parts.sourceIds ?? [])],
      claimIds: [...(parts.claimIds ?? [])],
    }),
    judgementIds: [parts.judgementId],
  };
}
