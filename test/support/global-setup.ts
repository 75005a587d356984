// Jest global setup of the integration tier: makes sure a real Neo4j answers.
//
// - NEO4J_URI set by the user: use that server, start nothing.
// - Otherwise: `scripts/neo4j-server.sh start` (fetches Neo4j from Maven Central
//   the first time, reuses a server already running from .neo4j/home), then
//   publish its URI for the test workers.
//
// A failure here throws, which fails the run: the integration tests are never
// skipped for want of a database.
import { spawnSync } from 'child_process';
import { NEO4J_SERVER_SCRIPT, REPO_ROOT, neo4jSetupState, writeNeo4jTestEnvFile } from './neo4j-env';

const START_TIMEOUT_MS = 15 * 60 * 1000; // a first run also downloads ~200 jars

export default async function globalSetup(): Promise<void> {
  const state = neo4jSetupState();
  if (process.env.NEO4J_URI && !state.uriSetBySetup) {
    state.startedServer = false;
    process.stderr.write(`\n[neo4j] using NEO4J_URI=${process.env.NEO4J_URI} (not starting a server)\n`);
    return;
  }

  const started = Date.now();
  process.stderr.write('\n[neo4j] starting a Neo4j server for the integration tests (scripts/neo4j-server.sh start)\n');
  const result = spawnSync('bash', [NEO4J_SERVER_SCRIPT, 'start'], {
    cwd: REPO_ROOT,
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: START_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`[neo4j] could not run ${NEO4J_SERVER_SCRIPT}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const how = result.status === null ? `killed by ${result.signal}` : `exit code ${result.status}`;
    throw new Error(
      `[neo4j] scripts/neo4j-server.sh start failed (${how}); see its output above. ` +
        'The integration tests need a real Neo4j (Java 17+ and Maven, or NEO4J_URI) and are not skipped without one.',
    );
  }

  const lines = result.stdout.split('\n').map((line) => line.trim());
  const uri = lastValue(lines, 'NEO4J_URI');
  if (!uri) {
    throw new Error(`[neo4j] scripts/neo4j-server.sh start printed no NEO4J_URI line; stdout was:\n${result.stdout}`);
  }
  const serverWasStarted = lastValue(lines, 'NEO4J_SERVER') !== 'reused';

  process.env.NEO4J_URI = uri;
  state.uriSetBySetup = true;
  state.startedServer = serverWasStarted;
  writeNeo4jTestEnvFile({ uri, user: 'neo4j', password: '', database: 'neo4j' });

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const how = serverWasStarted ? 'started' : 'reused a running server';
  process.stderr.write(`[neo4j] ${how}: NEO4J_URI=${uri} (${secs}s)\n`);
}

function lastValue(lines: string[], key: string): string | undefined {
  const prefix = `${key}=`;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith(prefix)) return lines[i].slice(prefix.length) || undefined;
  }
  return undefined;
}
