// Jest global teardown of the integration tier: stops the Neo4j server, but
// only one the global setup started itself, and not when ATHAR_KEEP_NEO4J=1
// (then the next run's setup reuses it).
import { spawnSync } from 'child_process';
import { NEO4J_SERVER_SCRIPT, REPO_ROOT, neo4jSetupState, removeNeo4jTestEnvFile } from './neo4j-env';

const STOP_TIMEOUT_MS = 2 * 60 * 1000;

export default async function globalTeardown(): Promise<void> {
  const state = neo4jSetupState();
  if (!state.startedServer) return;
  if (process.env.ATHAR_KEEP_NEO4J === '1') {
    process.stderr.write(`\n[neo4j] ATHAR_KEEP_NEO4J=1: leaving ${process.env.NEO4J_URI} running\n`);
    return;
  }

  const result = spawnSync('bash', [NEO4J_SERVER_SCRIPT, 'stop'], {
    cwd: REPO_ROOT,
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: STOP_TIMEOUT_MS,
  });
  state.startedServer = false;
  if (state.uriSetBySetup) {
    delete process.env.NEO4J_URI;
    state.uriSetBySetup = false;
  }
  removeNeo4jTestEnvFile();
  if (result.error) throw new Error(`[neo4j] could not run ${NEO4J_SERVER_SCRIPT} stop: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`[neo4j] scripts/neo4j-server.sh stop failed (exit ${result.status})`);
}
