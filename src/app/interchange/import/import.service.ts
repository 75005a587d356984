import { auditContextOf, canonicalJson } from '../../../domain/audit';
import { contentHashRefusal, type DocumentRecord } from '../../../domain/documents';
import { isAtharError } from '../../../domain/errors';
import { entityKindOfRecordType, idSpellingName, RecordType, recordTypeOf } from '../../../domain/ids';
import {
  AccessLevel,
  ClaimStatus,
  EntityKind,
  type CitationRecord,
  type ClaimWithCitations,
  type EntityRecord,
  type SourceRecord,
} from '../../../domain/model';
import { findPredicate, ObjectType } from '../../../domain/predicates';
import { newPseudonym, requireWriter } from '../../../policy/permissions';
import { canRead, type Viewer } from '../../../policy/viewer';
import { withLevels } from '../../../policy/visibility';
import type { Bundle, Store } from '../../../store/store.port';
import { MAX_EXCERPT } from '../../claims/claim.service';
import { MAX_ALIASES, MAX_NAME, MAX_TEXT } from '../../validate';
import { parseBundleFiles } from './bundle.parser';
import { parseCsvFiles } from './csv.parser';
import { parseFtmFiles } from './ftm.parser';
import { MentionIndex } from './mention-index';
import {
  ImportFormat,
  type Draft,
  type ImportFile,
  type ImportIssue,
  type ImportReport,
  type KindCounts,
  type Origin,
  type ParsedImport,
} from './import.model';

export interface ImportRequest {
  format: ImportFormat;
  files: ImportFile[];
  /** CSV only: the column mapping (JSON or YAML). */
  mapping?: ImportFile | null;
  /** Validate and report; write nothing. */
  dryRun?: boolean;
  /** Why, kept in the audit record beside the files' sha256. */
  reason?: string | null;
  /** Rows per statement on the bulk path; the store's default when absent. */
  batchSize?: number;
  onProgress?: (written: number, total: number) => void;
  /** Records (entities, sources, claims) per store write; default IMPORT_PART_SIZE. */
  partSize?: number;
}

/**
 * Records per importBundle call. A file up to this size is written, and
 * audited, as one operation; a larger one in parts of this size, in order
 * (sources, entities, then claims), each audited with the files' sha256 and
 * "part i of n": one audit record holds every record it wrote, and a single
 * record for hundreds of thousands would outgrow what a store can hold in one
 * value. Everything is validated before the first part is written.
 */
export const IMPORT_PART_SIZE = 10_000;

/** The bundle in parts of at most `size` records, each referring only to what the same or an earlier part writes. */
export function partsOf(bundle: Bundle, size: number): Bundle[] {
  const total = bundle.entities.length + bundle.sources.length + bundle.claims.length;
  if (total <= size) return [bundle];
  const parts: Bundle[] = [];
  let part: Bundle = { entities: [], sources: [], claims: [] };
  let n = 0;
  const push = (add: (p: Bundle) => void) => {
    if (n === size) {
      parts.push(part);
      part = { entities: [], sources: [], claims: [] };
      n = 0;
    }
    add(part);
    n++;
  };
  // Sources first, each after those it derives from (a stored one, or one earlier in the list).
  for (const s of derivationOrder(bundle.sources)) push((p) => p.sources.push(s));
  for (const e of bundle.entities) push((p) => p.entities.push(e));
  for (const c of bundle.claims) push((p) => p.claims.push(c));
  if (n > 0) parts.push(part);
  return parts;
}

function derivationOrder(sources: readonly SourceRecord[]): SourceRecord[] {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const done = new Set<string>();
  const out: SourceRecord[] = [];
  const visit = (s: SourceRecord, depth: number) => {
    if (done.has(s.id) || depth > sources.length) return;
    for (const parent of s.derivedFromIds) {
      const p = byId.get(parent);
      if (p) visit(p, depth + 1);
    }
    done.add(s.id);
    out.push(s);
  };
  for (const s of sources) visit(s, 0);
  return out;
}

/** Store reads per call while planning: bounded, so a 100k-row file is read in steps. */
const READ_CHUNK = 2000;

/** Fields that say who may see a record: set by an access change (ADMIN), never changed by an import. */
const ACCESS_FIELDS = ['access', 'protection', 'pseudonym'] as const;
/** What a claim states: an import may add citations to a stored claim, never change these. */
const CLAIM_FIELDS = [
  'subjectId',
  'predicate',
  'objectId',
  'value',
  'period',
  'status',
  'statusReason',
  'rank',
  'rankReason',
  'note',
  'access',
] as const;
const CITATION_FIELDS = [
  'claimId',
  'sourceId',
  'viaSourceId',
  'locator',
  'excerpt',
  'reliability',
  'credibility',
] as const;

/**
 * The one import path (docs/import.md): files are parsed by their format's
 * parser into records with their origin, checked here against the rules the
 * API enforces and against what the store holds, and written, when nothing
 * is wrong and something changed, as one bundle through the bulk path,
 * audited as one operation that names the files' sha256.
 *
 * The store is the unscoped one: an import must see a record the viewer may
 * not, so as never to overwrite it; the viewer's clearance decides what it
 * may reference and set.
 */
export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer,
    private readonly now: () => Date,
  ) {}

  async import(request: ImportRequest): Promise<ImportReport> {
    requireWriter(this.viewer, 'import records');
    const at = this.now().toISOString();
    const parsed = parse(request, at);
    const plan = await new Planner(this.store, this.viewer, at).plan(parsed);
    const report: ImportReport = {
      format: request.format,
      files: request.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
      mapping: request.mapping ? { name: request.mapping.name, sha256: request.mapping.sha256 } : null,
      dryRun: request.dryRun ?? false,
      written: false,
      ...plan.counts,
      issues: inFileOrder(parsed.issues, request),
      skipped: parsed.skipped,
      auditSeq: null,
    };
    const size = plan.bundle.entities.length + plan.bundle.sources.length + plan.bundle.claims.length;
    if (report.issues.length > 0 || report.dryRun || size === 0) return report;
    const parts = partsOf(plan.bundle, request.partSize ?? IMPORT_PART_SIZE);
    let written = 0;
    for (const [i, part] of parts.entries()) {
      const reason =
        parts.length === 1 ? auditReason(request) : `${auditReason(request)} (part ${i + 1} of ${parts.length})`;
      const rows = part.entities.length + part.sources.length + part.claims.length;
      try {
        await this.store.importBundle(part, auditContextOf(this.viewer, reason, at), {
          batchSize: request.batchSize,
          onProgress: (done) => request.onProgress?.(written + done, size),
        });
      } catch (error) {
        // What only the store can see (a derivation cycle through stored sources, a record written meanwhile).
        if (isAtharError(error) && error.code !== 'STORE_UNAVAILABLE' && error.code !== 'INTERNAL_SERVER_ERROR') {
          report.issues.push({ file: request.files[0]?.name ?? '', line: null, column: null, message: error.message });
          report.written = i > 0;
          return report;
        }
        throw error;
      }
      written += rows;
    }
    report.written = true;
    report.auditSeq = (await this.store.auditHead()).seq;
    return report;
  }
}

/** Issues by file (as given), then line: a report reads down each file once. */
function inFileOrder(issues: ImportIssue[], request: ImportRequest): ImportIssue[] {
  const order = new Map([request.mapping?.name ?? '', ...request.files.map((f) => f.name)].map((n, i) => [n, i]));
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort(
      (a, b) =>
        (order.get(a.issue.file) ?? 0) - (order.get(b.issue.file) ?? 0) ||
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        a.i - b.i,
    )
    .map(({ issue }) => issue);
}

/** The audit reason: what was imported, each file's sha256, and the importer's reason. */
export function auditReason(request: ImportRequest): string {
  const files = request.files.map((f) => `${f.name} sha256 ${f.sha256}`).join(', ');
  const mapping = request.mapping ? `; mapping ${request.mapping.name} sha256 ${request.mapping.sha256}` : '';
  const why = request.reason?.trim() ? `: ${request.reason.trim()}` : '';
  return `Imported ${request.format} (${files}${mapping})${why}`;
}

function parse(request: ImportRequest, at: string): ParsedImport {
  switch (request.format) {
    case ImportFormat.BUNDLE:
      return parseBundleFiles(request.files, at);
    case ImportFormat.CSV:
      return parseCsvFiles(request.files, request.mapping ?? null, at);
    case ImportFormat.FTM:
      return parseFtmFiles(request.files, at);
  }
}

interface Plan {
  bundle: Bundle;
  counts: Pick<ImportReport, 'entities' | 'sources' | 'claims' | 'citations'>;
}

const zero = (): KindCounts => ({ created: 0, updated: 0, unchanged: 0 });

/** Works out, for one import, what is new, what changes and what is wrong. */
class Planner {
  private readonly issues: ImportIssue[] = [];
  /** The same problem met by several claims of one row (its source, missing) is reported once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer,
    private readonly at: string,
  ) {}

  /** An issue about a record, at the column its `field` was read from when the parser said which. */
  private issue(origin: Origin, message: string, field?: string): void {
    const base = origin.column ?? null;
    let column = base;
    if (field !== undefined) {
      if (origin.columns) column = origin.columns[field] ?? base;
      else column = base === null ? field : `${base}.${field}`;
    }
    const key = JSON.stringify([origin.file, origin.line, column, message]);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.issues.push({ file: origin.file, line: origin.line, column, message });
  }

  async plan(parsed: ParsedImport): Promise<Plan> {
    const counts = { entities: zero(), sources: zero(), claims: zero(), citations: zero() };
    const entities = this.unique(parsed.entities, (e) => e.id, 'entity');
    const sources = this.unique(parsed.sources, (s) => s.id, 'source');
    const claims = this.mergeClaims(parsed.claims);
    this.checkIdShapes(entities, sources, claims);

    const claimRefs = claims.flatMap(({ record: { claim } }) =>
      claim.objectId === null ? [claim.subjectId] : [claim.subjectId, claim.objectId],
    );
    const citationSources = claims.flatMap(({ record }) =>
      record.citations.flatMap((c) => (c.viaSourceId === null ? [c.sourceId] : [c.sourceId, c.viaSourceId])),
    );
    const storedEntities = await this.read([...entities.map((d) => d.record.id), ...claimRefs], (ids) =>
      this.store.getEntities(ids),
    );
    const storedSources = await this.read(
      [...sources.map((d) => d.record.id), ...sources.flatMap((d) => d.record.derivedFromIds), ...citationSources],
      (ids) => this.store.getSources(ids),
    );
    // The documents stored sources hold: a source holding one keeps that document's hash (docs/evidence-vault.md).
    const heldDocuments = new Map<string, DocumentRecord[]>();
    const holders = sources
      .filter((d) => storedSources.has(d.record.id) && !d.unstated.includes('contentHash'))
      .map((d) => d.record.id);
    for (let i = 0; i < holders.length; i += READ_CHUNK) {
      const ids = holders.slice(i, i + READ_CHUNK);
      (await this.store.getDocumentsOfSources(ids)).forEach((list, j) => heldDocuments.set(ids[j]!, list));
    }
    const storedClaims = await this.read(
      claims.map((d) => d.record.claim.id),
      (ids) => this.store.getClaims(ids),
    );
    const storedCitations = new Map<string, CitationRecord[]>();
    const existingClaimIds = claims.map((d) => d.record.claim.id).filter((id) => storedClaims.has(id));
    for (let i = 0; i < existingClaimIds.length; i += READ_CHUNK) {
      const ids = existingClaimIds.slice(i, i + READ_CHUNK);
      (await this.store.getCitationsOfClaims(ids)).forEach((list, j) => storedCitations.set(ids[j]!, list));
    }
    const citationIds = claims.flatMap((d) => d.record.citations.map((c) => c.id));
    const storedCitationById = await this.read(citationIds, (ids) => this.store.getCitations(ids));

    // The records as they will stand: the import's over what the viewer may see of the store.
    const finalEntities = new Map<string, EntityRecord>();
    for (const [id, e] of storedEntities) if (canRead(this.viewer, e.access) && !e.mergedInto) finalEntities.set(id, e);
    const finalSources = new Map<string, SourceRecord>();
    for (const [id, s] of storedSources) if (canRead(this.viewer, s.access)) finalSources.set(id, s);

    const bundle: Bundle = { entities: [], sources: [], claims: [] };
    for (const draft of entities) {
      const next = this.entity(draft, storedEntities.get(draft.record.id) ?? null, counts.entities);
      if (next) {
        finalEntities.set(next.record.id, next.record);
        if (next.write) bundle.entities.push(next.record);
      }
    }
    for (const draft of sources) {
      const next = this.source(
        draft,
        storedSources.get(draft.record.id) ?? null,
        heldDocuments.get(draft.record.id) ?? [],
        counts.sources,
      );
      if (next) {
        finalSources.set(next.record.id, next.record);
        if (next.write) bundle.sources.push(next.record);
      }
    }
    for (const draft of sources) this.checkDerivation(draft, finalSources);

    const protectedPeople = new MentionIndex(await this.protectedPeople(finalEntities));
    for (const draft of claims) {
      const next = this.claim(
        draft,
        storedClaims.get(draft.record.claim.id) ?? null,
        storedCitations.get(draft.record.claim.id) ?? [],
        storedCitationById,
        finalEntities,
        finalSources,
        protectedPeople,
        counts,
      );
      if (next) bundle.claims.push(next);
    }
    this.checkIdSpelling(entities, sources, claims, finalEntities);
    parsed.issues.push(...this.issues);
    return { bundle, counts };
  }

  /** Stored records by id, read a chunk at a time; ids not stored are absent. */
  private async read<T extends { id: string }>(
    ids: readonly string[],
    get: (ids: readonly string[]) => Promise<(T | null)[]>,
  ): Promise<Map<string, T>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, T>();
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      for (const record of await get(unique.slice(i, i + READ_CHUNK))) if (record) found.set(record.id, record);
    }
    return found;
  }

  /** One draft per id: the same record stated twice is one; stated twice differently, an issue. */
  private unique<T extends object>(drafts: Draft<T>[], idOf: (record: T) => string, what: string): Draft<T>[] {
    const byId = new Map<string, Draft<T>>();
    // A place named on every row of a list is compared as often: its first statement's JSON is worked out once.
    const firstJson = new Map<string, string>();
    for (const draft of drafts) {
      const id = idOf(draft.record);
      const first = byId.get(id);
      if (!first) {
        byId.set(id, draft);
        continue;
      }
      let json = firstJson.get(id);
      if (json === undefined) {
        json = canonicalJson(comparable(first.record));
        firstJson.set(id, json);
      }
      if (json !== canonicalJson(comparable(draft.record))) {
        this.issue(
          draft.origin,
          `The ${what} ${id} is given again with other values (first at ${where(first.origin)}).`,
        );
      }
    }
    return [...byId.values()];
  }

  /** Claims stated by several rows (one statement, several sources) become one claim with every citation. */
  private mergeClaims(drafts: Draft<ClaimWithCitations>[]): Draft<ClaimWithCitations>[] {
    const byId = new Map<string, Draft<ClaimWithCitations>>();
    for (const draft of drafts) {
      const id = draft.record.claim.id;
      const first = byId.get(id);
      if (!first) {
        byId.set(id, { ...draft, record: { claim: draft.record.claim, citations: [...draft.record.citations] } });
        continue;
      }
      if (canonicalJson(comparable(first.record.claim)) !== canonicalJson(comparable(draft.record.claim))) {
        this.issue(draft.origin, `The claim ${id} is given again with other values (first at ${where(first.origin)}).`);
        continue;
      }
      for (const citation of draft.record.citations) {
        const same = first.record.citations.find((c) => c.id === citation.id);
        if (!same) first.record.citations.push(citation);
        else if (canonicalJson(comparable(same)) !== canonicalJson(comparable(citation))) {
          this.issue(draft.origin, `The citation ${citation.id} is given again with other values.`);
        }
      }
    }
    return [...byId.values()];
  }

  private checkIdShapes(
    entities: Draft<EntityRecord>[],
    sources: Draft<SourceRecord>[],
    claims: Draft<ClaimWithCitations>[],
  ): void {
    for (const d of entities) {
      const type = recordTypeOf(d.record.id);
      if (!type || entityKindOfRecordType(type) !== d.record.kind) {
        this.issue(d.origin, `Id "${d.record.id}" does not name a ${d.record.kind}: ${idRule(d.record.kind)}.`);
      }
    }
    for (const d of sources) {
      if (recordTypeOf(d.record.id) !== RecordType.SOURCE) {
        this.issue(
          d.origin,
          `Id "${d.record.id}" does not name a source: ids of sources are src_ and 1-120 letters, digits, _ or -.`,
        );
      }
    }
    for (const d of claims) {
      if (recordTypeOf(d.record.claim.id) !== RecordType.CLAIM) {
        this.issue(
          d.origin,
          `Id "${d.record.claim.id}" does not name a claim: ids of claims are clm_ and 1-120 letters, digits, _ or -.`,
        );
      }
      for (const c of d.record.citations) {
        if (recordTypeOf(c.id) !== RecordType.CITATION) {
          this.issue(
            d.origin,
            `Id "${c.id}" does not name a citation: ids of citations are cit_ and 1-120 letters, digits, _ or -.`,
          );
        }
        if (c.claimId !== d.record.claim.id) {
          this.issue(
            d.origin,
            `Citation ${c.id} names claim ${c.claimId}, not the claim ${d.record.claim.id} it is given with.`,
          );
        }
      }
    }
  }

  /** Ids are shown to everyone who sees a record: an id chosen outside Athar must not spell a person's name. */
  private checkIdSpelling(
    entities: Draft<EntityRecord>[],
    sources: Draft<SourceRecord>[],
    claims: Draft<ClaimWithCitations>[],
    finalEntities: Map<string, EntityRecord>,
  ): void {
    const all = [...finalEntities.values()];
    const origins = new Map<string, Origin>();
    for (const d of entities) origins.set(d.record.id, d.origin);
    for (const d of sources) origins.set(d.record.id, d.origin);
    for (const d of claims) {
      origins.set(d.record.claim.id, d.origin);
      for (const c of d.record.citations) origins.set(c.id, d.origin);
    }
    // Ids hashed by the parsers (a prefix and 24 hex digits) spell nothing: only ids taken from a file are looked at.
    const chosen = [...origins.keys()].filter((id) => !/^[a-z]{3}_[0-9a-f]{24}$/.test(id));
    if (chosen.length === 0) return;
    const spelled = idSpellingName(
      chosen,
      all.filter((e) => e.kind === EntityKind.PERSON).flatMap((e) => [e.name, ...e.aliases]),
      all.filter((e) => e.kind !== EntityKind.PERSON).flatMap((e) => [e.name, ...e.aliases]),
    );
    if (spelled) {
      this.issue(
        origins.get(spelled.id)!,
        `Id "${spelled.id}" spells a word of the name "${spelled.name}"; give it an opaque id (ids outlive protection).`,
      );
    }
  }

  /** A stored record the viewer may not see cannot be written, nor said to exist beyond this. */
  private hidden(origin: Origin, id: string): void {
    this.issue(origin, `Id "${id}" cannot be written by this import; choose another id.`);
  }

  private entity(
    draft: Draft<EntityRecord>,
    stored: EntityRecord | null,
    counts: KindCounts,
  ): { record: EntityRecord; write: boolean } | null {
    const before = this.issues.length;
    const e = draft.record;
    const o = draft.origin;
    if (stored && (!canRead(this.viewer, stored.access) || stored.kind !== e.kind)) {
      this.hidden(o, e.id);
      return null;
    }
    if (stored && stored.protection !== null && !canRead(this.viewer, stored.protection)) {
      // Below the protection's clearance the writer holds the pseudonymous view: writing it back would overwrite
      // the real record, and an "unchanged" answer would confirm a guessed name.
      this.hidden(o, e.id);
      return null;
    }
    if (stored?.mergedInto) {
      this.issue(o, `Entity ${e.id} was merged into ${stored.mergedInto}; import into ${stored.mergedInto} instead.`);
      return null;
    }
    this.text(o, e.name, 'name', MAX_NAME, true);
    if (e.aliases.length > MAX_ALIASES)
      this.issue(o, `aliases has ${e.aliases.length} entries; the limit is ${MAX_ALIASES}.`, 'aliases');
    for (const alias of e.aliases) this.text(o, alias, 'aliases', MAX_NAME, true);
    this.text(o, e.description, 'description', MAX_TEXT, false);
    const only: [keyof EntityRecord, EntityKind][] = [
      ['facilityType', EntityKind.FACILITY],
      ['placeType', EntityKind.PLACE],
      ['eventType', EntityKind.EVENT],
      ['latitude', EntityKind.PLACE],
      ['longitude', EntityKind.PLACE],
      ['date', EntityKind.EVENT],
      ['protection', EntityKind.PERSON],
    ];
    for (const [field, kind] of only) {
      if (e[field] !== null && e.kind !== kind)
        this.issue(o, `${field} is for a ${kind}, not a ${e.kind}; leave it empty.`, field);
    }
    if ((e.latitude === null) !== (e.longitude === null))
      this.issue(o, 'Give latitude and longitude together, or neither.', 'latitude');
    if (e.latitude !== null && (e.latitude < -90 || e.latitude > 90))
      this.issue(o, `latitude must be between -90 and 90; got ${e.latitude}.`, 'latitude');
    if (e.longitude !== null && (e.longitude < -180 || e.longitude > 180))
      this.issue(o, `longitude must be between -180 and 180; got ${e.longitude}.`, 'longitude');

    let next: EntityRecord;
    if (stored) {
      next = {
        ...e,
        ...pick(stored, draft.unstated),
        createdAt: stored.createdAt,
        updatedAt: stored.updatedAt,
        version: stored.version,
      };
      for (const field of ACCESS_FIELDS) {
        if (!draft.unstated.includes(field) && e[field] !== stored[field]) {
          this.issue(
            o,
            `Entity ${e.id} is stored with another ${field}; an import does not change who may see a record (an administrator changes it with changeAccess).`,
            field,
          );
        }
      }
      next = { ...next, access: stored.access, protection: stored.protection, pseudonym: stored.pseudonym };
      if (stored.mergedInto !== undefined) next.mergedInto = stored.mergedInto;
    } else {
      this.clearance(o, e.access, 'access');
      if (e.protection !== null) this.clearance(o, e.protection, 'protection');
      next = { ...e, pseudonym: e.protection === null ? null : (e.pseudonym ?? newPseudonym()) };
      if (!draft.timestampsFromFile) next = { ...next, createdAt: this.at, updatedAt: this.at };
    }
    if (this.issues.length > before) return null;
    if (!stored) {
      counts.created++;
      return { record: { ...next, version: 1 }, write: true };
    }
    if (canonicalJson(next) === canonicalJson(stored)) {
      counts.unchanged++;
      return { record: stored, write: false };
    }
    counts.updated++;
    return { record: { ...next, updatedAt: this.at }, write: true };
  }

  private source(
    draft: Draft<SourceRecord>,
    stored: SourceRecord | null,
    documents: readonly DocumentRecord[],
    counts: KindCounts,
  ): { record: SourceRecord; write: boolean } | null {
    const before = this.issues.length;
    const s = { ...draft.record, derivedFromIds: [...new Set(draft.record.derivedFromIds)].sort() };
    const o = draft.origin;
    if (stored && !canRead(this.viewer, stored.access)) {
      this.hidden(o, s.id);
      return null;
    }
    this.text(o, s.title, 'title', MAX_NAME, true);
    this.text(o, s.publisher, 'publisher', MAX_NAME, false);
    this.text(o, s.author, 'author', MAX_NAME, false);
    this.text(o, s.url, 'url', MAX_TEXT, false);
    if (s.url !== null && !/^https?:\/\//i.test(s.url))
      this.issue(o, `url must start with http:// or https://; got "${s.url}".`, 'url');
    if (s.contentHash !== null && !/^[0-9a-f]{64}$/.test(s.contentHash))
      this.issue(o, 'contentHash must be a sha256: 64 lowercase hex digits.', 'contentHash');
    if (s.derivedFromIds.includes(s.id)) this.issue(o, `Source ${s.id} cannot derive from itself.`, 'derivedFromIds');
    let next: SourceRecord;
    if (stored) {
      next = {
        ...s,
        ...pick(stored, draft.unstated),
        createdAt: stored.createdAt,
        updatedAt: stored.updatedAt,
        version: stored.version,
      };
      if (!draft.unstated.includes('access') && s.access !== stored.access) {
        this.issue(
          o,
          `Source ${s.id} is stored with another access; an import does not change who may see a record (an administrator changes it with changeAccess).`,
          'access',
        );
      }
      next.access = stored.access;
      const refusal = contentHashRefusal(s.id, next.contentHash, documents);
      if (refusal) this.issue(o, refusal, 'contentHash');
    } else {
      this.clearance(o, s.access, 'access');
      next = draft.timestampsFromFile ? s : { ...s, createdAt: this.at, updatedAt: this.at };
    }
    if (this.issues.length > before) return null;
    if (!stored) {
      counts.created++;
      return { record: { ...next, version: 1 }, write: true };
    }
    if (canonicalJson(next) === canonicalJson(stored)) {
      counts.unchanged++;
      return { record: stored, write: false };
    }
    counts.updated++;
    return { record: { ...next, updatedAt: this.at }, write: true };
  }

  private checkDerivation(draft: Draft<SourceRecord>, sources: Map<string, SourceRecord>): void {
    for (const parent of draft.record.derivedFromIds) {
      if (!sources.has(parent)) {
        this.issue(
          draft.origin,
          `Source ${draft.record.id} derives from ${parent}, which is neither in this import nor in the graph.`,
          'derivedFromIds',
        );
      }
    }
  }

  /** Protected people, stored and imported: the people an excerpt may name, whose words it must then withhold. */
  private async protectedPeople(imported: Map<string, EntityRecord>): Promise<EntityRecord[]> {
    const people = new Map<string, EntityRecord>();
    let after: string | null = null;
    for (;;) {
      const page = await this.store.listEntities(
        { kind: EntityKind.PERSON, protectedOnly: true },
        { first: 500, after },
      );
      for (const p of page.items) people.set(p.id, p);
      if (!page.hasNextPage || page.items.length === 0) break;
      after = page.items[page.items.length - 1]!.id;
    }
    for (const e of imported.values()) if (e.kind === EntityKind.PERSON && e.protection !== null) people.set(e.id, e);
    return [...people.values()];
  }

  private claim(
    draft: Draft<ClaimWithCitations>,
    stored: ClaimWithCitations['claim'] | null,
    storedCitations: CitationRecord[],
    storedCitationById: Map<string, CitationRecord>,
    entities: Map<string, EntityRecord>,
    sources: Map<string, SourceRecord>,
    protectedPeople: MentionIndex,
    counts: Plan['counts'],
  ): ClaimWithCitations | null {
    const before = this.issues.length;
    const o = draft.origin;
    const { claim, citations } = draft.record;
    if (stored && !canRead(this.viewer, stored.visibility)) {
      this.hidden(o, claim.id);
      return null;
    }
    const definition = findPredicate(claim.predicate);
    if (!definition) {
      this.issue(
        o,
        `Unknown predicate "${claim.predicate}"; see the vocabulary in docs/querying.md (predicates query).`,
        'predicate',
      );
      return null;
    }
    const subject = entities.get(claim.subjectId);
    if (!subject)
      this.issue(o, `The subject ${claim.subjectId} is neither in this import nor in the graph.`, 'subject');
    else if (!definition.subjectKinds.includes(subject.kind)) {
      this.issue(
        o,
        `${claim.predicate} takes a subject of kind ${definition.subjectKinds.join(' or ')}, not ${subject.kind} (${claim.subjectId}).`,
        'subject',
      );
    }
    if (definition.objectType === ObjectType.ENTITY) {
      const object = claim.objectId === null ? undefined : entities.get(claim.objectId);
      if (claim.objectId === null) this.issue(o, `${claim.predicate} needs an object entity.`, 'object');
      else if (!object)
        this.issue(o, `The object ${claim.objectId} is neither in this import nor in the graph.`, 'object');
      else if (!definition.objectKinds.includes(object.kind)) {
        this.issue(
          o,
          `${claim.predicate} takes an object of kind ${definition.objectKinds.join(' or ')}, not ${object.kind} (${claim.objectId}).`,
          'object',
        );
      }
      if (claim.value !== null) this.issue(o, `${claim.predicate} links two entities; it takes no value.`, 'value');
    } else {
      if (claim.objectId !== null) this.issue(o, `${claim.predicate} takes a value, not an object entity.`, 'object');
      const wants = definition.objectType === ObjectType.QUANTITY ? 'QUANTITY' : 'TEXT';
      if (claim.value?.type !== wants)
        this.issue(o, `${claim.predicate} takes a ${wants.toLowerCase()} value.`, 'value');
      if (claim.value?.type === 'QUANTITY') {
        const v = claim.value;
        if (!Number.isFinite(v.amount) || v.amount < 0)
          this.issue(o, 'A quantity must be a number of 0 or more.', 'value');
        if (v.amountMax !== null && !(v.amountMax >= v.amount))
          this.issue(o, 'The upper figure of a range must be at least its lower figure.', 'value');
        this.text(o, v.unit, 'unit', MAX_NAME, true);
      } else if (claim.value?.type === 'TEXT') this.text(o, claim.value.text, 'value', MAX_TEXT, true);
    }
    if (claim.status !== ClaimStatus.ASSERTED && !claim.statusReason?.trim()) {
      this.issue(o, `A ${claim.status} claim needs the reason it was ${claim.status.toLowerCase()}.`, 'statusReason');
    }
    this.text(o, claim.note, 'note', MAX_TEXT, false);
    if (citations.length === 0) {
      this.issue(
        o,
        'A claim needs at least one citation: give the source, a locator (page, paragraph, timestamp) and the exact excerpt.',
        'citations',
      );
    }
    for (const c of citations) {
      for (const [ref, field] of [
        [c.sourceId, 'source'],
        [c.viaSourceId, 'via'],
      ] as const) {
        if (ref !== null && !sources.has(ref))
          this.issue(o, `The ${field} ${ref} is neither in this import nor in the graph.`, field);
      }
      if (c.viaSourceId !== null && c.viaSourceId === c.sourceId)
        this.issue(o, 'via repeats the source; leave it empty when the excerpt is from the source itself.', 'via');
      this.text(o, c.locator, 'locator', 200, true);
      this.text(o, c.excerpt, 'excerpt', MAX_EXCERPT, true);
      const held = storedCitationById.get(c.id);
      if (held && held.claimId !== claim.id) this.hidden(o, c.id);
    }
    if (stored) {
      for (const field of CLAIM_FIELDS) {
        if (canonicalJson(stored[field]) !== canonicalJson(claim[field])) {
          this.issue(
            o,
            `Claim ${claim.id} is stored with another ${field}; claims are not edited by an import (dispute or retract it, or assert a new one).`,
            field,
          );
          break;
        }
      }
    }
    const known = new Map(storedCitations.map((c) => [c.id, c]));
    const added: CitationRecord[] = [];
    for (const c of citations) {
      const held = known.get(c.id);
      if (!held) added.push(c);
      else if (CITATION_FIELDS.some((f) => canonicalJson(held[f]) !== canonicalJson(c[f]))) {
        this.issue(
          o,
          `Citation ${c.id} is stored with other values; citations are not edited by an import.`,
          'citations',
        );
      }
    }
    if (this.issues.length > before) return null;
    const unchangedCitations = citations.length - added.length;
    counts.citations.unchanged += unchangedCitations;
    if (stored && added.length === 0) {
      counts.claims.unchanged++;
      return null;
    }
    counts.citations.created += added.length;
    const stamped = added.map((c) => ({
      ...c,
      createdAt: draft.timestampsFromFile ? c.createdAt : this.at,
      // The file's mentions are kept (more can only hide more); those found here are added, since a file may leave one out.
      mentions: [...new Set([...c.mentions, ...protectedPeople.named(c.excerpt ?? '')])].sort(),
    }));
    const all = [...storedCitations, ...stamped].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (stored) {
      counts.claims.updated++;
      return withLevels({ claim: { ...stored, updatedAt: this.at }, citations: all }, entities, sources);
    }
    counts.claims.created++;
    const fresh = draft.timestampsFromFile ? claim : { ...claim, createdAt: this.at, updatedAt: this.at };
    return withLevels({ claim: { ...fresh, version: 1 }, citations: all }, entities, sources);
  }

  private text(origin: Origin, value: string | null, field: string, max: number, required: boolean): void {
    const trimmed = (value ?? '').trim();
    if (trimmed === '') {
      if (required) this.issue(origin, `${field} must not be empty.`, field);
      return;
    }
    if (trimmed.length > max)
      this.issue(origin, `${field} is ${trimmed.length} characters long; the limit is ${max}.`, field);
  }

  /** Nobody sets a level above their own clearance (src/policy/permissions.ts requireClearanceFor). */
  private clearance(origin: Origin, level: AccessLevel, field: string): void {
    if (!canRead(this.viewer, level)) {
      this.issue(origin, `You may not set ${field} to ${level}: your clearance is ${this.viewer.clearance}.`, field);
    }
  }
}

/** A record without what the store sets (timestamps, version, derived levels): what two statements of it compare on. */
function comparable(record: object): object {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !STORE_SET_FIELDS.has(key)));
}

const STORE_SET_FIELDS = new Set([
  'createdAt',
  'updatedAt',
  'version',
  'visibility',
  'textLevel',
  'excerptLevel',
  'mentions',
]);

function pick<T extends object>(record: T, fields: readonly string[]): Partial<T> {
  const out: Partial<T> = {};
  for (const field of fields)
    if (field in record) (out as Record<string, unknown>)[field] = (record as Record<string, unknown>)[field];
  return out;
}

function where(origin: Origin): string {
  return origin.line === null ? origin.file : `${origin.file}:${origin.line}`;
}

function idRule(kind: EntityKind): string {
  const prefix = { PERSON: 'per', ORGANIZATION: 'org', FACILITY: 'fac', PLACE: 'plc', EVENT: 'evt' }[kind];
  return `ids of a ${kind} are ${prefix}_ and 1-120 letters, digits, _ or -`;
}
