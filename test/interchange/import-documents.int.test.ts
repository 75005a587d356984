import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { ImportService, type ImportRequest } from '../../src/app/interchange/import/import.service';
import { ImportFormat, importFile, type ImportReport } from '../../src/app/interchange/import/import.model';
import { createServices } from '../../src/main/compose';
import { SourceKind, type SourceRecord } from '../../src/domain/model';
import { BadUserInputError } from '../../src/domain/errors';
import { BlobStore } from '../../src/store/blobs/blob-store';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

/*
 * A source that holds a document is that document (docs/evidence-vault.md):
 * no import, CSV or bundle, and no direct store.importBundle, may set its
 * contentHash to anything else; the same hash imports as any unchanged field.
 */

const MAPPING = `
namespace: import-documents-test
sources:
  - ref: source
    id: id
    fields:
      title: title
      kind: kind
      contentHash: content_sha256
`;

describe.each(STORE_KINDS)('import over a source holding a document on the %s store', (kind) => {
  let opened: OpenedStore;
  let blobDir: string;
  let source: SourceRecord;
  const run = randomBytes(4).toString('hex');
  const text = `Minutes of a hearing, run ${run}.\nThe witness described the cell.\n`;
  const sha = createHash('sha256').update(text, 'utf8').digest('hex');
  const otherSha = createHash('sha256').update(`other ${run}`, 'utf8').digest('hex');
  const importer = () => new ImportService(opened.store, VIEWERS.analyst, () => new Date());
  const csv = (hash: string): ImportRequest => ({
    format: ImportFormat.CSV,
    files: [importFile('sources.csv', `id,title,kind,content_sha256\n${source.id},${source.title},REPORT,${hash}\n`)],
    mapping: importFile('sources.mapping.yaml', MAPPING),
  });
  const bundle = (hash: string): ImportRequest => ({
    format: ImportFormat.BUNDLE,
    files: [
      importFile(
        'bundle.json',
        JSON.stringify(
          {
            format: 'athar-bundle',
            schemaVersion: 1,
            entities: [],
            sources: [{ ...source, contentHash: hash }],
            claims: [],
          },
          null,
          2,
        ),
      ),
    ],
  });

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-import-docs-'));
    const services = createServices(opened.store, {
      maxPageSize: 100,
      viewer: VIEWERS.analyst,
      documents: { blobs: new BlobStore(blobDir), maxDocumentBytes: 20_000, pdftotextPath: 'pdftotext' },
    });
    const created = await services.sources.create({ title: `Hearing minutes ${run}`, kind: SourceKind.REPORT });
    const attached = await services.documents.attach({
      sourceId: created.id,
      fileName: 'minutes.txt',
      content: Readable.from([Buffer.from(text, 'utf8')]),
    });
    expect(attached.source.contentHash).toBe(sha);
    source = (await opened.store.getSources([created.id]))[0]!;
  });
  afterAll(async () => {
    await opened?.cleanup();
    if (blobDir) fs.rmSync(blobDir, { recursive: true, force: true });
  });

  /** Nothing was written: the source as it was, and no audit record names the file (on embedded, the same head). */
  async function expectNothingWritten(report: ImportReport, head: { seq: number }): Promise<void> {
    expect(report.written).toBe(false);
    expect(report.auditSeq).toBeNull();
    expect((await opened.store.getSources([source.id]))[0]).toEqual(source);
    const since = await opened.store.getAudit(head.seq, 10_000);
    expect(since.filter((r) => (r.reason ?? '').includes(report.files[0]!.sha256))).toEqual([]);
    if (kind === 'embedded') expect(await opened.store.auditHead()).toEqual(head);
  }

  const refusal = (file: string, line: number | null, column: string | null) => ({
    file,
    line,
    column,
    message: `Source "${source.id}" holds the document ${sha} (minutes.txt); its contentHash stays that document's: give that hash, or leave contentHash out.`,
  });

  it('refuses a CSV row that changes the hash, at its line and column, and writes nothing', async () => {
    const head = await opened.store.auditHead();
    for (const dryRun of [true, false]) {
      const report = await importer().import({ ...csv(otherSha), dryRun });
      expect(report.issues).toEqual([refusal('sources.csv', 2, 'content_sha256')]);
      await expectNothingWritten(report, head);
    }
    // Clearing the hash is changing it too.
    const cleared = await importer().import(csv(''));
    expect(cleared.issues).toEqual([refusal('sources.csv', 2, 'content_sha256')]);
    await expectNothingWritten(cleared, head);
  });

  it('refuses a bundle that changes the hash, and writes nothing', async () => {
    const head = await opened.store.auditHead();
    const report = await importer().import(bundle(otherSha));
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({
      ...refusal('bundle.json', report.issues[0]!.line, null),
      column: 'sources[0].contentHash',
    });
    expect(report.issues[0]!.line).toEqual(expect.any(Number));
    await expectNothingWritten(report, head);
  });

  it('store.importBundle refuses it too, in its transaction (the seed loader and any caller)', async () => {
    const head = await opened.store.auditHead();
    const write = opened.store.importBundle({
      entities: [],
      sources: [{ ...source, contentHash: otherSha }],
      claims: [],
    });
    await expect(write).rejects.toBeInstanceOf(BadUserInputError);
    await expect(write).rejects.toThrow(refusal('', null, null).message);
    expect((await opened.store.getSources([source.id]))[0]).toEqual(source);
    if (kind === 'embedded') expect(await opened.store.auditHead()).toEqual(head);
  });

  it('imports the same hash: unchanged, and other fields may change beside it', async () => {
    const same = await importer().import(csv(sha));
    expect(same.issues).toEqual([]);
    expect(same.sources).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const retitled = await importer().import({
      ...csv(sha),
      files: [importFile('sources.csv', `id,title,kind,content_sha256\n${source.id},Retitled ${run},REPORT,${sha}\n`)],
    });
    expect(retitled.issues).toEqual([]);
    expect(retitled.sources.updated).toBe(1);
    expect(retitled.written).toBe(true);
    const [after] = await opened.store.getSources([source.id]);
    expect(after).toMatchObject({ title: `Retitled ${run}`, contentHash: sha, version: source.version + 1 });
  });
});
