// Where the integration tests find their Neo4j server.
//
// The jest global setup (test/support/global-setup.ts) starts a real server with
// scripts/neo4j-server.sh unless NEO4J_URI is already set, then publishes the
// URI both in process.env (inherited by the test workers, which jest starts
// after the global setup) and in .neo4j/test-env.json (a fallback for any
// process that does not inherit that environment).
import * as fs from 'fs';
import * as path from 'path';
import neo4j, { AuthToken } from 'neo4j-driver';

export interface Neo4jTestConfig {
  uri: string;
  user: string;
  /** Empty when the server runs without authentication (our test server does). */
  password: string;
  database: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const NEO4J_SERVER_SCRIPT = path.join(REPO_ROOT, 'scripts', 'neo4j-server.sh');
export const NEO4J_TEST_ENV_FILE = path.join(REPO_ROOT, '.neo4j', 'test-env.json');

const DEFAULT_USER = 'neo4j';
const DEFAULT_DATABASE = 'neo4j';

/** Connection settings for the integration tests: environment first, then the file the global setup wrote. */
export function neo4jTestConfig(): Neo4jTestConfig {
  const env = process.env;
  if (env.NEO4J_URI) {
    return {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER || DEFAULT_USER,
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE || DEFAULT_DATABASE,
    };
  }
  const fromFile = readNeo4jTestEnvFile();
  if (fromFile) return fromFile;
  throw new Error(
    `No Neo4j for the integration tests: NEO4J_URI is not set and ${NEO4J_TEST_ENV_FILE} does not exist. ` +
      'Run them through jest (`npm run test:int`), whose global setup starts Neo4j, or set NEO4J_URI.',
  );
}

// neo4j-driver 6.3 has auth.none() at runtime, but its type declarations leave it out.
const auth = neo4j.auth as typeof neo4j.auth & { none(): AuthToken };

/** Basic auth when a password is configured, else no auth (the test server runs with auth disabled). */
export function neo4jAuthToken(config: Neo4jTestConfig): AuthToken {
  return config.password ? auth.basic(config.user, config.password) : auth.none();
}

export function readNeo4jTestEnvFile(): Neo4jTestConfig | undefined {
  let text: string;
  try {
    text = fs.readFileSync(NEO4J_TEST_ENV_FILE, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const data = JSON.parse(text) as Partial<Neo4jTestConfig>;
  if (typeof data.uri !== 'string' || !data.uri) throw new Error(`${NEO4J_TEST_ENV_FILE} has no "uri"`);
  return {
    uri: data.uri,
    user: data.user || DEFAULT_USER,
    password: data.password ?? '',
    database: data.database || DEFAULT_DATABASE,
  };
}

export function writeNeo4jTestEnvFile(config: Neo4jTestConfig): void {
  fs.mkdirSync(path.dirname(NEO4J_TEST_ENV_FILE), { recursive: true });
  fs.writeFileSync(NEO4J_TEST_ENV_FILE, JSON.stringify(config, null, 2) + '\n');
}

export function removeNeo4jTestEnvFile(): void {
  fs.rmSync(NEO4J_TEST_ENV_FILE, { force: true });
}

/**
 * What the global setup did, for the global teardown. Both run in jest's main
 * process, so a global is the channel (jest documents this for globalSetup).
 */
export interface Neo4jSetupState {
  /** The setup started a new server, so the teardown may stop it. */
  startedServer: boolean;
  /** NEO4J_URI was set by the setup, not by the user (matters for watch-mode reruns). */
  uriSetBySetup: boolean;
}

const STATE_KEY = Symbol.for('athar.neo4jSetupState');

export function neo4jSetupState(): Neo4jSetupState {
  const holder = globalThis as unknown as Record<symbol, Neo4jSetupState | undefined>;
  return (holder[STATE_KEY] ??= { startedServer: false, uriSetBySetup: false });
}
