import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { EntityRecord } from '../../domain/model';
import { EntityInterface, Facility, Person } from '../entities/entity.type';
import type { AtharContext } from '../graphql/context';
import type {
  CustodyEntry as EntryRecord,
  CustodyTimeline as TimelineRecord,
  Sighting as SightingRecord,
} from '../../app/custody/custody-timeline';
import { CustodyEntry, CustodyTimeline, Sighting } from './custody.type';

@Resolver(() => Person)
export class PersonCustodyResolver {
  @FieldResolver(() => CustodyTimeline, {
    description:
      'Where the person was held, in order, how each spell began and ended, the gaps, and the last sighting.',
  })
  custody(@Root() person: EntityRecord, @Ctx() { services }: AtharContext): Promise<TimelineRecord> {
    return services.custody.timeline(person.id);
  }
}

@Resolver(() => CustodyEntry)
export class CustodyEntryResolver {
  @FieldResolver(() => Facility, { nullable: true, description: 'Where the person was held; null for a gap.' })
  async facility(@Root() entry: EntryRecord, @Ctx() { services }: AtharContext): Promise<EntityRecord | null> {
    return entry.facilityId === null ? null : services.entities.find(entry.facilityId);
  }
}

@Resolver(() => Sighting)
export class SightingResolver {
  @FieldResolver(() => EntityInterface, { description: 'The facility, place or event the claim places the person at.' })
  async at(@Root() sighting: SightingRecord, @Ctx() { services }: AtharContext): Promise<EntityRecord | null> {
    return services.entities.find(sighting.entityId);
  }
}
