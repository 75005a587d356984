import crypto from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { ErrorCode, UnauthenticatedError } from '../../domain/errors';
import type { ApiKeyConfig, AuthConfig, JwtConfig } from './auth.config';
import { NO_AUTH, parseJwks, parsePublicKey } from './auth.config';
import { createAuthenticator, sha256Hex } from './authenticator';
import { AccessLevel, ANONYMOUS, Role } from '../../policy/viewer';

const SECRET = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes-long!');

function hsConfig(overrides: Partial<JwtConfig> = {}): AuthConfig {
  return {
    jwt: {
      key: { kind: 'secret', secret: SECRET },
      algorithms: ['HS256'],
      issuer: null,
      audience: null,
      roleClaim: 'athar_role',
      clearanceClaim: 'athar_clearance',
      clockToleranceSeconds: 5,
      ...overrides,
    },
    apiKeys: [],
  };
}

async function hsToken(
  claims: JWTPayload,
  options: { secret?: Uint8Array; expiresIn?: string | number; alg?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(options.secret ?? SECRET);
}

/** Rejects with UnauthenticatedError; returns its message for checking what it tells the client. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((error as UnauthenticatedError).code).toBe(ErrorCode.UNAUTHENTICATED);
    return (error as Error).message;
  }
  throw new Error('expected the credential to be refused');
}

describe('createAuthenticator', () => {
  describe('without a credential', () => {
    it('is the anonymous public viewer', async () => {
      const auth = createAuthenticator(hsConfig());
      await expect(auth.authenticate(undefined)).resolves.toBe(ANONYMOUS);
      await expect(auth.authenticate('  ', '')).resolves.toBe(ANONYMOUS);
      expect(Object.isFrozen(ANONYMOUS)).toBe(true);
    });

    it('refuses other schemes and mangled headers, saying how to send a token', async () => {
      const auth = createAuthenticator(hsConfig());
      expect(await refusal(auth.authenticate('Basic dXNlcjpwYXNz'))).toMatch(/Bearer <token>.*"Basic" scheme/);
      expect(await refusal(auth.authenticate('Bearer'))).toMatch(/Bearer <token>/);
      expect(await refusal(auth.authenticate('Bearer a b'))).toMatch(/Bearer <token>/);
    });

    it('refuses two credentials at once', async () => {
      const auth = createAuthenticator(hsConfig());
      expect(await refusal(auth.authenticate('Bearer x.y.z', 'ak_ab_cdefghijklmnopqrstuv'))).toMatch(/not both/);
    });
  });

  describe('HS256 tokens', () => {
    it('accepts a good token: role and default clearance from the claims, subject from sub', async () => {
      const auth = createAuthenticator(hsConfig());
      const token = await hsToken({ sub: 'analyst@example.org', athar_role: 'ANALYST' });
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toEqual({
        role: Role.ANALYST,
        clearance: AccessLevel.RESTRICTED,
        subject: 'analyst@example.org',
        via: 'jwt',
      });
    });

    it('reads the role from a configured claim, also from a list, taking the highest of ours', async () => {
      const auth = createAuthenticator(hsConfig({ roleClaim: 'roles' }));
      const token = await hsToken({ sub: 'u1', roles: ['offline_access', 'analyst', 'LEGAL'] });
      const viewer = await auth.authenticate(`bearer ${token}`);
      expect(viewer.role).toBe(Role.LEGAL);
      expect(viewer.clearance).toBe(AccessLevel.CONFIDENTIAL);
    });

    it('lets a token narrow its clearance but caps it at the role maximum', async () => {
      const auth = createAuthenticator(hsConfig());
      const narrowed = await hsToken({ athar_role: 'LEGAL', athar_clearance: 'PUBLIC' });
      expect((await auth.authenticate(`Bearer ${narrowed}`)).clearance).toBe(AccessLevel.PUBLIC);
      const widened = await hsToken({ athar_role: 'ANALYST', athar_clearance: 'CONFIDENTIAL' });
      expect(await auth.authenticate(`Bearer ${widened}`)).toMatchObject({
        role: Role.ANALYST,
        clearance: AccessLevel.RESTRICTED,
      });
      const publicWidened = await hsToken({ athar_role: 'PUBLIC', athar_clearance: 'CONFIDENTIAL' });
      expect((await auth.authenticate(`Bearer ${publicWidened}`)).clearance).toBe(AccessLevel.PUBLIC);
    });

    it('refuses an unknown clearance', async () => {
      const auth = createAuthenticator(hsConfig());
      const token = await hsToken({ athar_role: 'ANALYST', athar_clearance: 'TOP_SECRET' });
      expect(await refusal(auth.authenticate(`Bearer ${token}`))).toMatch(
        /athar_clearance.*PUBLIC, RESTRICTED or CONFIDENTIAL/,
      );
    });

    it('refuses an expired token, saying when it expired', async () => {
      const auth = createAuthenticator(hsConfig());
      const token = await hsToken({ athar_role: 'ANALYST' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      expect(await refusal(auth.authenticate(`Bearer ${token}`))).toMatch(/expired at \d{4}-.*get a new one/);
    });

    it('tolerates a few seconds of clock skew', async () => {
      const auth = createAuthenticator(hsConfig({ clockToleranceSeconds: 30 }));
      const token = await hsToken({ athar_role: 'ANALYST' }, { expiresIn: Math.floor(Date.now() / 1000) - 5 });
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ role: Role.ANALYST });
    });

    it('refuses a token without an expiry', async () => {
      const auth = createAuthenticator(hsConfig());
      const token = await new SignJWT({ athar_role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
      expect(await refusal(auth.authenticate(`Bearer ${token}`))).toMatch(/exp/);
    });

    it('refuses a token signed with another secret', async () => {
      const auth = createAuthenticator(hsConfig());
      const token = await hsToken(
        { athar_role: 'ADMIN' },
        { secret: new TextEncoder().encode('another-secret-of-at-least-32-bytes!!') },
      );
      expect(await refusal(auth.authenticate(`Bearer ${token}`))).toMatch(/signature does not verify/);
    });

    it('refuses an unsigned token (alg none) and another algorithm', async () => {
      const auth = createAuthenticator(hsConfig());
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const exp = Math.floor(Date.now() / 1000) + 600;
      const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ athar_role: 'ADMIN', exp })}.`;
      expect(await refusal(auth.authenticate(`Bearer ${unsigned}`))).toMatch(/algorithm.*HS256/);
      const hs512 = await hsToken({ athar_role: 'ADMIN' }, { alg: 'HS512', secret: new Uint8Array(64).fill(7) });
      expect(await refusal(auth.authenticate(`Bearer ${hs512}`))).toMatch(
        /algorithm this server does not accept; use HS256/,
      );
    });

    it('refuses a token whose role claim is missing, unknown or not a string', async () => {
      const auth = createAuthenticator(hsConfig());
      expect(await refusal(auth.authenticate(`Bearer ${await hsToken({ sub: 'x' })}`))).toMatch(
        /no "athar_role" claim.*PUBLIC, ANALYST, LEGAL, ADMIN/,
      );
      expect(await refusal(auth.authenticate(`Bearer ${await hsToken({ athar_role: 'ROOT' })}`))).toMatch(
        /"athar_role" claim must be one of/,
      );
      expect(await refusal(auth.authenticate(`Bearer ${await hsToken({ athar_role: 7 })}`))).toMatch(
        /must be a string/,
      );
      expect(await refusal(auth.authenticate(`Bearer ${await hsToken({ athar_role: ['editor'] })}`))).toMatch(
        /names none of/,
      );
    });

    it('checks the issuer and audience when configured', async () => {
      const auth = createAuthenticator(hsConfig({ issuer: ['https://id.example.org'], audience: ['athar'] }));
      const good = await hsToken({ athar_role: 'ANALYST', iss: 'https://id.example.org', aud: 'athar' });
      await expect(auth.authenticate(`Bearer ${good}`)).resolves.toMatchObject({ role: Role.ANALYST });
      const wrongIssuer = await hsToken({ athar_role: 'ANALYST', iss: 'https://evil.example', aud: 'athar' });
      expect(await refusal(auth.authenticate(`Bearer ${wrongIssuer}`))).toMatch(/issuer.*https:\/\/id\.example\.org/);
      const wrongAudience = await hsToken({ athar_role: 'ANALYST', iss: 'https://id.example.org', aud: 'other' });
      expect(await refusal(auth.authenticate(`Bearer ${wrongAudience}`))).toMatch(/another audience/);
    });

    it('refuses garbage without echoing it', async () => {
      const auth = createAuthenticator(hsConfig());
      const message = await refusal(auth.authenticate('Bearer not-a-jwt-SECRETSTUFF'));
      expect(message).toMatch(/not a well-formed signed JWT/);
      expect(message).not.toContain('SECRETSTUFF');
    });

    it('refuses bearer JWTs when none are configured, rather than treating them as anonymous', async () => {
      const auth = createAuthenticator(NO_AUTH);
      const token = await hsToken({ athar_role: 'ANALYST' });
      expect(await refusal(auth.authenticate(`Bearer ${token}`))).toMatch(/accepts no bearer JWTs/);
    });
  });

  describe('asymmetric tokens', () => {
    async function pair(
      alg: 'RS256' | 'ES256',
    ): Promise<{ privateKey: KeyLike; publicPem: string; publicKey: KeyLike }> {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      return { privateKey, publicKey, publicPem: await exportSPKI(publicKey) };
    }

    function configFor(key: JwtConfig['key'], algorithms: JwtConfig['algorithms']): AuthConfig {
      return { jwt: { ...hsConfig().jwt!, key, algorithms }, apiKeys: [] };
    }

    it.each(['RS256', 'ES256'] as const)('accepts %s tokens verified with a PEM public key', async (alg) => {
      const { privateKey, publicPem } = await pair(alg);
      const parsed = parsePublicKey(publicPem, null);
      expect(parsed.algorithms).toEqual([alg]);
      const auth = createAuthenticator(configFor({ kind: 'public-key', key: parsed.key }, parsed.algorithms));
      const token = await new SignJWT({ athar_role: 'LEGAL', sub: 'lawyer' })
        .setProtectedHeader({ alg })
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toEqual({
        role: Role.LEGAL,
        clearance: AccessLevel.CONFIDENTIAL,
        subject: 'lawyer',
        via: 'jwt',
      });
    });

    it('refuses a token signed by another key pair', async () => {
      const trusted = await pair('ES256');
      const other = await pair('ES256');
      const parsed = parsePublicKey(trusted.publicPem, null);
      const auth = createAuthenticator(configFor({ kind: 'public-key', key: parsed.key }, parsed.algorithms));
      const token = await new SignJWT({ athar_role: 'ADMIN' })
        .setProtectedHeader({ alg: 'ES256' })
        .setExpirationTime('5m')
        .sign(other.privateKey);
      expect(await refusal(auth.authenticate(`Bearer ${token}`))).toMatch(/signature does not verify/);
    });

    it('refuses an HS256 token forged with the public key as the secret (algorithm confusion)', async () => {
      const { publicPem } = await pair('RS256');
      const parsed = parsePublicKey(publicPem, null);
      const auth = createAuthenticator(configFor({ kind: 'public-key', key: parsed.key }, parsed.algorithms));
      const forged = await hsToken({ athar_role: 'ADMIN' }, { secret: new TextEncoder().encode(publicPem) });
      expect(await refusal(auth.authenticate(`Bearer ${forged}`))).toMatch(
        /algorithm this server does not accept; use RS256/,
      );
    });

    it('picks the key from a local JWKS by kid', async () => {
      const a = await pair('ES256');
      const b = await pair('RS256');
      const jwks = JSON.stringify({
        keys: [
          { ...(await exportJWK(a.publicKey)), kid: 'a', alg: 'ES256' },
          { ...(await exportJWK(b.publicKey)), kid: 'b', alg: 'RS256' },
        ],
      });
      const parsed = parseJwks(jwks, null);
      expect(parsed.algorithms.sort()).toEqual(['ES256', 'RS256']);
      const auth = createAuthenticator(configFor({ kind: 'jwks', jwks: parsed.jwks }, parsed.algorithms));
      const token = await new SignJWT({ athar_role: 'ANALYST' })
        .setProtectedHeader({ alg: 'RS256', kid: 'b' })
        .setExpirationTime('5m')
        .sign(b.privateKey);
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ role: Role.ANALYST });
      const unknownKid = await new SignJWT({ athar_role: 'ANALYST' })
        .setProtectedHeader({ alg: 'RS256', kid: 'c' })
        .setExpirationTime('5m')
        .sign(b.privateKey);
      expect(await refusal(auth.authenticate(`Bearer ${unknownKid}`))).toMatch(/unknown key/);
    });
  });

  describe('API keys', () => {
    const key = 'ak_nightly_' + crypto.randomBytes(32).toString('base64url');
    const record: ApiKeyConfig = {
      id: 'nightly',
      name: 'nightly import',
      role: Role.ANALYST,
      clearance: AccessLevel.PUBLIC,
      sha256: sha256Hex(key),
    };
    const auth = createAuthenticator({ jwt: null, apiKeys: [record] });

    afterEach(() => jest.restoreAllMocks());

    it('accepts a good key in either header, as the key holder', async () => {
      const expected = { role: Role.ANALYST, clearance: AccessLevel.PUBLIC, subject: 'nightly import', via: 'api-key' };
      await expect(auth.authenticate(`Bearer ${key}`)).resolves.toEqual(expected);
      await expect(auth.authenticate(undefined, key)).resolves.toEqual(expected);
    });

    it('refuses a wrong secret and an unknown id with the same message', async () => {
      const wrongSecret = 'ak_nightly_' + crypto.randomBytes(32).toString('base64url');
      const unknownId = 'ak_other_' + key.slice('ak_nightly_'.length);
      const a = await refusal(auth.authenticate(`Bearer ${wrongSecret}`));
      const b = await refusal(auth.authenticate(undefined, unknownId));
      expect(a).toBe(b);
      expect(a).toMatch(/unknown or has been revoked/);
    });

    it('refuses a malformed key, saying what keys look like', async () => {
      expect(await refusal(auth.authenticate(undefined, 'hunter2'))).toMatch(/ak_<id>_<secret>/);
      expect(await refusal(auth.authenticate('Bearer ak_short'))).toMatch(/ak_<id>_<secret>/);
    });

    it('compares hashes in constant time, for known and unknown ids alike', async () => {
      const spy = jest.spyOn(crypto, 'timingSafeEqual');
      await auth.authenticate(undefined, key);
      await refusal(auth.authenticate(undefined, 'ak_nightly_' + 'x'.repeat(43)));
      await refusal(auth.authenticate(undefined, 'ak_nobody_' + 'x'.repeat(43)));
      expect(spy).toHaveBeenCalledTimes(3);
      for (const [a, b] of spy.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
    });
  });
});
