import crypto from 'node:crypto';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { SignJWT } from 'jose';
import { sha256Hex } from '../../src/api/auth/authenticator';
import { AccessLevel, ANONYMOUS, Role } from '../../src/policy/viewer';
import { Config, ConfigInput, loadConfig } from '../../src/main/config';
import { UnauthenticatedError } from '../../src/domain/errors';
import type { AtharContext } from '../../src/api/graphql/context';
import { seedBundle } from '../../src/main/seed/seed';
import { listen } from '../../src/api/http';
import type { AtharServer } from '../../src/api/server';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import { startTestApi } from '../support/graphql';
import { openTestStore, OpenedStore } from '../support/stores';

const SECRET = crypto.randomBytes(32).toString('base64url');
const API_KEY = `ak_nightly_${crypto.randomBytes(32).toString('base64url')}`;

/** The configuration a production deployment with tokens and one API key would load. */
function productionConfig(extra: ConfigInput = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'production',
      ATHAR_JWT_SECRET: SECRET,
      ATHAR_JWT_AUDIENCE: 'athar',
      ATHAR_API_KEYS: JSON.stringify([
        { id: 'nightly', name: 'nightly import', role: 'ANALYST', sha256: sha256Hex(API_KEY) },
      ]),
      ...extra,
    },
    {},
  );
}

async function token(claims: Record<string, unknown>, expiresIn: string | number = '5m'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience('athar')
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(SECRET));
}

/** A one-field schema that says who the server thinks is asking, to watch the viewer over real HTTP. */
const whoamiSchema = new GraphQLSchema({
  query: new GraphQLObjectType<unknown, AtharContext>({
    name: 'Query',
    fields: {
      whoami: {
        type: new GraphQLObjectType({
          name: 'Whoami',
          fields: {
            role: { type: GraphQLString },
            clearance: { type: GraphQLString },
            subject: { type: GraphQLString },
            via: { type: GraphQLString },
          },
        }),
        resolve: (_root, _args, context) => context.viewer,
      },
    },
  }),
});

interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

async function post(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, ...(options.variables ? { variables: options.variables } : {}) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

function expectNoInternals(reply: Reply): void {
  expect(reply.text).not.toMatch(/stacktrace|\bat [\w.]+ \(|node_modules|\/src\//);
}

describe('who is asking, and hostile input, over HTTP', () => {
  let opened: OpenedStore;
  const servers: AtharServer[] = [];

  async function serve(config: Config, schema?: GraphQLSchema): Promise<string> {
    const server = await createAtharServer(opened.store, config, { error: () => undefined }, schema);
    servers.push(server);
    return listen(server, 0, { exportDir: defaultExportDir() });
  }

  let api: string;
  let whoami: string;

  beforeAll(async () => {
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    api = await serve(productionConfig());
    whoami = await serve(productionConfig(), whoamiSchema);
  });

  afterAll(async () => {
    for (const server of servers) await server.apollo.stop();
    await opened.cleanup();
  });

  describe('authentication', () => {
    const ask = '{ whoami { role clearance subject via } }';

    it('treats a request without a credential as the anonymous public viewer', async () => {
      const reply = await post(whoami, ask);
      expect(reply.status).toBe(200);
      expect(reply.body.data.whoami).toEqual({ role: 'PUBLIC', clearance: 'PUBLIC', subject: null, via: 'anonymous' });
      // And the real API answers public reads anonymously.
      const entity = await post(api, '{ entity(id: "fac_sednaya") { name } }');
      expect(entity.status).toBe(200);
      expect(entity.body.data.entity.name).toBe('Sednaya Prison');
    });

    it('takes the role and clearance from a valid bearer token', async () => {
      const jwt = await token({ sub: 'analyst@example.org', athar_role: 'ANALYST' });
      const reply = await post(whoami, ask, { headers: { authorization: `Bearer ${jwt}` } });
      expect(reply.body.data.whoami).toEqual({
        role: 'ANALYST',
        clearance: 'RESTRICTED',
        subject: 'analyst@example.org',
        via: 'jwt',
      });
    });

    it('takes the role from an API key in X-Api-Key or as a bearer token', async () => {
      const both: Record<string, string>[] = [{ 'x-api-key': API_KEY }, { authorization: `Bearer ${API_KEY}` }];
      for (const headers of both) {
        const reply = await post(whoami, ask, { headers });
        expect(reply.body.data.whoami).toEqual({
          role: 'ANALYST',
          clearance: 'RESTRICTED',
          subject: 'nightly import',
          via: 'api-key',
        });
      }
    });

    it.each([
      [
        'an expired token',
        async () => `Bearer ${await token({ athar_role: 'ADMIN' }, Math.floor(Date.now() / 1000) - 3600)}`,
        /expired/,
      ],
      [
        'a token for another audience',
        async () =>
          `Bearer ${await new SignJWT({ athar_role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setAudience('other').setExpirationTime('5m').sign(new TextEncoder().encode(SECRET))}`,
        /audience/,
      ],
      ['a malformed token', async () => 'Bearer abc.def.ghi', /well-formed/],
      ['a revoked API key', async () => `Bearer ak_nightly_${crypto.randomBytes(32).toString('base64url')}`, /revoked/],
      ['a Basic header', async () => 'Basic YWRtaW46YWRtaW4=', /Bearer <token>/],
    ])('answers %s with 401 UNAUTHENTICATED and what to fix, never as anonymous', async (_what, header, message) => {
      const reply = await post(api, '{ entity(id: "fac_sednaya") { name } }', {
        headers: { authorization: await header() },
      });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      expect(reply.body.data).toBeUndefined();
      expect(reply.body.errors).toHaveLength(1);
      expect(reply.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(reply.body.errors[0].message).toMatch(message);
      expect(reply.body.errors[0].message).not.toMatch(/Context creation failed/);
      expectNoInternals(reply);
    });

    it('lets tests run as a viewer or with headers through the test helper', async () => {
      const test = await startTestApi(opened.store, { config: { auth: productionConfig().auth } });
      try {
        expect(test.server.contextFor(ANONYMOUS).services.viewer).toBe(ANONYMOUS);
        const context = await test.server.context({ Authorization: `Bearer ${await token({ athar_role: 'LEGAL' })}` });
        expect(context.viewer).toMatchObject({ role: Role.LEGAL, clearance: AccessLevel.CONFIDENTIAL });
        expect(context.services.viewer).toBe(context.viewer);
        const asLegal = await test.run('{ entity(id: "fac_sednaya") { name } }', undefined, {
          viewer: context.viewer,
        });
        expect(asLegal.errors).toBeUndefined();
        await expect(
          test.run('{ entity(id: "fac_sednaya") { name } }', undefined, { headers: { authorization: 'Bearer x' } }),
        ).rejects.toBeInstanceOf(UnauthenticatedError);
      } finally {
        await test.stop();
      }
    });
  });

  describe('introspection and suggestions', () => {
    it('refuses introspection in production, with a message for people, not for Apollo', async () => {
      const reply = await post(api, '{ __schema { queryType { name } } }', {
        headers: { accept: 'application/graphql-response+json' },
      });
      expect(reply.status).toBe(400);
      // A client that accepts only application/json gets the same errors with 200 (GraphQL over HTTP).
      const legacy = await post(api, '{ __schema { queryType { name } } }', {
        headers: { accept: 'application/json' },
      });
      expect([legacy.status, legacy.body.errors[0].extensions.code]).toEqual([200, 'GRAPHQL_VALIDATION_FAILED']);
      expect(reply.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(reply.body.errors[0].message).toMatch(/Introspection is turned off/);
      expect(reply.body.errors[0].message).not.toMatch(/ApolloServer/);
      // __typename is not introspection of the schema, and stays available.
      expect((await post(api, '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    });

    it('allows introspection in production when configured on, and in development by default', async () => {
      const configured = await serve(productionConfig({ ATHAR_INTROSPECTION: 'true' }));
      expect((await post(configured, '{ __schema { queryType { name } } }')).body.data.__schema.queryType.name).toBe(
        'Query',
      );
      const development = await serve(productionConfig({ NODE_ENV: 'development' }));
      expect((await post(development, '{ __schema { queryType { name } } }')).status).toBe(200);
      // Off, but on for the roles named: an admin loads the schema, the public still may not.
      const forAdmins = await serve(productionConfig({ ATHAR_INTROSPECTION_ROLES: 'ADMIN' }));
      const schemaQuery = '{ __schema { queryType { name } } }';
      const admin = await post(forAdmins, schemaQuery, {
        headers: { authorization: `Bearer ${await token({ athar_role: 'ADMIN' })}` },
      });
      expect(admin.body.data.__schema.queryType.name).toBe('Query');
      const anonymous = await post(forAdmins, `fragment S on Query { __schema { queryType { name } } } { ...S }`, {
        headers: { accept: 'application/graphql-response+json' },
      });
      expect([anonymous.status, anonymous.body.errors[0].message]).toEqual([
        400,
        expect.stringMatching(/Introspection is turned off/),
      ]);
    });

    it('says no "Did you mean" in production, for fields, arguments or enum values', async () => {
      const field = await post(api, '{ entity(id: "fac_sednaya") { nam } }');
      expect(field.body.errors[0].message).toMatch(/Cannot query field "nam"/);
      const argument = await post(api, '{ people(frist: 2) { totalCount } }');
      const enumValue = await post(
        api,
        'query($s: [ClaimStatus!]) { claims(filter: { statuses: $s }) { totalCount } }',
        {
          variables: { s: ['ASSERTD'] },
        },
      );
      expect(enumValue.body.errors[0].message).toMatch(/ASSERTD/);
      for (const reply of [field, argument, enumValue]) {
        expect(reply.text).not.toMatch(/Did you mean/);
        expectNoInternals(reply);
      }
      // The control: in development the suggestion is there.
      const development = await serve(productionConfig({ NODE_ENV: 'development' }));
      const shown = await post(development, '{ entity(id: "fac_sednaya") { nam } }');
      expect(shown.body.errors[0].message).toMatch(/Did you mean "name"/);
    });
  });

  describe('limits', () => {
    function expectTooComplex(reply: Reply, limit: string, message: RegExp): void {
      expect(reply.status).toBe(400);
      expect(reply.body.data).toBeUndefined();
      expect(reply.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit });
      expect(reply.body.errors[0].message).toMatch(message);
      expectNoInternals(reply);
    }

    it('refuses a query 20 levels deep', async () => {
      let selection = 'name';
      for (let i = 0; i < 10; i++) selection = `relations { entity { ${selection} } }`;
      const reply = await post(api, `{ entity(id: "fac_sednaya") { ${selection} } }`);
      expectTooComplex(reply, 'depth', /Query depth limit of 12 exceeded, found 22\. Ask for less/);
    });

    it('counts depth through inline fragments and named fragments alike, without counting the fragments', async () => {
      const ok = await post(
        api,
        `{ entity(id: "fac_sednaya") { ... on Facility { detainees { entity { ...names } } } } }
         fragment names on Entity { name }`,
      );
      expect(ok.body.errors).toBeUndefined();
      let selection = '...names';
      for (let i = 0; i < 10; i++) selection = `... on Facility { parts { entity { ${selection} } } }`;
      const deep = await post(api, `{ entity(id: "fac_sednaya") { ${selection} } } fragment names on Entity { name }`);
      expectTooComplex(deep, 'depth', /depth limit of 12 exceeded/);
    });

    it('refuses 200 aliases', async () => {
      const fields = Array.from({ length: 200 }, (_, i) => `a${i}: predicates { name }`).join(' ');
      const reply = await post(api, `{ ${fields} }`);
      expectTooComplex(reply, 'aliases', /Aliases limit of 30 exceeded, found 200/);
    });

    it('refuses a document of too many tokens before parsing it whole', async () => {
      const reply = await post(api, `{ predicates { ${'name '.repeat(5000)} } }`);
      expectTooComplex(reply, 'tokens', /^The query has more than 2000 tokens\. Ask for less/);
    });

    it('refuses too many directives', async () => {
      const reply = await post(api, `{ predicates { ${'name @include(if: true) '.repeat(60)} } }`);
      expectTooComplex(reply, 'directives', /Directives limit of 50 exceeded/);
    });

    it('refuses an operation whose nested pages would cost too much, before running it', async () => {
      const query = `query($n: Int) { people(first: $n) { edges { node { claims(first: 100) { edges { node {
        citations { source { claims(first: 100) { edges { node { id } } } } } } } } } } } }`;
      const reply = await post(api, query, { variables: { n: 100 } });
      expectTooComplex(reply, 'cost', /estimated cost is \d+, over the limit of 250000: ask for smaller pages/);
      // The same shape with small pages is fine.
      const small = await post(api, query.replace(/first: 100/g, 'first: 2'), { variables: { n: 2 } });
      expect(small.status).toBe(200);
      expect(small.body.errors).toBeUndefined();
    });

    it('refuses a 100 kB string, as a literal or as a variable, before any service sees it', async () => {
      const huge = 'x'.repeat(100 * 1024);
      const literal = await post(api, `{ search(text: "${huge}") { matched } }`);
      expect(literal.status).toBe(400);
      expect(literal.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'text' });
      expect(literal.body.errors[0].message).toBe(
        'The string given for text is 102400 characters long; the limit is 10000.',
      );
      const variable = await post(api, 'mutation($input: CreateEntityInput!) { createEntity(input: $input) { id } }', {
        variables: { input: { kind: 'PERSON', name: 'x', aliases: ['ok', huge] } },
      });
      expect(variable.status).toBe(400);
      expect(variable.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: '$input.aliases[1]' });
      expect(variable.body.errors[0].message).toMatch(
        /\$input\.aliases\[1\] is 102400 characters long; the limit is 10000/,
      );
      expect(variable.body.data).toBeUndefined();
    });
  });

  describe('CSRF prevention', () => {
    it('refuses a GET without a preflight header, and a POST a browser form could send', async () => {
      const get = await fetch(`${api}?query=${encodeURIComponent('{ __typename }')}`);
      expect(get.status).toBe(400);
      expect(await get.text()).toMatch(/Cross-Site Request Forgery/);

      const form = await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(form.status).toBe(400);
      expect(await form.text()).toMatch(/Cross-Site Request Forgery/);

      // With the header a browser cannot add cross-site without a preflight, the same GET is served.
      const preflighted = await fetch(`${api}?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(preflighted.status).toBe(200);
    });
  });
});
