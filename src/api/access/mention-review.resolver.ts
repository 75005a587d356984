import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { MentionReport } from '../../app/access/mention-review.service';
import { BadUserInputError } from '../../domain/errors';
import type { AtharContext } from '../graphql/context';
import { ProtectedMentionReport } from './mention-review.type';

const MAX_MENTIONS = 5000;

@Resolver()
export class MentionReviewResolver {
  @Query(() => ProtectedMentionReport, {
    description:
      'ADMIN: every text that names a protected person (names, aliases, descriptions, titles, notes, reasons, excerpts), by the rule redaction applies, so that a human can review the cases a name matcher gets wrong. Reads the whole graph.',
  })
  protectedMentions(
    @Arg('limit', () => Int, { defaultValue: 500, description: `At most ${MAX_MENTIONS}.` }) limit: number,
    @Arg('personId', () => ID, { nullable: true, description: 'Only the texts that name this protected person.' })
    personId: string | null | undefined,
    @Ctx() { services }: AtharContext,
  ): Promise<MentionReport> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MENTIONS) {
      throw new BadUserInputError(`limit must be a whole number from 1 to ${MAX_MENTIONS}.`, 'limit');
    }
    return services.mentionReview.review(limit, personId ?? null);
  }
}
