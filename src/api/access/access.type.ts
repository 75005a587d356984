import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AccessLevel } from '../../domain/model';

@ObjectType({ description: 'What an access change did.' })
export class AccessChangeResult {
  @Field(() => ID, { description: 'The global id: pass it to node(id) to fetch this record again.' })
  id!: string;

  @Field(() => AccessLevel, { description: 'Who may now see the record.' })
  access!: AccessLevel;

  @Field(() => AccessLevel, {
    nullable: true,
    description: 'For a person: the clearance now needed to see who they are; null when not protected.',
  })
  protection!: AccessLevel | null;

  @Field(() => Int, { description: 'Claims whose visibility was worked out again because of the change.' })
  claimsRecomputed!: number;

  @Field(() => Int, { description: 'The version of the record after the change (see Entity.version).' })
  version!: number;
}
