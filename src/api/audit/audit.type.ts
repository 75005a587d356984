import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('AuditRecord', {
  description:
    'One write, as the audit trail recorded it in the same transaction. `hash` is the sha256 of the canonical JSON ' +
    '(keys sorted, no whitespace) of {seq, at, actor: {subject, role}, operation, reason, targetIds, before, after, ' +
    'prevHash}, so anyone holding the record can check it.',
})
export class AuditRecordView {
  @Field(() => Int, { description: '1, 2, 3, ... over the whole store, with no gaps.' })
  seq!: number;

  @Field({ description: 'When, ISO 8601.' })
  at!: string;

  @Field(() => String, { nullable: true, description: "The writer's token subject or API key name; null for SYSTEM." })
  actorSubject!: string | null;

  @Field({ description: 'The role the write was made with, or SYSTEM for scripts such as the seed.' })
  actorRole!: string;

  @Field({ description: 'The store operation: createEntity, assertClaim, setClaimStatus, applyAccessChange, ...' })
  operation!: string;

  @Field(() => String, { nullable: true, description: 'The reason given (dispute, retract, rank, access changes).' })
  reason!: string | null;

  @Field(() => [ID], { description: 'Every record the write touched, sorted.' })
  targetIds!: string[];

  @Field({
    description:
      'The touched records before the write, as canonical JSON {entities, sources, claims, citations}; ' +
      'records that did not exist yet are left out.',
  })
  before!: string;

  @Field({ description: 'The touched records after the write, as canonical JSON.' })
  after!: string;

  @Field({ description: 'The hash of the record before; 64 zeros for the first.' })
  prevHash!: string;

  @Field({ description: 'The sha256 of this record (hex), chained to prevHash: see the type description.' })
  hash!: string;
}

@ObjectType({ description: 'Whether the audit chain holds, from its first record to its head.' })
export class AuditVerification {
  @Field({ description: 'True when every record verified and the chain reaches the head.' })
  ok!: boolean;

  @Field(() => Int, { description: 'Records that verified, from the first.' })
  count!: number;

  @Field(() => Int, { description: 'The last record when verification started.' })
  headSeq!: number;

  @Field({ description: "The head record's hash: keep it elsewhere to detect a chain cut short later." })
  headHash!: string;

  @Field(() => Int, { nullable: true, description: 'The first record that fails; null when ok.' })
  firstBadSeq!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'hash mismatch (the record was altered), broken link, sequence gap or head mismatch; null when ok.',
  })
  reason!: string | null;
}
