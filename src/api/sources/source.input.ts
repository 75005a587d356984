import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { SourceKind, AccessLevel } from '../../domain/model';

@InputType()
export class SourceFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  publisher?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  author?: string | null;

  @Field(() => String, { nullable: true, description: 'EDTF, e.g. 2017 or 2024-12-09.' })
  @IsOptional()
  @MaxLength(100)
  date?: string | null;

  @Field(() => String, { nullable: true })
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

@InputType()
export class CreateSourceInput extends SourceFieldsInput {
  @Field()
  @MaxLength(300)
  title!: string;

  @Field(() => SourceKind)
  kind!: SourceKind;

  @Field(() => AccessLevel, {
    nullable: true,
    description: 'Who may see the source and the citations of it; PUBLIC unless given. At most your clearance.',
  })
  access?: AccessLevel | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateSourceInput extends SourceFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  title?: string | null;

  @Field(() => SourceKind, { nullable: true })
  kind?: SourceKind | null;
}
