import { Arg, Int } from 'type-graphql';

/*
 * The arguments every list takes, written once: their names, types and the
 * descriptions a reader of the schema sees.
 */

export function FirstArg(): ReturnType<typeof Arg> {
  return Arg('first', () => Int, {
    nullable: true,
    description: 'Page size: how many items to return (default 20, at most the server maximum, 100 by default).',
  });
}

export function AfterArg(): ReturnType<typeof Arg> {
  return Arg('after', () => String, {
    nullable: true,
    description:
      'Return the items after this cursor: pageInfo.endCursor of the previous page. Omit for the first page.',
  });
}

export function NameContainsArg(): ReturnType<typeof Arg> {
  return Arg('nameContains', () => String, {
    nullable: true,
    description:
      'Only those whose name or an alias contains this text (case-, diacritic- and transliteration-insensitive).',
  });
}
