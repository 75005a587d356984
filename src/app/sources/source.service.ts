import { newId, RecordType, recordTypeOf } from '../../domain/ids';
import { creationLevel, requireWriter } from '../../policy/permissions';
import type { Viewer } from '../../policy/viewer';
import { AccessLevel, SourceKind, SourceRecord } from '../../domain/model';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import type { Loaders } from '../loaders';
import { Connection, pageRequest, toConnection } from '../paging';
import { fuzzyDate, optionalText, requiredText } from '../validate';
import type { Store } from '../../store/store.port';
import { auditContextOf } from '../../domain/audit';

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
    const record = await this.build(input, {
      id: newId(RecordType.SOURCE),
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
    });
    await this.store.createSource(record, auditContextOf(this.viewer, null, at));
    this.loaders.source.clear(record.id).prime(record.id, record);
    return record;
  }

  async update(id: string, input: SourceInput): Promise<SourceRecord> {
    requireWriter(this.viewer, 'update a source');
    const current = await this.get(id);
    const record = await this.build(input, { ...current, updatedAt: this.now().toISOString() });
    await this.store.updateSource(record, auditContextOf(this.viewer, null, record.updatedAt));
    this.loaders.source.clear(id).prime(id, record);
    return record;
  }

  private async build(input: SourceInput, base: SourceRecord): Promise<SourceRecord> {
    const has = (field: keyof SourceInput) => input[field] !== undefined;
    const next: SourceRecord = { ...base };
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
      if (ids.includes(base.id)) throw new BadUserInputError('A source cannot derive from itself.', 'derivedFromIds');
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
