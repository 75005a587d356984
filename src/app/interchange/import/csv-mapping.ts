import YAML from 'yaml';
import { EntityKind } from '../../../domain/model';
import type { ImportFile, ImportIssue } from './import.model';
import { ENTITY_EDIT_FIELDS, SOURCE_EDIT_FIELDS } from '../../../store/store.port';

/**
 * A CSV column mapping (docs/import.md#the-mapping-file): which records each
 * row makes, which column (or constant, or template) fills which field, how
 * ids are formed, and which claims, with which citation, link them.
 */
export interface CsvMapping {
  /** Part of every hashed id: two lists with the same namespace and key share their records. */
  namespace: string;
  delimiter: string | null;
  entities: EntityTemplate[];
  sources: SourceTemplate[];
  claims: ClaimTemplate[];
  /** Another of the imported files whose rows this mapping's rows read, by a key column (a claim's row for its citation). */
  join: Join | null;
}

/**
 * The rows of `file` (one of the files imported, by name, not read as rows
 * of its own) by their `key` column: a row whose `on` cell names one reads
 * that row's cells as columns named `prefix` + column.
 */
export interface Join {
  file: string;
  key: string;
  on: string;
  prefix: string;
}

/** A field's value in a row: a column's cell, a constant, or a template of columns ("Arrest of {name}"). */
export type FieldSpec =
  | { column: string; split?: string; default?: string; map?: Record<string, string> }
  | { value: string }
  | { template: string };

/** A row makes a template's records only when this column is not empty, or, with `equals`, holds that value. */
export interface Condition {
  when?: string;
  /** Compared with the trimmed cell, case-insensitively. */
  whenEquals?: string;
}

/** How a record's id is made: from a column holding Athar ids, or hashed from the namespace, the ref and key columns. */
export interface IdRule {
  column?: string;
  key?: string[];
  /** Overrides the mapping's namespace for this template's hashed ids: lists that share it share these records (places). */
  namespace?: string;
}

export interface EntityTemplate extends IdRule, Condition {
  ref: string;
  kind: EntityKind;
  /** Without fields, the template only references a record that must be in this import or in the graph. */
  fields: Record<string, FieldSpec>;
}

export interface SourceTemplate extends IdRule, Condition {
  ref: string;
  fields: Record<string, FieldSpec>;
}

export interface CitationTemplate {
  /** A column holding the citation's Athar id (default: hashed from what it states). */
  id?: string;
  /** The ref of a source template. */
  source: string;
  via?: string;
  locator: FieldSpec;
  excerpt: FieldSpec;
  reliability?: FieldSpec;
  credibility?: FieldSpec;
}

export interface ClaimTemplate extends Condition {
  /** A column holding the claim's Athar id (default: hashed from what it states). */
  id?: string;
  subject: string;
  predicate: FieldSpec;
  /** The ref of an entity template (entity-to-entity predicates). */
  object?: string;
  /** A value: amount (with amountMax, qualifier, unit) or text. */
  value?: Record<string, FieldSpec>;
  period?: FieldSpec;
  note?: FieldSpec;
  access?: FieldSpec;
  /** Default ASSERTED; a DISPUTED or RETRACTED claim needs its statusReason. */
  status?: FieldSpec;
  statusReason?: FieldSpec;
  /** Default NORMAL. */
  rank?: FieldSpec;
  rankReason?: FieldSpec;
  citation: CitationTemplate;
}

/** What a mapping may fill: the fields an edit may change, and the levels an import sets on new records. */
export const ENTITY_FIELDS = [...ENTITY_EDIT_FIELDS, 'access', 'protection'] as const;
export const SOURCE_FIELDS = [...SOURCE_EDIT_FIELDS, 'access'] as const;
const VALUE_FIELDS = ['amount', 'amountMax', 'qualifier', 'unit', 'text'] as const;

/** Reads and checks a mapping file (JSON or YAML); every problem is an issue naming its path in the file. */
export function readMapping(file: ImportFile): { mapping: CsvMapping | null; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const at = (column: string, message: string) => issues.push({ file: file.name, line: null, column, message });
  let doc: unknown;
  try {
    doc = YAML.parse(file.text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null;
    issues.push({ file: file.name, line, column: null, message: `Not JSON or YAML: ${(error as Error).message}` });
    return { mapping: null, issues };
  }
  if (!isObject(doc)) {
    at('', 'A mapping is an object with namespace, entities, sources and claims (docs/import.md).');
    return { mapping: null, issues };
  }
  const namespace = doc['namespace'];
  if (typeof namespace !== 'string' || namespace.trim() === '') {
    at(
      'namespace',
      'namespace is required: a name for this list (e.g. "ngo-x-detainees-2024"); it goes into every hashed id.',
    );
  }
  const delimiter = doc['delimiter'];
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1)) {
    at('delimiter', 'delimiter must be one character, e.g. "," or ";".');
  }
  const refs = new Map<string, 'entity' | 'source'>();
  const spec = (path: string, v: unknown): FieldSpec | null => {
    if (typeof v === 'string') return { column: v };
    if (typeof v === 'number' || typeof v === 'boolean') return { value: String(v) };
    if (isObject(v)) {
      if (typeof v['column'] === 'string') {
        const out: FieldSpec = { column: v['column'] };
        if (typeof v['split'] === 'string') out.split = v['split'];
        if (v['default'] !== undefined) out.default = String(v['default']);
        if (v['map'] !== undefined) {
          if (!isObject(v['map']) || Object.values(v['map']).some((x) => x !== null && typeof x === 'object')) {
            at(`${path}.map`, 'map is an object: cell value → the value to read instead ("" for none).');
          } else {
            out.map = Object.fromEntries(Object.entries(v['map']).map(([k, x]) => [k, x === null ? '' : String(x)]));
          }
        }
        return out;
      }
      if (v['value'] !== undefined && v['value'] !== null && typeof v['value'] !== 'object')
        return { value: String(v['value']) };
      if (typeof v['template'] === 'string') return { template: v['template'] };
    }
    at(path, 'A field is a column name, or { column, split?, default? }, { value } or { template: "… {column} …" }.');
    return null;
  };
  const fields = (path: string, v: unknown, allowed: readonly string[]): Record<string, FieldSpec> => {
    const out: Record<string, FieldSpec> = {};
    if (v === undefined) return out;
    if (!isObject(v)) {
      at(path, 'fields is an object: record field → column.');
      return out;
    }
    for (const [k, x] of Object.entries(v)) {
      if (!allowed.includes(k)) {
        at(`${path}.${k}`, `Unknown field "${k}"; use one of: ${allowed.join(', ')}.`);
        continue;
      }
      const s = spec(`${path}.${k}`, x);
      if (s) out[k] = s;
    }
    return out;
  };
  const idRule = (path: string, t: Record<string, unknown>): IdRule => {
    const column = typeof t['id'] === 'string' ? t['id'] : undefined;
    const key =
      Array.isArray(t['key']) && t['key'].every((k) => typeof k === 'string') ? (t['key'] as string[]) : undefined;
    if ((column === undefined) === (key === undefined)) {
      at(path, 'Give either id: <column holding Athar ids> or key: [columns whose values make the hashed id].');
    }
    const namespace = t['namespace'];
    if (namespace !== undefined && (typeof namespace !== 'string' || namespace.trim() === '')) {
      at(`${path}.namespace`, 'namespace, when given, is a non-empty name.');
    }
    return typeof namespace === 'string' ? { column, key, namespace: namespace.trim() } : { column, key };
  };
  const list = (key: string): Record<string, unknown>[] => {
    const v = doc[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      at(key, `${key} must be a list.`);
      return [];
    }
    return v.map((t, i) => {
      if (!isObject(t)) at(`${key}[${i}]`, 'Each template is an object.');
      return isObject(t) ? t : {};
    });
  };
  const condition = (path: string, t: Record<string, unknown>): Condition => {
    const w = t['when'];
    if (w === undefined) return {};
    if (typeof w === 'string') return { when: w };
    if (isObject(w) && typeof w['column'] === 'string' && w['equals'] !== undefined && typeof w['equals'] !== 'object')
      return { when: w['column'], whenEquals: String(w['equals']) };
    at(
      `${path}.when`,
      'when is a column name (the row must fill it), or { column, equals } (the cell must hold that).',
    );
    return {};
  };
  const ref = (path: string, t: Record<string, unknown>, kind: 'entity' | 'source'): string => {
    const r = t['ref'];
    if (typeof r !== 'string' || r === '') at(`${path}.ref`, 'ref is required: the name claims use for this record.');
    else if (refs.has(r)) at(`${path}.ref`, `ref "${r}" is used twice.`);
    else refs.set(r, kind);
    return typeof r === 'string' ? r : '';
  };
  const entities = list('entities').map((t, i): EntityTemplate => {
    const path = `entities[${i}]`;
    const kind = Object.values(EntityKind).find((k) => k === t['kind']);
    if (!kind) at(`${path}.kind`, `kind must be one of: ${Object.values(EntityKind).join(', ')}.`);
    const f = fields(`${path}.fields`, t['fields'], ENTITY_FIELDS);
    return {
      ref: ref(path, t, 'entity'),
      kind: kind ?? EntityKind.PERSON,
      ...idRule(path, t),
      ...condition(path, t),
      fields: f,
    };
  });
  const sources = list('sources').map((t, i): SourceTemplate => {
    const path = `sources[${i}]`;
    return {
      ref: ref(path, t, 'source'),
      ...idRule(path, t),
      ...condition(path, t),
      fields: fields(`${path}.fields`, t['fields'], SOURCE_FIELDS),
    };
  });
  const refOf = (path: string, v: unknown, kind: 'entity' | 'source'): string => {
    if (typeof v !== 'string' || refs.get(v) !== kind) {
      at(path, `Name the ref of ${kind === 'entity' ? 'an entity' : 'a source'} template.`);
      return '';
    }
    return v;
  };
  const claims = list('claims').map((t, i): ClaimTemplate => {
    const path = `claims[${i}]`;
    const c = isObject(t['citation']) ? t['citation'] : null;
    if (!c)
      at(`${path}.citation`, 'Every claim needs a citation: { source, locator, excerpt, reliability?, credibility? }.');
    const cit = c ?? {};
    const required = (p: string, v: unknown): FieldSpec => spec(p, v) ?? { value: '' };
    const optional = (p: string, v: unknown): FieldSpec | undefined =>
      v === undefined ? undefined : (spec(p, v) ?? undefined);
    if ((t['object'] === undefined) === (t['value'] === undefined)) {
      at(path, 'A claim has either object: <entity ref> or value: { amount | text, … }.');
    }
    const idColumn = (p: string, v: unknown): string | undefined => {
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v === '') at(p, 'id is the name of a column holding Athar ids.');
      return typeof v === 'string' ? v : undefined;
    };
    return {
      id: idColumn(`${path}.id`, t['id']),
      subject: refOf(`${path}.subject`, t['subject'], 'entity'),
      predicate: required(`${path}.predicate`, isObject(t['predicate']) ? t['predicate'] : { value: t['predicate'] }),
      object: t['object'] === undefined ? undefined : refOf(`${path}.object`, t['object'], 'entity'),
      value: t['value'] === undefined ? undefined : fields(`${path}.value`, t['value'], VALUE_FIELDS),
      period: optional(`${path}.period`, t['period']),
      note: optional(`${path}.note`, t['note']),
      access: optional(`${path}.access`, t['access']),
      status: optional(`${path}.status`, t['status']),
      statusReason: optional(`${path}.statusReason`, t['statusReason']),
      rank: optional(`${path}.rank`, t['rank']),
      rankReason: optional(`${path}.rankReason`, t['rankReason']),
      ...condition(path, t),
      citation: {
        id: idColumn(`${path}.citation.id`, cit['id']),
        source: refOf(`${path}.citation.source`, cit['source'], 'source'),
        via: cit['via'] === undefined ? undefined : refOf(`${path}.citation.via`, cit['via'], 'source'),
        locator: required(`${path}.citation.locator`, cit['locator']),
        excerpt: required(`${path}.citation.excerpt`, cit['excerpt']),
        reliability: optional(`${path}.citation.reliability`, cit['reliability']),
        credibility: optional(`${path}.citation.credibility`, cit['credibility']),
      },
    };
  });
  let join: Join | null = null;
  if (doc['join'] !== undefined) {
    const j = doc['join'];
    const names = ['file', 'key', 'on', 'prefix'] as const;
    if (!isObject(j) || names.some((k) => typeof j[k] !== 'string' || j[k] === '')) {
      at(
        'join',
        'join is { file, key, on, prefix }: the file joined, its key column, the column naming a key, and the prefix of its columns.',
      );
    } else {
      join = {
        file: j['file'] as string,
        key: j['key'] as string,
        on: j['on'] as string,
        prefix: j['prefix'] as string,
      };
    }
  }
  if (entities.length + sources.length + claims.length === 0)
    at('', 'The mapping makes no records: give entities, sources or claims.');
  if (issues.length > 0) return { mapping: null, issues };
  return {
    mapping: {
      namespace: (namespace as string).trim(),
      delimiter: typeof delimiter === 'string' ? delimiter : null,
      entities,
      sources,
      claims,
      join,
    },
    issues,
  };
}

/** Every column a mapping reads: each must be in the CSV's header. */
export function columnsOf(mapping: CsvMapping): string[] {
  const out = new Set<string>();
  const add = (s: FieldSpec | undefined) => {
    if (!s) return;
    if ('column' in s) out.add(s.column);
    if ('template' in s) for (const m of s.template.matchAll(/\{([^}]+)\}/g)) out.add(m[1]!);
  };
  for (const t of [...mapping.entities, ...mapping.sources]) {
    if (t.column) out.add(t.column);
    for (const k of t.key ?? []) out.add(k);
    if (t.when) out.add(t.when);
    Object.values(t.fields).forEach(add);
  }
  for (const c of mapping.claims) {
    [
      c.predicate,
      c.period,
      c.note,
      c.access,
      c.citation.locator,
      c.citation.excerpt,
      c.citation.reliability,
      c.citation.credibility,
      c.status,
      c.statusReason,
      c.rank,
      c.rankReason,
    ].forEach(add);
    Object.values(c.value ?? {}).forEach(add);
    if (c.when) out.add(c.when);
    if (c.id) out.add(c.id);
    if (c.citation.id) out.add(c.citation.id);
  }
  if (mapping.join) out.add(mapping.join.on);
  return [...out];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
