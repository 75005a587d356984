import { distance } from 'fastest-levenshtein';
import { normalizeText, transliterationKey } from '../../domain/names';
import type { ClaimRecord, EntityRecord } from '../../domain/model';

/*
 * How alike two records are, as a score in [0, 1] and the reasons that add up
 * to it: each reason says what was found (its kind and a detail an analyst can
 * check) and what it weighs. Names carry most of the weight; what the graph
 * says about each record (the same facility, the same sources, dates that fit
 * or do not) moves the score up or down. Pure: the service gathers the records
 * (as the viewer reads them) and this scores them.
 */

export enum MatchReasonKind {
  /** The same name, once normalised (case, diacritics, Arabic spelling variants). */
  SAME_NAME = 'SAME_NAME',
  /** A name of one is a name or alias of the other. */
  ALIAS_MATCH = 'ALIAS_MATCH',
  /** Different spellings with the same transliteration key ("Abd al-Rahman", "Abdulrahman"). */
  TRANSLITERATION_MATCH = 'TRANSLITERATION_MATCH',
  /** Names alike but not the same: the detail gives the similarity of their keys. */
  SIMILAR_NAME = 'SIMILAR_NAME',
  /** Claims with the same predicate and the same entity at the other end. */
  SHARED_COUNTERPART = 'SHARED_COUNTERPART',
  /** Both are named by claims citing the same source. */
  SHARED_SOURCE = 'SHARED_SOURCE',
  /** Dates that fit one person: ages that give the same year of birth. */
  COMPATIBLE_DATES = 'COMPATIBLE_DATES',
  /** Dates that cannot be one person's: years of birth apart, or claims after a death. */
  INCOMPATIBLE_DATES = 'INCOMPATIBLE_DATES',
  /** A claim links the two records to each other: sources that name both treat them as two. */
  LINKED_TO_EACH_OTHER = 'LINKED_TO_EACH_OTHER',
  /** Places far apart, or facilities or places of different types. */
  DIFFERENT_LOCATION_OR_TYPE = 'DIFFERENT_LOCATION_OR_TYPE',
  /** Places close together. */
  NEAR_LOCATION = 'NEAR_LOCATION',
}

export interface MatchReason {
  kind: MatchReasonKind;
  detail: string;
  /** What the reason adds to the score (negative: against the match). */
  weight: number;
}

export interface ScoredPair {
  score: number;
  reasons: MatchReason[];
}

/** What is known of one record: the entity as the viewer reads it, its claims and the sources they cite. */
export interface EntityProfile {
  entity: EntityRecord;
  /** Claims in which the entity is subject or object. */
  claims: ClaimRecord[];
  /** Sources cited by those claims (directly or as the document read). */
  sourceIds: ReadonlySet<string>;
}

export const WEIGHTS = {
  sameName: 0.7,
  aliasMatch: 0.65,
  transliteration: 0.6,
  /** Times the similarity of the keys, for keys at least SIMILAR_NAME_FLOOR alike. */
  similarName: 0.55,
  sharedCounterpart: 0.1,
  maxSharedCounterparts: 0.3,
  sharedSource: 0.05,
  maxSharedSources: 0.15,
  compatibleDates: 0.1,
  incompatibleDates: -0.4,
  linked: -0.3,
  differentType: -0.15,
  farApart: -0.4,
  near: 0.15,
} as const;

/** Keys less alike than this (1 - edit distance / length) are not reported as similar. */
export const SIMILAR_NAME_FLOOR = 0.75;
/** Places closer than this (km) are near; farther than FAR_KM, far apart. */
export const NEAR_KM = 5;
export const FAR_KM = 100;
/** Years of birth (from AGE claims) this far apart or more cannot be one person's. */
export const BIRTH_YEARS_APART = 5;

/** 1 - edit distance / the longer length: 1 for equal strings, 0 for nothing in common. */
export function keySimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  return 1 - distance(a, b) / longer;
}

/** Words of a key shorter than this must be equal to count as alike (acronyms, "ali" and "aly": one letter says much). */
export const MIN_FUZZY_WORD = 5;
/** What each word one name has beyond the other's takes off the similarity. */
export const EXTRA_WORD_FACTOR = 0.9;

/**
 * How alike two transliteration keys are, word by word: every word of the
 * name with fewer words must be like some word of the other (the least alike
 * decides), and each word the other has beyond them takes a little off. So
 * "Red Building" and "White Building" of one prison are not alike, however
 * long the part they share, while a one-letter slip in one word is.
 */
export function nameSimilarity(keyA: string, keyB: string): number {
  const wa = keyA.split(' ').filter((w) => w !== '');
  const wb = keyB.split(' ').filter((w) => w !== '');
  if (wa.length === 0 || wb.length === 0) return 0;
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  const wordSimilarity = (w: string, v: string) =>
    w === v ? 1 : Math.min(w.length, v.length) < MIN_FUZZY_WORD ? 0 : keySimilarity(w, v);
  const least = Math.min(...short.map((w) => Math.max(...long.map((v) => wordSimilarity(w, v)))));
  return least * EXTRA_WORD_FACTOR ** (long.length - short.length);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The best match between the two records' names and aliases. */
export function nameReason(a: EntityRecord, b: EntityRecord): MatchReason | null {
  const names = (e: EntityRecord) => [e.name, ...e.aliases].filter((n) => normalizeText(n) !== '');
  let best: MatchReason | null = null;
  const consider = (reason: MatchReason) => {
    if (best === null || reason.weight > best.weight) best = reason;
  };
  names(a).forEach((na, i) => {
    names(b).forEach((nb, j) => {
      const primary = i === 0 && j === 0;
      if (normalizeText(na) === normalizeText(nb)) {
        consider(
          primary
            ? { kind: MatchReasonKind.SAME_NAME, detail: `"${na}"`, weight: WEIGHTS.sameName }
            : { kind: MatchReasonKind.ALIAS_MATCH, detail: `"${na}" and "${nb}"`, weight: WEIGHTS.aliasMatch },
        );
        return;
      }
      const ka = transliterationKey(na);
      const kb = transliterationKey(nb);
      if (ka !== '' && ka === kb) {
        consider({
          kind: MatchReasonKind.TRANSLITERATION_MATCH,
          detail: `"${na}" and "${nb}" are spellings of one name (key "${ka}")`,
          weight: WEIGHTS.transliteration,
        });
        return;
      }
      const similarity = nameSimilarity(ka, kb);
      if (similarity >= SIMILAR_NAME_FLOOR) {
        consider({
          kind: MatchReasonKind.SIMILAR_NAME,
          detail: `"${na}" and "${nb}": keys ${Math.round(similarity * 100)}% alike`,
          weight: round(WEIGHTS.similarName * similarity),
        });
      }
    });
  });
  return best;
}

function counterpartsOf(p: EntityProfile): Map<string, { predicate: string; otherId: string }> {
  const out = new Map<string, { predicate: string; otherId: string }>();
  for (const c of p.claims) {
    if (c.objectId === null) continue;
    const outgoing = c.subjectId === p.entity.id;
    const otherId = outgoing ? c.objectId : c.subjectId;
    if (otherId === p.entity.id) continue;
    out.set(`${outgoing ? '>' : '<'}${c.predicate}|${otherId}`, { predicate: c.predicate, otherId });
  }
  return out;
}

/** Years of birth the AGE claims imply (period start year minus the age). */
function birthYears(p: EntityProfile): number[] {
  return p.claims.flatMap((c) => {
    if (c.predicate !== 'AGE' || c.subjectId !== p.entity.id || c.value?.type !== 'QUANTITY') return [];
    const year = Number((c.period?.earliest ?? c.period?.latest ?? '').slice(0, 4));
    return Number.isFinite(year) && year > 0 ? [year - c.value.amount] : [];
  });
}

/** The latest date the person can have died by (the latest bound of a DIED_AT claim), or null. */
function diedBy(p: EntityProfile): string | null {
  const bounds = p.claims
    .filter((c) => c.predicate === 'DIED_AT' && c.subjectId === p.entity.id && c.period?.latest)
    .map((c) => c.period!.latest!);
  return bounds.length === 0 ? null : bounds.sort()[bounds.length - 1]!;
}

/** The latest start of a claim other than a death (when the record was last seen alive, at the earliest), or null. */
function firstSeenAlive(p: EntityProfile): string | null {
  const starts = p.claims
    .filter((c) => c.predicate !== 'DIED_AT' && c.subjectId === p.entity.id && c.period?.earliest)
    .map((c) => c.period!.earliest!);
  return starts.length === 0 ? null : starts.sort()[starts.length - 1]!;
}

function dateReasons(a: EntityProfile, b: EntityProfile): MatchReason[] {
  const reasons: MatchReason[] = [];
  const ya = birthYears(a);
  const yb = birthYears(b);
  if (ya.length > 0 && yb.length > 0) {
    const gap = Math.min(...ya.flatMap((x) => yb.map((y) => Math.abs(x - y))));
    if (gap >= BIRTH_YEARS_APART) {
      reasons.push({
        kind: MatchReasonKind.INCOMPATIBLE_DATES,
        detail: `ages give years of birth at least ${gap} years apart`,
        weight: WEIGHTS.incompatibleDates,
      });
    } else if (gap <= 1) {
      reasons.push({
        kind: MatchReasonKind.COMPATIBLE_DATES,
        detail: 'ages give the same year of birth (within a year)',
        weight: WEIGHTS.compatibleDates,
      });
    }
  }
  for (const [dead, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const died = diedBy(dead);
    const alive = firstSeenAlive(other);
    if (died !== null && alive !== null && alive > died) {
      reasons.push({
        kind: MatchReasonKind.INCOMPATIBLE_DATES,
        detail: `one record's death (by ${died}) precedes the other's claims (from ${alive})`,
        weight: WEIGHTS.incompatibleDates,
      });
      break;
    }
  }
  return reasons;
}

/** Great-circle distance in km. */
function kmBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function placeReasons(a: EntityRecord, b: EntityRecord): MatchReason[] {
  const reasons: MatchReason[] = [];
  const typeA = a.facilityType ?? a.placeType;
  const typeB = b.facilityType ?? b.placeType;
  if (typeA !== null && typeB !== null && typeA !== typeB) {
    reasons.push({
      kind: MatchReasonKind.DIFFERENT_LOCATION_OR_TYPE,
      detail: `types differ (${typeA}, ${typeB})`,
      weight: WEIGHTS.differentType,
    });
  }
  if (a.latitude !== null && a.longitude !== null && b.latitude !== null && b.longitude !== null) {
    const km = kmBetween(a.latitude, a.longitude, b.latitude, b.longitude);
    if (km <= NEAR_KM) {
      reasons.push({ kind: MatchReasonKind.NEAR_LOCATION, detail: `${km.toFixed(1)} km apart`, weight: WEIGHTS.near });
    } else if (km >= FAR_KM) {
      reasons.push({
        kind: MatchReasonKind.DIFFERENT_LOCATION_OR_TYPE,
        detail: `${Math.round(km)} km apart`,
        weight: WEIGHTS.farApart,
      });
    }
  }
  return reasons;
}

/**
 * The score of a pair and its reasons, strongest first. Without a name reason
 * the pair scores 0: the rest only corroborates or contradicts a name match.
 * `label(id)` names an entity at the other end of a claim, as the viewer reads it.
 */
export function scorePair(a: EntityProfile, b: EntityProfile, label: (id: string) => string): ScoredPair {
  const name = nameReason(a.entity, b.entity);
  if (name === null) return { score: 0, reasons: [] };
  const reasons: MatchReason[] = [name];

  const ca = counterpartsOf(a);
  const cb = counterpartsOf(b);
  let counterpartWeight = 0;
  for (const [key, { predicate, otherId }] of [...ca].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (!cb.has(key) || otherId === a.entity.id || otherId === b.entity.id) continue;
    const weight = Math.min(WEIGHTS.sharedCounterpart, WEIGHTS.maxSharedCounterparts - counterpartWeight);
    if (weight <= 0) break;
    counterpartWeight += weight;
    reasons.push({ kind: MatchReasonKind.SHARED_COUNTERPART, detail: `both ${predicate} ${label(otherId)}`, weight });
  }

  const shared = [...a.sourceIds].filter((id) => b.sourceIds.has(id)).sort();
  if (shared.length > 0) {
    reasons.push({
      kind: MatchReasonKind.SHARED_SOURCE,
      detail: `${shared.length} source${shared.length === 1 ? '' : 's'} in common: ${shared.slice(0, 3).map(label).join(', ')}`,
      weight: round(Math.min(WEIGHTS.maxSharedSources, WEIGHTS.sharedSource * shared.length)),
    });
  }

  const linked = a.claims.some((c) => c.subjectId === b.entity.id || c.objectId === b.entity.id);
  if (linked) {
    reasons.push({
      kind: MatchReasonKind.LINKED_TO_EACH_OTHER,
      detail: 'a claim links the two records to each other',
      weight: WEIGHTS.linked,
    });
  }
  reasons.push(...dateReasons(a, b), ...placeReasons(a.entity, b.entity));

  const total = reasons.reduce((sum, r) => sum + r.weight, 0);
  reasons.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight) || (x.kind < y.kind ? -1 : 1));
  return { score: round(Math.max(0, Math.min(1, total))), reasons };
}
