import { createHash } from 'node:crypto';
import {
  type DocumentAttachment,
  DocumentFormat,
  type DocumentRecord,
  documentIdOf,
  documentSearchAlternatives,
  pageSegments,
  paragraphSegments,
  segmentIdOf,
} from '../../src/domain/documents';
import { AccessLevel } from '../../src/domain/model';
import { ErrorCode } from '../../src/domain/errors';
import type { Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';

export interface DocumentsStoreHandle {
  store: Store;
  /** The same data, read by a store opened again (the embedded store from its files); absent: the same store. */
  reopen?: () => Promise<Store>;
  cleanup(): Promise<void>;
}

const ACTOR = {
  actor: { subject: 'contract-analyst', role: 'ANALYST' },
  reason: 'received from the NGO',
  at: '2026-05-01T10:00:00.000Z',
};

/** A document record and its text, as the document service would make them. */
export function attachmentOf(
  sourceId: string,
  bytes: string,
  format: DocumentFormat,
  parts: readonly string[],
): DocumentAttachment {
  const sha256 = createHash('sha256').update(bytes, 'utf8').digest('hex');
  const document: DocumentRecord = {
    id: documentIdOf(sourceId, sha256),
    sourceId,
    sha256,
    fileName: format === DocumentFormat.PDF ? 'report.pdf' : 'statement.txt',
    size: Buffer.byteLength(bytes),
    mediaType: format === DocumentFormat.PDF ? 'application/pdf' : 'text/plain',
    format,
    addedBy: { subject: 'contract-analyst', role: 'ANALYST' },
    addedAt: '2026-05-01T10:00:00.000Z',
    extraction: { method: 'test', pages: format === DocumentFormat.PDF ? parts.length : 0, paragraphs: parts.length },
  };
  const segments = format === DocumentFormat.PDF ? pageSegments(document, parts) : paragraphSegments(document, parts);
  return { document, segments };
}

/**
 * What both adapters promise about documents: attaching (custody record,
 * content hash, audit, refusals that write nothing), reading them back by
 * source and their text by document, and full-text search over that text,
 * filtered by access and paged by segment id, in the store.
 */
export function runDocumentsContract(name: string, open: () => Promise<DocumentsStoreHandle>): void {
  describe(`Documents contract: ${name}`, () => {
    let handle: DocumentsStoreHandle;
    let store: Store;
    let f: Fixtures;
    const reader = async (): Promise<Store> => (handle.reopen ? handle.reopen() : store);

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
    });
    afterAll(async () => handle.cleanup());
    beforeEach(() => {
      f = new Fixtures();
    });

    it('attaches a document: the source gets its content hash and a new version, the audit record its custody', async () => {
      const source = f.source({ contentHash: null });
      await store.createSource(source);
      const paragraphs = [`Detainees of ${f.run} were held in the red building.`, 'They were moved at night.'];
      const attachment = attachmentOf(source.id, paragraphs.join('\n'), DocumentFormat.TEXT, paragraphs);
      const after = await store.attachDocument(attachment, ACTOR);
      expect(after.contentHash).toBe(attachment.document.sha256);
      expect(after.version).toBe(2);

      const s = await reader();
      const [documents] = await s.getDocumentsOfSources([source.id]);
      expect(documents).toEqual([attachment.document]);
      const [segments] = await s.getDocumentSegments([attachment.document.id]);
      expect(segments).toEqual(attachment.segments);
      expect((await s.getSources([source.id]))[0]!.contentHash).toBe(attachment.document.sha256);
      expect(await s.getDocumentsOfSources(['src_missing_' + f.run])).toEqual([[]]);
      expect(await s.getDocumentSegments(['doc_missing'])).toEqual([[]]);

      const [history] = await s.getAuditOf([source.id]);
      const record = history!.at(-1)!;
      expect(record.operation).toBe('attachDocument');
      expect(record.actor).toEqual(ACTOR.actor);
      expect(record.reason).toBe(ACTOR.reason);
      expect(record.after.documents).toEqual([attachment.document]);
      expect(record.before.sources[0]!.contentHash).toBeNull();
      expect(record.after.sources[0]!.contentHash).toBe(attachment.document.sha256);
    });

    it('refuses a document whose hash differs from the recorded one, and one the source holds, writing nothing', async () => {
      const recorded = createHash('sha256').update('the original', 'utf8').digest('hex');
      const source = f.source({ contentHash: recorded });
      await store.createSource(source);
      const wrong = attachmentOf(source.id, 'something else', DocumentFormat.TEXT, ['something else']);
      // The source's own trail: the Neo4j database is shared with writers running beside this suite.
      const trail = async () => (await store.getAuditOf([source.id]))[0]!.map((r) => r.seq);
      const head = await trail();
      const refusal = store.attachDocument(wrong, ACTOR);
      await expect(refusal).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
      await expect(store.attachDocument(wrong, ACTOR)).rejects.toThrow(wrong.document.sha256);
      await expect(store.attachDocument(wrong, ACTOR)).rejects.toThrow(recorded);
      expect(await trail()).toEqual(head);
      expect(await store.getDocumentsOfSources([source.id])).toEqual([[]]);
      expect((await store.getSources([source.id]))[0]!.version).toBe(1);

      const right = attachmentOf(source.id, 'the original', DocumentFormat.TEXT, ['the original']);
      await store.attachDocument(right, ACTOR);
      const again = await trail();
      await expect(store.attachDocument(right, ACTOR)).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
      expect(await trail()).toEqual(again);
      await expect(
        store.attachDocument(attachmentOf('src_none_' + f.run, 'x', DocumentFormat.TEXT, ['x']), ACTOR),
      ).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
      expect(await trail()).toEqual(again);
    });

    it('refuses an edit that sets a source’s content hash away from the document it holds, writing nothing', async () => {
      const source = f.source({ contentHash: null });
      await store.createSource(source);
      const held = attachmentOf(source.id, 'the held text', DocumentFormat.TEXT, ['the held text']);
      await store.attachDocument(held, ACTOR);
      const trail = async () => (await store.getAuditOf([source.id]))[0]!.map((r) => r.seq);
      const head = await trail();
      const other = createHash('sha256').update('another text', 'utf8').digest('hex');
      const updatedAt = new Date().toISOString();
      for (const contentHash of [other, null]) {
        await expect(store.updateSource({ id: source.id, contentHash, updatedAt })).rejects.toMatchObject({
          code: ErrorCode.BAD_USER_INPUT,
          field: 'contentHash',
        });
      }
      expect(await trail()).toEqual(head);
      expect((await store.getSources([source.id]))[0]!.contentHash).toBe(held.document.sha256);
      // The same hash, beside another change, is an ordinary edit.
      const edited = await store.updateSource({
        id: source.id,
        contentHash: held.document.sha256,
        title: 'Retitled',
        updatedAt,
      });
      expect(edited).toMatchObject({ title: 'Retitled', contentHash: held.document.sha256 });
    });

    it('keeps a PDF by page and paragraph', async () => {
      const source = f.source({ contentHash: null });
      await store.createSource(source);
      const pages = ['First page, first paragraph.\n\nFirst page,\nsecond paragraph.', 'Second page.'];
      const attachment = attachmentOf(source.id, '%PDF-' + f.run, DocumentFormat.PDF, pages);
      await store.attachDocument(attachment, ACTOR);
      const [segments] = await (await reader()).getDocumentSegments([attachment.document.id]);
      expect(segments!.map((s) => [s.page, s.paragraph, s.text])).toEqual([
        [1, 1, 'First page, first paragraph.'],
        [1, 2, 'First page, second paragraph.'],
        [2, 1, 'Second page.'],
      ]);
    });

    it('searches document text by word prefix and transliteration, by access, a page at a time in segment order', async () => {
      const word = `qzx${f.run.replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
      const open = f.source({ contentHash: null, access: AccessLevel.PUBLIC });
      const closed = f.source({ contentHash: null, access: AccessLevel.CONFIDENTIAL });
      await store.createSource(open);
      await store.createSource(closed);
      const openText = [
        `${word} seen at Saydnaya prison`,
        'nothing here',
        `${word} again, in Sednaya`,
        `${word} third`,
      ];
      const closedText = [`${word} in the confidential file`];
      await store.attachDocument(attachmentOf(open.id, openText.join('\n'), DocumentFormat.TEXT, openText), ACTOR);
      await store.attachDocument(attachmentOf(closed.id, closedText[0]!, DocumentFormat.TEXT, closedText), ACTOR);
      const s = await reader();

      const all = await s.searchDocuments(
        { alternatives: documentSearchAlternatives(word) },
        { first: 10, after: null },
      );
      expect(all.totalCount).toBe(4);
      const ids = all.items.map(segmentIdOf);
      expect(ids).toEqual([...ids].sort());

      const publicOnly = { alternatives: documentSearchAlternatives(word), levels: [AccessLevel.PUBLIC] };
      const page1 = await s.searchDocuments(publicOnly, { first: 2, after: null });
      expect(page1.totalCount).toBe(3);
      expect(page1.hasNextPage).toBe(true);
      expect(page1.items.map((x) => x.paragraph)).toEqual([1, 3]);
      expect(page1.items.every((x) => x.sourceId === open.id)).toBe(true);
      const page2 = await s.searchDocuments(publicOnly, { first: 2, after: segmentIdOf(page1.items[1]!) });
      expect(page2.items.map((x) => x.paragraph)).toEqual([4]);
      expect(page2.hasNextPage).toBe(false);

      // Both spellings of the prison, through the transliteration key; words must all match.
      const both = await s.searchDocuments(
        { alternatives: documentSearchAlternatives(`${word} Sidnaya`), levels: [AccessLevel.PUBLIC] },
        { first: 10, after: null },
      );
      expect(both.items.map((x) => x.paragraph)).toEqual([1, 3]);
      const none = await s.searchDocuments(
        { alternatives: documentSearchAlternatives(`${word} zzqqy`) },
        { first: 10, after: null },
      );
      expect(none.totalCount).toBe(0);
    });
  });
}
