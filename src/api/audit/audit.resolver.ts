import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { AtharContext } from '../graphql/context';
import { type AuditRecord, flatAuditRecord } from '../../domain/audit';
import type { AuditVerificationResult } from '../../app/audit/audit.service';
import { AuditRecordView, AuditVerification } from './audit.type';

@Resolver()
export class AuditResolver {
  @Query(() => [AuditRecordView], {
    description:
      'ANALYST and up: the audit records of every write that touched this entity, source, claim or citation, oldest ' +
      'first, with the records before and after. Refused below the clearance of anything the records mention.',
  })
  async history(
    @Arg('id', () => ID, { description: 'The id of an entity, source, claim or citation.' }) id: string,
    @Ctx() { services }: AtharContext,
  ): Promise<AuditRecordView[]> {
    return (await services.audit.history(id)).map(toView);
  }

  @Query(() => AuditVerification, {
    description: 'ADMIN: verifies the whole audit chain and names the first record that was altered, if any.',
  })
  auditVerification(@Ctx() { services }: AtharContext): Promise<AuditVerificationResult> {
    return services.audit.verify();
  }
}

function toView(record: AuditRecord): AuditRecordView {
  return flatAuditRecord(record);
}
