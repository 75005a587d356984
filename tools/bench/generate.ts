import { withLevels } from '../../src/policy/visibility';
import { parseEdtf } from '../../src/domain/edtf';
import {
  AccessLevel,
  type CitationRecord,
  ClaimRank,
  type ClaimRecord,
  ClaimStatus,
  type ClaimValue,
  type ClaimWithCitations,
  type Credibility,
  EntityKind,
  type EntityRecord,
  EventType,
  FacilityType,
  type FuzzyDate,
  PlaceType,
  QuantityQualifier,
  Reliability,
  SourceKind,
  type SourceRecord,
  newEntityRecord,
} from '../../src/domain/model';
import {
  CONDITIONS,
  FACILITIES,
  FACILITY_PATTERNS,
  FAMILY_NAMES,
  GIVEN_NAMES,
  type NameForms,
  OCCUPATIONS,
  ORGANIZATIONS,
  PLACES,
  PUBLISHERS,
  VILLAGE_PREFIXES,
  VILLAGE_STEMS,
} from './names';
import { Prng, subSeed } from './prng';

export const MAX_GENERATED_CLAIMS = 1_000_000;

export interface GenerateOptions {
  /** How many claims; the other record counts follow from it (see sizesFor). */
  claims: number;
  seed: number;
  /**
   * Part of every id (`per_<idPrefix>_0000123`), so that a run can share a
   * store with other data, and with earlier runs, without touching any of it.
   */
  idPrefix: string;
  /** createdAt and updatedAt of every record; in the past, so that "as of now" reads see them. */
  recordedAt?: string;
}

export interface GraphSizes {
  people: number;
  facilities: number;
  places: number;
  organizations: number;
  events: number;
  sources: number;
  claims: number;
}

export interface GraphSummary extends GraphSizes {
  protectedPeople: number;
  restrictedEntities: number;
  restrictedSources: number;
  confidentialSources: number;
  derivedSources: number;
}

export interface SyntheticGraph {
  options: Required<GenerateOptions>;
  summary: GraphSummary;
  entities: EntityRecord[];
  sources: SourceRecord[];
  /**
   * The claims, made as they are read so that a million of them need not be
   * held at once. Every call starts over and yields the same claims.
   */
  claims(): Generator<ClaimWithCitations>;
}

const DEFAULT_RECORDED_AT = '2025-06-01T00:00:00.000Z';
/** The day Sednaya was opened: many spells and releases end on it. */
const LIBERATION_DAY = '2024-12-08';

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** Proportions taken from the seed case and the reporting it comes from: few facilities, many people. */
export function sizesFor(claims: number): GraphSizes {
  return {
    people: Math.max(20, Math.round(claims / 4)),
    facilities: clamp(Math.round(claims / 60), FACILITIES.length, 300),
    places: clamp(Math.round(claims / 400), PLACES.length + 1, 200),
    organizations: clamp(Math.round(claims / 1000), ORGANIZATIONS.length, 100),
    events: Math.max(10, Math.round(claims / 20)),
    sources: Math.max(20, Math.round(claims / 10)),
    claims,
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const EVENT_TYPES: readonly (readonly [EventType, number])[] = [
  [EventType.ARREST, 30],
  [EventType.DETENTION, 10],
  [EventType.TRANSFER, 12],
  [EventType.INTERROGATION, 8],
  [EventType.TORTURE, 10],
  [EventType.EXECUTION, 6],
  [EventType.DEATH_IN_CUSTODY, 6],
  [EventType.RELEASE, 8],
  [EventType.DISAPPEARANCE, 6],
  [EventType.TRIAL, 4],
];

const SOURCE_KINDS: readonly (readonly [SourceKind, number])[] = [
  [SourceKind.REPORT, 18],
  [SourceKind.NEWS_ARTICLE, 30],
  [SourceKind.TESTIMONY, 22],
  [SourceKind.INTERVIEW, 10],
  [SourceKind.DOCUMENT, 10],
  [SourceKind.DATASET, 3],
  [SourceKind.VIDEO, 5],
  [SourceKind.STATEMENT, 2],
];

/** Kinds that speak first-hand; reports and articles repeat them. */
const PRIMARY_KINDS: ReadonlySet<SourceKind> = new Set([
  SourceKind.REPORT,
  SourceKind.TESTIMONY,
  SourceKind.DOCUMENT,
  SourceKind.DATASET,
]);
const REPEATING_KINDS: ReadonlySet<SourceKind> = new Set([
  SourceKind.NEWS_ARTICLE,
  SourceKind.STATEMENT,
  SourceKind.VIDEO,
  SourceKind.REPORT,
]);

/** The first 8 organisations are the security services: they run facilities and employ officials. */
const SECURITY_ORGANIZATIONS = 8;

/** Builds the records of one synthetic case; deterministic for a given seed and size. */
export function generateGraph(input: GenerateOptions): SyntheticGraph {
  if (!Number.isInteger(input.claims) || input.claims < 1 || input.claims > MAX_GENERATED_CLAIMS) {
    throw new RangeError(`claims must be a whole number from 1 to ${MAX_GENERATED_CLAIMS}; got ${input.claims}.`);
  }
  if (!/^[A-Za-z0-9]{1,40}$/.test(input.idPrefix)) {
    throw new RangeError(`idPrefix must be 1-40 letters or digits; got "${input.idPrefix}".`);
  }
  const options: Required<GenerateOptions> = { recordedAt: DEFAULT_RECORDED_AT, ...input };
  const sizes = sizesFor(options.claims);
  const at = options.recordedAt;
  const id = (prefix: string, n: number, width = 6) => `${prefix}_${options.idPrefix}_${pad(n, width)}`;
  const rng = new Prng(subSeed(options.seed, 1));

  const entity = (record: Pick<EntityRecord, 'id' | 'kind' | 'name'> & Partial<EntityRecord>): EntityRecord =>
    newEntityRecord({ createdAt: at, ...record });

  // Places: the country, the towns the reporting names, then villages.
  const places: EntityRecord[] = [
    entity({
      id: id('plc', 0),
      kind: EntityKind.PLACE,
      name: 'Syria',
      aliases: ['Syrian Arab Republic', 'سوريا'],
      placeType: PlaceType.COUNTRY,
      latitude: 35,
      longitude: 38,
    }),
  ];
  PLACES.forEach((p, i) =>
    places.push(
      entity({
        id: id('plc', places.length),
        kind: EntityKind.PLACE,
        name: p.name,
        aliases: [...p.aliases],
        placeType: i < 12 ? PlaceType.CITY : PlaceType.TOWN,
        latitude: p.latitude,
        longitude: p.longitude,
      }),
    ),
  );
  for (let v = 0; places.length < sizes.places; v++) {
    const prefix = VILLAGE_PREFIXES[v % VILLAGE_PREFIXES.length]!;
    const stem = VILLAGE_STEMS[Math.floor(v / VILLAGE_PREFIXES.length) % VILLAGE_STEMS.length]!;
    const round = Math.floor(v / (VILLAGE_PREFIXES.length * VILLAGE_STEMS.length));
    places.push(
      entity({
        id: id('plc', places.length),
        kind: EntityKind.PLACE,
        name: `${prefix} ${stem}${round > 0 ? ` ${round + 1}` : ''}`,
        placeType: PlaceType.TOWN,
        latitude: Math.round((32.5 + rng.next() * 4.5) * 100) / 100,
        longitude: Math.round((35.8 + rng.next() * 6) * 100) / 100,
      }),
    );
  }
  /** Where each facility stands, by index into `places`. */
  const facilityPlace: number[] = [];
  const facilityParent: (number | null)[] = [];
  const facilities: EntityRecord[] = [];
  FACILITIES.forEach((f) => {
    facilityPlace.push(f.place + 1);
    facilityParent.push(f.partOf ?? null);
    facilities.push(
      entity({
        id: id('fac', facilities.length),
        kind: EntityKind.FACILITY,
        name: f.name,
        aliases: [...f.aliases],
        facilityType: f.type,
      }),
    );
  });
  while (facilities.length < sizes.facilities) {
    const n = facilities.length;
    const pattern = FACILITY_PATTERNS[n % FACILITY_PATTERNS.length]!;
    const place = 1 + rng.skewed(places.length - 1, 1.5);
    const number = 200 + n;
    facilityPlace.push(place);
    facilityParent.push(null);
    facilities.push(
      entity({
        id: id('fac', n),
        kind: EntityKind.FACILITY,
        name: `${pattern.label} ${number}, ${places[place]!.name}`,
        aliases: pattern.type === FacilityType.BRANCH ? [`Branch ${number}`, `الفرع ${number}`] : [],
        facilityType: pattern.type,
      }),
    );
  }

  const organizations: EntityRecord[] = ORGANIZATIONS.map((o, i) =>
    entity({ id: id('org', i), kind: EntityKind.ORGANIZATION, name: o.name, aliases: [...o.aliases] }),
  );
  while (organizations.length < sizes.organizations) {
    const n = organizations.length;
    const town = places[1 + (n % (places.length - 1))]!.name;
    organizations.push(
      entity({
        id: id('org', n),
        kind: EntityKind.ORGANIZATION,
        name: n % 2 === 0 ? `Local Coordination Committee of ${town}` : `${n}th Brigade`,
      }),
    );
  }

  const people: EntityRecord[] = [];
  let protectedPeople = 0;
  let restrictedEntities = 0;
  for (let n = 0; n < sizes.people; n++) {
    const given = rng.pick(GIVEN_NAMES);
    const father = rng.chance(0.3) ? rng.pick(GIVEN_NAMES) : null;
    const family = rng.pick(FAMILY_NAMES);
    const parts = [given, ...(father ? [father] : []), family];
    // Most records carry the usual spelling; some the variant another source used.
    const spelling = (forms: NameForms) => (rng.chance(0.7) ? forms.latin[0]! : rng.pick(forms.latin));
    const name = parts.map(spelling).join(' ');
    const aliases = new Set<string>([parts.map((p) => p.latin[0]!).join(' '), parts.map(spelling).join(' ')]);
    if (rng.chance(0.6)) aliases.add(parts.map((p) => p.arabic).join(' '));
    aliases.delete(name);
    const isProtected = rng.chance(0.05);
    const restricted = !isProtected && rng.chance(0.01);
    if (isProtected) protectedPeople++;
    if (restricted) restrictedEntities++;
    people.push(
      entity({
        id: id('per', n),
        kind: EntityKind.PERSON,
        name,
        aliases: [...aliases],
        description: rng.chance(0.2) ? `Former ${rng.pick(OCCUPATIONS)} from ${rng.pick(places).name}` : null,
        access: restricted ? AccessLevel.RESTRICTED : AccessLevel.PUBLIC,
        protection: isProtected ? (rng.chance(0.7) ? AccessLevel.RESTRICTED : AccessLevel.CONFIDENTIAL) : null,
        pseudonym: isProtected ? `Witness W-${code(rng, 6)}` : null,
      }),
    );
  }

  /** Where each event happened: a facility or a place. */
  const eventLocation: EntityRecord[] = [];
  const events: EntityRecord[] = [];
  for (let n = 0; n < sizes.events; n++) {
    const type = rng.weighted(EVENT_TYPES);
    const where = rng.chance(0.7)
      ? facilities[rng.skewed(facilities.length, 2)]!
      : places[rng.skewed(places.length, 1.5)]!;
    const date = eventDate(rng);
    const restricted = rng.chance(0.02);
    if (restricted) restrictedEntities++;
    eventLocation.push(where);
    events.push(
      entity({
        id: id('evt', n),
        kind: EntityKind.EVENT,
        name: `${eventLabel(type)} at ${where.name}, ${date.edtf}`,
        eventType: type,
        date,
        access: restricted ? AccessLevel.RESTRICTED : AccessLevel.PUBLIC,
      }),
    );
  }

  const sources: SourceRecord[] = [];
  /** Indexes of sources that others may repeat. */
  const primaries: number[] = [];
  let derivedSources = 0;
  let restrictedSources = 0;
  let confidentialSources = 0;
  for (let n = 0; n < sizes.sources; n++) {
    const kind = rng.weighted(SOURCE_KINDS);
    const publisher = rng.pick(PUBLISHERS);
    const year = rng.int(1995, 2024);
    const facility = facilities[rng.skewed(facilities.length, 2)]!;
    const place = places[rng.skewed(places.length, 1.5)]!;
    const derivedFromIds: string[] = [];
    if (REPEATING_KINDS.has(kind) && primaries.length > 0 && rng.chance(0.5)) {
      const count = rng.chance(0.8) ? 1 : 2;
      for (let k = 0; k < count; k++) {
        // Recent primaries are the ones the news repeats.
        const parent = sources[primaries[primaries.length - 1 - rng.skewed(primaries.length, 2)]!]!.id;
        if (!derivedFromIds.includes(parent)) derivedFromIds.push(parent);
      }
      derivedFromIds.sort();
      derivedSources++;
    }
    const access =
      kind === SourceKind.TESTIMONY
        ? rng.weighted([
            [AccessLevel.PUBLIC, 55],
            [AccessLevel.RESTRICTED, 30],
            [AccessLevel.CONFIDENTIAL, 15],
          ] as const)
        : kind === SourceKind.DOCUMENT && rng.chance(0.2)
          ? AccessLevel.RESTRICTED
          : AccessLevel.PUBLIC;
    if (access === AccessLevel.RESTRICTED) restrictedSources++;
    if (access === AccessLevel.CONFIDENTIAL) confidentialSources++;
    const month = rng.int(1, 12);
    sources.push({
      id: id('src', n),
      title: sourceTitle(kind, { publisher, year, facility: facility.name, place: place.name, n }),
      kind,
      publisher: kind === SourceKind.TESTIMONY || kind === SourceKind.INTERVIEW ? null : publisher,
      author:
        kind === SourceKind.INTERVIEW ? `${rng.pick(GIVEN_NAMES).latin[0]} ${rng.pick(FAMILY_NAMES).latin[0]}` : null,
      date: parseEdtf(
        rng.chance(0.7) ? `${year}-${pad(month, 2)}-${pad(rng.int(1, 28), 2)}` : `${year}-${pad(month, 2)}`,
      ),
      url: kind === SourceKind.NEWS_ARTICLE || kind === SourceKind.REPORT ? `https://example.org/${year}/${n}` : null,
      language: rng.weighted([
        ['en', 60],
        ['ar', 35],
        ['fr', 5],
      ] as const),
      contentHash: hex(rng, 64),
      derivedFromIds,
      access,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    if (PRIMARY_KINDS.has(kind)) primaries.push(n);
  }

  const entities = [...places, ...facilities, ...organizations, ...people, ...events];
  const entityById = new Map(entities.map((e) => [e.id, e]));
  const sourceById = new Map(sources.map((s) => [s.id, s]));

  function* claims(): Generator<ClaimWithCitations> {
    const r = new Prng(subSeed(options.seed, 2));
    let n = 0;
    const make = (draft: Draft): ClaimWithCitations => finish(r, draft, n++);

    // The structure every facility and event has, before the bulk of claims about people.
    for (let f = 0; f < facilities.length && n < options.claims; f++) {
      const facility = facilities[f]!;
      const place = places[facilityPlace[f]!]!;
      yield make({
        subject: facility,
        predicate: 'LOCATED_IN',
        object: place,
        excerpt: `${facility.name}, in ${place.name}`,
      });
      if (n >= options.claims) return;
      const parent = facilityParent[f];
      if (parent !== null && parent !== undefined) {
        const whole = facilities[parent]!;
        yield make({
          subject: facility,
          predicate: 'PART_OF',
          object: whole,
          excerpt: `the ${facility.name} of ${whole.name}`,
        });
      } else {
        const operator = organizations[r.int(0, SECURITY_ORGANIZATIONS - 1)]!;
        yield make({
          subject: facility,
          predicate: 'OPERATED_BY',
          object: operator,
          period: `${r.int(1970, 2005)}/${LIBERATION_DAY}`,
          excerpt: `${facility.name}, run by the ${operator.name}`,
        });
      }
    }
    for (let e = 0; e < events.length && n < options.claims; e++) {
      const event = events[e]!;
      const where = eventLocation[e]!;
      yield make({
        subject: event,
        predicate: 'OCCURRED_AT',
        object: where,
        period: event.date?.edtf ?? null,
        excerpt: `${event.name}`,
      });
    }

    const person = () => people[r.skewed(people.length, 1.3)]!;
    const facility = () => facilities[r.skewed(facilities.length, 2)]!;
    const event = () => events[r.skewed(events.length, 1.2)]!;
    const place = () => places[r.skewed(places.length, 1.5)]!;
    const security = () => organizations[r.int(0, SECURITY_ORGANIZATIONS - 1)]!;
    const ngo = () => organizations[r.int(SECURITY_ORGANIZATIONS, organizations.length - 1)]!;
    const count = (low: number, high: number): ClaimValue => {
      const amount = Math.round(r.int(low, high) / 10) * 10 || low;
      const range = r.chance(0.1);
      return {
        type: 'QUANTITY',
        amount,
        amountMax: range ? amount * 2 : null,
        qualifier: range ? QuantityQualifier.EXACT : r.pick(Object.values(QuantityQualifier)),
        unit: 'people',
      };
    };

    const kinds: readonly (readonly [() => Draft, number])[] = [
      [
        () => {
          const p = person();
          const f = facility();
          return {
            subject: p,
            predicate: 'DETAINED_AT',
            object: f,
            period: spell(r),
            excerpt: `${p.name} was held at ${f.name}`,
          };
        },
        34,
      ],
      [
        () => {
          const p = person();
          const f = facility();
          return {
            subject: p,
            predicate: 'RELEASED_FROM',
            object: f,
            period: releaseDate(r),
            excerpt: `${p.name} walked out of ${f.name}`,
          };
        },
        10,
      ],
      [
        () => {
          const p = person();
          const e = event();
          return {
            subject: p,
            predicate: 'VICTIM_OF',
            object: e,
            period: e.date?.edtf ?? null,
            excerpt: `${p.name}, among those of the ${e.name}`,
          };
        },
        14,
      ],
      [
        () => {
          const p = person();
          const o = security();
          return {
            subject: p,
            predicate: 'MEMBER_OF',
            object: o,
            period: tenure(r),
            excerpt: `${p.name} served in the ${o.name}`,
          };
        },
        7,
      ],
      [
        () => {
          const p = person();
          const f = facility();
          return {
            subject: p,
            predicate: 'OFFICIAL_AT',
            object: f,
            period: tenure(r),
            excerpt: `${p.name}, an officer at ${f.name}`,
          };
        },
        5,
      ],
      [
        () => {
          const i = r.skewed(people.length, 1.3);
          // Never oneself: j runs over every other person.
          const j = (i + 1 + r.int(0, people.length - 2)) % people.length;
          const p = people[i]!;
          const q = people[j]!;
          return { subject: p, predicate: 'RELATIVE_OF', object: q, excerpt: `${p.name}, a relative of ${q.name}` };
        },
        5,
      ],
      [
        () => {
          const p = person();
          const e = event();
          return {
            subject: p,
            predicate: r.chance(0.6) ? 'PARTICIPANT_IN' : 'PERPETRATOR_OF',
            object: e,
            period: e.date?.edtf ?? null,
            excerpt: `${p.name} was there during the ${e.name}`,
          };
        },
        5,
      ],
      [
        () => {
          const p = person();
          const o = ngo();
          return {
            subject: p,
            predicate: 'SPOKE_TO',
            object: o,
            period: `${r.int(2012, 2024)}`,
            excerpt: `${p.name} told the ${o.name}`,
          };
        },
        3,
      ],
      [
        () => {
          const p = person();
          const where = place();
          return { subject: p, predicate: 'BASED_IN', object: where, excerpt: `${p.name}, from ${where.name}` };
        },
        3,
      ],
      [
        () => {
          const p = person();
          const f = facility();
          return {
            subject: p,
            predicate: 'DIED_AT',
            object: f,
            period: releaseDate(r),
            excerpt: `${p.name} died in ${f.name}`,
          };
        },
        2,
      ],
      [
        () => {
          const f = facility();
          const predicate = r.weighted([
            ['DEATH_COUNT', 4],
            ['DETAINEE_COUNT', 4],
            ['RELEASED_COUNT', 1],
            ['EXECUTION_COUNT', 1],
          ] as const);
          const start = r.int(1980, 2022);
          return {
            subject: f,
            predicate,
            value: count(50, 30000),
            period: `${start}/${Math.min(2024, start + r.int(0, 6))}`,
            excerpt: `figures for ${f.name}`,
          };
        },
        4,
      ],
      [
        () => {
          const p = person();
          return {
            subject: p,
            predicate: 'AGE',
            value: {
              type: 'QUANTITY',
              amount: r.int(16, 80),
              amountMax: null,
              qualifier: QuantityQualifier.EXACT,
              unit: 'years',
            },
            period: `${r.int(1990, 2024)}`,
            excerpt: `${p.name}, aged`,
          };
        },
        3,
      ],
      [
        () => {
          const p = person();
          const job = r.pick(OCCUPATIONS);
          return {
            subject: p,
            predicate: 'OCCUPATION',
            value: { type: 'TEXT', text: job },
            excerpt: `${p.name}, a ${job}`,
          };
        },
        3,
      ],
      [
        () => {
          const f = facility();
          const text = r.pick(CONDITIONS);
          return {
            subject: f,
            predicate: r.chance(0.5) ? 'CONDITION' : 'DESCRIBED_AS',
            value: { type: 'TEXT', text },
            period: spell(r),
            excerpt: `${f.name}: ${text}`,
          };
        },
        2,
      ],
    ];
    while (n < options.claims) yield make(r.weighted(kinds)());
  }

  interface Draft {
    subject: EntityRecord;
    predicate: string;
    object?: EntityRecord;
    value?: ClaimValue;
    period?: string | null;
    excerpt: string;
  }

  /** The claim of a draft with its 1-3 citations and derived levels. */
  function finish(r: Prng, draft: Draft, n: number): ClaimWithCitations {
    const claimId = id('clm', n, 7);
    const status = r.weighted([
      [ClaimStatus.ASSERTED, 975],
      [ClaimStatus.DISPUTED, 20],
      [ClaimStatus.RETRACTED, 5],
    ] as const);
    const rank = r.weighted([
      [ClaimRank.NORMAL, 98],
      [ClaimRank.PREFERRED, 1],
      [ClaimRank.DEPRECATED, 1],
    ] as const);
    const period: FuzzyDate | null = draft.period ? parseEdtf(draft.period) : null;
    const claim: ClaimRecord = {
      id: claimId,
      subjectId: draft.subject.id,
      predicate: draft.predicate,
      objectId: draft.object?.id ?? null,
      value: draft.value ?? null,
      period,
      status,
      statusReason:
        status === ClaimStatus.DISPUTED
          ? 'A later source gives other dates.'
          : status === ClaimStatus.RETRACTED
            ? 'The source withdrew the statement.'
            : null,
      rank,
      rankReason: rank === ClaimRank.NORMAL ? null : 'Ranked against the other figures by the analyst.',
      note: r.chance(0.1) ? 'Names checked against the family’s account.' : null,
      access: r.weighted([
        [AccessLevel.PUBLIC, 96],
        [AccessLevel.RESTRICTED, 3],
        [AccessLevel.CONFIDENTIAL, 1],
      ] as const),
      visibility: AccessLevel.PUBLIC,
      textLevel: AccessLevel.PUBLIC,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const wanted = r.weighted([
      [1, 60],
      [2, 30],
      [3, 10],
    ] as const);
    const citations: CitationRecord[] = [];
    const cited = new Set<string>();
    for (let attempt = 0; citations.length < wanted && attempt < wanted * 3; attempt++) {
      const read = sources[r.skewed(sources.length, 1.5)]!;
      // A statement read in an article that repeats a report is the report's: cite it, read in the article.
      const repeated = read.derivedFromIds.length > 0 && r.chance(0.5) ? r.pick(read.derivedFromIds) : null;
      const sourceId = repeated ?? read.id;
      if (cited.has(sourceId)) continue;
      cited.add(sourceId);
      citations.push({
        id: `cit_${options.idPrefix}_${pad(n, 7)}_${citations.length + 1}`,
        claimId,
        sourceId,
        viaSourceId: repeated ? read.id : null,
        locator: locator(r, sourceById.get(read.id)!.kind),
        excerpt: draft.excerpt,
        reliability: r.weighted([
          [Reliability.A, 10],
          [Reliability.B, 35],
          [Reliability.C, 30],
          [Reliability.D, 10],
          [Reliability.E, 5],
          [Reliability.F, 10],
        ] as const),
        credibility: r.int(1, 6) as Credibility,
        visibility: AccessLevel.PUBLIC,
        excerptLevel: AccessLevel.PUBLIC,
        mentions: [],
        createdAt: at,
      });
    }
    return withLevels({ claim, citations }, entityById, sourceById);
  }

  return {
    options,
    summary: {
      ...sizes,
      people: people.length,
      facilities: facilities.length,
      places: places.length,
      organizations: organizations.length,
      events: events.length,
      sources: sources.length,
      protectedPeople,
      restrictedEntities,
      restrictedSources,
      confidentialSources,
      derivedSources,
    },
    entities,
    sources,
    claims,
  };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function code(rng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[rng.int(0, CODE_ALPHABET.length - 1)];
  return out;
}

function hex(rng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.int(0, 15).toString(16);
  return out;
}

/** Detention peaks after 2011; the Hama years and the 1980s are there too. */
function detentionYear(rng: Prng): number {
  return rng.weighted([
    [() => rng.int(1980, 2010), 15],
    [() => rng.int(2011, 2020), 70],
    [() => rng.int(2021, 2024), 15],
  ] as const)();
}

/** A detention spell in one of the shapes sources give them: exact, approximate, open, or only a decade. */
function spell(rng: Prng): string | null {
  if (rng.chance(0.08)) return null;
  const y = detentionYear(rng);
  const y2 = Math.min(2024, y + rng.int(0, 4));
  let m = rng.int(1, 12);
  let m2 = rng.int(1, 12);
  if (y2 === y && m2 < m) [m, m2] = [m2, m];
  switch (rng.int(0, 9)) {
    case 0:
      return `${y}-${pad(m, 2)}/${y2}-${pad(m2, 2)}`;
    case 1:
      return `${y}/${y2}`;
    case 2:
      return `${y}~/${y2}`;
    case 3:
      return `${y}`;
    case 4:
      return `${Math.floor(y / 10)}X`;
    case 5:
      return `${y}/..`;
    case 6:
      return `../${y2}`;
    case 7:
      return `${y}-${rng.int(21, 24)}`;
    case 8: {
      const start = `${y}-${pad(m, 2)}-${pad(rng.int(1, 28), 2)}`;
      // A spell begun in December 2024 may have begun after liberation day, so it cannot end on it.
      const end = y2 === 2024 && rng.chance(0.5) && !(y === 2024 && m === 12) ? LIBERATION_DAY : y2;
      return `${start}/${end}`;
    }
    default:
      return `${y}?`;
  }
}

function releaseDate(rng: Prng): string | null {
  if (rng.chance(0.2)) return LIBERATION_DAY;
  if (rng.chance(0.1)) return null;
  const y = detentionYear(rng);
  return rng.chance(0.5)
    ? `${y}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`
    : `${y}-${pad(rng.int(1, 12), 2)}`;
}

function tenure(rng: Prng): string | null {
  if (rng.chance(0.15)) return null;
  const y = rng.int(1980, 2022);
  return `${y}/${Math.min(2024, y + rng.int(0, 10))}`;
}

function eventDate(rng: Prng): FuzzyDate {
  const y = detentionYear(rng);
  const m = pad(rng.int(1, 12), 2);
  return parseEdtf(
    rng.weighted([
      [`${y}-${m}-${pad(rng.int(1, 28), 2)}`, 4],
      [`${y}-${m}`, 3],
      [`${y}~`, 2],
      [`${y}`, 1],
    ] as const),
  );
}

function eventLabel(type: EventType): string {
  const label = type.toLowerCase().replace(/_/g, ' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function sourceTitle(
  kind: SourceKind,
  c: { publisher: string; year: number; facility: string; place: string; n: number },
): string {
  switch (kind) {
    case SourceKind.REPORT:
      return `${c.publisher} report on detention in ${c.place} (${c.year})`;
    case SourceKind.NEWS_ARTICLE:
      return `News article: former detainees describe ${c.facility}`;
    case SourceKind.TESTIMONY:
      return `Testimony of a former detainee of ${c.facility} (T-${c.n})`;
    case SourceKind.INTERVIEW:
      return `Interview with a released detainee in ${c.place}`;
    case SourceKind.DOCUMENT:
      return `Detention register recovered at ${c.facility}, ${c.year}`;
    case SourceKind.DATASET:
      return `${c.publisher} dataset of enforced disappearances, ${c.year} release`;
    case SourceKind.VIDEO:
      return `Video: inside ${c.facility}`;
    case SourceKind.STATEMENT:
      return `Statement by ${c.publisher} on ${c.place}`;
    case SourceKind.PHOTO_SET:
      return `Photographs of ${c.facility}`;
    case SourceKind.POST:
      return `Post about ${c.place}`;
  }
}

function locator(rng: Prng, kind: SourceKind): string {
  switch (kind) {
    case SourceKind.VIDEO:
    case SourceKind.INTERVIEW:
      return `${pad(rng.int(0, 1), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}`;
    case SourceKind.REPORT:
    case SourceKind.DOCUMENT:
    case SourceKind.DATASET:
      return `p. ${rng.int(1, 240)}`;
    case SourceKind.NEWS_ARTICLE:
    case SourceKind.TESTIMONY:
    case SourceKind.STATEMENT:
    case SourceKind.PHOTO_SET:
    case SourceKind.POST:
      return `para. ${rng.int(1, 40)}`;
  }
}
