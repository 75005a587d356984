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

  @Field(() => Reliability, { description: 'Admiralty scale reliability of the source: A (completely reliable) to F.' })
  reliability!: Reliability;

  @Field(() => Int, { description: '1 (confirmed) to 6 (cannot be judged).' })
  credibility!: number;
}

@InputType({ description: 'A reported number: "more than 30,000 people", "between 5,000 and 13,000 executions".' })
export class QuantityInput {
  @Field(() => Float, { description: 'The number reported (the bottom of a range when amountMax is given).' })
  amount!: number;

  @Field(() => Float, { nullable: true, description: 'The top of a range, when the source gives one.' })
  amountMax?: number | null;

  @Field(() => QuantityQualifier, {
    nullable: true,
    defaultValue: QuantityQualifier.EXACT,
    description: 'How the number relates to the true figure.',
  })
  qualifier?: QuantityQualifier | null;

  @Field({ description: 'What is counted, e.g. people, detainees, deaths (at most 100 characters).' })
  @MaxLength(100)
  unit!: string;
}

@InputType({
  description:
    'A statement and its evidence. Give exactly one of objectId, quantity and text, as the predicate demands.',
})
export class AssertClaimInput {
  @Field(() => ID, { description: 'The id of the entity the claim is about.' })
  subjectId!: string;

  @Field({ description: 'A predicate of the controlled vocabulary (see the predicates query), e.g. DETAINED_AT.' })
  @MaxLength(100)
  predicate!: string;

  @Field(() => ID, { nullable: true, description: 'For ENTITY predicates: the id of the other entity.' })
  objectId?: string | null;

  @Field(() => QuantityInput, { nullable: true, description: 'For QUANTITY predicates: the number.' })
  quantity?: QuantityInput | null;

  @Field(() => String, { nullable: true, description: 'For TEXT predicates: the statement (at most 1000 characters).' })
  @IsOptional()
  @MaxLength(1000)
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'EDTF period, e.g. 2011/2013, 2012~, ..2016.' })
  @IsOptional()
  @MaxLength(100)
  period?: string | null;

  @Field(() => String, { nullable: true, description: "An analyst's note on the claim (at most 2000 characters)." })
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

@InputType({ description: 'Which claims to list; every condition given must hold.' })
export class ClaimFilterInput {
  @Field(() => ID, { nullable: true, description: 'Claims about this entity (as their subject).' })
  subjectId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Claims with this entity as their object.' })
  objectId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Claims with one of these predicates.' })
  predicates?: string[] | null;

  @Field(() => [ClaimStatus], { nullable: true, description: 'Claims with one of these statuses.' })
  statuses?: ClaimStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Claims citing this source, directly or as the document read.' })
  sourceId?: string | null;
}
