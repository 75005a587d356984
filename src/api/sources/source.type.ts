import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AccessLevel, SourceKind } from '../../domain/model';
import { connectionOf, FuzzyDate, Node, VERSION_DESCRIPTION } from '../graphql/common.types';

@ObjectType({ implements: Node, description: 'A document, report, testimony, photo set, video, dataset or post.' })
export class Source implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => SourceKind)
  kind!: SourceKind;

  @Field(() => String, { nullable: true, description: 'Null when the document does not say.' })
  publisher!: string | null;

  @Field(() => String, { nullable: true })
  author!: string | null;

  @Field(() => FuzzyDate, { nullable: true })
  date!: FuzzyDate | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  language!: string | null;

  @Field(() => String, { nullable: true, description: 'sha256 of the document.' })
  contentHash!: string | null;

  @Field(() => AccessLevel, { description: 'Who may see the source and the citations of it.' })
  access!: AccessLevel;

  @Field()
  createdAt!: string;

  @Field()
  updatedAt!: string;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version!: number;
}

export const SourceConnection = connectionOf('Source', () => Source);
