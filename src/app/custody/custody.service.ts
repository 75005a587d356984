import { ClaimSide, type ClaimService } from '../claims/claim.service';
import { EntityKind, type EntityRecord } from '../../domain/model';
import type { EntityService } from '../entities/entity.service';
import {
  buildCustodyTimeline,
  CUSTODY_PREDICATES,
  TRANSFER_PREDICATES,
  type CustodyTimeline,
} from './custody-timeline';

/**
 * Custody timelines. Three batched store reads whatever the number of spells:
 * the person's claims, the entities they point to, and where those events
 * occurred and whom they moved from where to where.
 */
export class CustodyService {
  constructor(
    private readonly entities: EntityService,
    private readonly claims: ClaimService,
  ) {}

  async timeline(personId: string): Promise<CustodyTimeline> {
    // An id merged into another is the timeline of the person it resolves to.
    const person = await this.entities.get(personId, EntityKind.PERSON);
    const claims = await this.claims.allOfEntity(person.id, {
      side: ClaimSide.SUBJECT,
      predicates: [...CUSTODY_PREDICATES],
    });
    const objectIds = [...new Set(claims.flatMap((c) => (c.objectId === null ? [] : [c.objectId])))];
    const objects = (await this.entities.findMany(objectIds)).filter((e): e is EntityRecord => e !== null);
    const events = objects.filter((e) => e.kind === EntityKind.EVENT);
    const eventClaims = await Promise.all(
      events.map((e) =>
        this.claims.allOfEntity(e.id, {
          side: ClaimSide.SUBJECT,
          predicates: ['OCCURRED_AT', ...TRANSFER_PREDICATES],
        }),
      ),
    );
    const located = (i: number) =>
      eventClaims[i]!.flatMap((c) => (c.predicate === 'OCCURRED_AT' && c.objectId !== null ? [c.objectId] : []));
    const moves = (i: number) => eventClaims[i]!.filter((c) => c.predicate !== 'OCCURRED_AT');
    return buildCustodyTimeline({
      personId,
      claims,
      entities: new Map(objects.map((e) => [e.id, e])),
      eventLocations: new Map(events.map((e, i) => [e.id, located(i)])),
      eventTransfers: new Map(events.map((e, i) => [e.id, moves(i)])),
    });
  }
}
