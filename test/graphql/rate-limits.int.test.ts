import crypto from 'node:crypto';
import { sha256Hex } from '../../src/api/auth/authenticator';
import { listen } from '../../src/api/http';
import type { AtharServer } from '../../src/api/server';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import { ConfigInput, loadConfig } from '../../src/main/config';
import { seedBundle } from '../../src/main/seed/seed';
import { openTestStore, OpenedStore } from '../support/stores';

const key = (id: string) => `ak_${id}_${crypto.randomBytes(24).toString('base64url')}`;
const ADMIN_KEY = key('admin');
const OTHER_ADMIN_KEY = key('otheradmin');
const ANALYST_KEY = key('analyst');

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function post(
  url: string,
  query: string,
  headers: Record<string, string> = {},
  variables?: Record<string, unknown>,
): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A made-up API key of the right shape for a known id, so that it is checked (and refused), not merely malformed. */
const wrongKey = () => `ak_analyst_${crypto.randomBytes(24).toString('base64url')}`;

/** A request as a proxy forwards it: the client's address appended to X-Forwarded-For. */
const from = (address: string, headers: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...headers });

function expectRateLimited(reply: Reply, limit: string): void {
  expect(reply.status).toBe(429);
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(reply.body.data ?? undefined).toBeUndefined();
  expect(reply.body.errors).toHaveLength(1);
  expect(reply.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', limit, retryAfter: String(retryAfter) });
  expect(reply.body.errors[0].message).toMatch(new RegExp(`Try again in ${retryAfter} seconds?\\.$`));
}

describe('rate limits over HTTP', () => {
  let opened: OpenedStore;
  const servers: AtharServer[] = [];

  async function serve(extra: ConfigInput = {}): Promise<string> {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        ATHAR_API_KEYS: JSON.stringify([
          { id: 'admin', name: 'admin script', role: 'ADMIN', sha256: sha256Hex(ADMIN_KEY) },
          { id: 'otheradmin', name: 'other admin script', role: 'ADMIN', sha256: sha256Hex(OTHER_ADMIN_KEY) },
          { id: 'analyst', name: 'analyst script', role: 'ANALYST', sha256: sha256Hex(ANALYST_KEY) },
        ]),
        ATHAR_TRUST_PROXY: 'true',
        ...extra,
      },
      {},
    );
    const server = await createAtharServer(opened.store, config, { error: () => undefined });
    servers.push(server);
    return listen(server, 0, { exportDir: defaultExportDir(), trustProxy: config.trustProxy });
  }

  beforeAll(async () => {
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
  });

  afterAll(async () => {
    for (const server of servers) await server.apollo.stop();
    await opened.cleanup();
  });

  const read = '{ entity(id: "fac_sednaya") { name } }';

  describe('failed authentication (default: 10 a minute)', () => {
    it('answers 300 wrong API keys in a row with 401 up to the limit, then 429 with Retry-After', async () => {
      const url = await serve();
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) {
        const reply = await post(url, read, from('203.0.113.7', { 'x-api-key': wrongKey() }));
        statuses.push(reply.status);
        if (i >= 10) expectRateLimited(reply, 'auth-failures');
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.filter((s) => s === 429)).toHaveLength(290);

      // A good credential from another address is not affected ...
      const good = await post(url, read, from('198.51.100.9', { 'x-api-key': ANALYST_KEY }));
      expect(good.status).toBe(200);
      expect(good.body.data.entity.name).toBe('Sednaya Prison');
      // ... nor are anonymous reads from the blocked address, which present nothing to guess with.
      const anonymous = await post(url, read, from('203.0.113.7'));
      expect(anonymous.status).toBe(200);
      // Credentials from the blocked address wait, even a good one: the address is what is being limited.
      expectRateLimited(await post(url, read, from('203.0.113.7', { 'x-api-key': ANALYST_KEY })), 'auth-failures');
    });

    it('counts one wrong credential tried from many addresses against the credential', async () => {
      const url = await serve();
      const token = 'Bearer not-a-token';
      for (let i = 0; i < 10; i++) {
        expect((await post(url, read, from(`192.0.2.${i + 1}`, { authorization: token }))).status).toBe(401);
      }
      expectRateLimited(await post(url, read, from('192.0.2.200', { authorization: token })), 'auth-failures');
      // The good key from a fresh address still works.
      expect((await post(url, read, from('192.0.2.201', { 'x-api-key': ANALYST_KEY }))).status).toBe(200);
    });

    it('counts an IPv6 client by its /64, so that it cannot rotate through its own addresses', async () => {
      const url = await serve({ ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: '3' });
      for (let i = 1; i <= 3; i++) {
        const reply = await post(url, read, from(`2001:db8:1:2::${i.toString(16)}`, { 'x-api-key': wrongKey() }));
        expect(reply.status).toBe(401);
      }
      const next = await post(url, read, from('2001:db8:1:2:ffff::9', { 'x-api-key': wrongKey() }));
      expectRateLimited(next, 'auth-failures');
      const otherNetwork = await post(url, read, from('2001:db8:1:3::1', { 'x-api-key': ANALYST_KEY }));
      expect(otherNetwork.status).toBe(200);
    });

    it('ignores X-Forwarded-For unless ATHAR_TRUST_PROXY says a proxy writes it', async () => {
      const url = await serve({ ATHAR_TRUST_PROXY: 'false', ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: '5' });
      for (let i = 0; i < 5; i++) {
        // A client cannot make itself five different clients by writing the header itself.
        const reply = await post(url, read, from(`198.51.100.${i + 1}`, { 'x-api-key': wrongKey() }));
        expect(reply.status).toBe(401);
      }
      expectRateLimited(await post(url, read, from('198.51.100.77', { 'x-api-key': wrongKey() })), 'auth-failures');
    });

    it('reads the client address from the right end of X-Forwarded-For, where the proxy wrote it', async () => {
      const url = await serve({ ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: '2' });
      // Whatever the client writes to the left of the proxy's entry is not taken for its address.
      for (const spoofed of ['10.0.0.1', '10.0.0.2']) {
        const reply = await post(url, read, from(`${spoofed}, 203.0.113.50`, { 'x-api-key': wrongKey() }));
        expect(reply.status).toBe(401);
      }
      expectRateLimited(
        await post(url, read, from('10.0.0.3, 203.0.113.50', { 'x-api-key': wrongKey() })),
        'auth-failures',
      );
    });

    it('is off at 0', async () => {
      const url = await serve({ ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: '0' });
      for (let i = 0; i < 30; i++) {
        expect((await post(url, read, from('203.0.113.8', { 'x-api-key': wrongKey() }))).status).toBe(401);
      }
    });
  });

  describe('writes', () => {
    const create = `mutation($name: String!) { createEntity(input: { kind: FACILITY, name: $name, facilityType: BRANCH }) { id } }`;

    async function countNamed(url: string, prefix: string): Promise<number> {
      const reply = await post(
        url,
        `query($n: String!) { entities(nameContains: $n, first: 100) { totalCount } }`,
        from('192.0.2.99', { 'x-api-key': ANALYST_KEY }),
        { n: prefix },
      );
      expect(reply.status).toBe(200);
      return reply.body.data.entities.totalCount as number;
    }

    it('refuses writes over the limit with 429, and they change nothing', async () => {
      const url = await serve({ ATHAR_RATE_WRITES_PER_MINUTE: '3', ATHAR_RATE_WRITES_PER_ADDRESS_PER_MINUTE: '5' });
      const run = `Ratelimited ${crypto.randomBytes(4).toString('hex')}`;
      const admin = from('203.0.113.20', { 'x-api-key': ADMIN_KEY });
      for (let i = 0; i < 3; i++) {
        const reply = await post(url, create, admin, { name: `${run} ${i}` });
        expect(reply.status).toBe(200);
        expect(reply.body.errors).toBeUndefined();
      }
      for (let i = 3; i < 6; i++) {
        expectRateLimited(await post(url, create, admin, { name: `${run} ${i}` }), 'writes');
      }
      expect(await countNamed(url, run)).toBe(3);

      // Reads by the same credential go on.
      expect((await post(url, read, admin)).status).toBe(200);

      // Another subject from the same address has the address's remaining 2 writes, then waits too ...
      const other = from('203.0.113.20', { 'x-api-key': OTHER_ADMIN_KEY });
      expect((await post(url, create, other, { name: `${run} other 0` })).status).toBe(200);
      expect((await post(url, create, other, { name: `${run} other 1` })).status).toBe(200);
      expectRateLimited(await post(url, create, other, { name: `${run} other 2` }), 'writes');
      // ... but not from another address.
      const elsewhere = from('198.51.100.20', { 'x-api-key': OTHER_ADMIN_KEY });
      expect((await post(url, create, elsewhere, { name: `${run} elsewhere` })).status).toBe(200);
      expect(await countNamed(url, run)).toBe(6);
    });

    it('counts every root field of a mutation, so aliases do not multiply the allowance', async () => {
      const url = await serve({ ATHAR_RATE_WRITES_PER_MINUTE: '2' });
      const run = `Aliased ${crypto.randomBytes(4).toString('hex')}`;
      const admin = from('203.0.113.21', { 'x-api-key': ADMIN_KEY });
      const two = `mutation {
        a: createEntity(input: { kind: FACILITY, name: "${run} a", facilityType: BRANCH }) { id }
        b: createEntity(input: { kind: FACILITY, name: "${run} b", facilityType: BRANCH }) { id }
      }`;
      expect((await post(url, two, admin)).status).toBe(200);
      expectRateLimited(await post(url, create, admin, { name: `${run} c` }), 'writes');
      expect(await countNamed(url, run)).toBe(2);

      // One operation with more writes than a minute allows can never pass: a 400 that says to split it.
      const url2 = await serve({ ATHAR_RATE_WRITES_PER_MINUTE: '1' });
      const tooMany = await post(url2, two, admin);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(tooMany.body.errors[0].message).toMatch(/makes 2 writes; at most 1 .* smaller operations/);
      expect(await countNamed(url, run)).toBe(2);
    });
  });
});
