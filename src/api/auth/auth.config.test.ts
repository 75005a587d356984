import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, ConfigInput, DEFAULT_LIMITS, loadConfig } from '../../main/config';
import { AccessLevel, Role } from '../../policy/viewer';

const SECRET = 'x'.repeat(32);

function configError(input: ConfigInput): ConfigError {
  try {
    loadConfig(input, {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: auth, limits and introspection', () => {
  let dir: string;
  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-auth-config-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('turns introspection on by default only in development, and lets configuration decide', () => {
    expect(loadConfig({}, {}).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }, {}).introspection).toBe(true);
    expect(loadConfig({ ATHAR_INTROSPECTION: 'true' }, {}).introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', ATHAR_INTROSPECTION: 'off' }, {}).introspection).toBe(false);
  });

  it('reads the limits, explicit values beating the environment', () => {
    const config = loadConfig(
      { ATHAR_MAX_DEPTH: '8', ATHAR_MAX_COST: '5000' },
      { ATHAR_MAX_DEPTH: '20', ATHAR_MAX_STRING_LENGTH: '500' },
    );
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxDepth: 8, maxCost: 5000, maxStringLength: 500 });
  });

  it('configures HS256 from a secret, with issuer, audience and claim names', () => {
    const { jwt } = loadConfig(
      {
        ATHAR_JWT_SECRET: SECRET,
        ATHAR_JWT_ISSUER: 'https://id.example.org',
        ATHAR_JWT_AUDIENCE: 'athar, athar-staging',
        ATHAR_JWT_ROLE_CLAIM: 'https://athar.example.org/role',
      },
      {},
    ).auth;
    expect(jwt).toMatchObject({
      key: { kind: 'secret' },
      algorithms: ['HS256'],
      issuer: ['https://id.example.org'],
      audience: ['athar', 'athar-staging'],
      roleClaim: 'https://athar.example.org/role',
      clearanceClaim: 'athar_clearance',
      clockToleranceSeconds: 30,
    });
  });

  it('configures a PEM public key and a JWKS file, defaulting the algorithm to the key type', async () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fromPem = loadConfig({ ATHAR_JWT_PUBLIC_KEY_FILE: write('ec.pem', pem) }, {}).auth.jwt;
    expect(fromPem).toMatchObject({ key: { kind: 'public-key' }, algorithms: ['ES256'] });

    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwks = JSON.stringify({ keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'k1' }] });
    const fromJwks = loadConfig(
      { ATHAR_JWT_JWKS_FILE: write('jwks.json', jwks), ATHAR_JWT_ALGORITHMS: 'RS256,PS256' },
      {},
    ).auth.jwt;
    expect(fromJwks).toMatchObject({ key: { kind: 'jwks' }, algorithms: ['RS256', 'PS256'] });
  });

  it('reads API keys (hashes only) from a file or from the environment', () => {
    const sha256 = 'ab'.repeat(32);
    const keys = JSON.stringify([
      { id: 'ci', name: 'nightly import', role: 'analyst', sha256 },
      { id: 'lawyer1', name: 'case team', role: 'LEGAL', clearance: 'RESTRICTED', sha256 },
    ]);
    const expected = [
      { id: 'ci', name: 'nightly import', role: Role.ANALYST, clearance: AccessLevel.RESTRICTED, sha256 },
      { id: 'lawyer1', name: 'case team', role: Role.LEGAL, clearance: AccessLevel.RESTRICTED, sha256 },
    ];
    expect(loadConfig({ ATHAR_API_KEYS_FILE: write('keys.json', keys) }, {}).auth.apiKeys).toEqual(expected);
    expect(loadConfig({}, { ATHAR_API_KEYS: keys }).auth.apiKeys).toEqual(expected);
  });

  it.each<[string, () => ConfigInput, string, RegExp]>([
    ['a short HS256 secret', () => ({ ATHAR_JWT_SECRET: 'short' }), 'ATHAR_JWT_SECRET', /at least 32/],
    [
      'a secret too short for HS512',
      () => ({ ATHAR_JWT_SECRET: SECRET, ATHAR_JWT_ALGORITHMS: 'HS512' }),
      'ATHAR_JWT_SECRET',
      /at least 64/,
    ],
    [
      'an asymmetric algorithm with a secret',
      () => ({ ATHAR_JWT_SECRET: SECRET, ATHAR_JWT_ALGORITHMS: 'RS256' }),
      'ATHAR_JWT_SECRET',
      /public key/,
    ],
    [
      'alg none',
      () => ({ ATHAR_JWT_SECRET: SECRET, ATHAR_JWT_ALGORITHMS: 'none' }),
      'ATHAR_JWT_ALGORITHMS',
      /not a supported/,
    ],
    [
      'two ways to check tokens',
      () => ({ ATHAR_JWT_SECRET: SECRET, ATHAR_JWT_JWKS_FILE: 'x.json' }),
      'ATHAR_JWT_JWKS_FILE',
      /only one/,
    ],
    ['an issuer without a key', () => ({ ATHAR_JWT_ISSUER: 'x' }), 'ATHAR_JWT_ISSUER', /no key is/],
    [
      'a missing key file',
      () => ({ ATHAR_JWT_PUBLIC_KEY_FILE: '/nonexistent/key.pem' }),
      'ATHAR_JWT_PUBLIC_KEY_FILE',
      /cannot read/,
    ],
    [
      'a private key where the public key belongs',
      () => ({
        ATHAR_JWT_PUBLIC_KEY_FILE: write(
          'private.pem',
          crypto
            .generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        ),
      }),
      'ATHAR_JWT_PUBLIC_KEY_FILE',
      /private key.*never be on the API server/,
    ],
    [
      'an EC key asked to verify RS256',
      () => ({
        ATHAR_JWT_PUBLIC_KEY_FILE: write(
          'ec2.pem',
          crypto
            .generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .publicKey.export({ type: 'spki', format: 'pem' })
            .toString(),
        ),
        ATHAR_JWT_ALGORITHMS: 'RS256',
      }),
      'ATHAR_JWT_PUBLIC_KEY_FILE',
      /cannot verify RS256; it can verify ES256/,
    ],
    [
      'a JWKS with a private key',
      () => ({
        ATHAR_JWT_JWKS_FILE: write(
          'private-jwks.json',
          JSON.stringify({
            keys: [crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })],
          }),
        ),
      }),
      'ATHAR_JWT_JWKS_FILE',
      /private or secret material/,
    ],
    [
      'a plaintext API key in the list',
      () => ({ ATHAR_API_KEYS: JSON.stringify([{ id: 'ci', name: 'n', role: 'ANALYST', key: 'ak_ci_x' }]) }),
      'ATHAR_API_KEYS',
      /only the key's sha256/,
    ],
    [
      'an API key clearance above its role',
      () => ({
        ATHAR_API_KEYS: JSON.stringify([
          { id: 'ci', name: 'n', role: 'ANALYST', clearance: 'CONFIDENTIAL', sha256: 'ab'.repeat(32) },
        ]),
      }),
      'ATHAR_API_KEYS',
      /at most RESTRICTED/,
    ],
    [
      'a duplicate API key id',
      () => ({
        ATHAR_API_KEYS: JSON.stringify([
          { id: 'ci', name: 'a', role: 'ANALYST', sha256: 'ab'.repeat(32) },
          { id: 'ci', name: 'b', role: 'ANALYST', sha256: 'cd'.repeat(32) },
        ]),
      }),
      'ATHAR_API_KEYS',
      /used twice/,
    ],
    ['API keys not in JSON', () => ({ ATHAR_API_KEYS: 'ci:abc' }), 'ATHAR_API_KEYS', /not JSON/],
    ['a zero depth', () => ({ ATHAR_MAX_DEPTH: '0' }), 'ATHAR_MAX_DEPTH', /out of range/],
    ['a non-number cost', () => ({ ATHAR_MAX_COST: 'lots' }), 'ATHAR_MAX_COST', /whole number/],
    ['a non-boolean introspection', () => ({ ATHAR_INTROSPECTION: 'maybe' }), 'ATHAR_INTROSPECTION', /boolean/],
  ])('stops on %s, naming the variable', (_what, input, variable, message) => {
    const error = configError(input());
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toMatch(message);
  });
});
