import { Arg } from 'type-graphql';
import { BadUserInputError } from '../../domain/errors';

/**
 * A past time asked for: an ISO 8601 date ("2025-03-01", read as the end of
 * that day in UTC, so that what was asserted that day counts) or date-time.
 */
export function parseAsOf(text: string | null | undefined, field = 'asOf', now: Date = new Date()): Date | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const parsed = new Date(dateOnly ? `${trimmed}T23:59:59.999Z` : trimmed);
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed) || Number.isNaN(parsed.getTime())) {
    throw new BadUserInputError(
      `${field} "${text}" is not a date; give an ISO 8601 date (2025-03-01) or date-time (2025-03-01T12:00:00Z).`,
      field,
    );
  }
  // Today, asked for by date, is now: the rest of the day has not happened yet.
  if (dateOnly && trimmed === now.toISOString().slice(0, 10)) return now;
  if (parsed.getTime() > now.getTime()) {
    throw new BadUserInputError(`${field} ${trimmed} is in the future; the graph can only be read as it stood.`, field);
  }
  return parsed;
}

/**
 * The `asOf` argument of the root read fields. Resolvers take it only to put
 * it in the schema: src/api/graphql/as-of.plugin.ts reads it before execution and
 * gives the whole operation services over the graph as it stood then, so
 * that every nested field (an entity's claims, their citations) answers for
 * the same moment.
 */
export function AsOfArg(): ReturnType<typeof Arg> {
  return Arg('asOf', () => String, {
    nullable: true,
    description:
      'Answer as the graph stood then: an ISO 8601 date (end of that day, UTC) or date-time. Applies to the whole operation; one asOf per operation.',
  });
}
