import 'reflect-metadata';
import { AccessLevel } from '../../src/domain/model';
import { loadConfig } from '../../src/main/config';
import { statisticsQuery } from '../../src/store/neo4j/cypher/statistics';
import { Neo4jGateway } from '../../src/store/neo4j/neo4j.gateway';
import { Neo4jStore } from '../../src/store/neo4j/neo4j.store';
import type { StatisticsQuery } from '../../src/store/statistics';
import { table, thousands } from './report';

/*
 * The whole-graph dashboard on Neo4j: `statistics` as the store answers it
 * (from the counts writes maintain) against the full-scan statement that
 * counts the same figures from the graph (cypher/statistics.ts, the
 * reference), for the public viewer and for everything, in the same run.
 *
 *   npm run bench:dashboard -- [--runs 30]
 */

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function time(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function main(): Promise<void> {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 30;
  const config = loadConfig();
  if (config.store.kind !== 'neo4j' || !Number.isInteger(runs) || runs < 1) {
    console.error('Usage: NEO4J_URI=... npm run bench:dashboard -- [--runs N]');
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
  try {
    await store.init();
    const [row] = await gateway.read((tx) =>
      tx.run({ cypher: 'MATCH (c:Claim) RETURN count(c) AS claims', params: {} }),
    );
    const year = new Date().getUTCFullYear();
    const base: StatisticsQuery = { facilityLimit: 10, fromYear: 1980, toYear: year, openEndYear: year };
    const rows: string[][] = [];
    for (const [viewer, levels] of [
      ['public', [AccessLevel.PUBLIC]],
      ['everything', undefined],
    ] as const) {
      const query: StatisticsQuery = { ...base, ...(levels === undefined ? {} : { levels: [...levels] }) };
      const counted = await time(runs, () => store.statistics(query));
      const scanned = await time(runs, () => gateway.read((tx) => tx.run(statisticsQuery(query))));
      const fmt = (n: number) => n.toFixed(1);
      rows.push([
        viewer,
        fmt(counted.p50),
        fmt(counted.p99),
        fmt(scanned.p50),
        fmt(scanned.p99),
        `${(scanned.p50 / counted.p50).toFixed(1)}x`,
      ]);
    }
    console.log(
      `Whole-graph dashboard on Neo4j, ${thousands(Number(row?.claims ?? 0))} claims in the database, ${runs} runs`,
    );
    console.log(
      table(
        ['viewer', 'counts p50 ms', 'counts p99 ms', 'full scan p50 ms', 'full scan p99 ms', 'scan / counts'],
        rows,
        [false, true, true, true, true, true],
      ),
    );
  } finally {
    await store.close();
    await gateway.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
