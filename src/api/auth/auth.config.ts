import crypto from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import {
  AccessLevel,
  withinCeiling,
  defaultClearance,
  maxClearance,
  parseAccessLevel,
  parseRole,
  Role,
  ROLES,
} from '../../policy/viewer';

/**
 * How credentials are checked. Built by loadConfig from the environment; the
 * functions here only parse and check what it read, and throw AuthConfigProblem,
 * which loadConfig turns into a ConfigError naming the variable.
 */
export interface AuthConfig {
  /** Null: bearer JWTs are refused (API keys and anonymous access still work). */
  jwt: JwtConfig | null;
  apiKeys: readonly ApiKeyConfig[];
}

export const NO_AUTH: AuthConfig = Object.freeze({ jwt: null, apiKeys: Object.freeze([]) });

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** Every algorithm a token may be signed with. `none` is not among them, and never will be. */
export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export type JwtKey =
  /** A shared secret, for HS256/384/512. */
  | { kind: 'secret'; secret: Uint8Array }
  /** One public key (PEM, SPKI), for the asymmetric algorithms. */
  | { kind: 'public-key'; key: crypto.KeyObject }
  /** A local JSON Web Key Set; keys are picked by the token's `kid` and `alg`. Never fetched over the network. */
  | { kind: 'jwks'; jwks: JSONWebKeySet };

export interface JwtConfig {
  key: JwtKey;
  algorithms: readonly JwtAlgorithm[];
  /** Accepted `iss` values; null accepts any issuer. */
  issuer: readonly string[] | null;
  /** Accepted `aud` values; null accepts any audience. */
  audience: readonly string[] | null;
  /** The claim holding the role: a role name, or an array of names of which the highest known one counts. */
  roleClaim: string;
  /** The optional claim holding the clearance; absent means the role's default. */
  clearanceClaim: string;
  clockToleranceSeconds: number;
}

export interface ApiKeyConfig {
  /** The public part of the key (`ak_<id>_...`), used to find its hash. */
  id: string;
  /** Who or what holds the key; becomes the viewer's subject. */
  name: string;
  role: Role;
  clearance: AccessLevel;
  /** Hex SHA-256 of the whole key. The key itself is never stored. */
  sha256: string;
}

export class AuthConfigProblem extends Error {}

export const DEFAULT_ROLE_CLAIM = 'athar_role';
export const DEFAULT_CLEARANCE_CLAIM = 'athar_clearance';

/** HMAC keys shorter than the hash are brute-forceable offline from any one token (RFC 7518 §3.2). */
function hmacMinBytes(algorithm: JwtAlgorithm): number {
  if (algorithm === 'HS512') return 64;
  if (algorithm === 'HS384') return 48;
  return 32;
}

export function parseAlgorithms(raw: string): JwtAlgorithm[] {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new AuthConfigProblem('name at least one algorithm, e.g. HS256 or RS256,ES256.');
  return names.map((name) => {
    const found = JWT_ALGORITHMS.find((algorithm) => algorithm === name);
    if (found === undefined) {
      throw new AuthConfigProblem(`"${name}" is not a supported algorithm; use some of ${JWT_ALGORITHMS.join(', ')}.`);
    }
    return found;
  });
}

/** Checks an HS secret against the algorithms; returns the algorithms to accept. */
export function checkSecret(secret: Uint8Array, algorithms: readonly JwtAlgorithm[] | null): JwtAlgorithm[] {
  const chosen = algorithms ?? ['HS256'];
  const asymmetric = chosen.filter((algorithm) => !algorithm.startsWith('HS'));
  if (asymmetric.length > 0) {
    throw new AuthConfigProblem(
      `${asymmetric.join(', ')} need a public key, not a shared secret; use HS256, HS384 or HS512 with a secret.`,
    );
  }
  const needed = Math.max(...chosen.map(hmacMinBytes));
  if (secret.length < needed) {
    throw new AuthConfigProblem(
      `the secret is ${secret.length} bytes; ${chosen.join(', ')} need at least ${needed} random bytes ` +
        `(e.g. node -e "console.log(require('crypto').randomBytes(${needed}).toString('base64url'))").`,
    );
  }
  return [...chosen];
}

/** EC curves by Node's name, and the one algorithm each signs with. */
const CURVE_ALGORITHMS: Readonly<Record<string, JwtAlgorithm>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** The algorithms a public key can verify, the first being the default. */
function algorithmsForKey(key: crypto.KeyObject): JwtAlgorithm[] {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
  if (type === 'rsa-pss') return ['PS256', 'PS384', 'PS512'];
  if (type === 'ed25519') return ['EdDSA'];
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '?';
    const algorithm = CURVE_ALGORITHMS[curve];
    if (algorithm === undefined) {
      throw new AuthConfigProblem(`the EC curve ${curve} is not supported; use P-256, P-384 or P-521.`);
    }
    return [algorithm];
  }
  throw new AuthConfigProblem(`a ${type ?? 'unknown'} key cannot verify tokens; use an RSA, EC or Ed25519 public key.`);
}

/** Parses a PEM public key (SPKI); returns the key and the algorithms to accept. */
export function parsePublicKey(
  pem: string,
  algorithms: readonly JwtAlgorithm[] | null,
): { key: crypto.KeyObject; algorithms: JwtAlgorithm[] } {
  if (/PRIVATE KEY-----/.test(pem)) {
    throw new AuthConfigProblem(
      'this is a private key; give the public key only (openssl pkey -in key.pem -pubout). ' +
        'The private key must never be on the API server.',
    );
  }
  if (/BEGIN CERTIFICATE/.test(pem)) {
    throw new AuthConfigProblem(
      'this is a certificate; give its public key (openssl x509 -in cert.pem -pubkey -noout).',
    );
  }
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) {
    throw new AuthConfigProblem('expected a PEM public key starting with -----BEGIN PUBLIC KEY-----.');
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new AuthConfigProblem(`the public key cannot be read (${(error as Error).message}).`);
  }
  const possible = algorithmsForKey(key);
  return { key, algorithms: pickAlgorithms(possible, algorithms, 'this key') };
}

function pickAlgorithms(
  possible: readonly JwtAlgorithm[],
  requested: readonly JwtAlgorithm[] | null,
  what: string,
): JwtAlgorithm[] {
  if (requested === null) return [possible[0]!];
  const unusable = requested.filter((algorithm) => !possible.includes(algorithm));
  if (unusable.length > 0) {
    throw new AuthConfigProblem(`${what} cannot verify ${unusable.join(', ')}; it can verify ${possible.join(', ')}.`);
  }
  return [...requested];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Members that only private or secret JWKs have. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/** Parses a JSON Web Key Set of public keys; returns it and the algorithms to accept. */
export function parseJwks(
  raw: string,
  algorithms: readonly JwtAlgorithm[] | null,
): { jwks: JSONWebKeySet; algorithms: JwtAlgorithm[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new AuthConfigProblem(`the key set is not JSON (${(error as Error).message}).`);
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new AuthConfigProblem('expected a JSON Web Key Set: {"keys": [ ...public keys... ]}.');
  }
  const possible = new Set<JwtAlgorithm>();
  const keys: JWK[] = parsed.keys.map((entry: unknown, i: number) => {
    if (!isRecord(entry) || typeof entry.kty !== 'string') {
      throw new AuthConfigProblem(`keys[${i}] is not a JSON Web Key (it has no "kty").`);
    }
    const secretMembers = PRIVATE_JWK_MEMBERS.filter((member) => member in entry);
    if (secretMembers.length > 0) {
      throw new AuthConfigProblem(
        `keys[${i}] holds private or secret material (${secretMembers.join(', ')}); publish public keys only.`,
      );
    }
    let key: crypto.KeyObject;
    try {
      key = crypto.createPublicKey({ key: entry as crypto.JsonWebKey, format: 'jwk' });
    } catch (error) {
      throw new AuthConfigProblem(`keys[${i}] cannot be read (${(error as Error).message}).`);
    }
    const forKey = algorithmsForKey(key);
    const declared = typeof entry.alg === 'string' ? entry.alg : null;
    if (declared !== null) {
      const found = forKey.find((algorithm) => algorithm === declared);
      if (found === undefined)
        throw new AuthConfigProblem(`keys[${i}] declares alg ${declared}, which it cannot verify.`);
      possible.add(found);
    } else {
      forKey.forEach((algorithm) => possible.add(algorithm));
    }
    return { ...entry, kty: entry.kty } as JWK;
  });
  const defaults = [...possible].filter((algorithm) =>
    ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA'].includes(algorithm),
  );
  if (algorithms === null) {
    if (defaults.length === 0) {
      throw new AuthConfigProblem(
        `name the algorithms to accept; this key set can verify ${[...possible].join(', ')}.`,
      );
    }
    return { jwks: { keys }, algorithms: defaults };
  }
  return { jwks: { keys }, algorithms: pickAlgorithms([...possible], algorithms, 'this key set') };
}

const API_KEY_ID = /^[a-z0-9]{2,32}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Parses the API key list: a JSON array of {id, name, role, clearance?, sha256}.
 * A list that holds a plaintext key is refused, so one is never left lying in a config file.
 */
export function parseApiKeys(raw: string): ApiKeyConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new AuthConfigProblem(`the API key list is not JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(parsed)) {
    throw new AuthConfigProblem(
      'expected a JSON array of {"id", "name", "role", "clearance"?, "sha256"}; run npm run api-key to make one.',
    );
  }
  const seen = new Set<string>();
  return parsed.map((entry: unknown, i: number): ApiKeyConfig => {
    const at = `API key [${i}]`;
    if (!isRecord(entry)) throw new AuthConfigProblem(`${at} is not an object.`);
    const plaintext = ['key', 'secret', 'apiKey', 'token'].filter((member) => member in entry);
    if (plaintext.length > 0) {
      throw new AuthConfigProblem(`${at} has a "${plaintext[0]}" member; store only the key's sha256, never the key.`);
    }
    const { id, name, role, clearance, sha256 } = entry;
    if (typeof id !== 'string' || !API_KEY_ID.test(id)) {
      throw new AuthConfigProblem(`${at}: "id" must be 2-32 lower-case letters and digits.`);
    }
    if (seen.has(id)) throw new AuthConfigProblem(`${at}: the id "${id}" is used twice.`);
    seen.add(id);
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
      throw new AuthConfigProblem(`${at} (${id}): "name" must say who holds the key, in at most 100 characters.`);
    }
    const parsedRole = typeof role === 'string' ? parseRole(role) : null;
    if (parsedRole === null) {
      throw new AuthConfigProblem(`${at} (${id}): "role" must be one of ${ROLES.join(', ')}.`);
    }
    let level = defaultClearance(parsedRole);
    if (clearance !== undefined && clearance !== null) {
      const parsedLevel = typeof clearance === 'string' ? parseAccessLevel(clearance) : null;
      if (parsedLevel === null) {
        throw new AuthConfigProblem(`${at} (${id}): "clearance" must be PUBLIC, RESTRICTED or CONFIDENTIAL.`);
      }
      if (!withinCeiling(parsedRole, parsedLevel)) {
        throw new AuthConfigProblem(
          `${at} (${id}): a ${parsedRole} may hold at most ${maxClearance(parsedRole)} clearance, not ${parsedLevel}.`,
        );
      }
      level = parsedLevel;
    }
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256.toLowerCase())) {
      throw new AuthConfigProblem(`${at} (${id}): "sha256" must be the 64 hex digits of the key's SHA-256.`);
    }
    return { id, name: name.trim(), role: parsedRole, clearance: level, sha256: sha256.toLowerCase() };
  });
}

/** One line for the start-up log: how requests will be authenticated (never any key material). */
export function describeAuth(config: AuthConfig): string {
  const parts: string[] = [];
  if (config.jwt) {
    const how = { secret: 'a shared secret', 'public-key': 'a public key', jwks: 'a local key set' }[
      config.jwt.key.kind
    ];
    parts.push(`bearer JWTs (${config.jwt.algorithms.join(', ')}, checked with ${how})`);
  }
  if (config.apiKeys.length > 0)
    parts.push(`${config.apiKeys.length} API key${config.apiKeys.length === 1 ? '' : 's'}`);
  return parts.length === 0
    ? 'no credentials configured: every request is the anonymous public viewer'
    : `accepts ${parts.join(' and ')}; requests without a credential are the anonymous public viewer`;
}
