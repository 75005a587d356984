import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { SourceKind, AccessLevel } from '../../domain/model';

@InputType({ description: 'Fields of a source.' })
export class SourceFieldsInput {
  @Field(() => String, { nullable: true, description: 'Who published it: a newspaper, an NGO, a UN body.' })
  @IsOptional()
  @MaxLength(300)
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: 'Who wrote or gave it; for a protected witness, leave it out.' })
  @IsOptional()
  @MaxLength(300)
  author?: string | null;

  @Field(() => String, { nullable: true, description: 'EDTF, e.g. 2017 or 2024-12-09.' })
  @IsOptional()
  @MaxLength(100)
  date?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it can be found: a URL (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000)
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 tag: en, ar, ...' })
  @IsOptional()
  @MaxLength(35)
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'sha256 of the document, hex.' })
  @IsOptional()
  @MaxLength(64)
  contentHash?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Sources this one reports or repeats.' })
  @IsOptional()
  @ArrayMaxSize(100)
  derivedFromIds?: string[] | null;
}

@InputType({ description: 'A new source: its title, its kind, and what else is known of it.' })
export class CreateSourceInput extends SourceFieldsInput {
  @Field({ description: 'The title (at most 300 characters).' })
  @MaxLength(300)
  title!: string;

  @Field(() => SourceKind, { description: 'What kind of source it is.' })
  kind!: SourceKind;

  @Field(() => AccessLevel, {
    nullable: true,
    description: 'Who may see the source and the citations of it; PUBLIC unless given. At most your clearance.',
  })
  access?: AccessLevel | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateSourceInput extends SourceFieldsInput {
  @Field(() => String, { nullable: true, description: 'The new title (at most 300 characters).' })
  @IsOptional()
  @MaxLength(300)
  title?: string | null;

  @Field(() => SourceKind, { nullable: true, description: 'The new kind.' })
  kind?: SourceKind | null;
}
