import { randomBytes } from 'node:crypto';
import { GraphExportService } from '../../src/app/interchange/graph-export.service';
import { GraphFormat } from '../../src/app/interchange/graph-formats';
import { FTM_LOCATOR } from '../../src/app/interchange/import/ftm.parser';
import { ImportService } from '../../src/app/interchange/import/import.service';
import { ImportFormat, importFile, type ImportReport } from '../../src/app/interchange/import/import.model';
import { createServices } from '../../src/main/compose';
import { seedBundle } from '../../src/main/seed/seed';
import { ExportProfile } from '../../src/policy/export-profiles';
import {
  AccessLevel,
  type CitationRecord,
  type ClaimRecord,
  type EntityRecord,
  type SourceRecord,
} from '../../src/domain/model';
import { accessLevelRank } from '../../src/domain/access';
import type { Store } from '../../src/store/store.port';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

const SEED = seedBundle();
const WITNESS = SEED.entities.find((e) => e.protection !== null)!;

interface Exported {
  bundle: string;
  ftm: string;
}

/** The seed, loaded into a fresh embedded store and exported whole, as the legal profile sees it (nothing withheld). */
async function exportSeed(): Promise<Exported> {
  const source = await openTestStore('embedded');
  try {
    await source.store.init();
    await source.store.importBundle(SEED);
    const exporter = new GraphExportService(VIEWERS.legal, {
      atharVersion: 'test',
      now: () => new Date(),
      servicesFor: (viewer, asOf) => createServices(source.store, { maxPageSize: 100, viewer, asOf }),
    });
    const text = async (format: GraphFormat) =>
      (await exporter.export({ profile: ExportProfile.LEGAL, format })).files[0]!.bytes.toString('utf8');
    return { bundle: await text(GraphFormat.BUNDLE), ftm: await text(GraphFormat.FTM) };
  } finally {
    await source.cleanup();
  }
}

/**
 * On the shared Neo4j database the seed is already loaded (other suites load
 * it), so "an empty store" is a namespace: every id gets this run's tag, and
 * the protected witness's names a unique spelling, so that nothing this
 * suite writes meets another suite's records.
 */
function isolate(text: string, tag: string): string {
  let out = text.replace(/"(per|org|fac|plc|evt|src|clm|cit)_([A-Za-z0-9_-]+)"/g, `"$1_${tag}$2"`);
  for (const [i, name] of [WITNESS.name, ...WITNESS.aliases].entries()) {
    out = out.split(name).join(`Quenvarid${tag}x${i}`);
  }
  return out;
}

function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [r.id, r]));
}

async function stored(store: Store, ids: { entities: string[]; sources: string[]; claims: string[] }) {
  const entities = (await store.getEntities(ids.entities)).filter((e): e is EntityRecord => e !== null);
  const sources = (await store.getSources(ids.sources)).filter((s): s is SourceRecord => s !== null);
  const claims = (await store.getClaims(ids.claims)).filter((c): c is ClaimRecord => c !== null);
  const citations = (await store.getCitationsOfClaims(ids.claims)).flat();
  return { entities, sources, claims, citations };
}

interface BundleFile {
  entities: EntityRecord[];
  sources: SourceRecord[];
  claims: { claim: ClaimRecord; citations: CitationRecord[] }[];
}

describe.each(STORE_KINDS)('round trips into an empty %s store', (kind) => {
  let exported: Exported;
  const targets: OpenedStore[] = [];
  const tag = `rt${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    exported = await exportSeed();
  });
  afterAll(async () => {
    for (const t of targets) await t.cleanup();
  });

  async function emptyStore(): Promise<Store> {
    const opened = await openTestStore(kind);
    await opened.store.init();
    targets.push(opened);
    return opened.store;
  }
  const prepare = (text: string, suffix: string) => (kind === 'neo4j' ? isolate(text, `${tag}${suffix}`) : text);
  const importer = (store: Store) => new ImportService(store, VIEWERS.admin, () => new Date());

  it('bundle: export, import, and every entity, source, claim and citation comes back field by field', async () => {
    const store = await emptyStore();
    const text = prepare(exported.bundle, 'b');
    const file: BundleFile = JSON.parse(text) as BundleFile;
    const report = await importer(store).import({
      format: ImportFormat.BUNDLE,
      files: [importFile('bundle.json', text)],
    });
    expect(report.issues).toEqual([]);
    expect(report.entities.created).toBe(file.entities.length);
    expect(report.sources.created).toBe(file.sources.length);
    expect(report.claims.created).toBe(file.claims.length);
    expect(file.entities.length).toBe(SEED.entities.length);
    expect(file.claims.length).toBe(SEED.claims.length);

    const ids = {
      entities: file.entities.map((e) => e.id),
      sources: file.sources.map((s) => s.id),
      claims: file.claims.map((c) => c.claim.id),
    };
    const back = await stored(store, ids);
    // Everything the store holds for these records is what the file holds, timestamps and derived levels included.
    expect(byId(back.entities)).toEqual(byId(file.entities));
    expect(byId(back.sources)).toEqual(byId(file.sources));
    // Mentions: the file's, and those the importer finds (the seed loader does not look for them; the API does). On
    // the shared Neo4j database another suite's protected person may bear a name an excerpt holds: a mention, whose
    // levels (textLevel, excerptLevel) can then only be higher, never lower. In an empty store they are the file's.
    const fileCitations = file.claims.flatMap((c) => c.citations);
    const mentioned = new Set(back.citations.flatMap((c) => c.mentions));
    const outside = [...mentioned].filter((id) => !ids.entities.includes(id));
    if (kind === 'embedded') expect(outside).toEqual([]);
    const levels = { textLevel: AccessLevel.PUBLIC, excerptLevel: AccessLevel.PUBLIC, mentions: [] };
    const bare = <T extends { id: string }>(list: readonly T[]) =>
      byId(list.map((r) => ({ ...r, ...(outside.length > 0 ? levels : { mentions: [] }) })));
    expect(bare(back.claims)).toEqual(bare(file.claims.map((c) => c.claim)));
    expect(bare(back.citations)).toEqual(bare(fileCitations));
    const backClaims = byId(back.claims);
    for (const { claim } of file.claims) {
      expect(accessLevelRank(backClaims.get(claim.id)!.textLevel)).toBeGreaterThanOrEqual(
        accessLevelRank(claim.textLevel),
      );
    }
    const backCitations = byId(back.citations);
    for (const c of fileCitations) {
      const got = backCitations.get(c.id)!;
      expect(got.mentions).toEqual(expect.arrayContaining(c.mentions));
      expect(accessLevelRank(got.excerptLevel)).toBeGreaterThanOrEqual(accessLevelRank(c.excerptLevel));
    }

    // Again: nothing changes, nothing is written.
    const again = await importer(store).import({
      format: ImportFormat.BUNDLE,
      files: [importFile('bundle.json', text)],
    });
    expect(again.issues).toEqual([]);
    expect(again.written).toBe(false);
    expect(again.entities).toEqual({ created: 0, updated: 0, unchanged: file.entities.length });
    expect(again.claims).toEqual({ created: 0, updated: 0, unchanged: file.claims.length });
    const after = await stored(store, ids);
    expect(after.entities.map((e) => e.version)).toEqual(back.entities.map((e) => e.version));
  });

  it('FtM: export, import, and the graph comes back modulo what FtM cannot carry (docs/import.md)', async () => {
    const store = await emptyStore();
    const bundleText = prepare(exported.bundle, 'f');
    const original = JSON.parse(bundleText) as BundleFile;
    const text = prepare(exported.ftm, 'f');
    const report: ImportReport = await importer(store).import({
      format: ImportFormat.FTM,
      files: [importFile('entities.ftm.json', text)],
    });
    expect(report.issues).toEqual([]);
    expect(report.skipped).toEqual({});
    expect(report.entities.created).toBe(original.entities.length);
    expect(report.sources.created).toBe(original.sources.length);
    expect(report.claims.created).toBe(original.claims.length);

    const back = await stored(store, {
      entities: original.entities.map((e) => e.id),
      sources: original.sources.map((s) => s.id),
      claims: original.claims.map((c) => c.claim.id),
    });
    const entities = byId(back.entities);
    for (const e of original.entities) {
      const got = entities.get(e.id)!;
      expect({ id: got.id, kind: got.kind, name: got.name, aliases: [...got.aliases].sort() }).toEqual({
        id: e.id,
        kind: e.kind,
        name: e.name,
        aliases: [...e.aliases].sort(),
      });
      expect(got).toMatchObject({
        description: e.description,
        facilityType: e.facilityType,
        placeType: e.placeType,
        eventType: e.eventType,
        latitude: e.latitude,
        longitude: e.longitude,
      });
      // Lossy: FtM carries a period's bounds, not its EDTF text; access and protection not at all.
      expect(got.date && { earliest: got.date.earliest, latest: got.date.latest }).toEqual(
        e.date && { earliest: e.date.earliest, latest: e.date.latest },
      );
    }
    const sources = byId(back.sources);
    for (const s of original.sources) {
      expect(sources.get(s.id)).toMatchObject({
        title: s.title,
        kind: s.kind,
        publisher: s.publisher,
        author: s.author,
        url: s.url,
        language: s.language,
        contentHash: s.contentHash,
      });
    }
    const claims = byId(back.claims);
    const citations = back.citations;
    for (const { claim: c, citations: cited } of original.claims) {
      const got = claims.get(c.id)!;
      expect(got).toMatchObject({
        subjectId: c.subjectId,
        predicate: c.predicate,
        objectId: c.objectId,
        value: c.value,
        status: c.status,
        rank: c.rank,
        note: c.note,
      });
      expect(got.period && [got.period.earliest, got.period.latest]).toEqual(
        c.period && [c.period.earliest, c.period.latest],
      );
      // Each source the claim cited cites it again; locators and excerpts are FtM's placeholders.
      const mine = citations.filter((x) => x.claimId === c.id);
      expect([...new Set(mine.map((x) => x.sourceId))].sort()).toEqual(
        [...new Set(cited.map((x) => x.sourceId))].sort(),
      );
      expect(mine.every((x) => x.locator === FTM_LOCATOR)).toBe(true);
    }

    // Again: every record is found as the file states it; nothing is written.
    const again = await importer(store).import({
      format: ImportFormat.FTM,
      files: [importFile('entities.ftm.json', text)],
    });
    expect(again.issues).toEqual([]);
    expect(again.written).toBe(false);
    expect(again.claims).toEqual({ created: 0, updated: 0, unchanged: original.claims.length });
  });
});
