import { CsvError, parse } from 'csv-parse/sync';
import { canonicalJson } from '../../../domain/audit';
import { idPrefixOf, recordTypeOfEntityKind, RecordType } from '../../../domain/ids';
import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EventType,
  FacilityType,
  newEntityRecord,
  PlaceType,
  QuantityQualifier,
  Reliability,
  SourceKind,
  type ClaimValue,
  type EntityRecord,
  type SourceRecord,
} from '../../../domain/model';
import { normalizeText } from '../../../domain/names';
import {
  columnsOf,
  ENTITY_FIELDS,
  readMapping,
  SOURCE_FIELDS,
  type Condition,
  type CsvMapping,
  type EntityTemplate,
  type Join,
  type FieldSpec,
  type SourceTemplate,
} from './csv-mapping';
import { readCredibility, readDate, readEnum, readNumber, readText, type Read } from './fields';
import { emptyParse, hashedId, type ImportFile, type Origin, type ParsedImport } from './import.model';

/**
 * CSV files read through a column mapping (./csv-mapping.ts): each row makes
 * the records of the mapping's templates, with ids from an id column or
 * hashed from the namespace, the template's ref and its key columns (so a
 * re-import finds the same records), and claims whose ids are hashed from
 * what they state (subject, predicate, object or value, period): two rows, or
 * two lists, stating the same thing make one claim with both citations.
 */
export function parseCsvFiles(files: readonly ImportFile[], mappingFile: ImportFile | null, at: string): ParsedImport {
  const out = emptyParse();
  if (!mappingFile) {
    out.issues.push({
      file: files[0]?.name ?? '',
      line: null,
      column: null,
      message: 'A CSV import needs a mapping file (--mapping FILE); see docs/import.md.',
    });
    return out;
  }
  const { mapping, issues } = readMapping(mappingFile);
  out.issues.push(...issues);
  if (!mapping) return out;
  let joined: Joined | null = null;
  if (mapping.join) {
    const { join } = mapping;
    const file = files.find((f) => baseName(f.name) === join.file);
    if (!file) {
      out.issues.push({
        file: mappingFile.name,
        line: null,
        column: 'join.file',
        message: `The mapping joins ${join.file}, which is not among the files imported: give it beside the others.`,
      });
      return out;
    }
    joined = readJoined(file, join, out);
    if (!joined) return out;
  }
  for (const file of files) {
    if (joined && file === joined.file) continue;
    parseCsv(file, mapping, at, out, joined);
  }
  return out;
}

/** The joined file's rows by their key, and its header. */
interface Joined {
  file: ImportFile;
  header: string[];
  rows: Map<string, Map<string, string>>;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

function readJoined(file: ImportFile, join: Join, out: ParsedImport): Joined | null {
  const table = readRows(file, null, out);
  if (!table) return null;
  if (!table.header.includes(join.key)) {
    out.issues.push({
      file: file.name,
      line: 1,
      column: join.key,
      message: `Column "${join.key}" is missing: the mapping joins this file by it.`,
    });
    return null;
  }
  const rows = new Map<string, Map<string, string>>();
  for (const { cells, line } of table.rows) {
    const key = readText(cells.get(join.key));
    if (key === null) continue;
    if (rows.has(key)) {
      out.issues.push({ file: file.name, line, column: join.key, message: `The key "${key}" is given twice.` });
      continue;
    }
    rows.set(key, cells);
  }
  return { file, header: table.header, rows };
}

/** A file's header and its rows' cells by column, each with the line it starts on; null (an issue) when not CSV. */
function readRows(
  file: ImportFile,
  delimiter: string | null,
  out: ParsedImport,
): { header: string[]; rows: { cells: Map<string, string>; line: number }[] } | null {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(file.text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      delimiter: delimiter ?? (file.name.toLowerCase().endsWith('.tsv') ? '\t' : ','),
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? null;
      out.issues.push({ file: file.name, line, column: null, message: `Not valid CSV: ${error.message}.` });
      return null;
    }
    throw error;
  }
  const header = rows[0]?.record.map((h) => h.trim()) ?? [];
  return {
    header,
    rows: rows.slice(1).map(({ record, info }) => ({
      cells: new Map(header.map((h, i) => [h, record[i] ?? ''])),
      // The line a row starts on: where it ends, less the line breaks inside its quoted cells.
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    })),
  };
}

function parseCsv(file: ImportFile, mapping: CsvMapping, at: string, out: ParsedImport, joined: Joined | null): void {
  const table = readRows(file, mapping.delimiter, out);
  if (!table) return;
  const { header } = table;
  const prefix = mapping.join?.prefix;
  const has = (c: string) =>
    header.includes(c) ||
    (joined !== null && prefix !== undefined && c.startsWith(prefix) && joined.header.includes(c.slice(prefix.length)));
  const missing = columnsOf(mapping).filter((c) => !has(c));
  for (const column of missing) {
    out.issues.push({
      file: file.name,
      line: 1,
      column,
      message: `Column "${column}" is missing: the mapping reads it. Add the column to the file, or change the mapping.`,
    });
  }
  if (missing.length > 0) return;
  for (const { cells, line } of table.rows) {
    if (joined && mapping.join) {
      const { on, prefix: p } = mapping.join;
      const key = readText(cells.get(on));
      const other = key === null ? undefined : joined.rows.get(key);
      if (!other) {
        out.issues.push({
          file: file.name,
          line,
          column: on,
          message: `${on} "${key ?? ''}" names no row of ${joined.file.name}: give the row it joins.`,
        });
        continue;
      }
      for (const [column, cell] of other) cells.set(p + column, cell);
    }
    new Row(file.name, line, cells, mapping, at, out).read();
  }
}

const ENTITY_UNSTATED = [...ENTITY_FIELDS, 'pseudonym'] as const;

/** Which column each field of a template's records is read from, and which fields it leaves unstated: the same for every row. */
const shapes = new WeakMap<object, { columns: Record<string, string>; unstated: readonly string[] }>();
function shapeOf(
  t: EntityTemplate | SourceTemplate,
  fields: readonly string[],
): { columns: Record<string, string>; unstated: readonly string[] } {
  let shape = shapes.get(t);
  if (!shape) {
    const columns: Record<string, string> = {};
    for (const [k, spec] of Object.entries(t.fields)) if ('column' in spec) columns[k] = spec.column;
    shape = { columns, unstated: fields.filter((k) => !(k in t.fields)) };
    shapes.set(t, shape);
  }
  return shape;
}

/** One row: the records its templates make, and an issue per bad cell. */
class Row {
  private readonly ids = new Map<string, { id: string; column: string }>();
  /** A cell several templates read (a date, a grading) is reported once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly line: number,
    private readonly cells: Map<string, string>,
    private readonly mapping: CsvMapping,
    private readonly at: string,
    private readonly out: ParsedImport,
  ) {}

  private issue(column: string | null, message: string): void {
    const key = `${column}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.out.issues.push({ file: this.file, line: this.line, column, message });
  }

  private origin(column: string | null, columns: Record<string, string>): Origin {
    return { file: this.file, line: this.line, column, columns };
  }

  /** A field's text in this row, or null when empty. */
  private text(spec: FieldSpec | undefined): string | null {
    if (!spec) return null;
    if ('value' in spec) return readText(spec.value);
    if ('template' in spec) {
      const filled = spec.template.replace(/\{([^}]+)\}/g, (_, c: string) => (this.cells.get(c) ?? '').trim());
      return readText(filled);
    }
    const cell = readText(this.cells.get(spec.column));
    const mapped = cell !== null && spec.map && Object.hasOwn(spec.map, cell) ? readText(spec.map[cell]) : cell;
    return mapped ?? readText(spec.default);
  }

  /** Whether the row meets a template's condition (none: it does). */
  private meets(t: Condition): boolean {
    if (t.when === undefined) return true;
    const cell = readText(this.cells.get(t.when));
    if (t.whenEquals === undefined) return cell !== null;
    return cell !== null && cell.toUpperCase() === t.whenEquals.trim().toUpperCase();
  }

  private columnOf(spec: FieldSpec | undefined): string | null {
    return spec && 'column' in spec ? spec.column : null;
  }

  /** A field read and converted; a bad cell is an issue at its column, and the field reads as null. */
  private field<T>(
    spec: FieldSpec | undefined,
    read: (text: string | null) => Read<T>,
  ): { value: T | null; bad: boolean } {
    const result = read(this.text(spec));
    if (result.ok) return { value: result.value, bad: false };
    this.issue(this.columnOf(spec), result.message);
    return { value: null, bad: true };
  }

  read(): void {
    for (const t of this.mapping.entities) this.entity(t);
    for (const t of this.mapping.sources) this.source(t);
    this.mapping.claims.forEach((_, i) => this.claim(i));
  }

  /** The template's id in this row, or null when the row does not make it (its id or key columns are empty). */
  private idOf(t: EntityTemplate | SourceTemplate, type: RecordType): string | null {
    if (!this.meets(t)) return null;
    if (t.column !== undefined) {
      const id = readText(this.cells.get(t.column));
      if (id !== null) this.ids.set(t.ref, { id, column: t.column });
      return id;
    }
    const key = (t.key ?? []).map((k) => normalizeText(this.cells.get(k) ?? '').trim());
    if (key.every((k) => k === '')) return null;
    const id = hashedId(idPrefixOf(type), [t.namespace ?? this.mapping.namespace, type, ...key]);
    this.ids.set(t.ref, { id, column: t.key![0]! });
    return id;
  }

  private entity(t: EntityTemplate): void {
    const id = this.idOf(t, recordTypeOfEntityKind(t.kind));
    if (id === null || Object.keys(t.fields).length === 0) return;
    const f = t.fields;
    const before = this.out.issues.length;
    const name = this.text(f['name']);
    if (name === null)
      this.issue(this.columnOf(f['name']), `A ${t.kind.toLowerCase()} needs a name; this cell is empty.`);
    const split = f['aliases'] && 'column' in f['aliases'] ? (f['aliases'].split ?? ';') : ';';
    const aliases = (this.text(f['aliases']) ?? '')
      .split(split)
      .map((a) => a.trim())
      .filter((a) => a !== '');
    const record: EntityRecord = newEntityRecord({
      id,
      kind: t.kind,
      name: name ?? '',
      createdAt: this.at,
      aliases: [...new Set(aliases)],
      description: this.text(f['description']),
      facilityType: this.field(f['facilityType'], (x) => readEnum(x, Object.values(FacilityType), 'facility type'))
        .value,
      placeType: this.field(f['placeType'], (x) => readEnum(x, Object.values(PlaceType), 'place type')).value,
      eventType: this.field(f['eventType'], (x) => readEnum(x, Object.values(EventType), 'event type')).value,
      latitude: this.field(f['latitude'], (x) => readNumber(x, 'latitude')).value,
      longitude: this.field(f['longitude'], (x) => readNumber(x, 'longitude')).value,
      date: this.field(f['date'], readDate).value,
      access:
        this.field(f['access'], (x) => readEnum(x, Object.values(AccessLevel), 'access level')).value ??
        AccessLevel.PUBLIC,
      protection: this.field(f['protection'], (x) => readEnum(x, Object.values(AccessLevel), 'access level')).value,
    });
    if (this.out.issues.length > before) return;
    const { columns, unstated } = shapeOf(t, ENTITY_UNSTATED);
    this.out.entities.push({
      record,
      origin: this.origin(this.ids.get(t.ref)!.column, columns),
      unstated,
    });
  }

  private source(t: SourceTemplate): void {
    const id = this.idOf(t, RecordType.SOURCE);
    if (id === null || Object.keys(t.fields).length === 0) return;
    const f = t.fields;
    const before = this.out.issues.length;
    const title = this.text(f['title']);
    if (title === null) this.issue(this.columnOf(f['title']), 'A source needs a title; this cell is empty.');
    const split = f['derivedFromIds'] && 'column' in f['derivedFromIds'] ? (f['derivedFromIds'].split ?? ' ') : ' ';
    const record: SourceRecord = {
      id,
      title: title ?? '',
      kind:
        this.field(f['kind'], (x) => readEnum(x, Object.values(SourceKind), 'source kind')).value ??
        SourceKind.DOCUMENT,
      publisher: this.text(f['publisher']),
      author: this.text(f['author']),
      date: this.field(f['date'], readDate).value,
      url: this.text(f['url']),
      language: this.text(f['language']),
      contentHash: this.text(f['contentHash'])?.toLowerCase() ?? null,
      derivedFromIds: (this.text(f['derivedFromIds']) ?? '')
        .split(split)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      access:
        this.field(f['access'], (x) => readEnum(x, Object.values(AccessLevel), 'access level')).value ??
        AccessLevel.PUBLIC,
      createdAt: this.at,
      updatedAt: this.at,
      version: 1,
    };
    if (this.out.issues.length > before) return;
    const { columns, unstated } = shapeOf(t, SOURCE_FIELDS);
    this.out.sources.push({
      record,
      origin: this.origin(this.ids.get(t.ref)!.column, columns),
      unstated,
    });
  }

  private claim(index: number): void {
    const t = this.mapping.claims[index]!;
    if (!this.meets(t)) return;
    const subject = this.ids.get(t.subject);
    const object = t.object === undefined ? null : this.ids.get(t.object);
    // A claim is made only from rows that name both its ends.
    if (!subject || object === undefined) return;
    const before = this.out.issues.length;
    const source = this.ids.get(t.citation.source);
    const sourceTemplate = this.mapping.sources.find((s) => s.ref === t.citation.source)!;
    const sourceColumn = sourceTemplate.column ?? sourceTemplate.key?.[0] ?? null;
    if (!source) {
      this.issue(
        sourceColumn,
        'This row makes a claim but names no source: every claim needs a citation (source, locator and excerpt).',
      );
    }
    const via = t.citation.via === undefined ? null : (this.ids.get(t.citation.via) ?? null);
    const locator = this.text(t.citation.locator);
    const excerpt = this.text(t.citation.excerpt);
    if (locator === null)
      this.issue(
        this.columnOf(t.citation.locator),
        'The citation needs a locator (page, paragraph, timestamp); this cell is empty.',
      );
    if (excerpt === null)
      this.issue(
        this.columnOf(t.citation.excerpt),
        "The citation needs the source's exact words (an excerpt); this cell is empty.",
      );
    const predicate =
      this.text(t.predicate)
        ?.toUpperCase()
        .replace(/[\s-]+/g, '_') ?? '';
    if (predicate === '') this.issue(this.columnOf(t.predicate), 'The claim needs a predicate; this cell is empty.');
    const period = this.field(t.period, readDate).value;
    const reliability = this.field(t.citation.reliability, (x) =>
      readEnum(x, Object.values(Reliability), 'reliability (A-F)'),
    ).value;
    const credibility = this.field(t.citation.credibility, readCredibility).value;
    const access = this.field(t.access, (x) => readEnum(x, Object.values(AccessLevel), 'access level')).value;
    const value = t.value ? this.value(t.value) : null;
    const status =
      this.field(t.status, (x) => readEnum(x, Object.values(ClaimStatus), 'claim status')).value ??
      ClaimStatus.ASSERTED;
    const rank =
      this.field(t.rank, (x) => readEnum(x, Object.values(ClaimRank), 'claim rank')).value ?? ClaimRank.NORMAL;
    if (this.out.issues.length > before || !source || locator === null || excerpt === null) return;

    const claimId =
      (t.id === undefined ? null : readText(this.cells.get(t.id))) ??
      hashedId('clm', [subject.id, predicate, object?.id ?? canonicalJson(value), period?.edtf ?? '']);
    const citationId =
      (t.citation.id === undefined ? null : readText(this.cells.get(t.citation.id))) ??
      hashedId('cit', [claimId, source.id, via?.id ?? '', locator, excerpt]);
    const columns: Record<string, string> = {
      subject: subject.column,
      source: source.column,
      citations: source.column,
    };
    if (object) columns['object'] = object.column;
    if (via) columns['via'] = via.column;
    for (const [k, s] of [
      ['locator', t.citation.locator],
      ['excerpt', t.citation.excerpt],
      ['predicate', t.predicate],
      ['period', t.period],
      ['note', t.note],
      ['status', t.status],
      ['statusReason', t.statusReason],
      ['rank', t.rank],
      ['rankReason', t.rankReason],
    ] as const) {
      const c = this.columnOf(s);
      if (c) columns[k] = c;
    }
    for (const s of Object.values(t.value ?? {})) {
      if ('column' in s) columns['value'] ??= s.column;
    }
    this.out.claims.push({
      record: {
        claim: {
          id: claimId,
          subjectId: subject.id,
          predicate,
          objectId: object?.id ?? null,
          value,
          period,
          status,
          statusReason: this.text(t.statusReason),
          rank,
          rankReason: this.text(t.rankReason),
          note: this.text(t.note),
          access: access ?? AccessLevel.PUBLIC,
          visibility: AccessLevel.PUBLIC,
          textLevel: AccessLevel.PUBLIC,
          createdAt: this.at,
          updatedAt: this.at,
          version: 1,
        },
        citations: [
          {
            id: citationId,
            claimId,
            sourceId: source.id,
            viaSourceId: via?.id ?? null,
            locator,
            excerpt,
            // Not given: the Admiralty scale's "cannot be judged".
            reliability: reliability ?? Reliability.F,
            credibility: credibility ?? 6,
            mentions: [],
            visibility: AccessLevel.PUBLIC,
            excerptLevel: AccessLevel.PUBLIC,
            createdAt: this.at,
          },
        ],
      },
      origin: this.origin(subject.column, columns),
      unstated: [],
    });
  }

  private value(v: Record<string, FieldSpec>): ClaimValue | null {
    if (v['text']) {
      const text = this.text(v['text']);
      if (text === null) this.issue(this.columnOf(v['text']), 'The claim needs its text value; this cell is empty.');
      return { type: 'TEXT', text: text ?? '' };
    }
    const amount = this.field(v['amount'], (x) => readNumber(x, 'the amount')).value;
    if (amount === null)
      this.issue(this.columnOf(v['amount']), 'The claim needs its amount; this cell is empty or not a number.');
    return {
      type: 'QUANTITY',
      amount: amount ?? 0,
      amountMax: this.field(v['amountMax'], (x) => readNumber(x, 'the upper amount')).value,
      qualifier:
        this.field(v['qualifier'], (x) => readEnum(x, Object.values(QuantityQualifier), 'qualifier')).value ??
        QuantityQualifier.EXACT,
      unit: this.text(v['unit']) ?? '',
    };
  }
}
