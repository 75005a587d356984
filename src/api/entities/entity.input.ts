import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, Float, InputType } from 'type-graphql';
import { AccessLevel, EntityKind, EventType, FacilityType, PlaceType } from '../../domain/model';

@InputType({ description: 'Fields of an entity; the kind decides which apply (facilityType for facilities, ...).' })
export class EntityFieldsInput {
  @Field(() => [String], { nullable: true, description: 'Other spellings, transliterations, Arabic script.' })
  @IsOptional()
  @ArrayMaxSize(50)
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A short description (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => FacilityType, { nullable: true, description: 'FACILITY only: what kind of facility.' })
  facilityType?: FacilityType | null;

  @Field(() => PlaceType, { nullable: true, description: 'PLACE only: what kind of place.' })
  placeType?: PlaceType | null;

  @Field(() => Float, { nullable: true, description: 'PLACE only: latitude in decimal degrees (WGS 84).' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'PLACE only: longitude in decimal degrees (WGS 84).' })
  longitude?: number | null;

  @Field(() => EventType, { nullable: true, description: 'EVENT only: what kind of event.' })
  eventType?: EventType | null;

  @Field(() => String, { nullable: true, description: 'EVENT only: EDTF date, e.g. 2024-12-08 or 2011/2013.' })
  @IsOptional()
  @MaxLength(100)
  date?: string | null;
}

@InputType({ description: 'A new entity: its kind, its name, and the fields that apply to that kind.' })
export class CreateEntityInput extends EntityFieldsInput {
  @Field(() => EntityKind, { description: 'What the entity is; it cannot be changed later.' })
  kind!: EntityKind;

  @Field(() => AccessLevel, {
    nullable: true,
    description: 'Who may see it; PUBLIC unless given. At most your clearance.',
  })
  access?: AccessLevel | null;

  @Field(() => AccessLevel, {
    nullable: true,
    description:
      'PERSON only: protect a witness, survivor or relative. Below this clearance they appear under a generated pseudonym.',
  })
  protection?: AccessLevel | null;

  @Field({ description: 'The main name, in Latin script (at most 300 characters); other names go in aliases.' })
  @MaxLength(300)
  name!: string;
}

@InputType({ description: 'Only the fields given change; null clears an optional field.' })
export class UpdateEntityInput extends EntityFieldsInput {
  @Field(() => String, { nullable: true, description: 'The new main name (at most 300 characters).' })
  @IsOptional()
  @MaxLength(300)
  name?: string | null;
}
