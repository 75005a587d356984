import path from 'node:path';

export type StoreConfig =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'neo4j'; uri: string; user: string | null; password: string | null; database: string | null };

export interface Config {
  port: number;
  /** Development mode shows stack traces in errors; production masks everything unexpected. */
  development: boolean;
  store: StoreConfig;
  /** Load the seed case into an empty embedded store on start. */
  seedOnFirstStart: boolean;
  /** Largest page a client may ask for. */
  maxPageSize: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration ${variable}: ${message}`);
  }
}

export type ConfigInput = Partial<{
  PORT: string;
  NODE_ENV: string;
  NEO4J_URI: string;
  NEO4J_USER: string;
  NEO4J_PASSWORD: string;
  NEO4J_DATABASE: string;
  ATHAR_DATA_DIR: string;
  ATHAR_SEED: string;
  ATHAR_MAX_PAGE_SIZE: string;
}>;

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(variable: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(variable, `"${raw}" is not a whole number; use e.g. ${fallback}.`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(variable, `${value} is out of range ${min}..${max}.`);
  return value;
}

function flag(variable: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(variable, `"${raw}" is not a boolean; use true or false.`);
}

/**
 * The one place configuration is read and checked. Explicit values win over
 * the environment; anything invalid stops start-up with a message naming the
 * variable.
 */
export function loadConfig(explicit: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const get = (key: keyof ConfigInput): string | undefined => blankToUndefined(explicit[key] ?? env[key]);

  const nodeEnv = get('NODE_ENV') ?? 'production';
  if (!['production', 'development', 'test'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV', `"${nodeEnv}" must be production, development or test.`);
  }
  const port = integer('PORT', get('PORT'), 4000, 0, 65535);
  const maxPageSize = integer('ATHAR_MAX_PAGE_SIZE', get('ATHAR_MAX_PAGE_SIZE'), 100, 1, 1000);

  const uri = get('NEO4J_URI');
  let store: StoreConfig;
  if (uri !== undefined) {
    if (!/^(neo4j|bolt)(\+s|\+ssc)?:\/\/[^\s/]+/.test(uri)) {
      throw new ConfigError(
        'NEO4J_URI',
        `"${uri}" is not a Neo4j URI; use e.g. bolt://localhost:7687 or neo4j+s://host.`,
      );
    }
    const user = get('NEO4J_USER') ?? null;
    const password = get('NEO4J_PASSWORD') ?? null;
    if ((user === null) !== (password === null)) {
      throw new ConfigError(
        user === null ? 'NEO4J_USER' : 'NEO4J_PASSWORD',
        'set both NEO4J_USER and NEO4J_PASSWORD, or neither for a server without auth.',
      );
    }
    const database = get('NEO4J_DATABASE') ?? null;
    if (database !== null && !/^[A-Za-z][A-Za-z0-9.-]{2,62}$/.test(database)) {
      throw new ConfigError('NEO4J_DATABASE', `"${database}" is not a valid database name.`);
    }
    store = { kind: 'neo4j', uri, user, password, database };
  } else {
    store = { kind: 'embedded', dataDir: path.resolve(get('ATHAR_DATA_DIR') ?? 'data') };
  }

  return {
    port,
    development: nodeEnv === 'development',
    store,
    seedOnFirstStart: flag('ATHAR_SEED', get('ATHAR_SEED'), true),
    maxPageSize,
  };
}
