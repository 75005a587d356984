import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  EventType,
  FacilityType,
  PlaceType,
  QuantityQualifier,
  Reliability,
  SourceKind,
  type CitationRecord,
  type ClaimRecord,
  type ClaimValue,
  type ClaimWithCitations,
  type Credibility,
  type EntityRecord,
  type FuzzyDate,
  type SourceRecord,
} from '../../../domain/model';
import YAML from 'yaml';
import { BUNDLE_FORMAT, BUNDLE_SCHEMA_VERSION } from '../bundle';
import { readDate } from './fields';
import { emptyParse, type ImportFile, type Origin, type ParsedImport } from './import.model';

type Json = Record<string, unknown>;

/**
 * Athar's bundle JSON (src/app/interchange/bundle.ts): the store's records
 * as they were exported. Every field is checked for its type and vocabulary;
 * dates are read again from their EDTF text (their bounds are worked out,
 * never trusted); derived levels, mentions and versions are ignored (the
 * importer works them out). A field left out is "unstated": a new record
 * takes its default, a stored one keeps its value.
 */
export function parseBundleFiles(files: readonly ImportFile[], at: string): ParsedImport {
  const out = emptyParse();
  for (const file of files) parseBundle(file, at, out);
  return out;
}

function parseBundle(file: ImportFile, at: string, out: ParsedImport): void {
  let doc: unknown;
  try {
    doc = JSON.parse(file.text);
  } catch (error) {
    out.issues.push({
      file: file.name,
      line: jsonErrorLine(file.text, error),
      column: null,
      message: `Not JSON: ${(error as Error).message}.`,
    });
    return;
  }
  if (!isObject(doc) || doc['format'] !== BUNDLE_FORMAT) {
    out.issues.push({
      file: file.name,
      line: 1,
      column: 'format',
      message: `Not an Athar bundle: "format" must be "${BUNDLE_FORMAT}" (what \`athar export graph --format bundle\` writes).`,
    });
    return;
  }
  if (doc['schemaVersion'] !== BUNDLE_SCHEMA_VERSION) {
    out.issues.push({
      file: file.name,
      line: 1,
      column: 'schemaVersion',
      message: `schemaVersion must be ${BUNDLE_SCHEMA_VERSION}.`,
    });
    return;
  }
  const lines = lineIndex(file.text);
  for (const key of ['entities', 'sources', 'claims'] as const) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) {
      out.issues.push({ file: file.name, line: 1, column: key, message: `"${key}" must be a list.` });
      return;
    }
  }
  const list = (key: string): unknown[] => (doc[key] as unknown[] | undefined) ?? [];
  list('entities').forEach((item, i) => {
    const r = new Reader(file.name, `entities[${i}]`, item, lines, out);
    const record = r.entity(at);
    if (record) out.entities.push({ record, origin: r.origin, unstated: r.unstated, timestampsFromFile: true });
  });
  list('sources').forEach((item, i) => {
    const r = new Reader(file.name, `sources[${i}]`, item, lines, out);
    const record = r.source(at);
    if (record) out.sources.push({ record, origin: r.origin, unstated: r.unstated, timestampsFromFile: true });
  });
  list('claims').forEach((item, i) => {
    const r = new Reader(file.name, `claims[${i}]`, item, lines, out);
    const record = r.claimWithCitations(at);
    if (record) out.claims.push({ record, origin: r.origin, unstated: r.unstated, timestampsFromFile: true });
  });
}

/** Reads one record of a bundle, collecting an issue per bad field. */
class Reader {
  readonly unstated: string[] = [];
  readonly origin: Origin;
  private bad = false;

  constructor(
    private readonly file: string,
    private readonly path: string,
    private readonly item: unknown,
    lines: Map<string, number>,
    private readonly out: ParsedImport,
  ) {
    const id = isObject(item) ? (isObject(item['claim']) ? item['claim']['id'] : item['id']) : undefined;
    this.origin = { file, line: typeof id === 'string' ? (lines.get(id) ?? null) : null, column: path };
  }

  private issue(field: string, message: string): void {
    this.bad = true;
    this.out.issues.push({ file: this.file, line: this.origin.line, column: `${this.path}.${field}`, message });
  }

  private get obj(): Json {
    return isObject(this.item) ? this.item : {};
  }

  string(o: Json, field: string, required: boolean): string | null {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) this.issue(field, `${field} is required.`);
      else if (v === undefined) this.unstated.push(field);
      return null;
    }
    if (typeof v !== 'string') {
      this.issue(field, `${field} must be text.`);
      return null;
    }
    return v;
  }

  enumOf<T extends string>(
    o: Json,
    field: string,
    values: readonly T[],
    required: boolean,
    fallback: T | null,
  ): T | null {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) this.issue(field, `${field} is required; use one of: ${values.join(', ')}.`);
      else if (v === undefined) this.unstated.push(field);
      return fallback;
    }
    const found = values.find((x) => x === v);
    if (!found) this.issue(field, `"${String(v)}" is not a ${field}; use one of: ${values.join(', ')}.`);
    return found ?? fallback;
  }

  number(o: Json, field: string): number | null {
    const v = o[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.issue(field, `${field} must be a number.`);
      return null;
    }
    return v;
  }

  strings(o: Json, field: string): string[] {
    const v = o[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      this.issue(field, `${field} must be a list of texts.`);
      return [];
    }
    return v as string[];
  }

  date(o: Json, field: string): FuzzyDate | null {
    const v = o[field];
    if (v === undefined || v === null) return null;
    const edtf = isObject(v) ? v['edtf'] : v;
    if (typeof edtf !== 'string') {
      this.issue(field, `${field} must be an EDTF text or an object with "edtf".`);
      return null;
    }
    const read = readDate(edtf);
    if (!read.ok) this.issue(field, read.message);
    return read.ok ? read.value : null;
  }

  timestamp(o: Json, field: string, at: string): string {
    const v = o[field];
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
    return at;
  }

  entity(at: string): EntityRecord | null {
    if (!isObject(this.item)) return this.notObject();
    const o = this.obj;
    const id = this.string(o, 'id', true);
    const kind = this.enumOf(o, 'kind', Object.values(EntityKind), true, null);
    const name = this.string(o, 'name', true);
    const record: EntityRecord = {
      id: id ?? '',
      kind: kind ?? EntityKind.PERSON,
      name: name ?? '',
      aliases: this.strings(o, 'aliases'),
      description: this.string(o, 'description', false),
      facilityType: this.enumOf(o, 'facilityType', Object.values(FacilityType), false, null),
      placeType: this.enumOf(o, 'placeType', Object.values(PlaceType), false, null),
      latitude: this.number(o, 'latitude'),
      longitude: this.number(o, 'longitude'),
      eventType: this.enumOf(o, 'eventType', Object.values(EventType), false, null),
      date: this.date(o, 'date'),
      access: this.enumOf(o, 'access', Object.values(AccessLevel), false, AccessLevel.PUBLIC)!,
      protection: this.enumOf(o, 'protection', Object.values(AccessLevel), false, null),
      pseudonym: this.string(o, 'pseudonym', false),
      createdAt: this.timestamp(o, 'createdAt', at),
      updatedAt: this.timestamp(o, 'updatedAt', at),
      version: 1,
    };
    return this.bad ? null : record;
  }

  source(at: string): SourceRecord | null {
    if (!isObject(this.item)) return this.notObject();
    const o = this.obj;
    const record: SourceRecord = {
      id: this.string(o, 'id', true) ?? '',
      title: this.string(o, 'title', true) ?? '',
      kind: this.enumOf(o, 'kind', Object.values(SourceKind), true, SourceKind.DOCUMENT)!,
      publisher: this.string(o, 'publisher', false),
      author: this.string(o, 'author', false),
      date: this.date(o, 'date'),
      url: this.string(o, 'url', false),
      language: this.string(o, 'language', false),
      contentHash: this.string(o, 'contentHash', false),
      derivedFromIds: this.strings(o, 'derivedFromIds'),
      access: this.enumOf(o, 'access', Object.values(AccessLevel), false, AccessLevel.PUBLIC)!,
      createdAt: this.timestamp(o, 'createdAt', at),
      updatedAt: this.timestamp(o, 'updatedAt', at),
      version: 1,
    };
    return this.bad ? null : record;
  }

  claimWithCitations(at: string): ClaimWithCitations | null {
    if (!isObject(this.item) || !isObject(this.item['claim'])) {
      this.issue('claim', 'Each entry of "claims" is an object with "claim" and "citations".');
      return null;
    }
    const o = this.item['claim'];
    const claimId = this.string(o, 'id', true) ?? '';
    const claim: ClaimRecord = {
      id: claimId,
      subjectId: this.string(o, 'subjectId', true) ?? '',
      predicate: this.string(o, 'predicate', true) ?? '',
      objectId: this.string(o, 'objectId', false),
      value: this.value(o),
      period: this.date(o, 'period'),
      status: this.enumOf(o, 'status', Object.values(ClaimStatus), false, ClaimStatus.ASSERTED)!,
      statusReason: this.string(o, 'statusReason', false),
      rank: this.enumOf(o, 'rank', Object.values(ClaimRank), false, ClaimRank.NORMAL)!,
      rankReason: this.string(o, 'rankReason', false),
      note: this.string(o, 'note', false),
      access: this.enumOf(o, 'access', Object.values(AccessLevel), false, AccessLevel.PUBLIC)!,
      visibility: AccessLevel.PUBLIC,
      textLevel: AccessLevel.PUBLIC,
      createdAt: this.timestamp(o, 'createdAt', at),
      updatedAt: this.timestamp(o, 'updatedAt', at),
      version: 1,
    };
    const list = this.item['citations'];
    if (!Array.isArray(list)) {
      this.issue('citations', 'citations must be a list: a claim needs at least one citation.');
      return null;
    }
    const citations = list.map((c, i) => this.citation(c, i, claimId, at));
    return this.bad ? null : { claim, citations: citations.filter((c): c is CitationRecord => c !== null) };
  }

  private value(o: Json): ClaimValue | null {
    const v = o['value'];
    if (v === undefined || v === null) return null;
    if (!isObject(v)) {
      this.issue('value', 'value must be an object with "type" QUANTITY or TEXT.');
      return null;
    }
    if (v['type'] === 'TEXT') {
      const text = typeof v['text'] === 'string' ? v['text'] : null;
      if (text === null) this.issue('value.text', 'A TEXT value needs "text".');
      return { type: 'TEXT', text: text ?? '' };
    }
    if (v['type'] === 'QUANTITY') {
      const amount = this.number(v, 'amount');
      if (amount === null) this.issue('value.amount', 'A QUANTITY value needs "amount".');
      const unit = typeof v['unit'] === 'string' ? v['unit'] : '';
      return {
        type: 'QUANTITY',
        amount: amount ?? 0,
        amountMax: this.number(v, 'amountMax'),
        qualifier: this.enumOf(v, 'qualifier', Object.values(QuantityQualifier), false, QuantityQualifier.EXACT)!,
        unit,
      };
    }
    this.issue('value.type', 'value.type must be QUANTITY or TEXT.');
    return null;
  }

  private citation(item: unknown, i: number, claimId: string, at: string): CitationRecord | null {
    const field = (f: string) => `citations[${i}].${f}`;
    if (!isObject(item)) {
      this.issue(`citations[${i}]`, 'A citation is an object.');
      return null;
    }
    const str = (f: string, required: boolean): string | null => {
      const v = item[f];
      if (v === undefined || v === null) {
        if (required) this.issue(field(f), `${f} is required.`);
        return null;
      }
      if (typeof v !== 'string') {
        this.issue(field(f), `${f} must be text.`);
        return null;
      }
      return v;
    };
    const reliability = Object.values(Reliability).find((r) => r === item['reliability']);
    if (!reliability)
      this.issue(field('reliability'), `reliability must be one of ${Object.values(Reliability).join(', ')}.`);
    const credibility = item['credibility'];
    const credible =
      typeof credibility === 'number' && Number.isInteger(credibility) && credibility >= 1 && credibility <= 6;
    if (!credible) this.issue(field('credibility'), 'credibility must be a whole number from 1 to 6.');
    return {
      id: str('id', true) ?? '',
      claimId: str('claimId', false) ?? claimId,
      sourceId: str('sourceId', true) ?? '',
      viaSourceId: str('viaSourceId', false),
      locator: str('locator', true) ?? '',
      excerpt: str('excerpt', true),
      reliability: reliability ?? Reliability.F,
      credibility: (credible ? credibility : 6) as Credibility,
      mentions: Array.isArray(item['mentions'])
        ? item['mentions'].filter((m): m is string => typeof m === 'string')
        : [],
      visibility: AccessLevel.PUBLIC,
      excerptLevel: AccessLevel.PUBLIC,
      createdAt:
        typeof item['createdAt'] === 'string' && !Number.isNaN(Date.parse(item['createdAt']))
          ? new Date(item['createdAt']).toISOString()
          : at,
    };
  }

  private notObject(): null {
    this.issue('', 'Each record is a JSON object.');
    return null;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line each record's id is first written on: a bundle writes one record a line. */
function lineIndex(text: string): Map<string, number> {
  const index = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    const match = /"id"\s*:\s*"([^"\\]+)"/.exec(line);
    if (match && !index.has(match[1]!)) index.set(match[1]!, i + 1);
  });
  return index;
}

/** The line of a JSON syntax error: where the engine says, else where a YAML parser (JSON is YAML) stops. */
function jsonErrorLine(text: string, error: unknown): number | null {
  const match = /position (\d+)/.exec((error as Error).message);
  if (match) return text.slice(0, Number(match[1])).split('\n').length;
  return YAML.parseDocument(text).errors[0]?.linePos?.[0].line ?? null;
}
