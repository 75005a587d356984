import http from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j, { type Driver } from 'neo4j-driver';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import { listen } from '../../src/api/http';
import type { Store } from '../../src/store/store.port';
import type { CypherQuery } from '../../src/store/neo4j/cypher/query';
import type { BenchSubjects } from './subjects';
import { rawQuestions } from './raw-cypher';
import { table } from './report';

/**
 * Athar against raw Cypher, over HTTP, in one run on one graph: Athar's
 * GraphQL API (createAtharServer, as the public viewer) and a minimal raw
 * reference (a node:http server that runs one hand-written statement per
 * question through neo4j-driver and returns its rows as JSON) answer the
 * same canonical questions, timed by the same client.
 */

export interface Neo4jAccess {
  uri: string;
  user: string | null;
  password: string | null;
  database: string | null;
}

export interface VersusOptions {
  runs: number;
  warmup: number;
  /** Clients of the throughput test, each sending its next request when the last is answered. */
  concurrency: number;
  /** How long each throughput test runs, in ms. */
  throughputMs: number;
}

interface Question {
  name: string;
  graphql: { query: string; variables: Record<string, unknown> };
  raw: CypherQuery;
  /** Whether throughput is measured too (the questions a profile page asks most). */
  throughput: boolean;
  /** At most this many timed runs (and one warm-up): for a question whose reference scans the whole database. */
  maxRuns?: number;
}

const CITATIONS = 'citations { locator excerpt source { title } }';

/** The canonical questions, in the GraphQL shape the explorer and docs/querying.md use. */
export function questions(subjects: BenchSubjects): Question[] {
  const list: Question[] = [
    {
      name: "a person's claims with citations",
      graphql: {
        query: `query ($id: ID!) { entity(id: $id) { name claims(first: 100) { totalCount edges { node { id predicate period { edtf } ${CITATIONS} } } } } }`,
        variables: { id: subjects.person.id },
      },
      raw: rawQuestions.personClaims(subjects.person.id),
      throughput: true,
    },
    {
      name: "a facility's detainees with citations",
      graphql: {
        query: `query ($id: ID!) { entity(id: $id) { name ... on Facility { detainees { entity { name } claim { period { edtf } ${CITATIONS} } } } } }`,
        variables: { id: subjects.facility.id },
      },
      raw: rawQuestions.detainees(subjects.facility.id),
      throughput: false,
    },
    {
      name: 'evidence trace of a claim',
      graphql: {
        query: `query ($id: ID!) { trace(claimId: $id) { claim { text } citations { citation { locator excerpt grading source { title } via { title contentHash } } origins { publisher } } } }`,
        variables: { id: subjects.traceClaimId },
      },
      raw: rawQuestions.trace(subjects.traceClaimId),
      throughput: true,
    },
  ];
  if (subjects.connection) {
    const { fromId, toId } = subjects.connection;
    list.push({
      name: `connections, ${subjects.connection.distance} hops`,
      graphql: {
        query: `query ($from: ID!, $to: ID!) { connections(from: $from, to: $to, maxHops: 4) { length hops { from { name } direction predicate to { name } claim { id period { edtf } citations { locator excerpt credibility source { title } } } } } }`,
        variables: { from: fromId, to: toId },
      },
      raw: rawQuestions.connections(fromId, toId),
      throughput: false,
    });
  }
  list.push(
    {
      // Without the facilities' names: the shared database of a test machine holds odd records from tests.
      name: 'whole-graph dashboard',
      graphql: {
        query: `{ dashboard { entitiesByKind { kind count } claimsByStatus { status count } claimsByPredicate { predicate count } facilities { detainees officials claims } claimsByYear { years { year certain possible } undated total } } }`,
        variables: {},
      },
      raw: rawQuestions.dashboard(),
      throughput: false,
      // The reference scans every claim of the database, seconds each on a large shared one.
      maxRuns: 5,
    },
    {
      name: "a hub facility's first 100 claims",
      graphql: {
        query: `query ($id: ID!) { entity(id: $id) { name claims(first: 100) { totalCount edges { node { id predicate status period { edtf } } } } } }`,
        variables: { id: subjects.facility.id },
      },
      raw: rawQuestions.hubFirstClaims(subjects.facility.id),
      throughput: true,
    },
  );
  return list;
}

/** The raw reference: POST a question's index, get its one statement's rows as JSON. */
async function startRawServer(driver: Driver, database: string | null, list: readonly Question[]): Promise<string> {
  const server = http.createServer((req, res) => {
    const index = Number((req.url ?? '').slice(1));
    const question = list[index];
    if (!question) {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    req.on('end', () => {
      // A session per request, one auto-commit statement: what Athar's gateway does for a read.
      const session = driver.session({
        defaultAccessMode: neo4j.session.READ,
        fetchSize: -1,
        ...(database ? { database } : {}),
      });
      session
        .run(question.raw.cypher, question.raw.params)
        .then((result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: result.records.map((r) => r.toObject()) }));
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        })
        .finally(() => void session.close());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const servers: http.Server[] = [];

type Ask = () => Promise<void>;

async function post(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  if (text.includes('"errors"')) throw new Error(`${url} answered with errors: ${text.slice(0, 300)}`);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A question whose first answer takes longer than this (ms) is timed at most SLOW_RUNS times, after SLOW_WARMUP. */
const SLOW_MS = 300;
const SLOW_RUNS = 30;
const SLOW_WARMUP = 3;

async function latencies(ask: Ask, options: VersusOptions): Promise<{ p50: number; p99: number; runs: number }> {
  // The second warm-up (the first meets cold caches) says whether the question is slow (a hub at a million
  // claims): then fewer runs, so a run with the 100 warm-up runs the small questions need to reach V8's compiled
  // code still ends in minutes.
  let slow = false;
  if (options.warmup >= 2) {
    await ask();
    const second = performance.now();
    await ask();
    slow = performance.now() - second > SLOW_MS;
  }
  const warmup = slow ? Math.min(options.warmup, SLOW_WARMUP) : options.warmup;
  const runs = slow ? Math.min(options.runs, SLOW_RUNS) : options.runs;
  for (let i = options.warmup >= 2 ? 2 : 0; i < warmup; i++) await ask();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await ask();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), runs };
}

async function throughput(ask: Ask, options: VersusOptions): Promise<number> {
  let done = 0;
  const until = performance.now() + options.throughputMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) {
        await ask();
        done += 1;
      }
    }),
  );
  return (done / (performance.now() - started)) * 1000;
}

const ms = (v: number) => v.toFixed(1);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

/** Runs every question on both, prints the tables, and returns the lines printed. */
export async function compareWithRaw(
  store: Store,
  access: Neo4jAccess,
  subjects: BenchSubjects,
  options: VersusOptions,
): Promise<string[]> {
  const list = questions(subjects);
  const driver = neo4j.driver(
    access.uri,
    access.user ? neo4j.auth.basic(access.user, access.password ?? '') : undefined,
    { disableLosslessIntegers: true },
  );
  const athar = await createAtharServer(store, { development: false, maxPageSize: 100 });
  const atharUrl = await listen(athar, 0, { exportDir: defaultExportDir(), graphiql: false });
  const rawUrl = await startRawServer(driver, access.database, list);
  const lines: string[] = [];
  try {
    const rows: string[][] = [];
    const rates: string[][] = [];
    for (const [index, question] of list.entries()) {
      process.stderr.write(`  athar vs raw: ${question.name}...\n`);
      const body = JSON.stringify(question.graphql);
      const askAthar: Ask = () => post(atharUrl, body);
      const askRaw: Ask = () => post(`${rawUrl}/${index}`, '{}');
      const capped =
        question.maxRuns === undefined
          ? options
          : { ...options, runs: Math.min(options.runs, question.maxRuns), warmup: Math.min(options.warmup, 1) };
      const a = await latencies(askAthar, capped);
      const r = await latencies(askRaw, capped);
      const name = a.runs === options.runs ? question.name : `${question.name} (${a.runs} runs)`;
      rows.push([name, ms(a.p50), ms(r.p50), ratio(a.p50, r.p50), ms(a.p99), ms(r.p99), ratio(a.p99, r.p99)]);
      if (question.throughput) {
        const at = await throughput(askAthar, options);
        const rt = await throughput(askRaw, options);
        rates.push([question.name, Math.round(at).toString(), Math.round(rt).toString(), ratio(rt, at)]);
      }
    }
    lines.push(
      `Athar vs raw Cypher over HTTP (public viewer; ${options.runs} runs after ${options.warmup} warm-up; ms)`,
      table(['question', 'Athar p50', 'raw p50', 'Athar/raw p50', 'Athar p99', 'raw p99', 'Athar/raw p99'], rows, [
        false,
        true,
        true,
        true,
        true,
        true,
        true,
      ]),
      '',
      `Throughput, ${options.concurrency} concurrent clients, ${options.throughputMs / 1000} s each (requests/s)`,
      table(['question', 'Athar', 'raw', 'raw/Athar'], rates, [false, true, true, true]),
    );
  } finally {
    await athar.apollo.stop();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    await driver.close();
  }
  return lines;
}
