import { RecordType, recordTypeOf } from '../../../domain/ids';
import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  EventType,
  FacilityType,
  newEntityRecord,
  PlaceType,
  QuantityQualifier,
  Reliability,
  SourceKind,
  type CitationRecord,
  type ClaimValue,
  type FuzzyDate,
  type SourceRecord,
} from '../../../domain/model';
import { findPredicate, ObjectType } from '../../../domain/predicates';
import { readDate, readEnum, readNumber } from './fields';
import { emptyParse, hashedId, type ImportFile, type Origin, type ParsedImport } from './import.model';

interface FtmLine {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  line: number;
  file: string;
}

const ENTITY_SCHEMATA: Record<string, EntityKind> = {
  Person: EntityKind.PERSON,
  Organization: EntityKind.ORGANIZATION,
  Company: EntityKind.ORGANIZATION,
  PublicBody: EntityKind.ORGANIZATION,
  LegalEntity: EntityKind.ORGANIZATION,
  Address: EntityKind.PLACE,
  Event: EntityKind.EVENT,
};

const PREFIX: Record<EntityKind, string> = {
  [EntityKind.PERSON]: 'per',
  [EntityKind.ORGANIZATION]: 'org',
  [EntityKind.FACILITY]: 'fac',
  [EntityKind.PLACE]: 'plc',
  [EntityKind.EVENT]: 'evt',
};

/** Placeholders for what FtM does not carry, written so a reader sees they were not in the source. */
export const FTM_LOCATOR = 'not given (FollowTheMoney import)';
export const FTM_REASON = 'not given (FollowTheMoney import)';

/**
 * FollowTheMoney entities, one JSON object a line, as Aleph and the `ftm`
 * tools write them, and as Athar's FtM export writes them (src/app/interchange/ftm.ts).
 * Things become entities and sources; interval schemata become claims, each
 * cited by the Documents of its `proof` (or a source made for each
 * `sourceUrl`). An interval with neither is an issue: no edge without a
 * citation. Schemata Athar has no record for are skipped and counted.
 * What FtM cannot carry (excerpts, locators, grading, EDTF precision) is
 * listed in docs/import.md.
 */
export function parseFtmFiles(files: readonly ImportFile[], at: string): ParsedImport {
  const out = emptyParse();
  const lines: FtmLine[] = [];
  for (const file of files) {
    file.text.split('\n').forEach((text, i) => {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        out.issues.push({
          file: file.name,
          line: i + 1,
          column: null,
          message: `Not JSON: ${(error as Error).message}. Each line is one FtM entity.`,
        });
        return;
      }
      const o = value as Partial<FtmLine> | null;
      const properties = o?.properties;
      const valid =
        typeof o?.id === 'string' &&
        typeof o.schema === 'string' &&
        typeof properties === 'object' &&
        properties !== null &&
        Object.values(properties).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
      if (!valid) {
        out.issues.push({
          file: file.name,
          line: i + 1,
          column: null,
          message: 'An FtM entity is { "id", "schema", "properties": { name: [texts] } }.',
        });
        return;
      }
      lines.push({ id: o.id!, schema: o.schema!, properties: properties, line: i + 1, file: file.name });
    });
  }
  new FtmReader(lines, at, out).read();
  return out;
}

class FtmReader {
  /** FtM ids of things and documents → Athar ids. */
  private readonly ids = new Map<string, string>();
  private readonly urlSources = new Map<string, string>();

  constructor(
    private readonly lines: FtmLine[],
    private readonly at: string,
    private readonly out: ParsedImport,
  ) {}

  private skip(reason: string): void {
    this.out.skipped[reason] = (this.out.skipped[reason] ?? 0) + 1;
  }

  private issue(l: FtmLine, column: string | null, message: string): void {
    this.out.issues.push({ file: l.file, line: l.line, column, message });
  }

  private origin(l: FtmLine): Origin {
    // Issues about a record's fields name the FtM property they came from.
    return {
      file: l.file,
      line: l.line,
      column: null,
      columns: {
        name: 'name',
        aliases: 'alias',
        description: 'description',
        subject: 'subject',
        object: 'object',
        source: 'proof',
        via: 'proof',
        citations: 'proof',
        excerpt: 'description',
        period: 'startDate',
      },
    };
  }

  read(): void {
    for (const l of this.lines) {
      const kind = this.kindOf(l);
      if (kind)
        this.ids.set(
          l.id,
          l.id.startsWith(`${PREFIX[kind]}_`) && recordTypeOf(l.id) ? l.id : hashedId(PREFIX[kind], ['ftm', l.id]),
        );
      else if (l.schema === 'Document')
        this.ids.set(l.id, recordTypeOf(l.id) === RecordType.SOURCE ? l.id : hashedId('src', ['ftm', l.id]));
    }
    for (const l of this.lines) {
      const kind = this.kindOf(l);
      if (kind) this.entity(l, kind);
      else if (l.schema === 'Document') this.source(l);
      else this.claim(l);
    }
  }

  private kindOf(l: FtmLine): EntityKind | null {
    const kind = ENTITY_SCHEMATA[l.schema];
    if (kind !== EntityKind.PLACE) return kind ?? null;
    // Athar writes facilities and places as Address: its ids, else the subtype, tell them apart.
    const type = recordTypeOf(l.id);
    if (type === RecordType.FACILITY) return EntityKind.FACILITY;
    if (type === RecordType.PLACE) return EntityKind.PLACE;
    const summary = first(l, 'summary');
    const facility = Object.values(FacilityType).some((t) => t === summary);
    const place = Object.values(PlaceType).some((t) => t === summary);
    return facility && !place ? EntityKind.FACILITY : EntityKind.PLACE;
  }

  private date(l: FtmLine): FuzzyDate | null {
    const day = first(l, 'date');
    const start = first(l, 'startDate');
    const end = first(l, 'endDate');
    const text = day ?? (start || end ? `${start ?? '..'}/${end ?? '..'}` : null);
    const read = readDate(text);
    if (!read.ok) this.issue(l, day ? 'date' : 'startDate', read.message);
    return read.ok ? read.value : null;
  }

  private entity(l: FtmLine, kind: EntityKind): void {
    const names = [...(l.properties['name'] ?? []), ...(l.properties['full'] ?? [])];
    const name = names[0] ?? '';
    const aliases = [...new Set([...names.slice(1), ...(l.properties['alias'] ?? [])])].filter((a) => a !== name);
    const summary = first(l, 'summary');
    const subtype = <T extends string>(values: T[]): T | null => values.find((v) => v === summary) ?? null;
    const coordinate = (p: string) => {
      const read = readNumber(first(l, p), p);
      if (!read.ok) this.issue(l, p, read.message);
      return kind === EntityKind.PLACE && read.ok ? read.value : null;
    };
    const record = newEntityRecord({
      id: this.ids.get(l.id)!,
      kind,
      name,
      createdAt: this.at,
      aliases,
      description: first(l, 'description'),
      facilityType: kind === EntityKind.FACILITY ? (subtype(Object.values(FacilityType)) ?? FacilityType.OTHER) : null,
      placeType: kind === EntityKind.PLACE ? subtype(Object.values(PlaceType)) : null,
      eventType: kind === EntityKind.EVENT ? (subtype(Object.values(EventType)) ?? EventType.OTHER) : null,
      latitude: coordinate('latitude'),
      longitude: coordinate('longitude'),
      date: kind === EntityKind.EVENT ? this.date(l) : null,
    });
    if (name === '') this.issue(l, 'name', `A ${l.schema} needs a name.`);
    this.out.entities.push({ record, origin: this.origin(l), unstated: ['access', 'protection', 'pseudonym'] });
  }

  private source(l: FtmLine): void {
    const title = first(l, 'title') ?? first(l, 'name') ?? first(l, 'fileName');
    if (!title) this.issue(l, 'title', 'A Document needs a title or name.');
    const kind = readEnum(first(l, 'summary'), Object.values(SourceKind), 'source kind');
    const date = readDate(first(l, 'date'));
    const record: SourceRecord = {
      id: this.ids.get(l.id)!,
      title: title ?? '',
      kind: (kind.ok ? kind.value : null) ?? SourceKind.DOCUMENT,
      publisher: first(l, 'publisher'),
      author: first(l, 'author'),
      date: date.ok ? date.value : null,
      url: first(l, 'sourceUrl'),
      language: first(l, 'language'),
      contentHash: first(l, 'contentHash'),
      derivedFromIds: [],
      access: AccessLevel.PUBLIC,
      createdAt: this.at,
      updatedAt: this.at,
      version: 1,
    };
    if (!date.ok) this.issue(l, 'date', date.message);
    this.out.sources.push({ record, origin: this.origin(l), unstated: ['access', 'derivedFromIds'] });
  }

  /** The Athar id of an FtM reference: a thing in the files, or an id the graph may hold. */
  private ref(id: string | null, kind?: EntityKind): string | null {
    if (id === null) return null;
    return this.ids.get(id) ?? (recordTypeOf(id) ? id : kind ? hashedId(PREFIX[kind], ['ftm', id]) : id);
  }

  private claim(l: FtmLine): void {
    const statement = this.statement(l);
    if (!statement) return;
    const { predicate, subjectId, objectId, value } = statement;
    let period = l.schema === 'Note' ? statement.period : this.date(l);
    if (l.schema === 'Note') period = statement.period;
    const recordId = first(l, 'recordId');
    const claimId =
      [recordId, l.id].find((id) => id && recordTypeOf(id) === RecordType.CLAIM) ?? hashedId('clm', ['ftm', l.id]);
    const [status, rank] = (first(l, 'summary') ?? '').split(',').map((s) => s.trim());
    const claimStatus = Object.values(ClaimStatus).find((s) => s === status) ?? ClaimStatus.ASSERTED;
    const claimRank = Object.values(ClaimRank).find((r) => r === rank) ?? ClaimRank.NORMAL;

    const sourceIds = (l.properties['proof'] ?? []).map((id) => this.ref(id)!);
    for (const url of l.properties['sourceUrl'] ?? []) {
      if (sourceIds.length > 0) break;
      sourceIds.push(this.urlSource(l, url));
    }
    if (sourceIds.length === 0) {
      this.issue(
        l,
        'proof',
        `This ${l.schema} has no proof (a Document) and no sourceUrl: every claim needs a source to cite.`,
      );
      return;
    }
    const excerpt =
      first(l, 'description') && l.schema !== 'Note'
        ? first(l, 'description')!
        : `[no excerpt in FollowTheMoney: ${l.schema} ${l.id}]`;
    const citations: CitationRecord[] = [...new Set(sourceIds)].map((sourceId) => ({
      id: hashedId('cit', [claimId, sourceId]),
      claimId,
      sourceId,
      viaSourceId: null,
      locator: FTM_LOCATOR,
      excerpt,
      reliability: Reliability.F,
      credibility: 6,
      mentions: [],
      visibility: AccessLevel.PUBLIC,
      excerptLevel: AccessLevel.PUBLIC,
      createdAt: this.at,
    }));
    this.out.claims.push({
      record: {
        claim: {
          id: claimId,
          subjectId,
          predicate,
          objectId,
          value,
          period,
          status: claimStatus,
          statusReason: claimStatus === ClaimStatus.ASSERTED ? null : FTM_REASON,
          rank: claimRank,
          rankReason: claimRank === ClaimRank.NORMAL ? null : FTM_REASON,
          note: first(l, 'notes'),
          access: AccessLevel.PUBLIC,
          visibility: AccessLevel.PUBLIC,
          textLevel: AccessLevel.PUBLIC,
          createdAt: this.at,
          updatedAt: this.at,
          version: 1,
        },
        citations,
      },
      origin: this.origin(l),
      unstated: [],
    });
  }

  /** A source for a claim cited only by URL: one per URL, its id hashed from it. */
  private urlSource(l: FtmLine, url: string): string {
    const known = this.urlSources.get(url);
    if (known) return known;
    const id = hashedId('src', ['ftm-url', url]);
    this.urlSources.set(url, id);
    this.out.sources.push({
      record: {
        id,
        title: url,
        kind: SourceKind.DOCUMENT,
        publisher: first(l, 'publisher'),
        author: null,
        date: null,
        url,
        language: null,
        contentHash: null,
        derivedFromIds: [],
        access: AccessLevel.PUBLIC,
        createdAt: this.at,
        updatedAt: this.at,
        version: 1,
      },
      origin: { file: l.file, line: l.line, column: 'sourceUrl' },
      unstated: ['access', 'title', 'publisher'],
    });
    return id;
  }

  /** What an interval or note states, as an Athar predicate with its ends; null (skipped) when Athar has no predicate for it. */
  private statement(l: FtmLine): {
    predicate: string;
    subjectId: string;
    objectId: string | null;
    value: ClaimValue | null;
    period: FuzzyDate | null;
  } | null {
    const link = (predicate: string, from: string, to: string, toKind?: EntityKind) => {
      const subjectId = this.ref(first(l, from));
      const objectId = this.ref(first(l, to), toKind);
      if (!subjectId || !objectId) {
        this.issue(l, subjectId ? to : from, `This ${l.schema} needs both ${from} and ${to}.`);
        return null;
      }
      return { predicate, subjectId, objectId, value: null, period: null };
    };
    switch (l.schema) {
      case 'Membership':
        return link(
          first(l, 'role') === 'leader' ? 'LEADER_OF' : 'MEMBER_OF',
          'member',
          'organization',
          EntityKind.ORGANIZATION,
        );
      case 'Employment':
        return link('MEMBER_OF', 'employee', 'employer', EntityKind.ORGANIZATION);
      case 'Family':
        return link('RELATIVE_OF', 'person', 'relative', EntityKind.PERSON);
      case 'Associate':
        if ((first(l, 'relationship') ?? '').toLowerCase() !== 'spoke to') {
          this.skip('Associate other than "spoke to": Athar has no predicate for it');
          return null;
        }
        return link('SPOKE_TO', 'person', 'associate', EntityKind.PERSON);
      case 'Ownership': {
        // Athar's nearest statement: the asset (a facility) was operated by its owner.
        const asset = this.ref(first(l, 'asset'));
        if (!asset || recordTypeOf(asset) !== RecordType.FACILITY) {
          this.skip('Ownership of something other than a facility: Athar has no predicate for it');
          return null;
        }
        return link('OPERATED_BY', 'asset', 'owner');
      }
      case 'UnknownLink': {
        const role = first(l, 'role') ?? '';
        if (findPredicate(role)?.objectType !== ObjectType.ENTITY) {
          this.skip('UnknownLink whose role is not an Athar predicate');
          return null;
        }
        return link(role, 'subject', 'object');
      }
      case 'Note':
        return this.note(l);
      default:
        this.skip(`schema ${l.schema}: Athar has no record for it`);
        return null;
    }
  }

  /** A Note written by Athar's export: name is the predicate, description "PREDICATE: value (period)". */
  private note(l: FtmLine) {
    const predicate = first(l, 'name') ?? '';
    const definition = findPredicate(predicate);
    const subjectId = this.ref(first(l, 'entity'));
    if (!definition || definition.objectType === ObjectType.ENTITY || !subjectId) {
      this.skip('Note that does not state an Athar value claim');
      return null;
    }
    let text = (first(l, 'description') ?? '').replace(new RegExp(`^${predicate}:\\s*`), '');
    let period: FuzzyDate | null = null;
    const dated = /\s\(([^()]+)\)$/.exec(text);
    if (dated) {
      const read = readDate(dated[1]);
      if (read.ok) {
        period = read.value;
        text = text.slice(0, dated.index);
      }
    }
    if (definition.objectType === ObjectType.TEXT)
      return { predicate, subjectId, objectId: null, value: { type: 'TEXT' as const, text }, period };
    // As Athar's export words a qualifier: lower case, its first _ a space ("at least", "usually up_to").
    const words = new Map(Object.values(QuantityQualifier).map((q) => [q.toLowerCase().replace('_', ' '), q]));
    const alternatives = [...words.keys()].sort((a, b) => b.length - a.length).join('|');
    const match = new RegExp(`^(?:(${alternatives}) )?(\\d+(?:\\.\\d+)?)(?:–(\\d+(?:\\.\\d+)?))?(?:\\s+(.*))?$`).exec(
      text,
    );
    if (!match) {
      this.issue(l, 'description', `"${text}" is not a quantity: write "[${[...words.keys()].join('|')}] N[–M] unit".`);
      return null;
    }
    const qualifier = match[1] === undefined ? QuantityQualifier.EXACT : words.get(match[1])!;
    return {
      predicate,
      subjectId,
      objectId: null,
      value: {
        type: 'QUANTITY' as const,
        amount: Number(match[2]),
        amountMax: match[3] === undefined ? null : Number(match[3]),
        qualifier,
        unit: match[4] ?? '',
      },
      period,
    };
  }
}

function first(l: FtmLine, property: string): string | null {
  const v = l.properties[property]?.[0];
  return v === undefined || v.trim() === '' ? null : v;
}
