import { Field, Float, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { AccessLevel, EntityKind, EntityRecord, EventType, FacilityType, PlaceType } from '../../domain/model';
import { connectionOf, FuzzyDate, Node, VERSION_DESCRIPTION } from '../graphql/common.types';

@InterfaceType('Entity', {
  implements: Node,
  description: 'A person, organisation, facility, place or event. Everything said about it is a claim with citations.',
  resolveType: (value: EntityRecord) => typeNameOf(value.kind),
})
export abstract class EntityInterface implements Node {
  @Field(() => ID, { description: 'The global id: pass it to node(id) to fetch this record again.' })
  id!: string;

  @Field(() => EntityKind, { description: 'What the entity is; also its type name (Person, Facility, ...).' })
  kind!: EntityKind;

  @Field({
    description: 'The main name, in Latin script; for a protected person below your clearance, a pseudonym.',
  })
  name!: string;

  @Field(() => [String], { description: 'Other spellings, transliterations and names in Arabic script.' })
  aliases!: string[];

  @Field(() => String, { nullable: true, description: 'A short description, written by an analyst; null when none.' })
  description!: string | null;

  @Field(() => AccessLevel, { description: 'Who may see this entity.' })
  access!: AccessLevel;

  @Field(() => AccessLevel, {
    nullable: true,
    description:
      'For a protected person: the clearance needed to see who they are. Below it, name is a pseudonym and aliases and description are empty.',
  })
  protection!: AccessLevel | null;

  @Field({ description: 'When the record was created (ISO 8601 date-time, UTC).' })
  createdAt!: string;

  @Field({ description: 'When the record last changed (ISO 8601 date-time, UTC).' })
  updatedAt!: string;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version!: number;
}

@ObjectType({
  implements: [Node, EntityInterface],
  description:
    'A person: a detainee, a witness, an official. Can be protected (seen under a pseudonym below a clearance).',
})
export class Person extends EntityInterface {}

@ObjectType({
  implements: [Node, EntityInterface],
  description: 'An organisation: an intelligence branch, a ministry, a court, an armed group, an NGO.',
})
export class Organization extends EntityInterface {}

@ObjectType({ implements: [Node, EntityInterface], description: 'A prison, branch, section or building.' })
export class Facility extends EntityInterface {
  @Field(() => FacilityType, { nullable: true, description: 'What kind of facility; null when not known.' })
  facilityType!: FacilityType | null;
}

@ObjectType({
  implements: [Node, EntityInterface],
  description: 'A geographic place: a country, region, city, district or site, with coordinates when known.',
})
export class Place extends EntityInterface {
  @Field(() => PlaceType, { nullable: true, description: 'What kind of place; null when not known.' })
  placeType!: PlaceType | null;

  @Field(() => Float, { nullable: true, description: 'Latitude in decimal degrees (WGS 84); null when not known.' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude in decimal degrees (WGS 84); null when not known.' })
  longitude!: number | null;
}

@ObjectType({
  implements: [Node, EntityInterface],
  description: 'Something that happened (an arrest, a transfer, a death in custody), with its uncertain date.',
})
export class Event extends EntityInterface {
  @Field(() => EventType, { nullable: true, description: 'What kind of event; null when not known.' })
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
