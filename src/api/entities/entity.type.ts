import { Field, Float, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { AccessLevel, EntityKind, EntityRecord, EventType, FacilityType, PlaceType } from '../../domain/model';
import { connectionOf, FuzzyDate, Node, VERSION_DESCRIPTION } from '../graphql/common.types';

@InterfaceType('Entity', {
  implements: Node,
  description: 'A person, organisation, facility, place or event. Everything said about it is a claim with citations.',
  resolveType: (value: EntityRecord) => typeNameOf(value.kind),
})
export abstract class EntityInterface implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => EntityKind)
  kind!: EntityKind;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Other spellings, transliterations and names in Arabic script.' })
  aliases!: string[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => AccessLevel, { description: 'Who may see this entity.' })
  access!: AccessLevel;

  @Field(() => AccessLevel, {
    nullable: true,
    description:
      'For a protected person: the clearance needed to see who they are. Below it, name is a pseudonym and aliases and description are empty.',
  })
  protection!: AccessLevel | null;

  @Field()
  createdAt!: string;

  @Field()
  updatedAt!: string;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version!: number;
}

@ObjectType({ implements: [Node, EntityInterface] })
export class Person extends EntityInterface {}

@ObjectType({ implements: [Node, EntityInterface] })
export class Organization extends EntityInterface {}

@ObjectType({ implements: [Node, EntityInterface], description: 'A prison, branch, section or building.' })
export class Facility extends EntityInterface {
  @Field(() => FacilityType, { nullable: true })
  facilityType!: FacilityType | null;
}

@ObjectType({ implements: [Node, EntityInterface] })
export class Place extends EntityInterface {
  @Field(() => PlaceType, { nullable: true })
  placeType!: PlaceType | null;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;
}

@ObjectType({ implements: [Node, EntityInterface] })
export class Event extends EntityInterface {
  @Field(() => EventType, { nullable: true })
  eventType!: EventType | null;

  @Field(() => FuzzyDate, { nullable: true, description: 'When it happened.' })
  date!: FuzzyDate | null;
}

export function typeNameOf(kind: EntityKind): string {
  switch (kind) {
    case EntityKind.PERSON:
      return 'Person';
    case EntityKind.ORGANIZATION:
      return 'Organization';
    case EntityKind.FACILITY:
      return 'Facility';
    case EntityKind.PLACE:
      return 'Place';
    case EntityKind.EVENT:
      return 'Event';
  }
}

export const EntityConnection = connectionOf('Entity', () => EntityInterface);
export const PersonConnection = connectionOf('Person', () => Person);
export const OrganizationConnection = connectionOf('Organization', () => Organization);
export const FacilityConnection = connectionOf('Facility', () => Facility);
export const PlaceConnection = connectionOf('Place', () => Place);
export const EventConnection = connectionOf('Event', () => Event);
