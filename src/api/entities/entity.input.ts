import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, Float, InputType } from 'type-graphql';
import { AccessLevel, EntityKind, EventType, FacilityType, PlaceType } from '../../domain/model';

@InputType({ description: 'Fields of an entity; the kind decides which apply (facilityType for facilities, ...).' })
export class EntityFieldsInput {
  @Field(() => [String], { nullable: true, description: 'Other spellings, transliterations, Arabic script.' })
  @IsOptional()
  @ArrayMaxSize(50)
  aliases?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => FacilityType, { nullable: true })
  facilityType?: FacilityType | null;

  @Field(() => PlaceType, { nullable: true })
  placeType?: PlaceType | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => EventType, { nullable: true })
  eventType?: EventType | null;

  @Field(() => String, { nullable: true, description: 'EVENT only: EDTF date, e.g. 2024-12-08 or 2011/2013.' })
  @IsOptional()
  @MaxLength(100)
  date?: string | null;
}

@InputType()
export class CreateEntityInput extends EntityFieldsInput {
  @Field(() => EntityKind)
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

  @Field()
  @MaxLength(300)
  name!: string;
}

@InputType({ description: 'Only the fields given change; null clears an optional field.' })
export class UpdateEntityInput extends EntityFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  name?: string | null;
}
