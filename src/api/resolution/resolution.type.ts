import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JudgementKind } from '../../domain/judgement';
import { MatchReasonKind } from '../../app/resolution/scoring';
import { EntityInterface } from '../entities/entity.type';
import { VERSION_DESCRIPTION } from '../graphql/common.types';

registerEnumType(JudgementKind, {
  name: 'JudgementKind',
  description: 'What a judgement says is one.',
  valuesConfig: {
    SAME_ENTITY: { description: 'Two entity records are one entity (mergeEntities; undone by splitEntity).' },
    SAME_ORIGIN: {
      description: 'Several sources are one origin seen through different documents (judgeSameOrigin).',
    },
  },
});

registerEnumType(MatchReasonKind, {
  name: 'MatchReasonKind',
  description: 'What was found that makes two records look like one, or not.',
  valuesConfig: {
    SAME_NAME: { description: 'The same name, once case, diacritics and Arabic spelling variants are set aside.' },
    ALIAS_MATCH: { description: 'A name of one is a name or alias of the other.' },
    TRANSLITERATION_MATCH: {
      description: 'Different spellings with the same transliteration key ("Abd al-Rahman", "Abdulrahman").',
    },
    SIMILAR_NAME: { description: 'Names alike but not the same; the detail says how alike.' },
    SHARED_COUNTERPART: { description: 'Claims with the same predicate and the same entity at the other end.' },
    SHARED_SOURCE: { description: 'Claims about both cite the same source.' },
    COMPATIBLE_DATES: { description: 'Dates that fit one person (ages giving the same year of birth).' },
    INCOMPATIBLE_DATES: {
      description: 'Dates that cannot be one person: years of birth apart, or claims after a death.',
    },
    LINKED_TO_EACH_OTHER: { description: 'A claim links the two records: its sources treat them as two.' },
    DIFFERENT_LOCATION_OR_TYPE: { description: 'Places far apart, or facilities or places of different types.' },
    NEAR_LOCATION: { description: 'Places close together.' },
  },
});

@ObjectType({ description: 'One reason two records look like one (positive weight) or not (negative).' })
export class MatchReason {
  @Field(() => MatchReasonKind, { description: 'What was found.' })
  kind!: MatchReasonKind;

  @Field({ description: 'What exactly, for an analyst to check: the names, the facility, the sources.' })
  detail!: string;

  @Field(() => Float, { description: 'What the reason adds to the score; negative against the match.' })
  weight!: number;
}

@ObjectType({ description: 'Two records that may be one, with the score and the reasons for it.' })
export class DuplicateCandidate {
  @Field(() => EntityInterface, { description: 'One of the two: the record asked about (`of`), else the lower id.' })
  a!: EntityInterface;

  @Field(() => EntityInterface, { description: 'The other.' })
  b!: EntityInterface;

  @Field(() => Float, { description: 'From 0 to 1: the sum of the weights of the reasons, within those bounds.' })
  score!: number;

  @Field(() => [MatchReason], { description: 'Why, strongest first.' })
  reasons!: MatchReason[];
}

@ObjectType({
  description:
    "An analyst's recorded judgement that records are one: who, when, why, which records; undone, not deleted.",
})
export class Judgement {
  @Field(() => ID, { description: "The judgement's id (jdg_...); its audit records name it." })
  id!: string;

  @Field(() => JudgementKind, { description: 'What it says is one.' })
  kind!: JudgementKind;

  @Field(() => [ID], {
    description:
      'The records judged one: for SAME_ENTITY the survivor, then the merged record; for SAME_ORIGIN the sources.',
  })
  recordIds!: string[];

  @Field(() => ID, { nullable: true, description: 'SAME_ENTITY: the record that absorbed the other.' })
  survivorId!: string | null;

  @Field({ description: 'Why the records were judged one.' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'Who judged (their subject); null for the system.' })
  judgedBy!: string | null;

  @Field({ description: 'The role they judged in.' })
  judgedByRole!: string;

  @Field({ description: 'When (ISO 8601 date-time, UTC).' })
  createdAt!: string;

  @Field({ description: 'Whether the judgement holds: false once it has been undone.' })
  holds!: boolean;

  @Field(() => String, { nullable: true, description: 'When it was undone (a split); null while it holds.' })
  undoneAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Who undid it; null while it holds.' })
  undoneBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was undone; null while it holds.' })
  undoReason!: string | null;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version!: number;
}

@ObjectType({ description: 'A record merged into this one, and the judgement that merged it.' })
export class MergeNote {
  @Field(() => ID, { description: "The merged record's id: it still resolves, to this entity." })
  mergedId!: string;

  @Field(() => Judgement, { description: 'The merge.' })
  judgement!: Judgement;
}

@ObjectType({ description: 'What a merge left: the judgement and the one entity.' })
export class MergeResult {
  @Field(() => Judgement, { description: 'The judgement recorded; pass its id to splitEntity to undo the merge.' })
  judgement!: Judgement;

  @Field(() => EntityInterface, { description: 'The survivor, with the claims of both.' })
  survivor!: EntityInterface;
}

@ObjectType({ description: 'What a split left: the judgement, undone, and the two entities.' })
export class SplitResult {
  @Field(() => Judgement, { description: 'The merge judgement, now undone.' })
  judgement!: Judgement;

  @Field(() => EntityInterface, { description: 'The survivor, with its own claims again.' })
  survivor!: EntityInterface;

  @Field(() => EntityInterface, { description: 'The merged record, separate again with its own claims.' })
  restored!: EntityInterface;
}

@InputType({ description: 'The versions of the two records as you read them; either may be left out.' })
export class MergeVersionsInput {
  @Field(() => Int, { nullable: true, description: "The survivor's version." })
  survivor?: number | null;

  @Field(() => Int, { nullable: true, description: "The merged record's version." })
  merged?: number | null;
}
