import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ImportService, type ImportRequest } from '../../src/app/interchange/import/import.service';
import { hashedId, ImportFormat, importFile, type ImportReport } from '../../src/app/interchange/import/import.model';
import { ClaimRole, type StoreCounts } from '../../src/store/store.port';
import type { ChainPoint } from '../../src/domain/audit';
import { ForbiddenError } from '../../src/domain/errors';
import { projectRoot } from '../../src/domain/project';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

const EXAMPLES = path.join(projectRoot(), 'docs', 'examples', 'import');

/**
 * The sample files of docs/examples/import, with their ids and namespaces made
 * unique to this run: the Neo4j database is shared, and a second run must
 * start from nothing, as the first did.
 */
function sample(name: string, run: string): string {
  return fs
    .readFileSync(path.join(EXAMPLES, name), 'utf8')
    .replace(/\b(src|fac)_ex_/g, `$1_ex${run}_`)
    .replace(/example-([a-z0-9-]+)/g, `example-${run}-$1`);
}

describe.each(STORE_KINDS)('CSV import on the %s store', (kind) => {
  let opened: OpenedStore;
  const run = randomBytes(4).toString('hex');
  const csv = (name: string, mapping: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({
    format: ImportFormat.CSV,
    files: [importFile(name, sample(name, run))],
    mapping: importFile(mapping, sample(mapping, run)),
    ...extra,
  });
  const service = (viewer = VIEWERS.analyst) => new ImportService(opened.store, viewer, () => new Date());

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
  });
  afterAll(async () => opened?.cleanup());

  const noIssues = (report: ImportReport) => expect(report.issues).toEqual([]);

  /**
   * That nothing was written since `head` by the import of these files: no
   * audit record names their sha256 (every write appends one). On the
   * embedded store, which this suite alone writes, also the head and counts.
   */
  async function expectNothingWritten(head: ChainPoint, counts: StoreCounts, report: ImportReport): Promise<void> {
    const since = await opened.store.getAudit(head.seq, 10_000);
    const shas = report.files.map((f) => f.sha256);
    expect(since.filter((r) => shas.some((sha) => (r.reason ?? '').includes(sha)))).toEqual([]);
    if (kind === 'embedded') {
      expect(await opened.store.auditHead()).toEqual(head);
      expect(await opened.store.counts()).toEqual(counts);
    }
  }

  it('imports the sample lists: sources, facilities, then detainees with their cited claims', async () => {
    const sources = await service().import(csv('sources.csv', 'sources.mapping.yaml'));
    noIssues(sources);
    expect(sources.sources).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(sources.written).toBe(true);

    const facilities = await service().import(csv('facilities.csv', 'facilities.mapping.yaml'));
    noIssues(facilities);
    expect(facilities.entities).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(facilities.claims).toEqual({ created: 2, updated: 0, unchanged: 0 });

    const detainees = await service().import(csv('detainees.csv', 'detainees.mapping.yaml', { reason: 'NGO list' }));
    noIssues(detainees);
    // Two people and two arrests; the places of arrest are the facilities list's cities (one namespace, one key).
    expect(detainees.entities).toEqual({ created: 4, updated: 0, unchanged: 2 });
    expect(detainees.claims).toEqual({ created: 6, updated: 0, unchanged: 0 });
    expect(detainees.citations.created).toBe(6);

    // Every claim is cited by the row's source, with the row's excerpt.
    // The documented id rule: the type's prefix and the sha256 of the namespace, the kind and the key.
    const personId = hashedId('per', [`example-${run}-detainee-list-2024`, 'PERSON', '17']);
    const [person] = await opened.store.getEntities([personId]);
    expect(person).toMatchObject({ name: 'Exemplar Qatrani', aliases: ['Exemplar al-Qatrani'], version: 1 });
    const [claims] = await opened.store.getClaimsOfEntities([personId], ClaimRole.SUBJECT);
    const detained = claims!.find((c) => c.predicate === 'DETAINED_AT')!;
    expect(detained).toMatchObject({ objectId: `fac_ex${run}_branch1`, period: { edtf: '2012-03/2013' } });
    const [citations] = await opened.store.getCitationsOfClaims([detained.id]);
    expect(citations).toEqual([
      expect.objectContaining({ sourceId: `src_ex${run}_list1`, locator: 'row 17', reliability: 'B', credibility: 3 }),
    ]);
    expect(citations![0]!.excerpt).toContain('arrested 4 March 2012');

    // One audit record for the whole file, naming its sha256 and the reason.
    const [audit] = await opened.store.getAudit(detainees.auditSeq! - 1, 1);
    expect(audit).toMatchObject({ seq: detainees.auditSeq, operation: 'importBundle', actor: { role: 'ANALYST' } });
    expect(audit!.reason).toContain(`detainees.csv sha256 ${detainees.files[0]!.sha256}`);
    expect(audit!.reason).toContain('NGO list');
  });

  it('re-importing the same files changes nothing: same records, same versions, no audit record', async () => {
    const head = await opened.store.auditHead();
    const counts = await opened.store.counts();
    const again = await service().import(csv('detainees.csv', 'detainees.mapping.yaml'));
    noIssues(again);
    expect(again.entities).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(again.claims).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(again.citations).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(again.written).toBe(false);
    await expectNothingWritten(head, counts, again);
    const [facility] = await opened.store.getEntities([`fac_ex${run}_branch1`]);
    expect(facility!.version).toBe(1);
  });

  it('a dry run reports every bad row with file, line and column, and writes nothing', async () => {
    const bad = [
      'record_no,name,aliases,arrest_date,arrest_place,facility_id,detention_period,source_id,locator,excerpt,reliability,credibility',
      // 2: a bad date
      `31,Tavrenko Ulmasi,,2012-13-45,Damascus,fac_ex${run}_branch1,2012/2013,src_ex${run}_list1,row 31,Tavrenko Ulmasi was arrested.,B,3`,
      // 3: a facility that is neither in the file nor in the graph
      `32,Quorin Basaltev,,2014,Damascus,fac_ex${run}_nowhere,2014,src_ex${run}_list1,row 32,Quorin Basaltev was held.,B,3`,
      // 4: a claim without a source, and without an excerpt
      `33,Morvessa Idrani,,2015,Damascus,fac_ex${run}_branch1,2015,,row 33,,B,3`,
      // 5: a bad enum value (reliability) and a bad credibility
      `34,Pellandro Vistu,,2016,Damascus,fac_ex${run}_branch1,2016,src_ex${run}_list1,row 34,Pellandro Vistu was held.,Z,9`,
      // 6: a good row: still nothing is written
      `35,Selvarin Oktadi,,2016,Damascus,fac_ex${run}_branch1,2016,src_ex${run}_list1,row 35,Selvarin Oktadi was held.,B,3`,
    ].join('\n');
    const head = await opened.store.auditHead();
    const counts = await opened.store.counts();
    const request = (dryRun: boolean): ImportRequest => ({
      format: ImportFormat.CSV,
      files: [importFile('bad.csv', bad)],
      mapping: importFile('detainees.mapping.yaml', sample('detainees.mapping.yaml', run)),
      dryRun,
    });
    for (const dryRun of [true, false]) {
      const report = await service().import(request(dryRun));
      const at = report.issues.map((i) => `${i.file}:${i.line}:${i.column}`);
      expect(at).toEqual(
        expect.arrayContaining([
          'bad.csv:2:arrest_date',
          'bad.csv:3:facility_id',
          'bad.csv:4:source_id',
          'bad.csv:4:excerpt',
          'bad.csv:5:reliability',
          'bad.csv:5:credibility',
        ]),
      );
      expect(report.issues.every((i) => i.line !== 6)).toBe(true);
      expect(report.issues.find((i) => i.column === 'reliability')!.message).toMatch(/use one of: A, B, C, D, E, F/);
      expect(report.issues.find((i) => i.column === 'facility_id')!.message).toContain(`fac_ex${run}_nowhere`);
      expect(report.written).toBe(false);
      await expectNothingWritten(head, counts, report);
    }
  });

  it('a missing column is reported on the header line, and nothing else is read', async () => {
    const text = sample('detainees.csv', run).replace('arrest_date', 'arrested_on');
    const report = await service().import({
      format: ImportFormat.CSV,
      files: [importFile('renamed.csv', text)],
      mapping: importFile('detainees.mapping.yaml', sample('detainees.mapping.yaml', run)),
    });
    expect(report.issues).toEqual([
      expect.objectContaining({
        file: 'renamed.csv',
        line: 1,
        column: 'arrest_date',
        message: expect.stringMatching(/missing/),
      }),
    ]);
    expect(report.written).toBe(false);
  });

  it('writes a large file in parts, each audited with the files’ sha256, all checked before the first', async () => {
    const other = `${run}p`;
    const list = (name: string, mapping: string): ImportRequest => ({
      format: ImportFormat.CSV,
      files: [importFile(name, sample(name, other))],
      mapping: importFile(mapping, sample(mapping, other)),
      partSize: 4,
    });
    const head = await opened.store.auditHead();
    for (const [name, mapping] of [
      ['sources.csv', 'sources.mapping.yaml'],
      ['facilities.csv', 'facilities.mapping.yaml'],
    ] as const) {
      noIssues(await service().import(list(name, mapping)));
    }
    const report = await service().import(list('detainees.csv', 'detainees.mapping.yaml'));
    noIssues(report);
    expect(report.claims.created).toBe(6);
    const sha = report.files[0]!.sha256;
    const parts = (await opened.store.getAudit(head.seq, 10_000)).filter((r) => (r.reason ?? '').includes(sha));
    // 4 new entities and 6 claims, 4 records a part.
    expect(parts.map((r) => r.reason!.replace(/^.*\(part/, '(part'))).toEqual([
      '(part 1 of 3)',
      '(part 2 of 3)',
      '(part 3 of 3)',
    ]);
    expect((await service().import(list('detainees.csv', 'detainees.mapping.yaml'))).written).toBe(false);
  });

  it('only writers import', async () => {
    await expect(service(VIEWERS.public).import(csv('sources.csv', 'sources.mapping.yaml'))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
