import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ImportService } from '../../src/app/interchange/import/import.service';
import { ImportFormat, importFile } from '../../src/app/interchange/import/import.model';
import { MAX_IMPORT_BYTES } from '../../src/api/interchange/import.resolver';
import { DEFAULT_LIMITS } from '../../src/api/graphql/limits';
import { AccessLevel, EntityKind, newEntityRecord, type EntityRecord } from '../../src/domain/model';
import { projectRoot } from '../../src/domain/project';
import { startTestApi, type TestApi } from '../support/graphql';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

const EXAMPLES = path.join(projectRoot(), 'docs', 'examples', 'import');
const AT = '2026-01-02T03:04:05.000Z';

function bundleOf(entities: Partial<EntityRecord>[]): string {
  return JSON.stringify({ format: 'athar-bundle', schemaVersion: 1, entities, sources: [], claims: [] });
}

/** Imports keep the protection rules: no record is unprotected, overwritten below its clearance, or set above the writer's. */
describe.each(STORE_KINDS)('import access on the %s store', (kind) => {
  let opened: OpenedStore;
  let api: TestApi;
  const run = randomBytes(4).toString('hex');
  const protectedPerson = newEntityRecord({
    id: `per_imp${run}`,
    kind: EntityKind.PERSON,
    name: `Ulvendra Korthasi${run}`,
    createdAt: AT,
    protection: AccessLevel.CONFIDENTIAL,
    pseudonym: `Witness W-${run.toUpperCase()}`,
  });

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle({ entities: [protectedPerson], sources: [], claims: [] });
    api = await startTestApi(opened.store);
  });
  afterAll(async () => {
    await api?.stop();
    await opened?.cleanup();
  });

  const importBundle = (viewer: (typeof VIEWERS)[keyof typeof VIEWERS], text: string) =>
    new ImportService(opened.store, viewer, () => new Date()).import({
      format: ImportFormat.BUNDLE,
      files: [importFile('people.json', text)],
    });

  it('refuses to overwrite a protected person below the protection’s clearance, and to unprotect one', async () => {
    const head = await opened.store.auditHead();
    const renamed = await importBundle(
      VIEWERS.analyst,
      bundleOf([{ id: protectedPerson.id, kind: EntityKind.PERSON, name: 'Someone Else' }]),
    );
    expect(renamed.issues).toEqual([
      expect.objectContaining({ file: 'people.json', line: 1, message: expect.stringContaining('cannot be written') }),
    ]);
    // Not even the real name, unchanged, is answered "unchanged": that would confirm a guess.
    const guessed = await importBundle(VIEWERS.analyst, bundleOf([protectedPerson]));
    expect(guessed.issues).toEqual([
      expect.objectContaining({ message: expect.stringContaining('cannot be written') }),
    ]);
    expect(guessed.entities).toEqual({ created: 0, updated: 0, unchanged: 0 });
    const unprotected = await importBundle(
      VIEWERS.admin,
      bundleOf([{ ...protectedPerson, protection: null, pseudonym: null }]),
    );
    expect(unprotected.issues.map((i) => i.column)).toEqual(['entities[0].protection', 'entities[0].pseudonym']);
    expect(unprotected.issues[0]!.message).toMatch(/does not change who may see a record/);
    const [stored] = await opened.store.getEntities([protectedPerson.id]);
    expect(stored).toEqual(protectedPerson);
    const since = await opened.store.getAudit(head.seq, 10_000);
    expect(since.filter((r) => r.targetIds.includes(protectedPerson.id))).toEqual([]);
  });

  it('refuses a level above the writer’s clearance', async () => {
    const report = await importBundle(
      VIEWERS.analyst,
      bundleOf([
        { id: `org_imp${run}`, kind: EntityKind.ORGANIZATION, name: 'Secret Org', access: AccessLevel.CONFIDENTIAL },
      ]),
    );
    expect(report.issues).toEqual([
      expect.objectContaining({
        column: 'entities[0].access',
        message: expect.stringMatching(/clearance is RESTRICTED/),
      }),
    ]);
    const [none] = await opened.store.getEntities([`org_imp${run}`]);
    expect(none).toBeNull();
  });

  it('importData: a dry run of the sample FtM file reports what it would create, and writes nothing', async () => {
    const content = fs.readFileSync(path.join(EXAMPLES, 'sample.ftm.json'), 'utf8').replace(/"ex-/g, `"ex${run}-`);
    const head = await opened.store.auditHead();
    const mutation = `mutation($c: String!) { importData(format: FTM, content: $c, fileName: "sample.ftm.json", dryRun: true) {
      written dryRun entities { created updated unchanged } claims { created } issues { file line column message } } }`;
    const result = await api.run(mutation, { c: content }, { viewer: VIEWERS.analyst });
    expect(result.errors).toBeUndefined();
    expect(result.data!.importData).toMatchObject({ written: false, dryRun: true, issues: [] });
    expect(result.data!.importData.entities.created).toBeGreaterThan(0);
    expect(result.data!.importData.claims.created).toBeGreaterThan(0);
    const since = await opened.store.getAudit(head.seq, 10_000);
    expect(since.filter((r) => r.operation === 'importBundle' && r.actor.subject === 'test-analyst')).toEqual([]);
  });

  it('importData: bad rows are a report; too much content, or a public viewer, a coded error', async () => {
    const bad = `${fs.readFileSync(path.join(EXAMPLES, 'sample.ftm.json'), 'utf8')}{"id":"x","schema":"Membership","properties":{"member":["a"],"organization":["b"]}}\nnot json\n`;
    const mutation = `mutation($c: String!) { importData(format: FTM, content: $c, dryRun: true) { written issues { file line column message } } }`;
    const report = await api.run(mutation, { c: bad }, { viewer: VIEWERS.analyst });
    expect(report.errors).toBeUndefined();
    const lines = bad.trimEnd().split('\n').length;
    expect(report.data!.importData.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'content', line: lines - 1, column: 'proof' }),
        expect.objectContaining({ file: 'content', line: lines, message: expect.stringMatching(/^Not JSON/) }),
      ]),
    );
    // The server's string limit (DEFAULT_LIMITS.maxStringLength) comes first; importData's own cap is MAX_IMPORT_BYTES.
    const big = await api.run(
      mutation,
      { c: 'x'.repeat(DEFAULT_LIMITS.maxStringLength + 1) },
      { viewer: VIEWERS.analyst },
    );
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$c' });
    expect(MAX_IMPORT_BYTES).toBeGreaterThan(DEFAULT_LIMITS.maxStringLength);
    const refused = await api.run(mutation, { c: '' }, { viewer: VIEWERS.public });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
