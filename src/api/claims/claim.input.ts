import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { AccessLevel, ClaimStatus, QuantityQualifier, Reliability } from '../../domain/model';

@InputType({ description: 'Where the evidence is: the source, the exact words, and how far to trust them.' })
export class CitationInput {
  @Field(() => ID, { description: 'The source that makes the statement.' })
  sourceId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The document the excerpt is read in, when the statement reaches us through it (a news article quoting an NGO report).',
  })
  viaSourceId?: string | null;

  @Field({ description: 'Page, paragraph or timestamp: "para. 17", "p. 4", "00:12:31".' })
  @MaxLength(200)
  locator!: string;

  @Field({ description: 'The exact words of the document.' })
  @MaxLength(1000)
  excerpt!: string;

  @Field(() => Reliability)
  reliability!: Reliability;

  @Field(() => Int, { description: '1 (confirmed) to 6 (cannot be judged).' })
  credibility!: number;
}

@InputType()
export class QuantityInput {
  @Field(() => Float)
  amount!: number;

  @Field(() => Float, { nullable: true })
  amountMax?: number | null;

  @Field(() => QuantityQualifier, { nullable: true, defaultValue: QuantityQualifier.EXACT })
  qualifier?: QuantityQualifier | null;

  @Field()
  @MaxLength(100)
  unit!: string;
}

@InputType({
  description:
    'A statement and its evidence. Give exactly one of objectId, quantity and text, as the predicate demands.',
})
export class AssertClaimInput {
  @Field(() => ID)
  subjectId!: string;

  @Field()
  @MaxLength(100)
  predicate!: string;

  @Field(() => ID, { nullable: true })
  objectId?: string | null;

  @Field(() => QuantityInput, { nullable: true })
  quantity?: QuantityInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'EDTF period, e.g. 2011/2013, 2012~, ..2016.' })
  @IsOptional()
  @MaxLength(100)
  period?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => AccessLevel, {
    nullable: true,
    description: 'Who may see the claim; PUBLIC unless given. Its parties and sources can restrict it further.',
  })
  access?: AccessLevel | null;

  @Field(() => [CitationInput], { description: 'At least one.' })
  @ArrayMaxSize(50)
  citations!: CitationInput[];
}

@InputType()
export class ClaimFilterInput {
  @Field(() => ID, { nullable: true })
  subjectId?: string | null;

  @Field(() => ID, { nullable: true })
  objectId?: string | null;

  @Field(() => [String], { nullable: true })
  predicates?: string[] | null;

  @Field(() => [ClaimStatus], { nullable: true })
  statuses?: ClaimStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Claims citing this source, directly or as the document read.' })
  sourceId?: string | null;
}
