import { compareFuzzyDates, edtfBoundsOverlap } from '../../domain/edtf';
import { ClaimRecord, ClaimStatus, EntityKind, EntityRecord, EventType, FuzzyDate } from '../../domain/model';

/** How a spell in custody began or ended, as far as the claims tell. */
export enum CustodyTransition {
  ARREST = 'ARREST',
  TRANSFER = 'TRANSFER',
  RELEASE = 'RELEASE',
  DEATH = 'DEATH',
  ESCAPE = 'ESCAPE',
  /** Nothing recorded says how; the period may simply not be known. */
  UNKNOWN = 'UNKNOWN',
}

export enum CustodyEntryKind {
  /** Held at a facility. */
  CUSTODY = 'CUSTODY',
  /** Between two known spells, or after the last one ended without a known release or death. */
  WHEREABOUTS_UNKNOWN = 'WHEREABOUTS_UNKNOWN',
}

/** How an entry's place in the list is known. */
export enum CustodyOrder {
  /** By dates: its own period, or (for a gap) the periods around it. */
  DATED = 'DATED',
  /** Not dated: a transfer the claims state puts it right after the entry before it, or right before the one after. */
  STATED = 'STATED',
  /** Not dated, and nothing stated places it among the others: listed after the ordered entries, in no meaningful order. */
  UNKNOWN = 'UNKNOWN',
}

export interface CustodyEntry {
  kind: CustodyEntryKind;
  /** Whether the entry's place in the list rests on dates, on a stated transfer, or on nothing. */
  order: CustodyOrder;
  /** Why the entry stands where it does, in words, naming the claims that place it. */
  orderReason: string;
  /** Null only for a spell at a facility no source dates. */
  period: FuzzyDate | null;
  /** CUSTODY only. */
  facilityId: string | null;
  began: CustodyTransition;
  ended: CustodyTransition;
  /** The claims the entry rests on: the DETAINED_AT claims, and those that say how it began or ended. */
  claims: ClaimRecord[];
}

export interface Sighting {
  /** When the person was last placed somewhere by a claim. */
  date: FuzzyDate;
  /** The facility, place or event the claim places them at. */
  entityId: string;
  predicate: string;
  claim: ClaimRecord;
}

export interface CustodyTimeline {
  personId: string;
  /**
   * Dated spells and the gaps between them, in order, with undated spells placed beside the spells a stated transfer
   * links them to; spells nothing places follow, marked UNKNOWN, since their place in time is unknown.
   */
  entries: CustodyEntry[];
  lastSeen: Sighting | null;
}

/** The claims of an event that say where the people it concerns were moved from and to. */
export const TRANSFER_PREDICATES = ['TRANSFERRED_FROM', 'TRANSFERRED_TO'] as const;

/** The claims of a person (as subject) that a custody timeline reads. */
export const CUSTODY_PREDICATES = ['DETAINED_AT', 'RELEASED_FROM', 'DIED_AT', 'VICTIM_OF', 'PARTICIPANT_IN'] as const;

export interface TimelineInput {
  personId: string;
  /** The person's claims as subject; retracted ones are ignored. */
  claims: readonly ClaimRecord[];
  /** Entities the claims point to (facilities, places, events), by id. */
  entities: ReadonlyMap<string, EntityRecord>;
  /** For each event the person took part in or suffered: the facilities and places it occurred at. */
  eventLocations: ReadonlyMap<string, readonly string[]>;
  /** For each such event: its TRANSFERRED_FROM and TRANSFERRED_TO claims (retracted ones are ignored). */
  eventTransfers?: ReadonlyMap<string, readonly ClaimRecord[]>;
}

interface Spell {
  facilityId: string;
  period: FuzzyDate | null;
  claims: ClaimRecord[];
  began: CustodyTransition;
  ended: CustodyTransition;
  order: CustodyOrder;
  orderReason: string;
}

/** A stated transfer from one spell to the next: the person's claim on the event and the event's own claims. */
interface Transfer {
  from: Spell;
  to: Spell;
  claims: ClaimRecord[];
}

/**
 * Builds a person's custody timeline from their claims. Pure: the service
 * loads the claims and entities, this decides what they say.
 *
 * Spells are the DETAINED_AT claims, one per facility and period; a claim
 * that gives no period joins the one dated spell at the same facility when
 * there is exactly one (two sources on the same detention, one of them
 * undated), and stands alone otherwise.
 */
export function buildCustodyTimeline(input: TimelineInput): CustodyTimeline {
  const claims = input.claims.filter((c) => c.status !== ClaimStatus.RETRACTED && c.subjectId === input.personId);
  const spells = spellsOf(claims.filter((c) => c.predicate === 'DETAINED_AT' && c.objectId !== null));
  const dated = spells.filter((s) => s.period !== null).sort(bySpellPeriod);
  const undated = spells.filter((s) => s.period === null).sort((a, b) => compare(a.facilityId, b.facilityId));

  // An arrest begins the first spell it may fall in; the later ones began some other way.
  const arrestsUsed = new Set<string>();
  for (const spell of [...dated, ...undated]) endings(spell, claims, input, arrestsUsed);
  for (const spell of dated) {
    spell.order = CustodyOrder.DATED;
    spell.orderReason = `Placed by its period, ${spell.period!.edtf}.`;
  }
  const links = linkTransfers(transfersOf(claims, input, spells), dated);

  const entries: CustodyEntry[] = [];
  const placed = new Set<Spell>();
  const place = (spell: Spell) => {
    if (placed.has(spell)) return;
    placed.add(spell);
    entries.push(entryOf(spell));
  };
  dated.forEach((spell, i) => {
    for (const before of chainBefore(spell, links)) place(before);
    place(spell);
    const after = chainAfter(spell, links);
    for (const next of after) place(next);
    const next = dated[i + 1];
    if (after.length > 0 || (next && links.previous.has(next))) return;
    if (!next) {
      const trailing = trailingGap(spell);
      if (trailing) entries.push(trailing);
      return;
    }
    const gap = gapBetween(spell, next);
    if (gap) {
      entries.push(gap);
    } else if (spell.ended === CustodyTransition.UNKNOWN && spell.facilityId !== next.facilityId) {
      // Held at one facility and then, with no interval between, at another: a transfer.
      spell.ended = CustodyTransition.TRANSFER;
      entries[entries.length - 1]!.ended = CustodyTransition.TRANSFER;
      if (next.began === CustodyTransition.UNKNOWN) next.began = CustodyTransition.TRANSFER;
    }
  });
  // Undated spells that stated transfers link only to one another: ordered among themselves, not among the dated.
  for (const spell of undated) {
    if (placed.has(spell) || links.previous.has(spell)) continue;
    const chain = [spell, ...chainAfter(spell, links)];
    if (chain.length === 1) continue;
    spell.order = CustodyOrder.UNKNOWN;
    spell.orderReason = `${NOT_PLACED} A stated transfer links it to the entries after it, but nothing dates them.`;
    for (const member of chain) place(member);
  }
  for (const spell of undated) if (!placed.has(spell)) place(spell);
  return { personId: input.personId, entries, lastSeen: lastSeen(claims, input.entities) };
}

const NOT_PLACED =
  'Not dated, and nothing stated places it among the dated entries: listed after them, in no meaningful order.';

/**
 * The transfers the person's claims state: they suffered (VICTIM_OF) or took
 * part in an event of type TRANSFER that the event's own claims say moved
 * people from one facility to another. A transfer ties to a facility's spell
 * only when it can tell which one: the only spell there, or the only one its
 * date may fall in.
 */
function transfersOf(claims: readonly ClaimRecord[], input: TimelineInput, spells: readonly Spell[]): Transfer[] {
  const transfers: Transfer[] = [];
  for (const claim of claims) {
    if ((claim.predicate !== 'VICTIM_OF' && claim.predicate !== 'PARTICIPANT_IN') || claim.objectId === null) continue;
    const event = input.entities.get(claim.objectId);
    if (!event || event.kind !== EntityKind.EVENT || event.eventType !== EventType.TRANSFER) continue;
    const moves = (input.eventTransfers?.get(event.id) ?? []).filter((c) => c.status !== ClaimStatus.RETRACTED);
    const when = claim.period ?? event.date;
    const spellAt = (facilityId: string | null) => {
      const here = spells.filter((s) => s.facilityId === facilityId);
      if (here.length === 1) return here[0]!;
      const fits = here.filter(
        (s) => when !== null && s.period !== null && edtfBoundsOverlap(when, s.period) !== 'NONE',
      );
      return fits.length === 1 ? fits[0]! : null;
    };
    for (const out of moves.filter((c) => c.predicate === 'TRANSFERRED_FROM')) {
      for (const into of moves.filter((c) => c.predicate === 'TRANSFERRED_TO')) {
        const from = spellAt(out.objectId);
        const to = spellAt(into.objectId);
        if (from && to && from !== to) transfers.push({ from, to, claims: [claim, out, into] });
      }
    }
  }
  return transfers;
}

interface Links {
  /** The spell a stated transfer puts right before this one, and right after it. */
  previous: Map<Spell, Spell>;
  next: Map<Spell, Spell>;
}

/**
 * Keeps the transfers that can all hold at once and marks the spells of the
 * others: a spell can be left for, and entered from, one facility at a time;
 * transfers must not run in a circle; and a transfer between two dated spells
 * must not run against their dates. Where transfers disagree, none of them
 * orders anything.
 */
function linkTransfers(transfers: readonly Transfer[], dated: readonly Spell[]): Links {
  const conflicting = new Set<Transfer>();
  const targets = new Map<Spell, Set<Spell>>();
  const origins = new Map<Spell, Set<Spell>>();
  for (const t of transfers) {
    targets.set(t.from, (targets.get(t.from) ?? new Set()).add(t.to));
    origins.set(t.to, (origins.get(t.to) ?? new Set()).add(t.from));
    if (t.from.period && t.to.period && dated.indexOf(t.from) > dated.indexOf(t.to)) conflicting.add(t);
  }
  for (const t of transfers) {
    if (targets.get(t.from)!.size > 1 || origins.get(t.to)!.size > 1) conflicting.add(t);
  }
  const links: Links = { previous: new Map(), next: new Map() };
  for (const t of transfers) {
    if (conflicting.has(t)) continue;
    links.next.set(t.from, t.to);
    links.previous.set(t.to, t.from);
  }
  // Each spell now has at most one link each way; a circle (a to b, b to a) has no first spell, so it orders nothing.
  for (const start of [...links.next.keys()]) {
    const circle = new Set<Spell>([start]);
    let at = links.next.get(start);
    while (at && at !== start && !circle.has(at)) {
      circle.add(at);
      at = links.next.get(at);
    }
    if (at !== start) continue;
    for (const t of transfers) if (circle.has(t.from)) conflicting.add(t);
  }
  for (const t of conflicting) {
    links.next.delete(t.from);
    links.previous.delete(t.to);
  }
  for (const t of transfers) {
    addClaims(t.from, t.claims);
    addClaims(t.to, t.claims);
    const ids = t.claims.map((c) => c.id).join(', ');
    if (conflicting.has(t)) {
      for (const spell of [t.from, t.to]) {
        if (spell.period !== null) {
          spell.orderReason = `Placed by its period, ${spell.period.edtf}; transfers stated that disagree with the dates or with one another order nothing (${ids}).`;
        } else if (!links.previous.has(spell) && !links.next.has(spell)) {
          spell.order = CustodyOrder.UNKNOWN;
          spell.orderReason = `Not dated, and the transfers stated give conflicting orders (${ids}): listed after the ordered entries, in no meaningful order.`;
        }
      }
      continue;
    }
    if (t.from.ended === CustodyTransition.UNKNOWN) t.from.ended = CustodyTransition.TRANSFER;
    if (t.to.began === CustodyTransition.UNKNOWN) t.to.began = CustodyTransition.TRANSFER;
    if (t.to.period === null) {
      t.to.order = CustodyOrder.STATED;
      t.to.orderReason = `Not dated; placed right after the entry before it by a stated transfer from there to here (${ids}).`;
    }
    if (t.from.period === null && t.from.order !== CustodyOrder.STATED) {
      t.from.order = CustodyOrder.STATED;
      t.from.orderReason = `Not dated; placed right before the entry after it by a stated transfer from here to there (${ids}).`;
    }
  }
  return links;
}

/** The undated spells stated transfers put right before `spell`, earliest first. */
function chainBefore(spell: Spell, links: Links): Spell[] {
  const chain: Spell[] = [];
  for (let at = links.previous.get(spell); at && at.period === null && !chain.includes(at); at = links.previous.get(at))
    chain.unshift(at);
  return chain;
}

/** The undated spells stated transfers put right after `spell`, in order. */
function chainAfter(spell: Spell, links: Links): Spell[] {
  const chain: Spell[] = [];
  for (let at = links.next.get(spell); at && at.period === null && !chain.includes(at); at = links.next.get(at))
    chain.push(at);
  return chain;
}

function addClaims(spell: Spell, claims: readonly ClaimRecord[]): void {
  for (const claim of claims) addClaim(spell, claim);
}

function spellsOf(detentions: readonly ClaimRecord[]): Spell[] {
  const byKey = new Map<string, Spell>();
  const ordered = [...detentions].sort((a, b) => compare(a.id, b.id));
  for (const claim of ordered.filter((c) => c.period !== null)) {
    const key = `${claim.objectId}|${claim.period!.edtf}`;
    const spell = byKey.get(key);
    if (spell) spell.claims.push(claim);
    else byKey.set(key, spellOf(claim));
  }
  for (const claim of ordered.filter((c) => c.period === null)) {
    const datedHere = [...byKey.values()].filter((s) => s.facilityId === claim.objectId && s.period !== null);
    const target = datedHere.length === 1 ? datedHere[0]! : byKey.get(`${claim.objectId}|`);
    if (target) target.claims.push(claim);
    else byKey.set(`${claim.objectId}|`, spellOf(claim));
  }
  return [...byKey.values()];
}

function spellOf(claim: ClaimRecord): Spell {
  return {
    facilityId: claim.objectId!,
    period: claim.period,
    claims: [claim],
    began: CustodyTransition.UNKNOWN,
    ended: CustodyTransition.UNKNOWN,
    order: CustodyOrder.UNKNOWN,
    orderReason: NOT_PLACED,
  };
}

/** How the spell began and ended, from the person's other claims about the same facility or its events. */
function endings(spell: Spell, claims: readonly ClaimRecord[], input: TimelineInput, arrestsUsed: Set<string>): void {
  // Fuzzy dates: whatever may fall within the spell may be how it ended.
  const mayFit = (date: FuzzyDate | null) =>
    date === null || spell.period === null || edtfBoundsOverlap(date, spell.period) !== 'NONE';
  const endings: { transition: CustodyTransition; claim: ClaimRecord }[] = [];
  const beginnings: { transition: CustodyTransition; claim: ClaimRecord }[] = [];

  for (const claim of claims) {
    if (claim.objectId === null) continue;
    switch (claim.predicate) {
      case 'RELEASED_FROM':
        if (claim.objectId === spell.facilityId && mayFit(claim.period))
          endings.push({ transition: CustodyTransition.RELEASE, claim });
        break;
      case 'DIED_AT':
        if (claim.objectId === spell.facilityId && mayFit(claim.period))
          endings.push({ transition: CustodyTransition.DEATH, claim });
        break;
      case 'VICTIM_OF':
      case 'PARTICIPANT_IN': {
        const event = input.entities.get(claim.objectId);
        if (!event || event.kind !== EntityKind.EVENT || event.eventType === null) break;
        const when = claim.period ?? event.date;
        const here = (input.eventLocations.get(event.id) ?? []).includes(spell.facilityId);
        const transition = eventTransition(event.eventType, claim.predicate === 'VICTIM_OF');
        if (transition === null) break;
        if (transition === CustodyTransition.ARREST) {
          // An arrest leads into custody wherever it happened, so only its date ties it to a spell.
          // A spell whose start is unknown may have begun after an earlier, unrecorded spell: no arrest begins it.
          if (!arrestsUsed.has(claim.id) && spell.period?.earliest && when !== null && mayFit(when))
            beginnings.push({ transition, claim });
        } else if (here && mayFit(when)) {
          endings.push({ transition, claim });
        }
        break;
      }
    }
  }
  const firstOf = (list: typeof endings) => list.sort((a, b) => compare(a.claim.id, b.claim.id))[0];
  const ending = firstOf(endings);
  const beginning = firstOf(beginnings);
  if (ending) {
    spell.ended = ending.transition;
    addClaim(spell, ending.claim);
  }
  if (beginning) {
    arrestsUsed.add(beginning.claim.id);
    spell.began = beginning.transition;
    addClaim(spell, beginning.claim);
  }
}

function eventTransition(type: EventType, victim: boolean): CustodyTransition | null {
  switch (type) {
    case EventType.ARREST:
    case EventType.DETENTION:
      return victim ? CustodyTransition.ARREST : null;
    case EventType.RELEASE:
    case EventType.LIBERATION:
      return CustodyTransition.RELEASE;
    case EventType.DEATH_IN_CUSTODY:
    case EventType.EXECUTION:
      return victim ? CustodyTransition.DEATH : null;
    case EventType.ESCAPE:
      return CustodyTransition.ESCAPE;
    case EventType.TRANSFER:
    case EventType.INTERROGATION:
    case EventType.TORTURE:
    case EventType.DISAPPEARANCE:
    case EventType.TRIAL:
    case EventType.SEARCH_AND_RESCUE:
    case EventType.DOCUMENTATION:
    case EventType.MILITARY_OPERATION:
    case EventType.REGIME_CHANGE:
    case EventType.OTHER:
      return null;
  }
}

function addClaim(spell: Spell, claim: ClaimRecord): void {
  if (!spell.claims.some((c) => c.id === claim.id)) spell.claims.push(claim);
}

function entryOf(spell: Spell): CustodyEntry {
  return {
    kind: CustodyEntryKind.CUSTODY,
    order: spell.order,
    orderReason: spell.orderReason,
    period: spell.period,
    facilityId: spell.facilityId,
    began: spell.began,
    ended: spell.ended,
    claims: spell.claims,
  };
}

/**
 * The interval between two spells when the first certainly ended before the
 * second certainly began: from the day after the first's latest bound to the
 * day before the second's earliest.
 */
function gapBetween(a: Spell, b: Spell): CustodyEntry | null {
  const aEnd = a.period?.latest ?? null;
  const bStart = b.period?.earliest ?? null;
  if (aEnd === null || bStart === null || addDays(aEnd, 1) >= bStart) return null;
  return gapEntry(addDays(aEnd, 1), addDays(bStart, -1));
}

/** After a last spell that ended in no known release, death or escape, the person's whereabouts are unknown. */
function trailingGap(last: Spell): CustodyEntry | null {
  const end = last.period?.latest ?? null;
  if (end === null || last.ended !== CustodyTransition.UNKNOWN) return null;
  return gapEntry(addDays(end, 1), null);
}

function gapEntry(from: string, to: string | null): CustodyEntry {
  return {
    kind: CustodyEntryKind.WHEREABOUTS_UNKNOWN,
    order: CustodyOrder.DATED,
    orderReason: 'Placed by the periods of the spells around it.',
    period: { edtf: `${from}/${to ?? '..'}`, earliest: from, latest: to },
    facilityId: null,
    began: CustodyTransition.UNKNOWN,
    ended: CustodyTransition.UNKNOWN,
    claims: [],
  };
}

/**
 * The most recent claim that places the person somewhere at a known time:
 * ordered by the latest day it can mean, then by the earliest (a precise
 * release date beats a long detention ending on the same day).
 */
function lastSeen(claims: readonly ClaimRecord[], entities: ReadonlyMap<string, EntityRecord>): Sighting | null {
  const sightings: Sighting[] = [];
  for (const claim of claims) {
    if (claim.objectId === null || !(CUSTODY_PREDICATES as readonly string[]).includes(claim.predicate)) continue;
    const object = entities.get(claim.objectId);
    const date = claim.period ?? (object?.kind === EntityKind.EVENT ? object.date : null);
    if (date === null || (date.latest === null && date.earliest === null)) continue;
    sightings.push({ date, entityId: claim.objectId, predicate: claim.predicate, claim });
  }
  const key = (d: FuzzyDate) => d.latest ?? d.earliest ?? '';
  sightings.sort(
    (a, b) =>
      compare(key(b.date), key(a.date)) ||
      compare(b.date.earliest ?? '', a.date.earliest ?? '') ||
      compare(a.claim.id, b.claim.id),
  );
  return sightings[0] ?? null;
}

function bySpellPeriod(a: Spell, b: Spell): number {
  return compareFuzzyDates(a.period!, b.period!) || compare(a.facilityId, b.facilityId);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
