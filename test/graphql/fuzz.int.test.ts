import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { SignJWT } from 'jose';
import { sha256Hex } from '../../src/api/auth/authenticator';
import { buildAtharSchema } from '../../src/api/graphql/schema';
import { listen } from '../../src/api/http';
import type { AtharServer } from '../../src/api/server';
import { createAtharServer } from '../../src/main/compose';
import { loadConfig } from '../../src/main/config';
import { seedBundle } from '../../src/main/seed/seed';
import { openTestStore, OpenedStore } from '../support/stores';

/*
 * Property-based fuzzing of the HTTP endpoint: operations generated from the
 * schema (with random and mutated arguments, wrong variable types, odd and
 * huge strings, random asOf values), broken syntax, subscriptions,
 * persisted-query extensions, and random paths, methods, content types and
 * bodies. Whatever is sent, the server must answer without an HTTP 5xx and
 * without INTERNAL_SERVER_ERROR anywhere in the body.
 *
 * FUZZ_SEED and FUZZ_RUNS (runs per property) reproduce or widen a run, FUZZ_PATH replays
 * the failing request fast-check names (see docs/hostile-input-and-rate-limits.md):
 *   FUZZ_SEED=123 FUZZ_RUNS=5000 NEO4J_URI=bolt://127.0.0.1:7688 npx jest test/graphql/fuzz.int.test.ts
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20260301);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

const SECRET = crypto.randomBytes(32).toString('base64url');
const ANALYST_KEY = `ak_fuzzanalyst_${crypto.randomBytes(24).toString('base64url')}`;
const ADMIN_KEY = `ak_fuzzadmin_${crypto.randomBytes(24).toString('base64url')}`;
/** A valid LEGAL bearer token, signed before the first run. */
let legalToken = '';

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Answer {
  status: number;
  text: string;
}

// A connection per request: a request the HTTP parser itself refuses closes its connection, and must not take the next one down.
const agent = new http.Agent({ keepAlive: false });

/** One raw HTTP request, so that paths, methods and headers go out exactly as generated. */
function send(port: number, request: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

function describeFailure(request: Sent, answer: Answer): string {
  return `HTTP ${answer.status} for ${request.method} ${request.path.slice(0, 200)}\nheaders: ${JSON.stringify(
    request.headers,
  ).slice(0, 500)}\nbody: ${(request.body ?? '').slice(0, 1500)}\nanswer: ${answer.text.slice(0, 1500)}`;
}

// ---------------------------------------------------------------- values

/** A GraphQL value before it is written as a literal or as JSON; enums differ only in the literal. */
type Value =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'enum'; value: string }
  | { kind: 'null' }
  | { kind: 'list'; items: Value[] }
  | { kind: 'object'; fields: [string, Value][] };

function literal(value: Value): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'int':
    case 'float':
      return String(value.value);
    case 'boolean':
      return String(value.value);
    case 'enum':
      return value.value;
    case 'null':
      return 'null';
    case 'list':
      return `[${value.items.map(literal).join(', ')}]`;
    case 'object':
      return `{${value.fields.map(([name, v]) => `${name}: ${literal(v)}`).join(', ')}}`;
  }
}

function json(value: Value): unknown {
  switch (value.kind) {
    case 'string':
    case 'int':
    case 'float':
    case 'boolean':
    case 'enum':
      return value.value;
    case 'null':
      return null;
    case 'list':
      return value.items.map(json);
    case 'object':
      return Object.fromEntries(value.fields.map(([name, v]) => [name, json(v)]));
  }
}

/** `arbitrary` about once in `n` draws, null otherwise (fc.option is the other way round: null once in `freq`). */
function rarely<T>(arbitrary: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}

const NAME = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  'null',
  'undefined',
  "' OR 1=1 --",
  'MATCH (n) DETACH DELETE n',
  '"}) RETURN n //',
  '../../etc/passwd',
  '%00%ff',
  '<script>alert(1)</script>',
  '${process.env}',
  '__proto__',
  'constructor',
  'صيدنايا',
  '🏴‍☠️'.repeat(50),
  'a'.repeat(10_001),
  'b'.repeat(100_000),
];

const DATES = [
  '2024',
  '2024-12',
  '2024-12-08',
  '2024-13-45',
  '2024-02-30',
  '0000-00-00',
  '1970-01-01',
  '9999-12-31',
  '2999-01-01',
  '2011/2013',
  '2011..2013',
  '2024-12-08T12:00:00Z',
  '2024-12-08T25:61:00Z',
  '2024-12-08T12:00:00+14:00',
  '-000001-01-01',
  '+275760-09-13',
  'now',
  'yesterday',
  'Z',
];

function stringValue(ids: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...DATES) },
  );
}

const INT = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -5, max: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e21) },
);
const FLOAT = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-90.5, 180.0001, 1e308));

/** Any value of any kind: what goes where the schema expects something else. */
function anyValue(ids: readonly string[]): fc.Arbitrary<Value> {
  const { value } = fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      stringValue(ids).map((v): Value => ({ kind: 'string', value: v })),
      INT.map((v): Value => ({ kind: Number.isInteger(v) && Math.abs(v) < 1e21 ? 'int' : 'float', value: v })),
      fc.boolean().map((v): Value => ({ kind: 'boolean', value: v })),
      NAME.map((v): Value => ({ kind: 'enum', value: v })),
      fc.constant<Value>({ kind: 'null' }),
      fc.array(tie('value'), { maxLength: 3 }).map((items): Value => ({ kind: 'list', items })),
      fc.array(fc.tuple(NAME, tie('value')), { maxLength: 3 }).map((fields): Value => ({ kind: 'object', fields })),
    ),
  }));
  return value;
}

/** A value for an input type: mostly right, sometimes with a required part missing, null, or of the wrong kind. */
function valueFor(type: GraphQLInputType, ids: readonly string[], depth = 0): fc.Arbitrary<Value> {
  const wrong = anyValue(ids);
  let right: fc.Arbitrary<Value>;
  if (isNonNullType(type)) {
    right = valueFor(type.ofType, ids, depth);
  } else if (isListType(type)) {
    const item = valueFor(type.ofType as GraphQLInputType, ids, depth + 1);
    right = fc.oneof(
      fc.array(item, { maxLength: 3 }).map((items): Value => ({ kind: 'list', items })),
      item,
    );
  } else if (isEnumType(type)) {
    right = fc.constantFrom(...type.getValues().map((v): Value => ({ kind: 'enum', value: v.name })));
  } else if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant<Value>({ kind: 'null' });
    const fields = Object.values(type.getFields());
    right = fc
      .tuple(
        ...fields.map((field) =>
          fc.option(valueFor(field.type, ids, depth + 1), { freq: isNonNullType(field.type) ? 40 : 2 }),
        ),
        rarely(fc.tuple(NAME, wrong), 20),
      )
      .map((values): Value => {
        const extra = values.pop() as [string, Value] | null;
        const set = (values as (Value | null)[])
          .map((value, i): [string, Value] | null => (value === null ? null : [fields[i]!.name, value]))
          .filter((entry): entry is [string, Value] => entry !== null);
        return { kind: 'object', fields: extra ? [...set, extra] : set };
      });
  } else {
    switch (type.name) {
      case 'Int':
        right = INT.map((v): Value => ({
          kind: Number.isInteger(v) && Math.abs(v) < 1e21 ? 'int' : 'float',
          value: v,
        }));
        break;
      case 'Float':
        right = FLOAT.map((v): Value => ({ kind: 'float', value: v }));
        break;
      case 'Boolean':
        right = fc.boolean().map((v): Value => ({ kind: 'boolean', value: v }));
        break;
      case 'String':
      case 'ID':
        right = stringValue(ids).map((v): Value => ({ kind: 'string', value: v }));
        break;
      default:
        right = wrong;
    }
  }
  // Mostly right, so that most operations get past validation and run.
  const nullable = isNonNullType(type) ? 1 : 3;
  return fc.oneof(
    { weight: 60, arbitrary: right },
    { weight: nullable, arbitrary: fc.constant<Value>({ kind: 'null' }) },
    { weight: 2, arbitrary: wrong },
  );
}

// ---------------------------------------------------------------- operations

/** A selection for an output type: a few leaf fields, perhaps one nested object, always __typename. */
function selectionFor(type: GraphQLNamedType, depth: number): fc.Arbitrary<string> {
  if (isLeafType(type)) return fc.constant('');
  if (!isObjectType(type) && !isInterfaceType(type)) return fc.constant(' { __typename }');
  const fields = Object.values(type.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type)));
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
  const nested = depth < 2 ? fields.filter((f) => !isLeafType(getNamedType(f.type))) : [];
  return fc
    .tuple(
      fc.subarray(leaves, { maxLength: Math.min(4, leaves.length) }),
      nested.length > 0 ? fc.option(fc.constantFrom(...nested), { freq: 2 }) : fc.constant(null),
    )
    .chain(([chosen, child]) =>
      (child ? selectionFor(getNamedType(child.type), depth + 1).map((s) => `${child.name}${s}`) : fc.constant('')).map(
        (nestedText) => ` { __typename ${chosen.join(' ')} ${nestedText} }`,
      ),
    );
}

/** How a variable's type is written; sometimes another type, to send values of the wrong type. */
function typeText(type: GraphQLInputType): string {
  return String(type);
}
const WRONG_TYPES = ['Int', 'String!', '[ID!]!', 'Boolean', 'Float!', 'NoSuchType', 'JSONObject'];

interface Operation {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

function rootCall(
  field: GraphQLField<unknown, unknown>,
  index: number,
  ids: readonly string[],
  asOf: fc.Arbitrary<string>,
): fc.Arbitrary<{ text: string; definitions: string[]; variables: [string, unknown][] }> {
  const args = field.args.map((arg) =>
    fc.record({
      present: fc.boolean().map((b) => b || isNonNullType(arg.type)),
      asVariable: fc.boolean(),
      wrongType: rarely(fc.constantFrom(...WRONG_TYPES), 20),
      value:
        arg.name === 'asOf'
          ? fc.oneof(
              asOf.map((v): Value => ({ kind: 'string', value: v })),
              valueFor(arg.type, ids),
            )
          : valueFor(arg.type, ids),
      omitVariable: rarely(fc.constant(true), 30),
    }),
  );
  return fc
    .tuple(fc.tuple(...args), selectionFor(getNamedType(field.type), 0), rarely(NAME, 30))
    .map(([values, selection, unknownArg]) => {
      const parts: string[] = [];
      const definitions: string[] = [];
      const variables: [string, unknown][] = [];
      values.forEach((v, i) => {
        const arg = field.args[i]!;
        if (!v.present) return;
        if (v.asVariable) {
          const name = `v${index}_${arg.name}`;
          parts.push(`${arg.name}: $${name}`);
          definitions.push(`$${name}: ${v.wrongType ?? typeText(arg.type)}`);
          if (!v.omitVariable) variables.push([name, json(v.value)]);
        } else {
          parts.push(`${arg.name}: ${literal(v.value)}`);
        }
      });
      if (unknownArg) parts.push(`${unknownArg}: 1`);
      const argText = parts.length > 0 ? `(${parts.join(', ')})` : '';
      return { text: `f${index}: ${field.name}${argText}${selection}`, definitions, variables };
    });
}

function operationFrom(schema: GraphQLSchema, ids: readonly string[]): fc.Arbitrary<Operation> {
  const asOf = fc.oneof(
    fc.constantFrom(...DATES),
    fc.string({ maxLength: 30 }),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.integer({ min: 1, max: 9999 }).map(String),
  );
  const rootsOf = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {});
  const queries = rootsOf(schema.getQueryType());
  const mutations = rootsOf(schema.getMutationType());
  return fc
    .record({
      kind: fc.oneof(
        { weight: 6, arbitrary: fc.constant('query') },
        { weight: 3, arbitrary: fc.constant('mutation') },
        { weight: 1, arbitrary: fc.constant('subscription') },
      ),
      count: fc.integer({ min: 1, max: 3 }),
      named: fc.boolean(),
      seed: fc.nat(),
    })
    .chain(({ kind, count, named }) => {
      const roots = kind === 'mutation' ? mutations : queries;
      return fc
        .array(fc.constantFrom(...roots), { minLength: count, maxLength: count })
        .chain((fields) => fc.tuple(...fields.map((field, i) => rootCall(field, i, ids, asOf))))
        .map((calls): Operation => {
          const definitions = calls.flatMap((c) => c.definitions);
          const header = `${kind}${named ? ' Fuzz' : ''}${definitions.length > 0 ? `(${definitions.join(', ')})` : ''}`;
          return {
            query: `${header} { ${calls.map((c) => c.text).join(' ')} }`,
            variables: Object.fromEntries(calls.flatMap((c) => c.variables)),
            ...(named ? { operationName: 'Fuzz' } : {}),
          };
        });
    });
}

/** Breaks an operation's text: characters deleted, inserted, or the text cut short. */
function broken(operation: fc.Arbitrary<Operation>): fc.Arbitrary<Operation> {
  const edit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.integer({ min: 0, max: 5 }),
    insert: fc.oneof(
      fc.constantFrom('{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '"', '"""', '\\', '...', '#', ',', '=', '|'),
      fc.string({ maxLength: 5 }),
    ),
  });
  return fc.tuple(operation, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([op, edits]) => {
    let text = op.query;
    for (const { at, remove, insert } of edits) {
      const i = Math.floor(at * text.length);
      text = text.slice(0, i) + insert + text.slice(i + remove);
    }
    return { ...op, query: text };
  });
}

// ---------------------------------------------------------------- requests

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens shaped like JWTs, with random headers (alg none, unknown kid, crit) and claims, and no valid signature. */
const FORGED_JWT = fc
  .tuple(
    fc.oneof(
      fc.record(
        {
          alg: fc.constantFrom('HS256', 'none', 'RS256', 'ES256', 'EdDSA', 'HS1', ''),
          typ: fc.constant('JWT'),
          kid: fc.string({ maxLength: 10 }),
          crit: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
          b64: fc.boolean(),
          jwk: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: ['alg'] },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    fc.oneof(
      fc.record(
        {
          sub: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
          athar_role: fc.oneof(fc.constantFrom('ADMIN', 'LEGAL', 'NOBODY'), fc.array(fc.string(), { maxLength: 3 })),
          athar_clearance: fc.oneof(fc.constantFrom('CONFIDENTIAL', 'TOP'), fc.integer()),
          exp: fc.oneof(fc.integer(), fc.constant(1e308), fc.string({ maxLength: 5 })),
          nbf: fc.integer(),
          aud: fc.oneof(fc.string({ maxLength: 5 }), fc.array(fc.string({ maxLength: 5 }))),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,43}$/),
  )
  .map(([header, claims, signature]) => `${base64url(header)}.${base64url(claims)}.${signature}`);

const CREDENTIALS = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({}) },
  { weight: 3, arbitrary: fc.constant({ 'x-api-key': ANALYST_KEY }) },
  { weight: 3, arbitrary: fc.constant({ authorization: `Bearer ${ADMIN_KEY}` }) },
  { weight: 3, arbitrary: fc.constant(null).map(() => ({ authorization: `Bearer ${legalToken}` })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic YWRtaW46YWRtaW4=',
          'Bearer ak_',
          'Bearer a.b.c',
          'Bearer eyJ.eyJ.sig',
        ),
        fc.stringMatching(/^[\x21-\x7e]{0,60}$/).map((s) => `Bearer ${s}`),
        FORGED_JWT.map((token) => `Bearer ${token}`),
      )
      .map((value) => ({ authorization: value })),
  },
  {
    weight: 1,
    arbitrary: fc.stringMatching(/^[\x21-\x7e]{0,60}$/).map((value) => ({ 'x-api-key': value })),
  },
);

const EXTENSIONS = fc.oneof(
  { weight: 20, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.record({
      persistedQuery: fc.record({
        version: fc.oneof(fc.constantFrom(1, 2, 0, -1), fc.string({ maxLength: 3 })),
        sha256Hash: fc.oneof(
          fc.stringMatching(/^[0-9a-f]{64}$/),
          fc.string({ maxLength: 70 }),
          fc.constant(sha256Hex('{ __typename }')),
        ),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

function postJson(
  envelope: Record<string, unknown>,
  headers: Record<string, string>,
  contentType = 'application/json',
): Sent {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': contentType, ...headers },
    body: JSON.stringify(envelope),
  };
}

/** Operations as a client would send them: POST with JSON, sometimes GET, sometimes with APQ extensions. */
function operationRequests(ops: fc.Arbitrary<Operation>): fc.Arbitrary<Sent> {
  return fc
    .record({ op: ops, credential: CREDENTIALS, extensions: EXTENSIONS, asGet: fc.nat(4).map((n) => n === 0) })
    .map(({ op, credential, extensions, asGet }) => {
      const envelope = { ...op, ...(extensions === undefined ? {} : { extensions }) };
      if (!asGet || JSON.stringify(envelope).length > 6000) return postJson(envelope, credential);
      const search = new URLSearchParams(
        Object.entries(envelope).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
      return {
        method: 'GET',
        path: `/graphql?${search.toString()}`,
        headers: { 'apollo-require-preflight': 'true', ...credential },
      };
    });
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'FOO'];
const PATHS = [
  '/graphql',
  '/graphql/',
  '/GRAPHQL',
  '//%%%',
  '/%',
  '/%zz/graphql',
  '//evil.example/graphql',
  '/graphql?query=%',
  '/graphql?query={__typename}&variables=%7B',
  '/graphql?query=%7B__typename%7D&extensions=%7B%22persistedQuery%22%3A1%7D',
  '/exports/' + '0'.repeat(64) + '/x.json',
  '/exports/../../etc/passwd',
  '/health',
  '/',
  '*',
  'http://localhost/graphql',
  'foo',
  '/..%2f..%2fetc%2fpasswd',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/graphql',
  'application/graphql-response+json',
  'text/plain',
  'text/plain; charset=utf-8',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json, text/plain',
  '*/*',
  '',
];

/** Requests that barely look like GraphQL: any method, path, content type and body. */
const RAW_REQUESTS: fc.Arbitrary<Sent> = fc
  .record({
    method: fc.constantFrom(...METHODS),
    path: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...PATHS) },
      { weight: 2, arbitrary: fc.stringMatching(/^\/[\x21-\x7e]{0,40}$/) },
    ),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 6 }),
    preflight: fc.boolean(),
    credential: CREDENTIALS,
    body: fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.constantFrom(
        '{"query": 1}',
        '{"query": "{ __typename }", "variables": "x"}',
        '{"query": "{ __typename }", "variables": [1]}',
        '{"query": "{ __typename }", "operationName": {}}',
        '{"query": "{ __typename }", "extensions": []}',
        '{"query": ["{ __typename }"]}',
        '[{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
        '{"query": "{ __typename }"',
        '{"__proto__": {"query": "{ __typename }"}}',
        'null',
        '"{ __typename }"',
        '{ __typename }',
        '{"query": "' + 'x'.repeat(5000) + '"}',
      ),
    ),
  })
  .map(({ method, path: target, contentType, preflight, credential, body }) => ({
    method,
    path: target,
    headers: {
      ...(contentType === null ? {} : { 'content-type': contentType }),
      ...(preflight ? { 'apollo-require-preflight': 'true' } : {}),
      ...credential,
    },
    ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body }),
  }));

// ---------------------------------------------------------------- the test

describe('fuzzing the HTTP endpoint: no hostile request is answered with a 5xx or an internal error', () => {
  let opened: OpenedStore;
  let server: AtharServer;
  let port: number;
  let schema: GraphQLSchema;
  let ids: string[];
  let exportDir: string;
  const logged: unknown[] = [];

  beforeAll(async () => {
    opened = await openTestStore('embedded');
    await opened.store.init();
    const bundle = seedBundle();
    await opened.store.importBundle(bundle);
    ids = [
      ...bundle.entities.slice(0, 6).map((e) => e.id),
      ...bundle.sources.slice(0, 3).map((s) => s.id),
      ...bundle.claims.slice(0, 3).map((c) => c.claim.id),
      'nope_404',
    ];
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-fuzz-exports-'));
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        ATHAR_JWT_SECRET: SECRET,
        ATHAR_API_KEYS: JSON.stringify([
          { id: 'fuzzanalyst', name: 'fuzz analyst', role: 'ANALYST', sha256: sha256Hex(ANALYST_KEY) },
          { id: 'fuzzadmin', name: 'fuzz admin', role: 'ADMIN', sha256: sha256Hex(ADMIN_KEY) },
        ]),
        // Rate limits have their own test; here they would turn most requests into 429s.
        ATHAR_RATE_AUTH_FAILURES_PER_MINUTE: '0',
        ATHAR_RATE_WRITES_PER_MINUTE: '0',
        ATHAR_RATE_WRITES_PER_ADDRESS_PER_MINUTE: '0',
        // PDF exports fail fast (EXPORT_UNAVAILABLE) instead of starting a browser.
        ATHAR_CHROMIUM_PATH: '/nonexistent/chromium',
        ATHAR_EXPORT_DIR: exportDir,
      },
      {},
    );
    legalToken = await new SignJWT({ sub: 'fuzz-legal', athar_role: 'LEGAL' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('30m')
      .sign(new TextEncoder().encode(SECRET));
    schema = await buildAtharSchema();
    server = await createAtharServer(opened.store, config, { error: (_m, e) => void logged.push(e) }, schema);
    const url = await listen(server, 0, { exportDir });
    port = Number(new URL(url).port);
    // Printed so that a failure can be replayed: FUZZ_SEED=<seed> reruns exactly these requests.
    console.log(`fuzz: seed ${SEED}, ${RUNS} runs per property (FUZZ_SEED, FUZZ_RUNS to change)`);
  });

  afterAll(async () => {
    agent.destroy();
    await server?.apollo.stop();
    await opened?.cleanup();
    if (exportDir) fs.rmSync(exportDir, { recursive: true, force: true });
  });

  /** How often each status and error code came back, per property: a fuzzer that only ever hits one error proves little. */
  const seen = new Map<string, Map<string, number>>();

  /** The property every generated request must have: some answer, no 5xx, no INTERNAL_SERVER_ERROR. */
  function answersWithout5xx(property: string) {
    const counts = new Map<string, number>();
    seen.set(property, counts);
    return async (request: Sent): Promise<void> => {
      let answer: Answer;
      try {
        answer = await send(port, request);
      } catch (error) {
        throw new Error(`No answer (${String(error)}) to ${request.method} ${request.path.slice(0, 200)}`);
      }
      if (answer.status >= 500 || answer.text.includes('INTERNAL_SERVER_ERROR')) {
        throw new Error(describeFailure(request, answer));
      }
      const codes = new Set([...answer.text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]!));
      const data = /"data":\{"/.test(answer.text) ? ['with data'] : [];
      const uncoded =
        answer.status >= 400 && codes.size === 0 ? [`${request.method} ${answer.status} without code`] : [];
      for (const key of [`HTTP ${answer.status}`, ...codes, ...data, ...uncoded])
        counts.set(key, (counts.get(key) ?? 0) + 1);
    };
  }

  afterAll(() => {
    for (const [property, counts] of seen) {
      const summary = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
      console.log(`fuzz (seed ${SEED}) ${property}: ${summary.join(', ')}`);
    }
  });

  // One seed for every property, so that the seed fast-check prints is the FUZZ_SEED that replays it;
  // FUZZ_PATH (with -t for the property) replays one failing request directly.
  const params = () => ({
    seed: SEED,
    numRuns: RUNS,
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
  });

  it('answers operations generated from the schema, with random arguments, asOf and variables', async () => {
    const requests = operationRequests(operationFrom(schema, ids));
    await fc.assert(fc.asyncProperty(requests, answersWithout5xx('schema operations')), params());
    expect(logged).toEqual([]);
  });

  it('answers operations with broken syntax', async () => {
    const requests = operationRequests(broken(operationFrom(schema, ids)));
    await fc.assert(fc.asyncProperty(requests, answersWithout5xx('broken syntax')), params());
    expect(logged).toEqual([]);
  });

  it('answers any method, path, content type and body', async () => {
    await fc.assert(fc.asyncProperty(RAW_REQUESTS, answersWithout5xx('raw requests')), params());
    expect(logged).toEqual([]);
  });

  // What the first fuzz run (36,000 operations) found answered with a 500 or INTERNAL_SERVER_ERROR.
  const entityAt = (asOf: string) => `{ entity(id: "fac_sednaya", asOf: ${JSON.stringify(asOf)}) { name } }`;
  it.each<[string, Sent, string, RegExp]>([
    ['garbage asOf', postJson({ query: entityAt('garbage') }, {}), 'BAD_USER_INPUT', /asOf "garbage" is not a date/],
    ['a bare year as asOf', postJson({ query: entityAt('2024') }, {}), 'BAD_USER_INPUT', /ISO 8601 date/],
    ['a future asOf', postJson({ query: entityAt('2999-01-01') }, {}), 'BAD_USER_INPUT', /in the future/],
    [
      'an asOf variable that is no date',
      postJson(
        {
          query: 'query($at: String) { entity(id: "fac_sednaya", asOf: $at) { name } }',
          variables: { at: 'yesterday' },
        },
        {},
      ),
      'BAD_USER_INPUT',
      /not a date/,
    ],
    [
      'two asOf values in one operation',
      postJson(
        {
          query:
            '{ a: entity(id: "fac_sednaya", asOf: "2020-01-01") { name } b: entity(id: "fac_sednaya", asOf: "2021-01-01") { name } }',
        },
        {},
      ),
      'BAD_USER_INPUT',
      /One asOf per operation/,
    ],
    [
      'a persisted-query hash that matches nothing',
      postJson({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }, {}),
      'PERSISTED_QUERY_NOT_SUPPORTED',
      /turned off/,
    ],
    [
      'a persisted-query hash that does not match the text',
      postJson({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }, {}),
      'PERSISTED_QUERY_NOT_SUPPORTED',
      /turned off/,
    ],
    [
      'an unknown persisted-query version',
      postJson({ query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }, {}),
      'PERSISTED_QUERY_NOT_SUPPORTED',
      /turned off/,
    ],
    ['a subscription', postJson({ query: 'subscription { entity }' }, {}), 'BAD_REQUEST', /no subscriptions/],
    [
      'a subscription among other operations',
      postJson({ query: 'query Q { __typename } subscription S { x }', operationName: 'S' }, {}),
      'BAD_REQUEST',
      /no subscriptions/,
    ],
    ['a malformed path', { method: 'GET', path: '//%%%', headers: {} }, 'BAD_REQUEST', /path is malformed/],
  ])('answers %s with HTTP 400 and a code', async (_what, request, code, message) => {
    const answer = await send(port, request);
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe(code);
    expect(body.errors[0].message).toMatch(message);
  });

  it('answers persisted queries with 400 PERSISTED_QUERY_NOT_SUPPORTED, saying to send the text', async () => {
    const request = postJson(
      {
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('{ __typename }') } },
      },
      {},
    );
    const answer = await send(port, request);
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text);
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect(body.errors[0].message).toMatch(/send the full operation text/);
  });
});
