import 'reflect-metadata';
import { buildSchema as buildSdl, GraphQLError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DEFAULT_LIMITS, LimitsConfig } from '../../main/config';
import { BadUserInputError, ErrorCode, QueryTooComplexError } from '../../domain/errors';
import { DEFAULT_PAGE_SIZE } from '../../app/paging';
import { findLongString, limitRules, listCostEstimator } from './limits';
import { buildAtharSchema } from './schema';

const sdl = buildSdl(`
  type Query {
    item(id: ID!): Item
    items(first: Int, after: String): ItemConnection!
    search(text: String!, limit: Int = 10): [Item!]!
    nodes(ids: [ID!]!): [Item]!
  }
  type ItemConnection { edges: [ItemEdge!]! totalCount: Int! }
  type ItemEdge { node: Item! }
  type Item { id: ID! name: String! tags: [String!]! children: [Item!]! parent: Item }
`);

function errors(query: string, limits: Partial<LimitsConfig> = {}, schema: GraphQLSchema = sdl): GraphQLError[] {
  return [...validate(schema, parse(query), [...specifiedRules, ...limitRules({ ...DEFAULT_LIMITS, ...limits })])];
}

function cost(query: string, schema: GraphQLSchema = sdl, variables: Record<string, unknown> = {}): number {
  return getComplexity({
    schema,
    query: parse(query),
    variables,
    estimators: [
      fieldExtensionsEstimator(),
      listCostEstimator({ maxPageSize: 100, defaultPageSize: DEFAULT_PAGE_SIZE }),
      simpleEstimator({ defaultComplexity: 1 }),
    ],
  });
}

describe('limitRules', () => {
  it('passes an ordinary query', () => {
    expect(errors('{ item(id: "1") { name parent { name } children { id tags } } }')).toEqual([]);
  });

  it('refuses depth over the limit, with a typed error naming the numbers', () => {
    const deep = '{ item(id: "1") { parent { parent { parent { parent { name } } } } } }';
    expect(errors(deep, { maxDepth: 6 })).toEqual([]);
    const [error, ...rest] = errors(deep, { maxDepth: 5 });
    expect(rest).toEqual([]);
    expect(error).toHaveProperty('originalError', expect.any(QueryTooComplexError));
    expect(error!.extensions).toEqual({ code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'depth' });
    expect(error!.message).toBe(
      'Query depth limit of 5 exceeded, found 6. Ask for less in one operation, or split it into several requests.',
    );
  });

  it('does not count fragments as levels, but counts what is inside them', () => {
    const query = `{ item(id: "1") { ... on Item { ...deep } } }
      fragment deep on Item { parent { parent { name } } }`;
    expect(errors(query, { maxDepth: 4 })).toEqual([]);
    expect(errors(query, { maxDepth: 3 })[0]).toHaveProperty('originalError', expect.any(QueryTooComplexError));
  });

  it('refuses aliases and directives over the limit', () => {
    const aliases = `{ ${Array.from({ length: 4 }, (_, i) => `a${i}: item(id: "${i}") { id }`).join(' ')} }`;
    expect(errors(aliases, { maxAliases: 4 })).toEqual([]);
    expect(errors(aliases, { maxAliases: 3 })[0]!.extensions).toMatchObject({ limit: 'aliases' });
    const directives = '{ item(id: "1") { id @skip(if: false) name @skip(if: false) } }';
    expect(errors(directives, { maxDirectives: 2 })).toEqual([]);
    expect(errors(directives, { maxDirectives: 1 })[0]!.extensions).toMatchObject({ limit: 'directives' });
  });

  it('refuses a long string literal, naming the argument, input field or variable default', () => {
    const long = 'é'.repeat(101);
    const [argument] = errors(`{ search(text: "${long}") { id } }`, { maxStringLength: 100 });
    expect(argument).toHaveProperty('originalError', expect.any(BadUserInputError));
    expect(argument!.message).toBe('The string given for text is 101 characters long; the limit is 100.');
    expect(argument!.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT, field: 'text' });
    const [fromDefault] = errors(`query($t: String! = """${long}""") { search(text: $t) { id } }`, {
      maxStringLength: 100,
    });
    expect(fromDefault!.message).toMatch(/^The string given for \$t is 101 characters/);
    expect(errors(`{ search(text: "${'x'.repeat(100)}") { id } }`, { maxStringLength: 100 })).toEqual([]);
  });
});

describe('findLongString', () => {
  it('finds the first over-long string anywhere in the variables, with its path', () => {
    expect(findLongString({ a: 'ok', b: { c: ['ok', 'x'.repeat(11)] } }, 10)).toEqual({ path: '$b.c[1]', length: 11 });
    expect(findLongString({ a: 'x'.repeat(10), n: 5, z: null }, 10)).toBeNull();
    expect(findLongString(undefined, 10)).toBeNull();
  });

  it('walks variables nested far deeper than the call stack would allow', () => {
    let nested: unknown = 'x'.repeat(11);
    for (let i = 0; i < 100000; i++) nested = [nested];
    expect(findLongString({ deep: nested }, 10)?.length).toBe(11);
  });
});

describe('listCostEstimator', () => {
  it('multiplies by the page asked for, capped at the largest page, and by the default page otherwise', () => {
    const perItem = cost('{ items(first: 1) { edges { node { id } } } }') - 1;
    expect(cost('{ items(first: 10) { edges { node { id } } } }')).toBe(1 + 10 * perItem);
    expect(cost('{ items(first: 5000) { edges { node { id } } } }')).toBe(1 + 100 * perItem);
    expect(cost('{ items { edges { node { id } } } }')).toBe(1 + DEFAULT_PAGE_SIZE * perItem);
    expect(cost('query($n: Int) { items(first: $n) { totalCount } }', sdl, { n: 50 })).toBe(1 + 50 * 1);
  });

  it('counts the ids given, a search limit, and assumes a size for unpaged lists; scalar lists cost one', () => {
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(1 + 3 * 1);
    expect(cost('{ search(text: "x", limit: 7) { id } }')).toBe(1 + 7 * 1);
    expect(cost('{ item(id: "1") { children { id } } }')).toBe(1 + 1 + 5 * 1);
    expect(cost('{ item(id: "1") { tags } }')).toBe(1 + 1);
  });

  it('multiplies through every level of nesting', () => {
    const nested = '{ items(first: 100) { edges { node { children { children { children { id } } } } } } }';
    // items, edges (already counted by first), node, then three unpaged lists of an assumed 5.
    expect(cost(nested)).toBe(1 + 100 * (1 + (1 + (1 + 5 * (1 + 5 * (1 + 5 * 1))))));
  });
});

describe('the default limits on the real schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAtharSchema();
  });

  it.each([
    [
      'a facility with its detainees and their evidence',
      `{ entity(id: "fac_sednaya") { name ... on Facility { detainees { entity { name }
        claim { period { edtf } citations { locator excerpt source { title } } } } } } }`,
    ],
    [
      'figures with their citations',
      `{ entity(id: "fac_sednaya") { claims(predicates: ["DEATH_COUNT"]) { edges { node {
        quantity { amount qualifier unit } period { edtf }
        citations { locator excerpt source { title } via { title } } } } } } }`,
    ],
    [
      'forty people with fifty claims each, their citations and sources',
      `{ people(first: 40) { edges { node { id name claims(first: 50) { edges { node { id predicate
        object { id name } citations { locator source { id title derivedFrom { id } } via { id } } } } } } } } }`,
    ],
    [
      'a full page of entities with a full page of claims each',
      '{ entities(first: 100) { edges { node { name claims(first: 100) { edges { node { id predicate } } } } } } }',
    ],
  ])('lets through %s', (_what, query) => {
    expect(errors(query, {}, schema)).toEqual([]);
    expect(cost(query, schema)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
  });
});
