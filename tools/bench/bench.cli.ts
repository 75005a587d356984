import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_ROLE, type AuditContext } from '../../src/domain/audit';
import { AccessLevel, Role, type Viewer } from '../../src/policy/viewer';
import { ClaimSide } from '../../src/app/claims/claim.service';
import { ConfigError, loadConfig, type StoreConfig } from '../../src/main/config';
import { AtharError, ErrorCode } from '../../src/domain/errors';
import { edtfBoundsOverlap, parseEdtf } from '../../src/domain/edtf';
import { ExportProfile } from '../../src/policy/export-profiles';
import { renderJson } from '../../src/app/case-files/renderers/json';
import type { Services } from '../../src/app/services';
import { createServices } from '../../src/main/compose';
import { createStore } from '../../src/store/create-store';
import type { Store } from '../../src/store/store.port';
import { countingStore, type StoreCall } from './counting-store';
import { generateGraph, MAX_GENERATED_CLAIMS, type SyntheticGraph } from './generate';
import { table, thousands, timingTable, type Timing } from './report';
import { SubjectFinder, type BenchSubjects } from './subjects';
import { compareWithRaw } from './versus-raw';

const USAGE = `Usage: npm run bench -- [--claims N] [--runs N] [--warmup N] [--seed N] [--chunk N]

  --claims N   claims to generate, 1000..${thousands(MAX_GENERATED_CLAIMS)} (default 20000)
  --runs N     timed runs of each operation (default 20)
  --warmup N   untimed runs first (default 3)
  --seed N     seed of the generator: the same seed loads the same graph (default 1)
  --chunk N    claims per importBundle call (default 5000)
  --services N 1: time the operations through the services too; 0: on Neo4j only Athar vs raw (default 1)
  --reuse P    on Neo4j, time the graph an earlier run loaded with id prefix P (same --claims and --seed)
               instead of loading a new one

Embedded store in a fresh temporary directory, or Neo4j when NEO4J_URI is set
(records get a run-unique id prefix and are left in place: nothing is deleted).`;

interface Args {
  claims: number;
  runs: number;
  warmup: number;
  seed: number;
  chunk: number;
  services: number;
  /** On Neo4j: the id prefix of an earlier run's graph to time again, without loading. */
  reuse: string | null;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { claims: 20000, runs: 20, warmup: 3, seed: 1, chunk: 5000, services: 1, reuse: null };
  const limits: Record<Exclude<keyof Args, 'reuse'>, [number, number]> = {
    claims: [1000, MAX_GENERATED_CLAIMS],
    runs: [1, 10000],
    warmup: [0, 1000],
    seed: [0, 2 ** 32 - 1],
    chunk: [1, 100000],
    services: [0, 1],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    const [name, inline] = flag.startsWith('--') ? flag.slice(2).split('=', 2) : [flag, undefined];
    if (name === 'reuse') {
      const prefix = inline ?? argv[++i];
      if (prefix === undefined || !/^bench[0-9a-f]{8}$/.test(prefix)) {
        throw new UsageError(
          `--reuse needs the id prefix an earlier run printed (bench and 8 hex digits); got ${prefix ?? 'nothing'}.`,
        );
      }
      args.reuse = prefix;
      continue;
    }
    if (!name || !Object.hasOwn(limits, name)) throw new UsageError(`Unknown option ${flag}.`);
    const key = name as Exclude<keyof Args, 'reuse'>;
    const raw = inline ?? argv[++i];
    // Underscores and commas let big numbers be typed readably: --claims 1_000_000.
    const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw.replace(/[_,]/g, ''));
    const [min, max] = limits[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(
        `--${key} needs a whole number from ${thousands(min)} to ${thousands(max)}; got ${raw ?? 'nothing'}.`,
      );
    }
    args[key] = value;
  }
  return args;
}

function viewer(role: Role, clearance: AccessLevel): Viewer {
  return Object.freeze({ role, clearance, subject: `bench-${role.toLowerCase()}`, via: 'cli' as const });
}

const VIEWERS: readonly { viewer: Viewer; profile: ExportProfile }[] = [
  { viewer: viewer(Role.PUBLIC, AccessLevel.PUBLIC), profile: ExportProfile.PUBLIC },
  { viewer: viewer(Role.ANALYST, AccessLevel.RESTRICTED), profile: ExportProfile.ANALYST },
];
/** Case files may only be asked for by the legal team; the profile decides what the file shows. */
const LEGAL = viewer(Role.LEGAL, AccessLevel.CONFIDENTIAL);

const DETENTION_WINDOW = '2012/2014';
const ARABIC_QUERY = 'عبد الرحمن الحلبي';

interface Operation {
  name: string;
  /** Who asks, when not the row's viewer. */
  requester?: Viewer;
  /** Does the work and says in a few words what came back. */
  run(services: Services): Promise<string>;
}

function operations(subjects: BenchSubjects, profile: ExportProfile): Operation[] {
  const { person, facility } = subjects;
  const during = parseEdtf(DETENTION_WINDOW);
  const claimsWithCitations = async (services: Services, entityId: string) => {
    const claims = await services.claims.allOfEntity(entityId, { side: ClaimSide.ANY });
    const citations = await Promise.all(claims.map((c) => services.claims.citationsOf(c.id)));
    return `${thousands(claims.length)} claims, ${thousands(citations.flat().length)} citations`;
  };
  const caseFile = (entityId: string): Operation => ({
    name: `case file JSON, ${profile} profile (${entityId === person.id ? 'person' : 'facility'})`,
    requester: LEGAL,
    run: async (services) => {
      const file = await services.exports.caseFile({ subject: { entityId }, profile });
      const bytes = renderJson(file);
      return `${thousands(file.footnotes.length)} footnotes, ${thousands(Math.round(bytes.length / 1024))} kB`;
    },
  });
  const list: Operation[] = [
    {
      name: 'search "Abdulrahman"',
      run: async (s) => `${(await s.search.search('Abdulrahman', null, 10)).length} hits`,
    },
    {
      // Named apart from the query: right-to-left text would scramble the table's columns in a terminal.
      name: 'search, Arabic script',
      run: async (s) => `${(await s.search.search(ARABIC_QUERY, null, 10)).length} hits`,
    },
    { name: 'person: claims + citations', run: (s) => claimsWithCitations(s, person.id) },
    { name: 'facility: claims + citations', run: (s) => claimsWithCitations(s, facility.id) },
    {
      name: `facility: detainees during ${DETENTION_WINDOW}`,
      run: async (s) => {
        const claims = await s.claims.allOfEntity(facility.id, { side: ClaimSide.OBJECT, predicates: ['DETAINED_AT'] });
        const held = claims.filter((c) => !c.period || edtfBoundsOverlap(c.period, during) !== 'NONE');
        // The names, as the GraphQL field resolves them: one batched read.
        const people = await s.entities.findMany([...new Set(held.map((c) => c.subjectId))]);
        return `${thousands(people.filter((p) => p !== null).length)} of ${thousands(claims.length)} detainees`;
      },
    },
    {
      name: 'person: custody timeline',
      run: async (s) => `${(await s.custody.timeline(person.id)).entries.length} entries`,
    },
  ];
  if (subjects.connection) {
    const { fromId, toId, distance } = subjects.connection;
    list.push({
      name: `connections, people ${distance} hops apart (public links)`,
      run: async (s) => {
        const paths = await s.connections.connections({ from: fromId, to: toId });
        return `${paths.length} paths, ${paths.map((p) => p.length).join('/') || '-'} hops`;
      },
    });
  }
  list.push(
    {
      name: 'person: neighbourhood depth 2, 100 nodes',
      run: async (s) => {
        const n = await s.neighbourhood.around(person.id, 2, 100);
        return `${n.nodes.length} nodes, ${thousands(n.edges.length)} edges${n.truncated ? ', truncated' : ''}`;
      },
    },
    {
      name: 'dashboard, whole graph',
      run: async (s) => {
        const d = await s.dashboard.dashboard({});
        return `${thousands(d.claimsByStatus.reduce((sum, k) => sum + k.count, 0))} claims counted`;
      },
    },
    {
      name: 'evidence trace of a claim',
      run: async (s) => {
        const t = await s.evidence.trace(subjects.traceClaimId);
        return `${t.citations.length} citations, ${t.sources.length} sources`;
      },
    },
    caseFile(person.id),
    caseFile(facility.id),
  );
  return list;
}

async function timeOperation(
  store: Store,
  calls: StoreCall[],
  rowViewer: Viewer,
  operation: Operation,
  args: Args,
): Promise<Timing> {
  const services = () => createServices(store, { maxPageSize: 100, viewer: operation.requester ?? rowViewer });
  for (let i = 0; i < args.warmup; i++) await attempt(operation, services());
  const timing: Timing = {
    viewer: rowViewer.role,
    operation: operation.name,
    runs: [],
    calls: [],
    storeCalls: [],
    result: '',
    error: null,
  };
  for (let i = 0; i < args.runs; i++) {
    // A fresh set per run, as per request: its loaders must not answer from the previous run's cache.
    const fresh = services();
    calls.length = 0;
    const started = performance.now();
    const outcome = await attempt(operation, fresh);
    timing.runs.push(performance.now() - started);
    timing.calls.push(calls.length);
    timing.storeCalls.push(...calls);
    timing.result = outcome.result;
    timing.error = outcome.error;
  }
  return timing;
}

/** Codes of errors by which the API turns a request down on purpose (a budget, a limit): a result to report, not a failure. */
const REFUSALS: ReadonlySet<ErrorCode> = new Set([ErrorCode.BAD_USER_INPUT, ErrorCode.QUERY_TOO_COMPLEX]);

async function attempt(operation: Operation, services: Services): Promise<Pick<Timing, 'result' | 'error'>> {
  try {
    return { result: await operation.run(services), error: null };
  } catch (error) {
    // One operation going wrong must not cost the numbers of all the others: it is reported in its row.
    if (error instanceof AtharError && REFUSALS.has(error.code)) {
      return { result: `refused: ${error.code}`, error: { failed: false, message: error.message } };
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { result: 'FAILED', error: { failed: true, message } };
  }
}

function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function seconds(msValue: number): string {
  return `${(msValue / 1000).toFixed(1)} s`;
}

function rate(count: number, msValue: number, unit: string): string {
  return `${thousands(Math.round((count / msValue) * 1000))} ${unit}/s`;
}

/** Entities and sources carry no citations: bundles of them can be larger than of claims, in fewer transactions. */
const BASE_RECORDS_PER_BUNDLE = 20000;

interface Loaded {
  subjects: BenchSubjects;
  citations: number;
  lines: string[][];
}

async function load(store: Store, graph: SyntheticGraph, args: Args, audit: AuditContext): Promise<Loaded> {
  if (args.reuse !== null) return observeLoaded(store, graph);
  const lines: string[][] = [];
  let started = performance.now();
  let bundles = 0;
  for (const entities of chunked(graph.entities, BASE_RECORDS_PER_BUNDLE)) {
    await store.importBundle({ entities, sources: [], claims: [] }, audit);
    bundles++;
  }
  // Parents come before the sources that derive from them, so every chunk's references are already in.
  for (const sources of chunked(graph.sources, BASE_RECORDS_PER_BUNDLE)) {
    await store.importBundle({ entities: [], sources, claims: [] }, audit);
    bundles++;
  }
  const baseMs = performance.now() - started;
  const base = graph.entities.length + graph.sources.length;
  lines.push([
    'entities and sources',
    thousands(base),
    String(bundles),
    seconds(baseMs),
    rate(base, baseMs, 'records'),
  ]);

  const finder = new SubjectFinder(graph.entities);
  let claims = 0;
  let citations = 0;
  bundles = 0;
  let importMs = 0;
  started = performance.now();
  for (const chunk of chunked(graph.claims(), args.chunk)) {
    chunk.forEach((c) => finder.observe(c));
    const t = performance.now();
    await store.importBundle({ entities: [], sources: [], claims: chunk }, audit);
    importMs += performance.now() - t;
    bundles++;
    claims += chunk.length;
    citations += chunk.reduce((sum, c) => sum + c.citations.length, 0);
    process.stderr.write(`\r  loaded ${thousands(claims)} of ${thousands(args.claims)} claims`);
  }
  process.stderr.write('\n');
  const wallMs = performance.now() - started;
  lines.push([
    'claims with citations',
    thousands(claims),
    String(bundles),
    seconds(importMs),
    `${rate(claims, importMs, 'claims')}, ${rate(citations, importMs, 'citations')} (${seconds(wallMs)} with generation)`,
  ]);
  return { subjects: finder.subjects(), citations, lines };
}

/**
 * The subjects of a graph an earlier run loaded (--reuse): the generator is
 * deterministic, so the claims are generated again and watched, not written.
 */
async function observeLoaded(store: Store, graph: SyntheticGraph): Promise<Loaded> {
  const first = graph.entities[0]!;
  const [found] = await store.getEntities([first.id]);
  if (!found)
    throw new UsageError(
      `No ${first.id} in this database: --reuse needs the prefix of a run made with the same --claims and --seed.`,
    );
  const finder = new SubjectFinder(graph.entities);
  let citations = 0;
  for (const claim of graph.claims()) {
    finder.observe(claim);
    citations += claim.citations.length;
  }
  return { subjects: finder.subjects(), citations, lines: [['(reused: loaded by an earlier run)', '', '', '', '']] };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

function describeStore(config: StoreConfig): string {
  return config.kind === 'embedded' ? `embedded, ${config.dataDir}` : `neo4j, ${config.uri}`;
}

async function run(args: Args): Promise<void> {
  const began = performance.now();
  let config = loadConfig().store;
  let tempDir: string | null = null;
  if (config.kind === 'embedded') {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-bench-'));
    config = loadConfig({ ATHAR_DATA_DIR: tempDir }).store;
  }
  // Neo4j may hold anyone's data, and earlier runs: a fresh prefix keeps this run's ids its own.
  if (args.reuse !== null && config.kind !== 'neo4j') throw new UsageError('--reuse is for Neo4j (NEO4J_URI set).');
  const idPrefix = config.kind === 'neo4j' ? (args.reuse ?? `bench${randomBytes(4).toString('hex')}`) : 'bench';
  const graph = generateGraph({ claims: args.claims, seed: args.seed, idPrefix });
  const s = graph.summary;
  const audit: AuditContext = {
    actor: { subject: 'athar-bench', role: SYSTEM_ROLE },
    reason: `Synthetic benchmark data (npm run bench, seed ${args.seed}); ids carry the prefix ${idPrefix}.`,
  };

  console.log('Athar benchmark');
  console.log(`  machine  ${machine()}`);
  console.log(`  store    ${describeStore(config)}`);
  console.log(
    `  run      --claims ${args.claims} --seed ${args.seed} --runs ${args.runs} (after ${args.warmup} warm-up) --chunk ${args.chunk}; id prefix ${idPrefix}`,
  );

  let store = createStore(config);
  try {
    await store.init();
    const loaded = await load(store, graph, args, audit);
    const { subjects } = loaded;

    if (config.kind === 'embedded') {
      // What a restart costs at this size: the snapshot written on close, then read back.
      let t = performance.now();
      await store.close();
      const closeMs = performance.now() - t;
      store = createStore(config);
      t = performance.now();
      await store.init();
      const openMs = performance.now() - t;
      loaded.lines.push(['close (writes snapshot)', '', '', seconds(closeMs), '']);
      loaded.lines.push(['open (reads snapshot)', '', '', seconds(openMs), '']);
    }
    const counts = await store.counts();

    console.log('');
    console.log('Generated graph');
    console.log(
      `  entities   ${thousands(graph.entities.length)}: ${thousands(s.people)} people (${thousands(s.protectedPeople)} protected), ` +
        `${thousands(s.facilities)} facilities, ${thousands(s.places)} places, ${thousands(s.organizations)} organisations, ` +
        `${thousands(s.events)} events; ${thousands(s.restrictedEntities)} restricted`,
    );
    console.log(
      `  sources    ${thousands(graph.sources.length)}: ${thousands(s.restrictedSources)} restricted, ` +
        `${thousands(s.confidentialSources)} confidential, ${thousands(s.derivedSources)} derive from others`,
    );
    console.log(`  claims     ${thousands(args.claims)}`);
    console.log(`  citations  ${thousands(loaded.citations)}`);
    console.log(
      `  in store   ${thousands(counts.entities)} entities, ${thousands(counts.sources)} sources, ` +
        `${thousands(counts.claims)} claims, ${thousands(counts.citations)} citations` +
        (config.kind === 'neo4j' ? ' (the whole database: other data and earlier runs too)' : ''),
    );
    console.log('');
    console.log('Load (importBundle)');
    console.log(
      table(['step', 'records', 'bundles', 'time', 'rate'], loaded.lines, [false, true, true, true, false])
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    console.log('');
    console.log('Subjects');
    console.log(
      `  person     ${subjects.person.id} "${subjects.person.name}", ${subjects.person.claims} public claims`,
    );
    console.log(
      `  facility   ${subjects.facility.id} "${subjects.facility.name}", ${thousands(subjects.facility.detainees)} public detention claims`,
    );
    console.log(`  trace      ${subjects.traceClaimId}`);
    console.log(`  search     "Abdulrahman", and in Arabic script "${ARABIC_QUERY}" (Abd al-Rahman al-Halabi)`);
    console.log(
      `  path       ${subjects.connection ? `${subjects.connection.fromId} to ${subjects.connection.toId}, ${subjects.connection.distance} hops apart` : 'no pair 3-4 hops apart: connections not timed'}`,
    );

    if (config.kind === 'neo4j') {
      // Over HTTP, against one hand-written statement per question (tools/bench/versus-raw.ts).
      const printed = await compareWithRaw(
        store,
        {
          uri: config.uri,
          user: config.user ?? null,
          password: config.password ?? null,
          database: config.database ?? null,
        },
        subjects,
        { runs: args.runs, warmup: args.warmup, concurrency: 8, throughputMs: 5000 },
      );
      console.log('');
      console.log(printed.join('\n'));
    }

    const counting = countingStore(store);
    const timings: Timing[] = [];
    for (const { viewer: rowViewer, profile } of config.kind === 'neo4j' && args.services === 0 ? [] : VIEWERS) {
      for (const operation of operations(subjects, profile)) {
        process.stderr.write(`  timing ${rowViewer.role} ${operation.name}...\n`);
        timings.push(await timeOperation(counting.store, counting.calls, rowViewer, operation, args));
      }
    }
    console.log('');
    console.log(
      `Operations through the services (${args.runs} runs each after ${args.warmup} warm-up; a fresh request each run)`,
    );
    console.log(timingTable(timings));
    const errors = timings.filter((t) => t.error !== null);
    if (errors.length > 0) {
      console.log('');
      for (const t of errors) console.log(`  ${t.viewer} ${t.operation}: ${t.result}: ${t.error!.message}`);
    }
    // The numbers are printed either way; a failure (not a refusal) still makes the run fail.
    if (errors.some((t) => t.error!.failed)) process.exitCode = 1;
    console.log('');
    console.log(`Done in ${seconds(performance.now() - began)}.`);
    if (config.kind === 'neo4j') {
      console.log(`The records stay in Neo4j; their ids start with <type>_${idPrefix}_ (e.g. per_${idPrefix}_000000).`);
    }
  } finally {
    await store.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

let parsed: Args;
try {
  parsed = parseArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
  process.exit(error.message ? 2 : 0);
}
run(parsed).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof UsageError ? error.message : error);
  process.exit(1);
});
