import { isJudgementId } from '../../domain/judgement';
import { mayExport } from '../../policy/export-profiles';
import { requireAdmin, requireWriter } from '../../policy/permissions';
import { exportProfileInReason } from '../case-files/export.service';
import type { Viewer } from '../../policy/viewer';
import { recordTypeOf } from '../../domain/ids';
import { BadUserInputError } from '../../domain/errors';
import type { Store } from '../../store/store.port';
import { type AuditRecord, type ChainFault, type ChainPoint, CHAIN_START, verifyChain } from '../../domain/audit';

export interface AuditVerificationResult {
  ok: boolean;
  /** Records that passed, from the first. */
  count: number;
  /** The head verification started from: the chain as it stood when it was asked. */
  headSeq: number;
  headHash: string;
  /** The first record that fails, by its seq; null when ok. */
  firstBadSeq: number | null;
  reason: ChainFault | null;
}

export const VERIFY_PAGE_SIZE = 1000;

export const EXPORT_REASON_WITHHELD =
  'A case file was exported; its name and manifest are shown only to those who may download it.';

/**
 * Verifies the whole chain a page at a time, up to the head as it stood at
 * the start (writes that land meanwhile are left for the next run), and that
 * the head names the last record: a last record deleted by hand leaves a
 * head pointing past the chain. For the service and the CLI alike.
 */
export async function verifyAuditTrail(
  store: Pick<Store, 'getAudit' | 'auditHead'>,
  pageSize = VERIFY_PAGE_SIZE,
): Promise<AuditVerificationResult> {
  const head = await store.auditHead();
  let point: ChainPoint = CHAIN_START;
  let count = 0;
  const broken = (seq: number, reason: ChainFault): AuditVerificationResult => ({
    ok: false,
    count,
    headSeq: head.seq,
    headHash: head.hash,
    firstBadSeq: seq,
    reason,
  });
  while (point.seq < head.seq) {
    const page = (await store.getAudit(point.seq, pageSize)).filter((r) => r.seq <= head.seq);
    if (page.length === 0) return broken(point.seq + 1, 'sequence gap');
    const result = verifyChain(page, point);
    count += result.count;
    if (!result.ok) return broken(result.seq, result.reason);
    point = result.head;
  }
  if (point.seq !== head.seq || point.hash !== head.hash) return broken(head.seq, 'head mismatch');
  return { ok: true, count, headSeq: head.seq, headHash: head.hash, firstBadSeq: null, reason: null };
}

/**
 * Reads the audit trail. History is for those who write (ANALYST and up),
 * and only when cleared for everything the records mention: the store the
 * service is given is the viewer's scoped store, which refuses otherwise
 * (src/policy/audit.policy.ts). Verification shows no record's content, only
 * whether the chain holds, and is for ADMIN: it reads the unscoped store.
 */
export class AuditService {
  constructor(
    private readonly scoped: Store,
    private readonly store: Store,
    private readonly viewer: Viewer,
  ) {}

  /** The records of the writes that touched an entity, source, claim or citation, oldest first. */
  async history(id: string): Promise<AuditRecord[]> {
    requireWriter(this.viewer, 'read the audit history');
    if (recordTypeOf(id) === null && !isJudgementId(id)) {
      throw new BadUserInputError(`"${id}" is not the id of an entity, source, claim or citation.`, 'id');
    }
    const [records] = await this.scoped.getAuditOf([id]);
    return (records ?? []).map((r) => this.withExportShownToDownloaders(r));
  }

  /**
   * An export's file name and manifest hash make its download URL: only who
   * may download the file sees them (the record's hash then no longer checks
   * for anyone else, which says that something was withheld).
   */
  private withExportShownToDownloaders(record: AuditRecord): AuditRecord {
    if (record.operation !== 'recordExport') return record;
    const profile = exportProfileInReason(record.reason);
    if (profile !== null && mayExport(this.viewer, profile)) return record;
    return { ...record, reason: EXPORT_REASON_WITHHELD };
  }

  async verify(): Promise<AuditVerificationResult> {
    requireAdmin(this.viewer, 'verify the audit trail');
    return verifyAuditTrail(this.store);
  }
}
