import { BadUserInputError, NotFoundError } from '../../domain/errors';
import { EntityKind, type EntityRecord } from '../../domain/model';
import { requireAdmin } from '../../policy/permissions';
import { Redactor } from '../../policy/redaction';
import type { Viewer } from '../../policy/viewer';
import type { Page, PageRequest, Store } from '../../store/store.port';

/** One text that names a protected person, for a human to review. */
export interface ProtectedMention {
  personId: string;
  recordId: string;
  /** Which text of the record: name, aliases, description, title, publisher, author, url, note, statusReason, rankReason, value, excerpt, locator. */
  field: string;
  text: string;
}

export interface MentionReport {
  mentions: ProtectedMention[];
  /** Records read; the review stops at `limit` mentions. */
  recordsRead: number;
  truncated: boolean;
}

const PAGE = 500;

/**
 * ADMIN's review of redaction: every text in the graph that names a protected
 * person by the rule the redactor applies (src/policy/redaction.ts), so that a
 * human can check the edge cases a name matcher gets wrong either way. Reads
 * the whole graph, unscoped, a page at a time: a tool for review, not for
 * every request.
 */
export class MentionReviewService {
  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer,
  ) {}

  /** Every protected person, or the one named by `personId` (who must be protected). */
  async review(limit: number, personId: string | null = null): Promise<MentionReport> {
    requireAdmin(this.viewer, 'review where protected people are named');
    const people =
      personId === null
        ? await all((page) => this.store.listEntities({ kind: EntityKind.PERSON, protectedOnly: true }, page))
        : await this.protectedPerson(personId);
    const matchers = people.map((p) => ({ id: p.id, redactor: new Redactor([p]) }));
    const mentions: ProtectedMention[] = [];
    let recordsRead = 0;
    const look = (recordId: string, texts: Record<string, string | readonly string[] | null>, ownerId?: string) => {
      recordsRead++;
      for (const [field, value] of Object.entries(texts)) {
        for (const text of value === null ? [] : typeof value === 'string' ? [value] : value) {
          for (const m of matchers) {
            // A protected person's own name on their own record is the record, not a mention.
            if (m.id !== ownerId && m.redactor.mentions(text)) mentions.push({ personId: m.id, recordId, field, text });
          }
        }
      }
    };
    if (matchers.length > 0) {
      for (const e of await all((page) => this.store.listEntities({}, page))) {
        look(e.id, { name: e.name, aliases: e.aliases, description: e.description }, e.id);
        if (mentions.length >= limit) break;
      }
      for (const s of await all((page) => this.store.listSources({}, page))) {
        look(s.id, { title: s.title, publisher: s.publisher, author: s.author, url: s.url });
      }
      const claims = await all((page) => this.store.listClaims({}, page));
      for (let i = 0; i < claims.length && mentions.length < limit; i += PAGE) {
        const batch = claims.slice(i, i + PAGE);
        const citations = await this.store.getCitationsOfClaims(batch.map((c) => c.id));
        batch.forEach((c, j) => {
          look(c.id, {
            note: c.note,
            statusReason: c.statusReason,
            rankReason: c.rankReason,
            value: c.value?.type === 'TEXT' ? c.value.text : null,
          });
          for (const cit of citations[j]!) look(cit.id, { excerpt: cit.excerpt, locator: cit.locator });
        });
      }
    }
    return { mentions: mentions.slice(0, limit), recordsRead, truncated: mentions.length > limit };
  }

  private async protectedPerson(id: string): Promise<EntityRecord[]> {
    const [person] = await this.store.getEntities([id]);
    if (!person || person.kind !== EntityKind.PERSON) throw new NotFoundError('person', id);
    if (person.protection === null) {
      throw new BadUserInputError(`${id} is not protected: there is nothing to review for them.`, 'personId');
    }
    return [person];
  }
}

async function all<T extends { id: string }>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await list({ first: PAGE, after });
    items.push(...page.items);
    if (!page.hasNextPage || page.items.length === 0) return items;
    after = page.items[page.items.length - 1]!.id;
  }
}
