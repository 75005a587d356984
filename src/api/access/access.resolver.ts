import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { EXPECTED_VERSION_DESCRIPTION } from '../graphql/common.types';
import { AccessLevel } from '../../domain/model';
import type { AtharContext } from '../graphql/context';
import type { AccessChangeResult as ResultRecord } from '../../app/access/access.service';
import { AccessChangeResult } from './access.type';

@Resolver()
export class AccessResolver {
  @Mutation(() => AccessChangeResult, {
    description:
      'ADMIN: sets who may see an entity, source or claim, with a reason. The claims that depend on it follow in the same write. Nobody sets a level above their own clearance (FORBIDDEN).',
  })
  setAccessLevel(
    @Arg('id', () => ID, { description: 'The id of the entity, source or claim.' }) id: string,
    @Arg('access', () => AccessLevel, { description: 'The new level.' }) access: AccessLevel,
    @Arg('reason', { description: 'Why: recorded in the audit trail.' }) reason: string,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<ResultRecord> {
    return services.access.setAccess(id, access, reason, expectedVersion);
  }

  @Mutation(() => AccessChangeResult, {
    description:
      'ADMIN: protects a witness, survivor or relative: below `protection` they appear under a pseudonym and the excerpts about them are withheld. Null lifts it. Nobody protects above their own clearance (FORBIDDEN).',
  })
  protectPerson(
    @Arg('id', () => ID, { description: "The person's id." }) id: string,
    @Arg('protection', () => AccessLevel, {
      nullable: true,
      description: 'The clearance needed to see who they are; null lifts the protection.',
    })
    protection: AccessLevel | null,
    @Arg('reason', { description: 'Why: recorded in the audit trail.' }) reason: string,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<ResultRecord> {
    return services.access.protectPerson(id, protection, reason, expectedVersion);
  }
}
