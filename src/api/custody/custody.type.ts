import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Claim } from '../claims/claim.type';
import { FuzzyDate } from '../graphql/common.types';
import { CustodyEntryKind, CustodyOrder, CustodyTransition } from '../../app/custody/custody-timeline';

registerEnumType(CustodyTransition, {
  name: 'CustodyTransition',
  description: 'How a spell in custody began or ended, as far as the claims tell; UNKNOWN when nothing says.',
  valuesConfig: {
    ARREST: { description: 'Began with an arrest.' },
    TRANSFER: { description: 'Began or ended with a transfer from or to another facility.' },
    RELEASE: { description: 'Ended with a release.' },
    DEATH: { description: 'Ended with a death in custody.' },
    ESCAPE: { description: 'Ended with an escape.' },
    UNKNOWN: { description: 'Nothing recorded says how; the period may simply not be known.' },
  },
});
registerEnumType(CustodyEntryKind, {
  name: 'CustodyEntryKind',
  description:
    'CUSTODY: held at a facility. WHEREABOUTS_UNKNOWN: between two spells, or after one that ended in no known release or death.',
  valuesConfig: {
    CUSTODY: { description: 'Held at a facility.' },
    WHEREABOUTS_UNKNOWN: {
      description: 'Between two known spells, or after the last one ended without a known release or death.',
    },
  },
});

registerEnumType(CustodyOrder, {
  name: 'CustodyOrder',
  description:
    "How an entry's place in the timeline is known: by dates, by a transfer the claims state, or not at all. Only DATED and STATED entries are in a known order.",
  valuesConfig: {
    DATED: { description: 'By dates: its own period, or (for a gap) the periods of the spells around it.' },
    STATED: {
      description:
        'Not dated: a transfer the claims state (a TRANSFER event the person suffered, with TRANSFERRED_FROM and TRANSFERRED_TO claims) puts it right after the entry before it, or right before the one after it.',
    },
    UNKNOWN: {
      description:
        'Not dated, and nothing stated places it among the other entries (or the transfers stated conflict): listed after the ordered entries, in no meaningful order.',
    },
  },
});

@ObjectType({ description: 'A spell in custody at one facility, or an interval in which no source places the person.' })
export class CustodyEntry {
  @Field(() => CustodyEntryKind, { description: 'A spell in custody, or a gap in what is known.' })
  kind!: CustodyEntryKind;

  @Field(() => FuzzyDate, {
    nullable: true,
    description: 'EDTF period and its bounds; null for a spell no source dates. Open intervals have a null bound.',
  })
  period!: FuzzyDate | null;

  @Field(() => CustodyOrder, {
    description:
      'Whether its place in the list is known, and how: DATED, STATED (by a transfer the claims state) or UNKNOWN (listed last, in no meaningful order).',
  })
  order!: CustodyOrder;

  @Field({ description: 'Why the entry stands where it does, naming the claims that place it.' })
  orderReason!: string;

  @Field(() => CustodyTransition, { description: 'How the spell began.' })
  began!: CustodyTransition;

  @Field(() => CustodyTransition, { description: 'How the spell ended.' })
  ended!: CustodyTransition;

  @Field(() => [Claim], {
    description: 'The claims behind the entry (detention, and how it began or ended), each with its citations.',
  })
  claims!: Claim[];
}

@ObjectType({ description: 'The latest claim that places the person somewhere at a known time.' })
export class Sighting {
  @Field(() => FuzzyDate, { description: 'When the person was seen there, as the claim dates it.' })
  date!: FuzzyDate;

  @Field({ description: "The claim's predicate (DETAINED_AT, RELEASED_FROM, VICTIM_OF ...)." })
  predicate!: string;

  @Field(() => Claim, { description: 'The claim that places the person there, with its citations.' })
  claim!: Claim;
}

@ObjectType({ description: "A person's custody, in order, with the gaps in what is known." })
export class CustodyTimeline {
  @Field(() => [CustodyEntry], {
    description:
      'Dated spells and the whereabouts-unknown intervals between them, in order, with undated spells placed where a stated transfer puts them; spells nothing places come last, with order UNKNOWN.',
  })
  entries!: CustodyEntry[];

  @Field(() => Sighting, { nullable: true, description: 'The last known sighting; null when no claim is dated.' })
  lastSeen!: Sighting | null;
}
