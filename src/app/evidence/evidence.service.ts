import type { CitationRecord, ClaimRecord, SourceRecord } from '../../domain/model';
import type { ClaimService } from '../claims/claim.service';
import type { SourceService } from '../sources/source.service';
import type { JudgementRecord } from '../../domain/judgement';

export interface Corroboration {
  citationCount: number;
  /** Sources at the roots of the derivation chains of the cited sources. */
  origins: SourceRecord[];
  /** Groups of citations that share no origin with one another. */
  independentOrigins: number;
  singleOrigin: boolean;
}

export interface TracedCitation {
  citation: CitationRecord;
  origins: SourceRecord[];
}

export interface SourceDependent {
  claim: ClaimRecord;
  /** Every citation of the claim rests on the source (cites it, was read in it, or derives from it). */
  wouldLoseSupport: boolean;
}

export interface EvidenceTrace {
  claim: ClaimRecord;
  citations: TracedCitation[];
  /** Every source on the way from the citations down to the origins, each once. */
  sources: SourceRecord[];
}

/**
 * Where a claim's evidence comes from. A source that derives from others is
 * treated as repeating them: its origins are the sources at the end of its
 * derivation chains. This errs on the side of fewer independent origins,
 * which is the safe side for anyone who must defend a finding.
 */
export class EvidenceService {
  constructor(
    private readonly claims: ClaimService,
    private readonly sources: SourceService,
    /**
     * The same-origin judgements (src/domain/judgement.ts) that hold over any
     * of these sources and that the viewer may know of: sources judged one
     * origin count once, wherever they sit on a citation's derivation chain.
     */
    private readonly sameOrigin: (sourceIds: string[]) => Promise<JudgementRecord[]> = async () => [],
  ) {}

  async corroboration(claimId: string): Promise<Corroboration> {
    const citations = await this.claims.citationsOf(claimId);
    const closure = await this.closure(citations.map((c) => c.sourceId));
    const perCitation = citations.map((c) => originIds(c.sourceId, closure));
    // A judgement joins every citation whose chain passes through one of its sources: its id is a shared key.
    const judgements = await this.sameOrigin([...closure.keys()]);
    const groupKeys = citations.map((c, i) => {
      const chain = new Set(chainIds(c.sourceId, closure));
      const judged = judgements.filter((j) => j.recordIds.some((id) => chain.has(id))).map((j) => j.id);
      return [...perCitation[i]!, ...judged];
    });
    const independent = countIndependentGroups(groupKeys);
    return {
      citationCount: citations.length,
      origins: sortedSources([...new Set(perCitation.flat())], closure),
      independentOrigins: independent,
      singleOrigin: independent === 1,
    };
  }

  async trace(claimId: string): Promise<EvidenceTrace> {
    // The claim, its citations and every source up their derivation chains, in one store call; what that
    // call could not bring (a store reading the past) the loaders read.
    const claim = await this.claims.getAlong(claimId, 'claimId', { citations: true, sources: true, lineage: true });
    const citations = await this.claims.citationsOf(claimId);
    const closure = await this.closure(
      citations.flatMap((c) => (c.viaSourceId ? [c.sourceId, c.viaSourceId] : [c.sourceId])),
      (ids) => Promise.all(ids.map((id) => this.sources.find(id))),
    );
    return {
      claim,
      citations: citations.map((citation) => ({
        citation,
        origins: sortedSources(originIds(citation.sourceId, closure), closure),
      })),
      sources: [...closure.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    };
  }

  /**
   * Claims that cite the source or were read in it, and which of them would be
   * left with no support if the source were discredited.
   */
  async dependents(sourceId: string): Promise<SourceDependent[]> {
    const source = await this.sources.get(sourceId);
    const citing = await this.claims.citationsOfSource(source.id);
    const claimIds = [...new Set(citing.map((c) => c.claimId))].sort();
    const [claims, citationLists] = await Promise.all([
      Promise.all(claimIds.map((id) => this.claims.find(id))),
      Promise.all(claimIds.map((id) => this.claims.citationsOf(id))),
    ]);
    const closure = await this.closure(citationLists.flat().map((c) => c.sourceId));
    return claims.flatMap((claim, i): SourceDependent[] => {
      if (!claim) return [];
      const rests = (c: CitationRecord) =>
        c.sourceId === source.id || c.viaSourceId === source.id || originIds(c.sourceId, closure).includes(source.id);
      return [{ claim, wouldLoseSupport: citationLists[i]!.every(rests) }];
    });
  }

  /**
   * The sources reachable from `ids` through derivedFrom, read in one round
   * trip (the store's lineage) or by `read` (a trace's, whose lineage came
   * with its claim), then walked here level by level: a source this viewer
   * may not see ends its chain.
   */
  private async closure(
    ids: readonly string[],
    read?: (ids: readonly string[]) => Promise<(SourceRecord | null)[]>,
  ): Promise<Map<string, SourceRecord>> {
    const lineage = read === undefined ? await this.sources.lineage(ids) : null;
    const found = new Map<string, SourceRecord>();
    let frontier = [...new Set(ids)];
    while (frontier.length > 0) {
      const loaded = lineage === null ? await read!(frontier) : frontier.map((id) => lineage.get(id) ?? null);
      const next = new Set<string>();
      for (const source of loaded) {
        if (!source || found.has(source.id)) continue;
        found.set(source.id, source);
        for (const parent of source.derivedFromIds) if (!found.has(parent)) next.add(parent);
      }
      frontier = [...next];
    }
    return found;
  }
}

/** The source and every source it derives from, directly or through others. */
function chainIds(sourceId: string, closure: Map<string, SourceRecord>): string[] {
  const seen = new Set<string>();
  const stack = [sourceId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(closure.get(id)?.derivedFromIds ?? []));
  }
  return [...seen];
}

/** Roots of the derivation graph above a source; a source that derives from nothing is its own origin. */
function originIds(sourceId: string, closure: Map<string, SourceRecord>): string[] {
  const roots = new Set<string>();
  const seen = new Set<string>();
  const stack = [sourceId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const parents = closure.get(id)?.derivedFromIds ?? [];
    if (parents.length === 0) roots.add(id);
    else stack.push(...parents);
  }
  return [...roots].sort();
}

/** Citations sharing an origin belong together; the count of groups is the count of independent origins. */
export function countIndependentGroups(originsPerCitation: readonly string[][]): number {
  const parent = originsPerCitation.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  originsPerCitation.forEach((origins, i) => {
    for (const origin of origins) {
      const j = owner.get(origin);
      if (j === undefined) owner.set(origin, i);
      else parent[find(i)] = find(j);
    }
  });
  return new Set(originsPerCitation.map((_, i) => find(i))).size;
}

function sortedSources(ids: readonly string[], closure: Map<string, SourceRecord>): SourceRecord[] {
  return [...ids].sort().flatMap((id) => {
    const source = closure.get(id);
    return source ? [source] : [];
  });
}
