import path from 'node:path';
import { ConfigError, DEFAULT_CHROMIUM_PATH, DEFAULT_LIMITS, loadConfig } from './config';

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
      introspection: false,
      chromiumPath: DEFAULT_CHROMIUM_PATH,
      exportDir: path.resolve('data', 'exports'),
    });
  });

  it('keeps exports beside the embedded store unless told where', () => {
    expect(loadConfig({ ATHAR_DATA_DIR: '/srv/athar' }, {}).exportDir).toBe('/srv/athar/exports');
    expect(loadConfig({ ATHAR_EXPORT_DIR: '/srv/exports' }, {}).exportDir).toBe('/srv/exports');
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
    });
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
