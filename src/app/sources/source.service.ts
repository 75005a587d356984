import { newId, RecordType, recordTypeOf } from '../../domain/ids';
import { creationLevel, requireWriter } from '../../policy/permissions';
import { canRead, type Viewer } from '../../policy/viewer';
import { AccessLevel, SourceKind, SourceRecord } from '../../domain/model';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import type { Loaders } from '../loaders';
import { Connection, pageRequest, toConnection } from '../paging';
import { fuzzyDate, optionalText, requiredText } from '../validate';
import type { SourceEditField, Store } from '../../store/store.port';
import { auditContextOf } from '../../domain/audit';
import { contentHashRefusal } from '../../domain/documents';

export interface SourceInput {
  title?: string | null;
  kind?: SourceKind | null;
  publisher?: string | null;
  author?: string | null;
  date?: string | null;
  url?: string | null;
  language?: string | null;
  contentHash?: string | null;
  derivedFromIds?: string[] | null;
}

export interface NewSourceInput extends SourceInput {
  /** Who may see the source and the citations of it. */
  access?: AccessLevel | null;
}

const SHA256 = /^[0-9a-f]{64}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export class SourceService {
  constructor(
    private readonly store: Store,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
    private readonly now: () => Date,
    private readonly maxPageSize: number,
  ) {}

  async find(id: string): Promise<SourceRecord | null> {
    return this.loaders.source.load(id);
  }

  async get(id: string, field = 'id'): Promise<SourceRecord> {
    if (recordTypeOf(id) !== RecordType.SOURCE) {
      throw new BadUserInputError(`"${id}" is not a source id (source ids start with src_).`, field);
    }
    const source = await this.find(id);
    if (!source) throw new NotFoundError('source', id);
    return source;
  }

  async findMany(ids: readonly string[]): Promise<(SourceRecord | null)[]> {
    return Promise.all(ids.map((id) => this.find(id)));
  }

  /**
   * The visible sources among `ids` and those they derive from, directly or
   * through others, in one store round trip; each is then in the request's
   * loader. A source reached only through one this viewer may not see is
   * left for the caller to skip, as findMany would (it reads as missing).
   */
  async lineage(ids: readonly string[]): Promise<Map<string, SourceRecord>> {
    const found = ids.length === 0 ? [] : await this.store.getSourceLineage([...new Set(ids)]);
    const byId = new Map(found.map((s) => [s.id, s]));
    for (const s of found) this.loaders.source.prime(s.id, s);
    for (const id of ids) if (!byId.has(id)) this.loaders.source.prime(id, null);
    return byId;
  }

  async list(
    kind: SourceKind | null,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<SourceRecord>> {
    const request = pageRequest(first, after, this.maxPageSize);
    const page = await this.store.listSources(kind ? { kind } : {}, request);
    page.items.forEach((s) => this.loaders.source.prime(s.id, s));
    return toConnection(page, request);
  }

  async create(input: NewSourceInput): Promise<SourceRecord> {
    requireWriter(this.viewer, 'create a source');
    const access = creationLevel(this.viewer, input.access, 'access');
    const at = this.now().toISOString();
    if (!input.kind)
      throw new BadUserInputError(
        'kind is required: say what the source is (REPORT, NEWS_ARTICLE, TESTIMONY, ...).',
        'kind',
      );
    const id = newId(RecordType.SOURCE);
    const record: SourceRecord = {
      id,
      title: requiredText(input.title, 'title'),
      kind: input.kind,
      publisher: null,
      author: null,
      date: null,
      url: null,
      language: null,
      contentHash: null,
      derivedFromIds: [],
      access,
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...(await this.patch(id, input)),
    };
    await this.store.createSource(record, auditContextOf(this.viewer, null, at));
    // The answer is what this viewer reads a moment later, never the raw record.
    this.loaders.source.clear(record.id);
    return this.get(record.id);
  }

  /**
   * Changes the fields given, and only those, in one store transaction (its
   * access is not among them: setAccessLevel changes it). With
   * `expectedVersion`, refused (CONFLICT) unless the source is still at that
   * version. Returns the source as this viewer now sees it.
   */
  async update(id: string, input: SourceInput, expectedVersion?: number | null): Promise<SourceRecord> {
    requireWriter(this.viewer, 'update a source');
    await this.get(id);
    const patch = await this.patch(id, input);
    if (patch.contentHash !== undefined) {
      // A source holding its document is that document: its hash is the document's (docs/evidence-vault.md).
      const [held] = await this.store.getDocumentsOfSources([id]);
      const refusal = contentHashRefusal(id, patch.contentHash, held ?? []);
      if (refusal) throw new BadUserInputError(refusal, 'contentHash');
    }
    const updatedAt = this.now().toISOString();
    await this.store.updateSource(
      {
        id,
        ...patch,
        updatedAt,
        expectedVersion,
        // Access raised above this viewer's clearance since the read above: the source is gone for them.
        check: (stored) => {
          if (!canRead(this.viewer, stored.access)) throw new NotFoundError('source', id);
        },
      },
      auditContextOf(this.viewer, null, updatedAt),
    );
    this.loaders.source.clear(id);
    return this.get(id);
  }

  /** The fields present in `input`, validated (the sources it derives from must exist and be visible). */
  private async patch(id: string, input: SourceInput): Promise<Partial<Pick<SourceRecord, SourceEditField>>> {
    const has = (field: keyof SourceInput) => input[field] !== undefined;
    const next: Partial<Pick<SourceRecord, SourceEditField>> = {};
    if (has('title')) next.title = requiredText(input.title, 'title');
    if (has('kind') && input.kind) next.kind = input.kind;
    if (has('publisher')) next.publisher = optionalText(input.publisher, 'publisher', 300);
    if (has('author')) next.author = optionalText(input.author, 'author', 300);
    if (has('date')) next.date = fuzzyDate(input.date, 'date');
    if (has('url')) next.url = checkUrl(optionalText(input.url, 'url', 2000));
    if (has('language')) {
      const language = optionalText(input.language, 'language', 35);
      if (language !== null && !LANGUAGE.test(language)) {
        throw new BadUserInputError(
          `language "${language}" is not a BCP 47 tag; use e.g. en, ar or ar-SY.`,
          'language',
        );
      }
      next.language = language;
    }
    if (has('contentHash')) {
      const hash = optionalText(input.contentHash, 'contentHash', 64)?.toLowerCase() ?? null;
      if (hash !== null && !SHA256.test(hash)) {
        throw new BadUserInputError(
          'contentHash must be the sha256 of the document: 64 hexadecimal characters.',
          'contentHash',
        );
      }
      next.contentHash = hash;
    }
    if (has('derivedFromIds')) {
      const ids = [...new Set(input.derivedFromIds ?? [])];
      if (ids.includes(id)) throw new BadUserInputError('A source cannot derive from itself.', 'derivedFromIds');
      await Promise.all(ids.map((id, i) => this.get(id, `derivedFromIds[${i}]`)));
      next.derivedFromIds = ids.sort();
    }
    return next;
  }
}

function checkUrl(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadUserInputError(`url "${url}" is not a valid URL; give an absolute http(s) address.`, 'url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BadUserInputError('url must use http or https.', 'url');
  }
  return url;
}
