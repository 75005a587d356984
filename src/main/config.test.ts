import path from 'node:path';
import {
  ConfigError,
  DEFAULT_CHROMIUM_PATH,
  DEFAULT_LIMITS,
  DEFAULT_RATE_LIMITS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  loadConfig,
} from './config';

describe('loadConfig', () => {
  it('defaults to the embedded store on port 4000, in production mode', () => {
    expect(loadConfig({}, {})).toEqual({
      port: 4000,
      development: false,
      store: { kind: 'embedded', dataDir: path.resolve('data') },
      seedOnFirstStart: true,
      maxPageSize: 100,
      auth: { jwt: null, apiKeys: [] },
      limits: DEFAULT_LIMITS,
      rateLimits: DEFAULT_RATE_LIMITS,
      trustProxy: 0,
      introspection: false,
      introspectionRoles: [],
      chromiumPath: DEFAULT_CHROMIUM_PATH,
      exportDir: path.resolve('data', 'exports'),
      exportTtlHours: 168,
      blobDir: path.resolve('data', 'blobs'),
      maxDocumentBytes: 100 * 1024 * 1024,
      pdftotextPath: 'pdftotext',
      shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS,
      logLevel: 'info',
      metricsToken: null,
      corsOrigins: [],
    });
  });

  it('reads how long a stopping server waits for requests in flight', () => {
    expect(DEFAULT_SHUTDOWN_TIMEOUT_MS).toBe(10_000);
    expect(loadConfig({ ATHAR_SHUTDOWN_TIMEOUT_MS: '2500' }, {}).shutdownTimeoutMs).toBe(2500);
    expect(loadConfig({ ATHAR_SHUTDOWN_TIMEOUT_MS: '0' }, {}).shutdownTimeoutMs).toBe(0);
    expect(loadConfig({ ATHAR_LOG_LEVEL: 'DEBUG', ATHAR_METRICS_TOKEN: 't0k' }, {})).toMatchObject({
      logLevel: 'debug',
      metricsToken: 't0k',
    });
    expect(() => loadConfig({ ATHAR_LOG_LEVEL: 'loud' }, {})).toThrow(/ATHAR_LOG_LEVEL/);
    expect(loadConfig({ ATHAR_INTROSPECTION_ROLES: 'admin, LEGAL' }, {}).introspectionRoles).toEqual([
      'ADMIN',
      'LEGAL',
    ]);
    expect(() => loadConfig({ ATHAR_INTROSPECTION_ROLES: 'ADMIN,boss' }, {})).toThrow(/ATHAR_INTROSPECTION_ROLES/);
  });

  it('reads the CORS allowlist of exact origins, and refuses anything else', () => {
    expect(
      loadConfig({ ATHAR_CORS_ORIGINS: 'https://dash.example.org, http://localhost:5173' }, {}).corsOrigins,
    ).toEqual(['https://dash.example.org', 'http://localhost:5173']);
    expect(() => loadConfig({ ATHAR_CORS_ORIGINS: '*' }, {})).toThrow(/ATHAR_CORS_ORIGINS/);
    expect(() => loadConfig({ ATHAR_CORS_ORIGINS: 'https://dash.example.org/app' }, {})).toThrow(/not an origin/);
  });

  it('keeps exports beside the embedded store unless told where', () => {
    expect(loadConfig({ ATHAR_DATA_DIR: '/srv/athar' }, {}).exportDir).toBe('/srv/athar/exports');
    expect(loadConfig({ ATHAR_EXPORT_DIR: '/srv/exports' }, {}).exportDir).toBe('/srv/exports');
  });

  it('reads rate limits (0 turns one off) and how many proxies to trust', () => {
    const config = loadConfig(
      {
        ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: '0',
        ATHAR_RATE_WRITES_PER_MINUTE: '30',
        ATHAR_RATE_WRITES_PER_ADDRESS_PER_MINUTE: '90',
        ATHAR_TRUST_PROXY: 'true',
      },
      {},
    );
    expect(config.rateLimits).toEqual({ authFailuresPerMinute: 0, writesPerMinute: 30, writesPerAddressPerMinute: 90 });
    expect(config.trustProxy).toBe(1);
    expect(loadConfig({ ATHAR_TRUST_PROXY: '2' }, {}).trustProxy).toBe(2);
    expect(loadConfig({ ATHAR_TRUST_PROXY: 'off' }, {}).trustProxy).toBe(0);
  });

  it('uses Neo4j when NEO4J_URI is set, and lets explicit values beat the environment', () => {
    const config = loadConfig(
      { PORT: '5000' },
      { PORT: '6000', NEO4J_URI: 'bolt://db:7687', NEO4J_USER: 'neo4j', NEO4J_PASSWORD: 'pw', NEO4J_DATABASE: 'athar' },
    );
    expect(config.port).toBe(5000);
    expect(config.store).toEqual({
      kind: 'neo4j',
      uri: 'bolt://db:7687',
      user: 'neo4j',
      password: 'pw',
      database: 'athar',
      connectionTimeoutMs: 5000,
      maxRetryTimeMs: 5000,
      importBatchSize: 5000,
    });
    const quick = loadConfig(
      {
        NEO4J_URI: 'neo4j://db',
        ATHAR_NEO4J_CONNECT_TIMEOUT_MS: '1500',
        ATHAR_NEO4J_RETRY_TIME_MS: '0',
        ATHAR_IMPORT_BATCH_SIZE: '250',
      },
      {},
    );
    expect(quick.store).toMatchObject({ connectionTimeoutMs: 1500, maxRetryTimeMs: 0, importBatchSize: 250 });
    expect(() => loadConfig({ NEO4J_URI: 'neo4j://db', ATHAR_IMPORT_BATCH_SIZE: '0' }, {})).toThrow(
      /ATHAR_IMPORT_BATCH_SIZE/,
    );
    expect(() => loadConfig({ NEO4J_URI: 'neo4j://db', ATHAR_NEO4J_CONNECT_TIMEOUT_MS: 'soon' }, {})).toThrow(
      /ATHAR_NEO4J_CONNECT_TIMEOUT_MS/,
    );
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NEO4J_URI: 'http://localhost:7474' }, 'NEO4J_URI'],
    [{ NEO4J_URI: 'bolt://x:7687', NEO4J_USER: 'neo4j' }, 'NEO4J_PASSWORD'],
    [{ NEO4J_URI: 'bolt://x:7687', NEO4J_DATABASE: 'bad name!' }, 'NEO4J_DATABASE'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ ATHAR_SEED: 'maybe' }, 'ATHAR_SEED'],
    [{ ATHAR_MAX_PAGE_SIZE: '0' }, 'ATHAR_MAX_PAGE_SIZE'],
    [{ ATHAR_CHROMIUM_PATH: 'chromium' }, 'ATHAR_CHROMIUM_PATH'],
    [{ ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: '-1' }, 'ATHAR_RATE_AUTH_FAILURES_PER_MINUTE'],
    [{ ATHAR_RATE_WRITES_PER_MINUTE: 'lots' }, 'ATHAR_RATE_WRITES_PER_MINUTE'],
    [{ ATHAR_RATE_WRITES_PER_ADDRESS_PER_MINUTE: '2000000' }, 'ATHAR_RATE_WRITES_PER_ADDRESS_PER_MINUTE'],
    [{ ATHAR_TRUST_PROXY: 'maybe' }, 'ATHAR_TRUST_PROXY'],
    [{ ATHAR_TRUST_PROXY: '11' }, 'ATHAR_TRUST_PROXY'],
    [{ ATHAR_SHUTDOWN_TIMEOUT_MS: '10s' }, 'ATHAR_SHUTDOWN_TIMEOUT_MS'],
    [{ ATHAR_SHUTDOWN_TIMEOUT_MS: '600001' }, 'ATHAR_SHUTDOWN_TIMEOUT_MS'],
  ])('stops on %p with an error naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig({}, env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toContain(variable);
  });
});
