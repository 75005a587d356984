import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AccessLevel, SourceKind } from '../../domain/model';
import { connectionOf, FuzzyDate, Node, VERSION_DESCRIPTION } from '../graphql/common.types';

@ObjectType({ implements: Node, description: 'A document, report, testimony, photo set, video, dataset or post.' })
export class Source implements Node {
  @Field(() => ID, { description: 'The global id: pass it to node(id) to fetch this record again.' })
  id!: string;

  @Field({ description: 'The title of the document, report or testimony.' })
  title!: string;

  @Field(() => SourceKind, { description: 'What kind of source it is.' })
  kind!: SourceKind;

  @Field(() => String, { nullable: true, description: 'Null when the document does not say.' })
  publisher!: string | null;

  @Field(() => String, { nullable: true, description: 'Who wrote or gave it; null when not known or not shown.' })
  author!: string | null;

  @Field(() => FuzzyDate, { nullable: true, description: 'When it was published or given; null when not known.' })
  date!: FuzzyDate | null;

  @Field(() => String, { nullable: true, description: 'Where it can be found; null when it is not online.' })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'Its language, as a BCP 47 tag (en, ar, ...).' })
  language!: string | null;

  @Field(() => String, { nullable: true, description: 'sha256 of the document.' })
  contentHash!: string | null;

  @Field(() => AccessLevel, { description: 'Who may see the source and the citations of it.' })
  access!: AccessLevel;

  @Field({ description: 'When the record was created (ISO 8601 date-time, UTC).' })
  createdAt!: string;

  @Field({ description: 'When the record last changed (ISO 8601 date-time, UTC).' })
  updatedAt!: string;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version!: number;
}

export const SourceConnection = connectionOf('Source', () => Source);
