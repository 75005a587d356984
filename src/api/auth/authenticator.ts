import crypto from 'node:crypto';
import { createLocalJWKSet, errors as jose, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { UnauthenticatedError } from '../../domain/errors';
import type { ApiKeyConfig, AuthConfig, JwtConfig } from './auth.config';
import {
  ANONYMOUS,
  capClearance,
  defaultClearance,
  parseAccessLevel,
  parseRole,
  Role,
  roleRank,
  ROLES,
  type Viewer,
} from '../../policy/viewer';

export interface Authenticator {
  /**
   * The viewer for a request's credential: none is the anonymous viewer; one
   * that cannot be accepted throws UnauthenticatedError, never a downgrade to
   * anonymous.
   *
   * @param authorization the Authorization header: `Bearer <jwt>` or `Bearer ak_<id>_<secret>`
   * @param apiKey the X-Api-Key header, the other way to send an API key
   */
  authenticate(authorization: string | undefined, apiKey?: string | undefined): Promise<Viewer>;
}

export const API_KEY_PATTERN = /^ak_([a-z0-9]{2,32})_([A-Za-z0-9_-]{16,256})$/;

export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  const verifyJwt = config.jwt ? jwtVerifier(config.jwt) : null;
  const checkApiKey = apiKeyChecker(config.apiKeys);

  return {
    async authenticate(authorization, apiKey) {
      const bearer = blankToUndefined(authorization);
      const key = blankToUndefined(apiKey);
      if (bearer !== undefined && key !== undefined) {
        throw new UnauthenticatedError(
          'Send one credential: an Authorization header or an X-Api-Key header, not both.',
        );
      }
      if (key !== undefined) return checkApiKey(key);
      if (bearer === undefined) return ANONYMOUS;

      const match = /^Bearer\s+(\S+)$/i.exec(bearer);
      if (!match) {
        const scheme = bearer.split(/\s+/)[0] ?? '';
        throw new UnauthenticatedError(
          `The Authorization header must be "Bearer <token>"${
            scheme && !/^Bearer$/i.test(scheme) ? `; the "${scheme.slice(0, 20)}" scheme is not accepted` : ''
          }. Send a JWT or an API key (ak_...), or no header for public access.`,
        );
      }
      const token = match[1]!;
      if (token.startsWith('ak_')) return checkApiKey(token);
      if (verifyJwt === null) {
        throw new UnauthenticatedError(
          'This server accepts no bearer JWTs; send an API key (ak_...), or no Authorization header for public access.',
        );
      }
      return verifyJwt(token);
    },
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function jwtVerifier(config: JwtConfig): (token: string) => Promise<Viewer> {
  const options: JWTVerifyOptions = {
    algorithms: [...config.algorithms],
    clockTolerance: config.clockToleranceSeconds,
    // A token without an expiry would be good forever once leaked.
    requiredClaims: ['exp'],
    ...(config.issuer ? { issuer: [...config.issuer] } : {}),
    ...(config.audience ? { audience: [...config.audience] } : {}),
  };
  const verify = (() => {
    switch (config.key.kind) {
      case 'secret': {
        const secret = config.key.secret;
        return (token: string) => jwtVerify(token, secret, options);
      }
      case 'public-key': {
        const key = config.key.key;
        return (token: string) => jwtVerify(token, key, options);
      }
      case 'jwks': {
        const keySet = createLocalJWKSet(config.key.jwks);
        return (token: string) => jwtVerify(token, keySet, options);
      }
    }
  })();

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await verify(token));
    } catch (error) {
      throw new UnauthenticatedError(explainJwtFailure(error, config));
    }
    return viewerFromClaims(payload, config);
  };
}

/** A message that says what to fix, without echoing the token or the server's keys. */
export function explainJwtFailure(error: unknown, config: JwtConfig): string {
  if (error instanceof jose.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? ` at ${new Date(error.payload.exp * 1000).toISOString()}` : '';
    return `The bearer token expired${exp}; get a new one.`;
  }
  if (error instanceof jose.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return `The bearer token was issued by an issuer this server does not accept; it accepts tokens from ${config.issuer?.join(', ') ?? 'any issuer'}.`;
      case 'aud':
        return `The bearer token is meant for another audience; this server accepts aud ${config.audience?.join(', ') ?? 'of any value'}.`;
      case 'nbf':
        return 'The bearer token is not valid yet (nbf is in the future); check the clock of the machine that issued it.';
      case 'iat':
        return 'The bearer token was issued in the future (iat); check the clock of the machine that issued it.';
      case 'exp':
        return 'The bearer token has no valid expiry (exp); tokens must expire.';
      default:
        return `The bearer token's "${error.claim}" claim is invalid: ${error.reason}.`;
    }
  }
  if (error instanceof jose.JOSEAlgNotAllowed) {
    return `The bearer token is signed with an algorithm this server does not accept; use ${config.algorithms.join(', ')}.`;
  }
  if (error instanceof jose.JWSSignatureVerificationFailed) {
    return "The bearer token's signature does not verify: it was not signed by a key this server trusts.";
  }
  if (error instanceof jose.JWKSNoMatchingKey) {
    return "No key this server trusts matches the bearer token's kid and alg; it was signed by an unknown key.";
  }
  if (error instanceof jose.JWKSMultipleMatchingKeys) {
    return 'The bearer token names no kid and several trusted keys could verify it; the issuer must set kid.';
  }
  if (error instanceof jose.JOSENotSupported) {
    return `The bearer token uses a signing method this server does not support; use ${config.algorithms.join(', ')}.`;
  }
  if (error instanceof jose.JOSEError) {
    return 'The bearer token is not a well-formed signed JWT (header.payload.signature, base64url, with a JSON claims set).';
  }
  // Not a token problem (a bug or a broken key): let it surface as an internal error rather than blame the client.
  throw error;
}

function viewerFromClaims(payload: JWTPayload, config: JwtConfig): Viewer {
  const role = roleFromClaim(payload[config.roleClaim], config.roleClaim);
  const rawClearance = payload[config.clearanceClaim];
  let clearance = defaultClearance(role);
  if (rawClearance !== undefined && rawClearance !== null) {
    const parsed = typeof rawClearance === 'string' ? parseAccessLevel(rawClearance) : null;
    if (parsed === null) {
      throw new UnauthenticatedError(
        `The bearer token's "${config.clearanceClaim}" claim must be PUBLIC, RESTRICTED or CONFIDENTIAL; ask its issuer to fix it.`,
      );
    }
    // A token may narrow what its role reads, never widen it.
    clearance = capClearance(role, parsed);
  }
  const subject = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  return Object.freeze({ role, clearance, subject, via: 'jwt' });
}

function roleFromClaim(value: unknown, claim: string): Role {
  const expected = `one of ${ROLES.join(', ')}`;
  if (value === undefined || value === null) {
    throw new UnauthenticatedError(
      `The bearer token has no "${claim}" claim; ask its issuer to include it, with ${expected}.`,
    );
  }
  if (typeof value === 'string') {
    const role = parseRole(value);
    if (role === null) {
      throw new UnauthenticatedError(`The bearer token's "${claim}" claim must be ${expected}.`);
    }
    return role;
  }
  if (Array.isArray(value)) {
    // Identity providers put unrelated roles in the same list; the highest of ours counts.
    const ours = value
      .filter((item): item is string => typeof item === 'string')
      .map(parseRole)
      .filter((role): role is Role => role !== null);
    if (ours.length === 0) {
      throw new UnauthenticatedError(`The bearer token's "${claim}" claim names none of ${ROLES.join(', ')}.`);
    }
    return ours.reduce((best, role) => (roleRank(role) > roleRank(best) ? role : best));
  }
  throw new UnauthenticatedError(
    `The bearer token's "${claim}" claim must be a string (or a list of strings), ${expected}.`,
  );
}

const INVALID_API_KEY =
  'The API key is not valid: it is unknown or has been revoked. Ask an administrator for a new one.';

function apiKeyChecker(keys: readonly ApiKeyConfig[]): (presented: string) => Viewer {
  const byId = new Map(keys.map((key) => [key.id, key]));
  // Compared against when the id is unknown, so that unknown and wrong keys take the same time.
  const decoy = crypto.randomBytes(32);

  return (presented) => {
    const match = API_KEY_PATTERN.exec(presented);
    if (!match) {
      throw new UnauthenticatedError('The API key is malformed; API keys look like ak_<id>_<secret>.');
    }
    const record = byId.get(match[1]!);
    const expected = record ? Buffer.from(record.sha256, 'hex') : decoy;
    const actual = crypto.createHash('sha256').update(presented, 'utf8').digest();
    const equal = crypto.timingSafeEqual(actual, expected);
    if (!record || !equal) throw new UnauthenticatedError(INVALID_API_KEY);
    return Object.freeze({ role: record.role, clearance: record.clearance, subject: record.name, via: 'api-key' });
  };
}
