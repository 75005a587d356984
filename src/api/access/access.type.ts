import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AccessLevel } from '../../domain/model';

@ObjectType({ description: 'What an access change did.' })
export class AccessChangeResult {
  @Field(() => ID)
  id!: string;

  @Field(() => AccessLevel)
  access!: AccessLevel;

  @Field(() => AccessLevel, { nullable: true })
  protection!: AccessLevel | null;

  @Field(() => Int, { description: 'Claims whose visibility was worked out again because of the change.' })
  claimsRecomputed!: number;

  @Field(() => Int, { description: 'The version of the record after the change (see Entity.version).' })
  version!: number;
}
