import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A text that names a protected person, as the redaction rule reads it: for a human to review.',
})
export class ProtectedMention {
  @Field(() => ID, { description: 'The protected person named.' })
  personId!: string;

  @Field(() => ID, { description: 'The entity, source, claim or citation whose text it is.' })
  recordId!: string;

  @Field({ description: 'Which text of the record: name, aliases, description, title, note, excerpt, ...' })
  field!: string;

  @Field({ description: 'The text as stored, unredacted.' })
  text!: string;
}

@ObjectType({ description: 'Where protected people are named across the graph.' })
export class ProtectedMentionReport {
  @Field(() => [ProtectedMention], { description: 'The mentions found, for review.' })
  mentions!: ProtectedMention[];

  @Field(() => Int, { description: 'Records read.' })
  recordsRead!: number;

  @Field({ description: 'True when there were more mentions than the limit.' })
  truncated!: boolean;
}
