import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { GraphExportService } from '../../src/app/interchange/graph-export.service';
import { GraphFormat } from '../../src/app/interchange/graph-formats';
import { ImportService, type ImportRequest } from '../../src/app/interchange/import/import.service';
import { ImportFormat, importFile } from '../../src/app/interchange/import/import.model';
import { createServices } from '../../src/main/compose';
import { seedBundle } from '../../src/main/seed/seed';
import { ExportProfile } from '../../src/policy/export-profiles';
import { AccessLevel, type EntityRecord } from '../../src/domain/model';
import { accessLevelRank } from '../../src/domain/access';
import { projectRoot } from '../../src/domain/project';
import type { Store } from '../../src/store/store.port';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

/*
 * Athar's own CSV export (docs/interchange.md#csv) imported again with the
 * mappings shipped in docs/examples/import/athar-*.mapping.yaml: the seed
 * case, exported as the legal profile sees it, comes back into an empty store
 * field by field, modulo what docs/import.md#round-trips names as lost.
 */

const SEED = seedBundle();
const WITNESS = SEED.entities.find((e) => e.protection !== null)!;
const EXAMPLES = path.join(projectRoot(), 'docs', 'examples', 'import');
const mapping = (name: string) => importFile(name, fs.readFileSync(path.join(EXAMPLES, name), 'utf8'));

/** The four CSV files of the seed's export, by name, as the legal profile sees them (nothing withheld). */
async function exportSeed(): Promise<Map<string, string>> {
  const source = await openTestStore('embedded');
  try {
    await source.store.init();
    await source.store.importBundle(SEED);
    const exporter = new GraphExportService(VIEWERS.legal, {
      atharVersion: 'test',
      now: () => new Date(),
      servicesFor: (viewer, asOf) => createServices(source.store, { maxPageSize: 100, viewer, asOf }),
    });
    const { files } = await exporter.export({ profile: ExportProfile.LEGAL, format: GraphFormat.CSV });
    return new Map(files.map((f) => [path.basename(f.name), f.bytes.toString('utf8')]));
  } finally {
    await source.cleanup();
  }
}

/** On the shared Neo4j database, "empty" is a namespace: every id gets this run's tag, the witness a unique name. */
function isolate(text: string, tag: string): string {
  let out = text.replace(/\b(per|org|fac|plc|evt|src|clm|cit)_([A-Za-z0-9_-]+)/g, `$1_${tag}$2`);
  for (const [i, name] of [WITNESS.name, ...WITNESS.aliases].entries()) {
    out = out.split(name).join(`Quenvarid${tag}x${i}`);
  }
  return out;
}

function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [r.id, r]));
}

/** What the CSV does not carry (docs/import.md#round-trips): timestamps, versions, pseudonyms. */
function bare<T extends object>(record: T, drop: readonly string[] = []): Partial<T> {
  const out = { ...record } as Record<string, unknown>;
  for (const k of ['createdAt', 'updatedAt', 'version', ...drop]) delete out[k];
  return out as Partial<T>;
}

describe.each(STORE_KINDS)('Athar CSV export imported again into an empty %s store', (kind) => {
  let files: Map<string, string>;
  let opened: OpenedStore;
  const tag = `csvrt${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    files = await exportSeed();
    opened = await openTestStore(kind);
    await opened.store.init();
  });
  afterAll(async () => opened?.cleanup());

  const file = (name: string) => {
    const text = files.get(name)!;
    return importFile(name, kind === 'neo4j' ? isolate(text, tag) : text);
  };
  const requests = (): ImportRequest[] => [
    { format: ImportFormat.CSV, files: [file('sources.csv')], mapping: mapping('athar-sources.mapping.yaml') },
    { format: ImportFormat.CSV, files: [file('entities.csv')], mapping: mapping('athar-entities.mapping.yaml') },
    {
      format: ImportFormat.CSV,
      files: [file('citations.csv'), file('claims.csv')],
      mapping: mapping('athar-claims.mapping.yaml'),
    },
  ];
  const importer = (store: Store) => new ImportService(store, VIEWERS.admin, () => new Date());

  it('entities, sources, claims and citations come back; importing again writes nothing', async () => {
    expect([...files.keys()].sort()).toEqual(['citations.csv', 'claims.csv', 'entities.csv', 'sources.csv']);
    const reports = [];
    for (const request of requests()) reports.push(await importer(opened.store).import(request));
    for (const report of reports) expect(report.issues).toEqual([]);
    const [sources, entities, claims] = reports;
    expect(sources!.sources.created).toBe(SEED.sources.length);
    expect(entities!.entities.created).toBe(SEED.entities.length);
    expect(claims!.claims.created).toBe(SEED.claims.length);
    expect(claims!.citations.created).toBe(SEED.claims.flatMap((c) => c.citations).length);

    // The seed as the export wrote it (the legal profile withholds nothing), in this run's ids on Neo4j.
    const original = kind === 'neo4j' ? JSON.parse(isolate(JSON.stringify(SEED), tag)) : SEED;
    const want = original as typeof SEED;
    const back = {
      entities: (await opened.store.getEntities(want.entities.map((e) => e.id))) as EntityRecord[],
      sources: await opened.store.getSources(want.sources.map((s) => s.id)),
      claims: await opened.store.getClaims(want.claims.map((c) => c.claim.id)),
      citations: (await opened.store.getCitationsOfClaims(want.claims.map((c) => c.claim.id))).flat(),
    };
    expect(back.entities.every((e) => e !== null)).toBe(true);

    // Entities: every field; lossy, the protected person's level (CONFIDENTIAL, the mapping's safe reading) and
    // pseudonym (a new one).
    const gotEntities = byId(back.entities);
    for (const e of want.entities) {
      const got = gotEntities.get(e.id)!;
      expect(bare(got, ['pseudonym', 'protection'])).toEqual(bare(e, ['pseudonym', 'protection']));
      if (e.protection === null) expect(got.protection).toBeNull();
      else {
        expect(got.protection).toBe(AccessLevel.CONFIDENTIAL);
        expect(accessLevelRank(got.protection!)).toBeGreaterThanOrEqual(accessLevelRank(e.protection));
        expect(got.pseudonym).toEqual(expect.any(String));
      }
    }
    // Sources: every field.
    expect(byId(back.sources.map((s) => bare(s!) as { id: string }))).toEqual(
      byId(want.sources.map((s) => bare(s) as { id: string })),
    );
    // Claims and citations: every field, status and rank with their reasons included. Levels are worked out again
    // from the records: a text naming the protected person is at least at that person's level, which came back
    // higher (CONFIDENTIAL), so textLevel and excerptLevel may only be higher; mentions are those the importer finds
    // (on the shared Neo4j database, another suite's protected person may bear a name an excerpt holds).
    const derived = ['textLevel', 'excerptLevel', 'mentions', ...(kind === 'embedded' ? [] : ['visibility'])];
    expect(byId(back.claims.map((c) => bare(c!, derived) as { id: string }))).toEqual(
      byId(want.claims.map((c) => bare(c.claim, derived) as { id: string })),
    );
    const wantCitations = want.claims.flatMap((c) => c.citations);
    expect(byId(back.citations.map((c) => bare(c, derived) as { id: string }))).toEqual(
      byId(wantCitations.map((c) => bare(c, derived) as { id: string })),
    );
    const gotClaims = byId(back.claims.map((c) => c!));
    for (const { claim } of want.claims) {
      const got = gotClaims.get(claim.id)!;
      expect(accessLevelRank(got.textLevel)).toBeGreaterThanOrEqual(accessLevelRank(claim.textLevel));
      if (kind === 'embedded' && claim.textLevel !== got.textLevel) {
        expect(got.textLevel).toBe(AccessLevel.CONFIDENTIAL);
        expect([claim.subjectId, claim.objectId]).toContain(WITNESS.id);
      }
    }
    const gotCitations = byId(back.citations);
    for (const c of wantCitations) {
      const got = gotCitations.get(c.id)!;
      expect(got.mentions).toEqual(expect.arrayContaining(c.mentions));
      expect(accessLevelRank(got.excerptLevel)).toBeGreaterThanOrEqual(accessLevelRank(c.excerptLevel));
      // The seed loader does not look for mentions, the importer does: in an empty store it finds only the witness.
      if (kind === 'embedded')
        expect(got.mentions.filter((m) => !c.mentions.includes(m) && m !== WITNESS.id)).toEqual([]);
    }

    // Again: every record is found as the files state it; nothing is written.
    for (const request of requests()) {
      const again = await importer(opened.store).import(request);
      expect(again.issues).toEqual([]);
      expect(again.written).toBe(false);
    }
  });

  it('a citation whose claim_id names no row of claims.csv is an issue at its line; nothing is written', async () => {
    const citations = files.get('citations.csv')!.split('\r\n');
    const broken = [citations[0], citations[1]!.replace(/,clm_[A-Za-z0-9_-]+,/, ',clm_nowhere,')].join('\r\n');
    const report = await importer(opened.store).import({
      format: ImportFormat.CSV,
      files: [importFile('citations.csv', broken), file('claims.csv')],
      mapping: mapping('athar-claims.mapping.yaml'),
    });
    expect(report.written).toBe(false);
    expect(report.issues).toEqual([
      {
        file: 'citations.csv',
        line: 2,
        column: 'claim_id',
        message: 'claim_id "clm_nowhere" names no row of claims.csv: give the row it joins.',
      },
    ]);
  });
});
