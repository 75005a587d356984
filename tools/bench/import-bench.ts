import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { SYSTEM_ROLE, type AuditContext } from '../../src/domain/audit';
import type { ClaimWithCitations } from '../../src/domain/model';
import { loadConfig } from '../../src/main/config';
import { Neo4jGateway } from '../../src/store/neo4j/neo4j.gateway';
import { Neo4jStore } from '../../src/store/neo4j/neo4j.store';
import { citationProps, claimProps } from '../../src/store/neo4j/neo4j.mapping';
import { generateGraph, type SyntheticGraph } from './generate';
import { table, thousands } from './report';

/*
 * Bulk import on Neo4j, three ways over the same kind of generated rows
 * (tools/bench/generate.ts, a fresh id prefix each, so each writes new records):
 *
 *   importBundle   the port's bulk path: refs checked, versions, audit record, dashboard counts;
 *   bare UNWIND    hand-written batched CREATE statements, the same rows and edges, nothing else;
 *   one per row    assertClaim for each claim, one audited transaction each (a smaller N).
 *
 * Claims are what is timed (entities and sources are loaded first, untimed).
 *
 *   npm run bench:import -- [--claims 20000] [--chunk 5000] [--batch 5000] [--per-row 300]
 */

const USAGE = `Usage: npm run bench:import -- [--claims N] [--chunk N] [--batch N] [--per-row N]
  --claims N   claims imported by importBundle and by bare UNWIND (default 20000)
  --chunk N    claims per importBundle call / per bare transaction (default 5000)
  --batch N    rows per statement (ImportOptions.batchSize; default 5000)
  --per-row N  claims written one transaction each (default 300)
Needs NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE). Writes new records under fresh id prefixes; deletes nothing.`;

interface Args {
  claims: number;
  chunk: number;
  batch: number;
  perRow: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { claims: 20000, chunk: 5000, batch: 5000, perRow: 300 };
  const keys: Record<string, keyof Args> = {
    '--claims': 'claims',
    '--chunk': 'chunk',
    '--batch': 'batch',
    '--per-row': 'perRow',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = keys[argv[i]!];
    const value = Number((argv[i + 1] ?? '').replace(/[_,]/g, ''));
    if (key === undefined || !Number.isInteger(value) || value < 1) {
      console.error(USAGE);
      process.exit(2);
    }
    args[key] = value;
  }
  return args;
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

/** The bare reference: the same nodes and edges as the bulk path writes for new claims, and nothing else. */
const BARE_CLAIMS = `
UNWIND $rows AS row
CREATE (c:Claim)
SET c = row, c.version = toInteger(row.version)
WITH c, row
MATCH (s:Entity {id: row.subjectId})
CREATE (c)-[:SUBJECT]->(s)
WITH c, s, row
CALL (c, s, row) {
  WITH * WHERE row.objectId IS NOT NULL
  MATCH (o:Entity {id: row.objectId})
  CREATE (c)-[:OBJECT]->(o)
  CREATE (s)-[:RELATED {claimId: c.id, predicate: c.predicate, status: c.status, visibility: c.visibility}]->(o)
}`;

const BARE_CITATIONS = `
UNWIND $rows AS row
CREATE (x:Citation)
SET x = row
WITH x, row
MATCH (c:Claim {id: row.claimId})
MATCH (s:Source {id: row.sourceId})
CREATE (x)-[:SUPPORTS]->(c)
CREATE (x)-[:CITES]->(s)
WITH x, row
CALL (x, row) {
  WITH * WHERE row.viaSourceId IS NOT NULL
  MATCH (v:Source {id: row.viaSourceId})
  CREATE (x)-[:READ_IN]->(v)
}`;

function graphOf(claims: number, tag: string): SyntheticGraph {
  return generateGraph({ claims, seed: 1, idPrefix: `imp${tag}${randomBytes(3).toString('hex')}` });
}

async function loadBase(store: Neo4jStore, graph: SyntheticGraph, audit: AuditContext): Promise<void> {
  for (const entities of chunked(graph.entities, 20000))
    await store.importBundle({ entities, sources: [], claims: [] }, audit);
  for (const sources of chunked(graph.sources, 20000))
    await store.importBundle({ entities: [], sources, claims: [] }, audit);
}

interface Timed {
  claims: number;
  citations: number;
  ms: number;
}

async function timeChunks(
  graph: SyntheticGraph,
  chunk: number,
  limit: number,
  write: (claims: ClaimWithCitations[]) => Promise<void>,
  label: string,
): Promise<Timed> {
  const out: Timed = { claims: 0, citations: 0, ms: 0 };
  let taken = 0;
  for (const part of chunked(graph.claims(), chunk)) {
    const claims = part.slice(0, Math.max(0, limit - taken));
    if (claims.length === 0) break;
    taken += claims.length;
    const t = performance.now();
    await write(claims);
    out.ms += performance.now() - t;
    out.claims += claims.length;
    out.citations += claims.reduce((n, c) => n + c.citations.length, 0);
    if (out.claims % Math.max(chunk, 100) === 0 || out.claims === limit) {
      process.stderr.write(`\r  ${label}: ${thousands(out.claims)} of ${thousands(limit)} claims`);
    }
  }
  process.stderr.write('\n');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  if (config.store.kind !== 'neo4j') {
    console.error('bench:import runs on Neo4j: set NEO4J_URI.\n\n' + USAGE);
    process.exit(2);
  }
  const neo = {
    uri: config.store.uri,
    user: config.store.user,
    password: config.store.password,
    database: config.store.database,
  };
  const store = new Neo4jStore(neo);
  const gateway = new Neo4jGateway(neo);
  const audit: AuditContext = { actor: { subject: 'athar-bench', role: SYSTEM_ROLE }, reason: 'import benchmark' };
  try {
    await store.init();
    const bulkGraph = graphOf(args.claims, 'b');
    const bareGraph = graphOf(args.claims, 'r');
    const rowGraph = graphOf(Math.max(args.perRow, 1000), 'o');
    for (const graph of [bulkGraph, bareGraph, rowGraph]) await loadBase(store, graph, audit);

    // Chunk by chunk in turn, so that a noisy neighbour on the machine weighs on both alike.
    const bulk: Timed = { claims: 0, citations: 0, ms: 0 };
    const bare: Timed = { claims: 0, citations: 0, ms: 0 };
    const bulkWrite = (claims: ClaimWithCitations[]) =>
      store.importBundle({ entities: [], sources: [], claims }, audit, { batchSize: args.batch });
    const bareWrite = async (claims: ClaimWithCitations[]) => {
      await gateway.write(async (tx) => {
        for (const rows of chunked(
          claims.map((c) => claimProps(c.claim)),
          args.batch,
        )) {
          await tx.run({ cypher: BARE_CLAIMS, params: { rows } });
        }
        for (const rows of chunked(
          claims.flatMap((c) => c.citations.map(citationProps)),
          args.batch,
        )) {
          await tx.run({ cypher: BARE_CITATIONS, params: { rows } });
        }
      });
    };
    const timed = async (into: Timed, claims: ClaimWithCitations[], write: typeof bulkWrite) => {
      const t = performance.now();
      await write(claims);
      into.ms += performance.now() - t;
      into.claims += claims.length;
      into.citations += claims.reduce((n, c) => n + c.citations.length, 0);
    };
    const bareChunks = chunked(bareGraph.claims(), args.chunk);
    for (const chunk of chunked(bulkGraph.claims(), args.chunk)) {
      await timed(bulk, chunk, bulkWrite);
      const next = bareChunks.next();
      if (!next.done) await timed(bare, next.value, bareWrite);
      process.stderr.write(
        `\r  importBundle and bare UNWIND: ${thousands(bulk.claims)} of ${thousands(args.claims)} claims each`,
      );
    }
    process.stderr.write('\n');
    const perRow = await timeChunks(
      rowGraph,
      1,
      args.perRow,
      async ([claim]) => store.assertClaim(claim!, audit),
      'one transaction per row',
    );

    // The bare writes went around Athar, so the dashboard's counts missed them: count again.
    process.stderr.write('  rebuilding the dashboard counts (the bare writes bypassed them)...\n');
    await store.rebuildStatistics();

    const rate = (t: Timed) => (t.claims / t.ms) * 1000;
    const row = (name: string, t: Timed): string[] => [
      name,
      thousands(t.claims),
      thousands(t.citations),
      (t.ms / 1000).toFixed(1),
      thousands(Math.round(rate(t))),
    ];
    console.log(
      `Bulk import on Neo4j (${config.store.uri}): --claims ${args.claims} --chunk ${args.chunk} --batch ${args.batch}`,
    );
    console.log(
      table(
        ['path', 'claims', 'citations', 'seconds', 'claims/s'],
        [
          row('importBundle (audited)', bulk),
          row('bare batched UNWIND', bare),
          row('one transaction per row (assertClaim)', perRow),
        ],
        [false, true, true, true, true],
      ),
    );
    console.log(`importBundle takes ${(rate(bare) / rate(bulk)).toFixed(2)}x the time of bare UNWIND per claim`);
    console.log(`importBundle is ${(rate(bulk) / rate(perRow)).toFixed(1)}x faster than one transaction per row`);
  } finally {
    await store.close();
    await gateway.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
