import { Field, Int, ObjectType } from 'type-graphql';
import { Citation, Claim, PeriodOverlap } from '../claims/claim.type';
import { Source } from '../sources/source.type';

@ObjectType({ description: 'How many independent origins a claim rests on.' })
export class Corroboration {
  @Field(() => Int, { description: 'How many citations support the claim.' })
  citationCount!: number;

  @Field(() => Int, {
    description: 'Groups of citations whose sources share no origin: two articles repeating one report count once.',
  })
  independentOrigins!: number;

  @Field({ description: 'True when every citation goes back to one origin.' })
  singleOrigin!: boolean;

  @Field(() => [Source], { description: 'The sources at the ends of the derivation chains.' })
  origins!: Source[];
}

@ObjectType({ description: 'A citation of a traced claim, with where its source derives from.' })
export class TracedCitation {
  @Field(() => Citation, { description: 'The citation.' })
  citation!: Citation;

  @Field(() => [Source], { description: 'Where the cited source derives from, down to the origins.' })
  origins!: Source[];
}

@ObjectType({ description: 'The whole evidence chain of a claim, in one response.' })
export class EvidenceTrace {
  @Field(() => Claim, { description: 'The claim traced.' })
  claim!: Claim;

  @Field(() => [TracedCitation], { description: 'Each of its citations, with the origins of its source.' })
  citations!: TracedCitation[];

  @Field(() => [Source], {
    description: 'Every source on the way, each once, with its content hash and what it derives from.',
  })
  sources!: Source[];
}

@ObjectType({ description: 'Quantitative claims about a facility with one predicate, side by side.' })
export class FigureGroup {
  @Field({ description: 'The predicate the figures are for, e.g. HELD_COUNT.' })
  predicate!: string;

  @Field(() => [Claim], { description: 'Ordered by period; disagreeing figures are all kept.' })
  claims!: Claim[];
}

@ObjectType({
  description: 'Two claims that cannot both be true. Neither is dropped: both are shown with their sources.',
})
export class ClaimConflict {
  @Field({ description: 'The predicate both claims use.' })
  predicate!: string;

  @Field(() => Claim, { description: 'One of the two claims.' })
  left!: Claim;

  @Field(() => Claim, { description: 'The other claim.' })
  right!: Claim;

  @Field(() => PeriodOverlap, { description: 'Whether their periods certainly or only possibly overlap.' })
  periodOverlap!: PeriodOverlap;

  @Field({ description: 'Why they conflict, in words.' })
  reason!: string;
}

@ObjectType({ description: 'A claim that leans on a source.' })
export class SourceDependent {
  @Field(() => Claim, { description: 'The claim that cites the source.' })
  claim!: Claim;

  @Field({
    description:
      'True when every citation of the claim rests on this source: discrediting it leaves the claim unsupported.',
  })
  wouldLoseSupport!: boolean;
}
