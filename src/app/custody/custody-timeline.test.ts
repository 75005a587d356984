import { parseEdtf } from '../../domain/edtf';
import {
  AccessLevel,
  ClaimRank,
  ClaimRecord,
  ClaimStatus,
  EntityKind,
  EntityRecord,
  EventType,
} from '../../domain/model';
import {
  buildCustodyTimeline,
  CustodyEntryKind,
  CustodyOrder,
  CustodyTransition,
  TimelineInput,
} from './custody-timeline';

const PERSON = 'per_x';

function claim(id: string, predicate: string, objectId: string, period: string | null, status = ClaimStatus.ASSERTED) {
  const record: ClaimRecord = {
    id,
    subjectId: PERSON,
    predicate,
    objectId,
    value: null,
    period: period === null ? null : parseEdtf(period),
    status,
    statusReason: status === ClaimStatus.ASSERTED ? null : 'wrong person',
    rank: ClaimRank.NORMAL,
    rankReason: null,
    note: null,
    access: AccessLevel.PUBLIC,
    visibility: AccessLevel.PUBLIC,
    textLevel: AccessLevel.PUBLIC,
    createdAt: '',
    updatedAt: '',
    version: 1,
  };
  return record;
}

function event(id: string, eventType: EventType, date: string | null): EntityRecord {
  return {
    id,
    kind: EntityKind.EVENT,
    name: id,
    aliases: [],
    description: null,
    facilityType: null,
    placeType: null,
    latitude: null,
    longitude: null,
    eventType,
    date: date === null ? null : parseEdtf(date),
    access: AccessLevel.PUBLIC,
    protection: null,
    pseudonym: null,
    createdAt: '',
    updatedAt: '',
    version: 1,
  };
}

function timeline(
  claims: ClaimRecord[],
  events: EntityRecord[] = [],
  locations: [string, string[]][] = [],
  transfers: ClaimRecord[] = [],
) {
  const input: TimelineInput = {
    personId: PERSON,
    claims,
    entities: new Map(events.map((e) => [e.id, e])),
    eventLocations: new Map(locations),
    eventTransfers: new Map(events.map((e) => [e.id, transfers.filter((c) => c.subjectId === e.id)])),
  };
  return buildCustodyTimeline(input);
}

/** A transfer event the person suffered, and the event's claims on where it moved people from and to. */
function transfer(eventId: string, from: string, to: string, status = ClaimStatus.ASSERTED) {
  return {
    event: event(eventId, EventType.TRANSFER, null),
    victim: claim(`clm_${eventId}_victim`, 'VICTIM_OF', eventId, null),
    moves: [
      { ...claim(`clm_${eventId}_from`, 'TRANSFERRED_FROM', from, null, status), subjectId: eventId },
      { ...claim(`clm_${eventId}_to`, 'TRANSFERRED_TO', to, null, status), subjectId: eventId },
    ],
  };
}

function withTransfers(claims: ClaimRecord[], ...moves: ReturnType<typeof transfer>[]) {
  return timeline(
    [...claims, ...moves.map((m) => m.victim)],
    moves.map((m) => m.event),
    [],
    moves.flatMap((m) => m.moves),
  );
}

const orders = (t: ReturnType<typeof timeline>) => t.entries.map((e) => [e.kind, e.facilityId, e.order]);

const summary = (t: ReturnType<typeof timeline>) =>
  t.entries.map((e) => [e.kind, e.facilityId, e.period?.edtf ?? null, e.began, e.ended]);

describe('buildCustodyTimeline', () => {
  it('orders spells by period, marks the gap between them and the unknown whereabouts after the last', () => {
    const t = timeline([
      claim('clm_2', 'DETAINED_AT', 'fac_sednaya', '2015/2016'),
      claim('clm_1', 'DETAINED_AT', 'fac_branch_215', '2012-03/2012-09'),
    ]);
    expect(summary(t)).toEqual([
      ['CUSTODY', 'fac_branch_215', '2012-03/2012-09', 'UNKNOWN', 'UNKNOWN'],
      ['WHEREABOUTS_UNKNOWN', null, '2012-10-01/2014-12-31', 'UNKNOWN', 'UNKNOWN'],
      ['CUSTODY', 'fac_sednaya', '2015/2016', 'UNKNOWN', 'UNKNOWN'],
      ['WHEREABOUTS_UNKNOWN', null, '2017-01-01/..', 'UNKNOWN', 'UNKNOWN'],
    ]);
    expect(t.entries[3]!.period).toEqual({ edtf: '2017-01-01/..', earliest: '2017-01-01', latest: null });
  });

  it('reads adjacent spells at two facilities as a transfer', () => {
    const t = timeline([
      claim('clm_1', 'DETAINED_AT', 'fac_branch_215', '2012'),
      claim('clm_2', 'DETAINED_AT', 'fac_sednaya', '2013/2014'),
    ]);
    expect(summary(t).slice(0, 2)).toEqual([
      ['CUSTODY', 'fac_branch_215', '2012', 'UNKNOWN', 'TRANSFER'],
      ['CUSTODY', 'fac_sednaya', '2013/2014', 'TRANSFER', 'UNKNOWN'],
    ]);
  });

  it('ends a spell with a release, a death or an escape at that facility, and leaves no gap after a release', () => {
    const released = timeline(
      [
        claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '1981/2024-12-08'),
        claim('clm_2', 'RELEASED_FROM', 'fac_sednaya', '2024-12-08'),
        claim('clm_3', 'VICTIM_OF', 'evt_arrest', null),
      ],
      [event('evt_arrest', EventType.DETENTION, '1981')],
    );
    expect(summary(released)).toEqual([['CUSTODY', 'fac_sednaya', '1981/2024-12-08', 'ARREST', 'RELEASE']]);
    expect(released.entries[0]!.claims.map((c) => c.id)).toEqual(['clm_1', 'clm_2', 'clm_3']);

    const died = timeline(
      [claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '2013'), claim('clm_2', 'VICTIM_OF', 'evt_hanging', null)],
      [event('evt_hanging', EventType.EXECUTION, '2013-06')],
      [['evt_hanging', ['fac_sednaya']]],
    );
    expect(summary(died)).toEqual([['CUSTODY', 'fac_sednaya', '2013', 'UNKNOWN', 'DEATH']]);

    // An execution elsewhere does not end this spell.
    const elsewhere = timeline(
      [claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '2013'), claim('clm_2', 'VICTIM_OF', 'evt_hanging', null)],
      [event('evt_hanging', EventType.EXECUTION, '2013-06')],
      [['evt_hanging', ['fac_other']]],
    );
    expect(elsewhere.entries[0]!.ended).toBe(CustodyTransition.UNKNOWN);
  });

  it('joins an undated claim to the one dated spell at the same facility, and lists other undated spells last', () => {
    const t = timeline([
      claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '2014'),
      claim('clm_2', 'DETAINED_AT', 'fac_sednaya', null),
      claim('clm_3', 'DETAINED_AT', 'fac_aleppo', null),
      claim('clm_4', 'RELEASED_FROM', 'fac_aleppo', null),
    ]);
    expect(summary(t)).toEqual([
      ['CUSTODY', 'fac_sednaya', '2014', 'UNKNOWN', 'UNKNOWN'],
      ['WHEREABOUTS_UNKNOWN', null, '2015-01-01/..', 'UNKNOWN', 'UNKNOWN'],
      ['CUSTODY', 'fac_aleppo', null, 'UNKNOWN', 'RELEASE'],
    ]);
    expect(t.entries[0]!.claims.map((c) => c.id)).toEqual(['clm_1', 'clm_2']);
  });

  it('ignores retracted claims', () => {
    const t = timeline([
      claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '2014', ClaimStatus.RETRACTED),
      claim('clm_2', 'DETAINED_AT', 'fac_sednaya', '2019', ClaimStatus.DISPUTED),
    ]);
    expect(t.entries.filter((e) => e.kind === CustodyEntryKind.CUSTODY).map((e) => e.period?.edtf)).toEqual(['2019']);
  });

  it('takes the last sighting from the latest dated claim, preferring the more precise on a tie', () => {
    const t = timeline(
      [
        claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '1981/2024-12-08'),
        claim('clm_2', 'RELEASED_FROM', 'fac_sednaya', '2024-12-08'),
        claim('clm_3', 'PARTICIPANT_IN', 'evt_visit', null),
      ],
      [event('evt_visit', EventType.DOCUMENTATION, '2024-11')],
    );
    expect(t.lastSeen).toMatchObject({ predicate: 'RELEASED_FROM', entityId: 'fac_sednaya', claim: { id: 'clm_2' } });
    expect(timeline([claim('clm_1', 'DETAINED_AT', 'fac_sednaya', null)]).lastSeen).toBeNull();
  });

  describe('order', () => {
    it('orders dated spells by date and says so', () => {
      const t = timeline([
        claim('clm_2', 'DETAINED_AT', 'fac_sednaya', '2015/2016'),
        claim('clm_1', 'DETAINED_AT', 'fac_branch_215', '2012-03/2012-09'),
      ]);
      expect(orders(t)).toEqual([
        ['CUSTODY', 'fac_branch_215', CustodyOrder.DATED],
        ['WHEREABOUTS_UNKNOWN', null, CustodyOrder.DATED],
        ['CUSTODY', 'fac_sednaya', CustodyOrder.DATED],
        ['WHEREABOUTS_UNKNOWN', null, CustodyOrder.DATED],
      ]);
      expect(t.entries[0]!.orderReason).toBe('Placed by its period, 2012-03/2012-09.');
    });

    it('places undated spells by a stated transfer, right after or before the spell it links them to', () => {
      const t = withTransfers(
        [
          claim('clm_1', 'DETAINED_AT', 'fac_branch_215', '2012'),
          claim('clm_2', 'DETAINED_AT', 'fac_sednaya', null),
          claim('clm_3', 'DETAINED_AT', 'fac_airport', '2019'),
          claim('clm_4', 'DETAINED_AT', 'fac_aleppo', null),
        ],
        transfer('evt_t1', 'fac_branch_215', 'fac_sednaya'),
        transfer('evt_t2', 'fac_aleppo', 'fac_airport'),
      );
      expect(summary(t)).toEqual([
        ['CUSTODY', 'fac_branch_215', '2012', 'UNKNOWN', 'TRANSFER'],
        ['CUSTODY', 'fac_sednaya', null, 'TRANSFER', 'UNKNOWN'],
        // No gap is drawn across the undated spells: when they ended is unknown.
        ['CUSTODY', 'fac_aleppo', null, 'UNKNOWN', 'TRANSFER'],
        ['CUSTODY', 'fac_airport', '2019', 'TRANSFER', 'UNKNOWN'],
        ['WHEREABOUTS_UNKNOWN', null, '2020-01-01/..', 'UNKNOWN', 'UNKNOWN'],
      ]);
      expect(t.entries.map((e) => e.order)).toEqual([
        CustodyOrder.DATED,
        CustodyOrder.STATED,
        CustodyOrder.STATED,
        CustodyOrder.DATED,
        CustodyOrder.DATED,
      ]);
      expect(t.entries[1]!.orderReason).toMatch(/transfer from there to here \(clm_evt_t1_victim, clm_evt_t1_from/);
      expect(t.entries[1]!.claims.map((c) => c.id)).toEqual(
        expect.arrayContaining(['clm_2', 'clm_evt_t1_victim', 'clm_evt_t1_from', 'clm_evt_t1_to']),
      );
    });

    it('orders undated spells linked only to one another among themselves, not among the dated ones', () => {
      const t = withTransfers(
        [
          claim('clm_1', 'DETAINED_AT', 'fac_sednaya', null),
          claim('clm_2', 'DETAINED_AT', 'fac_aleppo', null),
          claim('clm_3', 'DETAINED_AT', 'fac_branch_215', '2012'),
        ],
        transfer('evt_t1', 'fac_sednaya', 'fac_aleppo'),
      );
      expect(orders(t)).toEqual([
        ['CUSTODY', 'fac_branch_215', CustodyOrder.DATED],
        ['WHEREABOUTS_UNKNOWN', null, CustodyOrder.DATED],
        ['CUSTODY', 'fac_sednaya', CustodyOrder.UNKNOWN],
        ['CUSTODY', 'fac_aleppo', CustodyOrder.STATED],
      ]);
    });

    it('marks undated spells with no stated relation UNKNOWN and lists them after the dated ones, not between', () => {
      const t = timeline([
        claim('clm_1', 'DETAINED_AT', 'fac_branch_215', '2012'),
        claim('clm_2', 'DETAINED_AT', 'fac_aleppo', null),
        claim('clm_3', 'DETAINED_AT', 'fac_sednaya', '2015'),
        claim('clm_4', 'DETAINED_AT', 'fac_airport', null),
      ]);
      expect(orders(t)).toEqual([
        ['CUSTODY', 'fac_branch_215', CustodyOrder.DATED],
        ['WHEREABOUTS_UNKNOWN', null, CustodyOrder.DATED],
        ['CUSTODY', 'fac_sednaya', CustodyOrder.DATED],
        ['WHEREABOUTS_UNKNOWN', null, CustodyOrder.DATED],
        ['CUSTODY', 'fac_airport', CustodyOrder.UNKNOWN],
        ['CUSTODY', 'fac_aleppo', CustodyOrder.UNKNOWN],
      ]);
      expect(t.entries[4]!.orderReason).toMatch(/^Not dated, and nothing stated places it/);
    });

    it('orders nothing by transfers that conflict, and says so', () => {
      const both = withTransfers(
        [claim('clm_1', 'DETAINED_AT', 'fac_sednaya', null), claim('clm_2', 'DETAINED_AT', 'fac_aleppo', null)],
        transfer('evt_t1', 'fac_sednaya', 'fac_aleppo'),
        transfer('evt_t2', 'fac_aleppo', 'fac_sednaya'),
      );
      expect(summary(both)).toEqual([
        ['CUSTODY', 'fac_aleppo', null, 'UNKNOWN', 'UNKNOWN'],
        ['CUSTODY', 'fac_sednaya', null, 'UNKNOWN', 'UNKNOWN'],
      ]);
      for (const entry of both.entries) {
        expect(entry.order).toBe(CustodyOrder.UNKNOWN);
        expect(entry.orderReason).toMatch(/conflicting orders/);
      }

      // From one spell to two places at once: neither is placed.
      const forked = withTransfers(
        [
          claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '2013'),
          claim('clm_2', 'DETAINED_AT', 'fac_aleppo', null),
          claim('clm_3', 'DETAINED_AT', 'fac_airport', null),
        ],
        transfer('evt_t1', 'fac_sednaya', 'fac_aleppo'),
        transfer('evt_t2', 'fac_sednaya', 'fac_airport'),
      );
      expect(orders(forked)).toEqual([
        ['CUSTODY', 'fac_sednaya', CustodyOrder.DATED],
        ['WHEREABOUTS_UNKNOWN', null, CustodyOrder.DATED],
        ['CUSTODY', 'fac_airport', CustodyOrder.UNKNOWN],
        ['CUSTODY', 'fac_aleppo', CustodyOrder.UNKNOWN],
      ]);
      expect(forked.entries[0]!.ended).toBe(CustodyTransition.UNKNOWN);

      // Against the dates: the dates stand, the transfer orders nothing.
      const backwards = withTransfers(
        [claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '2015'), claim('clm_2', 'DETAINED_AT', 'fac_aleppo', '2012')],
        transfer('evt_t1', 'fac_sednaya', 'fac_aleppo'),
      );
      expect(summary(backwards).map((e) => e[1])).toEqual(['fac_aleppo', null, 'fac_sednaya', null]);
      expect(backwards.entries[2]!.began).toBe(CustodyTransition.UNKNOWN);
      expect(backwards.entries[2]!.orderReason).toMatch(/disagree with the dates/);
    });

    it('ignores retracted transfer claims', () => {
      const t = withTransfers(
        [claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '2013'), claim('clm_2', 'DETAINED_AT', 'fac_aleppo', null)],
        transfer('evt_t1', 'fac_sednaya', 'fac_aleppo', ClaimStatus.RETRACTED),
      );
      expect(orders(t).at(-1)).toEqual(['CUSTODY', 'fac_aleppo', CustodyOrder.UNKNOWN]);
    });

    it('does not begin a spell whose start is unknown with an arrest: an earlier spell may lie between', () => {
      const t = timeline(
        [
          claim('clm_1', 'DETAINED_AT', 'fac_sednaya', '/2024-12-08'),
          claim('clm_2', 'RELEASED_FROM', 'fac_sednaya', '2024-12-08'),
          claim('clm_3', 'VICTIM_OF', 'evt_arrest', null),
        ],
        [event('evt_arrest', EventType.DETENTION, '1981')],
      );
      expect(summary(t)).toEqual([['CUSTODY', 'fac_sednaya', '/2024-12-08', 'UNKNOWN', 'RELEASE']]);
    });
  });
});
