import fs from 'node:fs';
import path from 'node:path';
import {
  AuthConfig,
  AuthConfigProblem,
  checkSecret,
  DEFAULT_CLEARANCE_CLAIM,
  DEFAULT_ROLE_CLAIM,
  JwtAlgorithm,
  JwtConfig,
  parseAlgorithms,
  parseApiKeys,
  parseJwks,
  parsePublicKey,
} from '../api/auth/auth.config';
import { DEFAULT_LIMITS, type LimitsConfig } from '../api/graphql/limits';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from '../api/rate-limits';
import { parseCorsOrigins } from '../api/cors';
import type { StoreConfig } from '../store/create-store';
import { parseRole, Role, ROLES } from '../policy/viewer';
import { DEFAULT_EXPORT_TTL_HOURS } from '../app/case-files/kept-exports';

export { DEFAULT_LIMITS, DEFAULT_RATE_LIMITS, type LimitsConfig, type RateLimitConfig, type StoreConfig };

export interface Config {
  port: number;
  /** Development mode shows stack traces in errors; production masks everything unexpected. */
  development: boolean;
  store: StoreConfig;
  /** Load the seed case into an empty embedded store on start. */
  seedOnFirstStart: boolean;
  /** Largest page a client may ask for. */
  maxPageSize: number;
  /** How bearer tokens and API keys are checked; with neither configured, everyone is the anonymous viewer. */
  auth: AuthConfig;
  /** Limits on every operation, so that one request cannot exhaust the server. */
  limits: LimitsConfig;
  /** Failed authentications and writes allowed per minute per client address, credential and subject (0: off). */
  rateLimits: RateLimitConfig;
  /** Reverse proxies in front that append to X-Forwarded-For (0: none; the header is then ignored). */
  trustProxy: number;
  /** Schema introspection, and "Did you mean" suggestions in errors; by default on only in development. */
  introspection: boolean;
  /** Roles that may load the whole schema (and GraphiQL) while introspection is off. */
  introspectionRoles: Role[];
  /** The Chromium executable that prints case files to PDF (Debian's chromium package). */
  chromiumPath: string;
  /** Where exported case files and their manifests are kept for download. */
  exportDir: string;
  /** Hours an exported file stays downloadable; older ones are refused and removed. */
  exportTtlHours: number;
  /**
   * Where original documents are kept, by sha256 (docs/evidence-vault.md): the data directory's blobs/ for
   * the embedded store; for Neo4j, a directory every API process shares, or null (attaching is refused).
   */
  blobDir: string | null;
  /** Largest document accepted by attachDocument (GraphQL multipart upload), in bytes. */
  maxDocumentBytes: number;
  /** The pdftotext executable (poppler-utils) that reads the text of PDF documents. */
  pdftotextPath: string;
  /** On SIGTERM/SIGINT, how long requests in flight (exports among them) may run before they are cut off. */
  shutdownTimeoutMs: number;
  /** pino level of the JSON logs: fatal, error, warn, info, debug, trace or silent. */
  logLevel: LogLevel;
  /** When set, /metrics needs it as a bearer token; unset, anyone who reaches the port may scrape. */
  metricsToken: string | null;
  /** Origins (exact, e.g. https://dash.example.org) whose pages may call the API from a browser; none by default. */
  corsOrigins: string[];
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function logLevel(raw: string | undefined): LogLevel {
  if (raw === undefined) return 'info';
  const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
  if (level === undefined)
    throw new ConfigError('ATHAR_LOG_LEVEL', `"${raw}" is not a level; use one of ${LOG_LEVELS.join(', ')}.`);
  return level;
}

function roleList(variable: string, raw: string | undefined): Role[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const role = parseRole(s);
      if (role === null) throw new ConfigError(variable, `"${s}" is not a role; use ${ROLES.join(', ')}.`);
      return role;
    });
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
  ATHAR_JWT_SECRET: string;
  ATHAR_JWT_PUBLIC_KEY_FILE: string;
  ATHAR_JWT_JWKS_FILE: string;
  ATHAR_JWT_ALGORITHMS: string;
  ATHAR_JWT_ISSUER: string;
  ATHAR_JWT_AUDIENCE: string;
  ATHAR_JWT_ROLE_CLAIM: string;
  ATHAR_JWT_CLEARANCE_CLAIM: string;
  ATHAR_JWT_CLOCK_TOLERANCE: string;
  ATHAR_API_KEYS_FILE: string;
  ATHAR_API_KEYS: string;
  ATHAR_MAX_DEPTH: string;
  ATHAR_MAX_ALIASES: string;
  ATHAR_MAX_TOKENS: string;
  ATHAR_MAX_DIRECTIVES: string;
  ATHAR_MAX_COST: string;
  ATHAR_MAX_STRING_LENGTH: string;
  ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: string;
  ATHAR_RATE_WRITES_PER_MINUTE: string;
  ATHAR_RATE_WRITES_PER_ADDRESS_PER_MINUTE: string;
  ATHAR_TRUST_PROXY: string;
  ATHAR_INTROSPECTION: string;
  ATHAR_CHROMIUM_PATH: string;
  ATHAR_EXPORT_DIR: string;
  ATHAR_EXPORT_TTL_HOURS: string;
  ATHAR_BLOB_DIR: string;
  ATHAR_MAX_DOCUMENT_BYTES: string;
  ATHAR_PDFTOTEXT_PATH: string;
  ATHAR_SHUTDOWN_TIMEOUT_MS: string;
  ATHAR_LOG_LEVEL: string;
  ATHAR_INTROSPECTION_ROLES: string;
  ATHAR_NEO4J_CONNECT_TIMEOUT_MS: string;
  ATHAR_NEO4J_RETRY_TIME_MS: string;
  ATHAR_IMPORT_BATCH_SIZE: string;
  ATHAR_METRICS_TOKEN: string;
  ATHAR_CORS_ORIGINS: string;
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

/** Largest document attachDocument accepts unless ATHAR_MAX_DOCUMENT_BYTES says otherwise: 100 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

function blobDir(raw: string | undefined, store: StoreConfig): string | null {
  if (raw !== undefined && raw.trim() !== '') return path.resolve(raw);
  return store.kind === 'embedded' ? path.join(store.dataDir, 'blobs') : null;
}

function flag(variable: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(variable, `"${raw}" is not a boolean; use true or false.`);
}

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Milliseconds a stopping server waits for requests in flight (a PDF export takes a few seconds). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Absolute only: the server must not run whatever "chromium" a changed PATH or working directory finds. */
function chromiumPath(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_CHROMIUM_PATH;
  if (!path.isAbsolute(raw)) {
    throw new ConfigError(
      'ATHAR_CHROMIUM_PATH',
      `"${raw}" is not an absolute path; use e.g. ${DEFAULT_CHROMIUM_PATH}.`,
    );
  }
  return path.normalize(raw);
}

type Getter = (key: keyof ConfigInput) => string | undefined;

/** Runs a parse step, turning its complaint into a ConfigError that names the variable. */
function checked<T>(variable: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof AuthConfigProblem) throw new ConfigError(variable, error.message);
    throw error;
  }
}

function readFile(variable: string, file: string): string {
  try {
    return fs.readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

function list(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 0 ? null : items;
}

function loadJwt(get: Getter): JwtConfig | null {
  const sources = (['ATHAR_JWT_SECRET', 'ATHAR_JWT_PUBLIC_KEY_FILE', 'ATHAR_JWT_JWKS_FILE'] as const).filter(
    (key) => get(key) !== undefined,
  );
  if (sources.length > 1) {
    throw new ConfigError(sources[1]!, `set only one of ${sources.join(' and ')}: one way to check tokens.`);
  }
  const rawAlgorithms = get('ATHAR_JWT_ALGORITHMS');
  const requested: JwtAlgorithm[] | null =
    rawAlgorithms === undefined ? null : checked('ATHAR_JWT_ALGORITHMS', () => parseAlgorithms(rawAlgorithms));
  const source = sources[0];
  if (source === undefined) {
    const stray = (
      [
        'ATHAR_JWT_ALGORITHMS',
        'ATHAR_JWT_ISSUER',
        'ATHAR_JWT_AUDIENCE',
        'ATHAR_JWT_ROLE_CLAIM',
        'ATHAR_JWT_CLEARANCE_CLAIM',
        'ATHAR_JWT_CLOCK_TOLERANCE',
      ] as const
    ).find((key) => get(key) !== undefined);
    if (stray !== undefined) {
      throw new ConfigError(
        stray,
        'is set but no key is: set ATHAR_JWT_SECRET, ATHAR_JWT_PUBLIC_KEY_FILE or ATHAR_JWT_JWKS_FILE.',
      );
    }
    return null;
  }

  let key: JwtConfig['key'];
  let algorithms: JwtAlgorithm[];
  switch (source) {
    case 'ATHAR_JWT_SECRET': {
      const secret = new TextEncoder().encode(get(source));
      algorithms = checked(source, () => checkSecret(secret, requested));
      key = { kind: 'secret', secret };
      break;
    }
    case 'ATHAR_JWT_PUBLIC_KEY_FILE': {
      const pem = readFile(source, get(source)!);
      const parsed = checked(source, () => parsePublicKey(pem, requested));
      key = { kind: 'public-key', key: parsed.key };
      algorithms = parsed.algorithms;
      break;
    }
    case 'ATHAR_JWT_JWKS_FILE': {
      const raw = readFile(source, get(source)!);
      const parsed = checked(source, () => parseJwks(raw, requested));
      key = { kind: 'jwks', jwks: parsed.jwks };
      algorithms = parsed.algorithms;
      break;
    }
  }

  const claimName = (variable: 'ATHAR_JWT_ROLE_CLAIM' | 'ATHAR_JWT_CLEARANCE_CLAIM', fallback: string): string => {
    const name = get(variable) ?? fallback;
    if (name.length > 200 || /\s/.test(name)) throw new ConfigError(variable, `"${name}" is not a claim name.`);
    return name;
  };
  const roleClaim = claimName('ATHAR_JWT_ROLE_CLAIM', DEFAULT_ROLE_CLAIM);
  const clearanceClaim = claimName('ATHAR_JWT_CLEARANCE_CLAIM', DEFAULT_CLEARANCE_CLAIM);
  if (roleClaim === clearanceClaim) {
    throw new ConfigError('ATHAR_JWT_CLEARANCE_CLAIM', 'must differ from ATHAR_JWT_ROLE_CLAIM.');
  }
  return {
    key,
    algorithms,
    issuer: list(get('ATHAR_JWT_ISSUER')),
    audience: list(get('ATHAR_JWT_AUDIENCE')),
    roleClaim,
    clearanceClaim,
    clockToleranceSeconds: integer('ATHAR_JWT_CLOCK_TOLERANCE', get('ATHAR_JWT_CLOCK_TOLERANCE'), 30, 0, 300),
  };
}

function loadAuth(get: Getter): AuthConfig {
  const jwt = loadJwt(get);
  const file = get('ATHAR_API_KEYS_FILE');
  const inline = get('ATHAR_API_KEYS');
  if (file !== undefined && inline !== undefined) {
    throw new ConfigError('ATHAR_API_KEYS', 'set only one of ATHAR_API_KEYS and ATHAR_API_KEYS_FILE.');
  }
  const apiKeys =
    file !== undefined
      ? checked('ATHAR_API_KEYS_FILE', () => parseApiKeys(readFile('ATHAR_API_KEYS_FILE', file)))
      : inline !== undefined
        ? checked('ATHAR_API_KEYS', () => parseApiKeys(inline))
        : [];
  return { jwt, apiKeys };
}

function loadLimits(get: Getter): LimitsConfig {
  const limit = (variable: keyof ConfigInput, fallback: number, min: number, max: number): number =>
    integer(variable, get(variable), fallback, min, max);
  return {
    maxDepth: limit('ATHAR_MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 2, 100),
    maxAliases: limit('ATHAR_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0, 1000),
    maxTokens: limit('ATHAR_MAX_TOKENS', DEFAULT_LIMITS.maxTokens, 100, 100_000),
    maxDirectives: limit('ATHAR_MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives, 0, 1000),
    maxCost: limit('ATHAR_MAX_COST', DEFAULT_LIMITS.maxCost, 100, 100_000_000),
    maxStringLength: limit('ATHAR_MAX_STRING_LENGTH', DEFAULT_LIMITS.maxStringLength, 100, 10_000_000),
  };
}

function loadRateLimits(get: Getter): RateLimitConfig {
  const perMinute = (variable: keyof ConfigInput, fallback: number): number =>
    integer(variable, get(variable), fallback, 0, 1_000_000);
  return {
    authFailuresPerMinute: perMinute('ATHAR_RATE_AUTH_FAILURES_PER_MINUTE', DEFAULT_RATE_LIMITS.authFailuresPerMinute),
    writesPerMinute: perMinute('ATHAR_RATE_WRITES_PER_MINUTE', DEFAULT_RATE_LIMITS.writesPerMinute),
    writesPerAddressPerMinute: perMinute(
      'ATHAR_RATE_WRITES_PER_ADDRESS_PER_MINUTE',
      DEFAULT_RATE_LIMITS.writesPerAddressPerMinute,
    ),
  };
}

/** Exact origins, comma-separated: scheme://host[:port], no path, no `*`. */
function corsOrigins(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const parsed = parseCorsOrigins(raw);
  if ('bad' in parsed) {
    throw new ConfigError(
      'ATHAR_CORS_ORIGINS',
      `"${parsed.bad}" is not an origin; list exact origins such as https://dash.example.org (no path, no *).`,
    );
  }
  return parsed.origins;
}

/** false/off (the default) or 0: no proxy; true/on: one; a number: that many proxies in a chain. */
function trustProxy(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (/^\d+$/.test(raw)) return integer('ATHAR_TRUST_PROXY', raw, 0, 0, 10);
  try {
    return flag('ATHAR_TRUST_PROXY', raw, false) ? 1 : 0;
  } catch {
    throw new ConfigError(
      'ATHAR_TRUST_PROXY',
      `"${raw}" is neither a boolean nor a number of proxies; use false (no proxy), true (one proxy) or e.g. 2.`,
    );
  }
}

/**
 * The one place configuration is read and checked. Explicit values win over
 * the environment; anything invalid stops start-up with a message naming the
 * variable.
 */
export function loadConfig(explicit: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const get: Getter = (key) => blankToUndefined(explicit[key] ?? env[key]);

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
    store = {
      kind: 'neo4j',
      uri,
      user,
      password,
      database,
      connectionTimeoutMs: integer(
        'ATHAR_NEO4J_CONNECT_TIMEOUT_MS',
        get('ATHAR_NEO4J_CONNECT_TIMEOUT_MS'),
        5000,
        100,
        120_000,
      ),
      maxRetryTimeMs: integer('ATHAR_NEO4J_RETRY_TIME_MS', get('ATHAR_NEO4J_RETRY_TIME_MS'), 5000, 0, 120_000),
      importBatchSize: integer('ATHAR_IMPORT_BATCH_SIZE', get('ATHAR_IMPORT_BATCH_SIZE'), 5000, 1, 100_000),
    };
  } else {
    store = { kind: 'embedded', dataDir: path.resolve(get('ATHAR_DATA_DIR') ?? 'data') };
  }

  const development = nodeEnv === 'development';
  return {
    port,
    development,
    store,
    seedOnFirstStart: flag('ATHAR_SEED', get('ATHAR_SEED'), true),
    maxPageSize,
    auth: loadAuth(get),
    limits: loadLimits(get),
    rateLimits: loadRateLimits(get),
    trustProxy: trustProxy(get('ATHAR_TRUST_PROXY')),
    introspection: flag('ATHAR_INTROSPECTION', get('ATHAR_INTROSPECTION'), development),
    introspectionRoles: roleList('ATHAR_INTROSPECTION_ROLES', get('ATHAR_INTROSPECTION_ROLES')),
    chromiumPath: chromiumPath(get('ATHAR_CHROMIUM_PATH')),
    exportDir: path.resolve(
      get('ATHAR_EXPORT_DIR') ?? (store.kind === 'embedded' ? path.join(store.dataDir, 'exports') : 'exports'),
    ),
    exportTtlHours: integer(
      'ATHAR_EXPORT_TTL_HOURS',
      get('ATHAR_EXPORT_TTL_HOURS'),
      DEFAULT_EXPORT_TTL_HOURS,
      1,
      24 * 366,
    ),
    blobDir: blobDir(get('ATHAR_BLOB_DIR'), store),
    maxDocumentBytes: integer(
      'ATHAR_MAX_DOCUMENT_BYTES',
      get('ATHAR_MAX_DOCUMENT_BYTES'),
      DEFAULT_MAX_DOCUMENT_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    pdftotextPath: get('ATHAR_PDFTOTEXT_PATH') ?? 'pdftotext',
    shutdownTimeoutMs: integer(
      'ATHAR_SHUTDOWN_TIMEOUT_MS',
      get('ATHAR_SHUTDOWN_TIMEOUT_MS'),
      DEFAULT_SHUTDOWN_TIMEOUT_MS,
      0,
      600_000,
    ),
    logLevel: logLevel(get('ATHAR_LOG_LEVEL')),
    metricsToken: get('ATHAR_METRICS_TOKEN') ?? null,
    corsOrigins: corsOrigins(get('ATHAR_CORS_ORIGINS')),
  };
}
