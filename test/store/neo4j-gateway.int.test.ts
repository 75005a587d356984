import { randomUUID } from 'node:crypto';
import { ConflictError, ErrorCode, NotFoundError, StoreUnavailableError } from '../../src/domain/errors';
import { cypher } from '../../src/store/neo4j/cypher/query';
import { schemaQueries } from '../../src/store/neo4j/cypher/schema';
import { Neo4jGateway } from '../../src/store/neo4j/neo4j.gateway';
import { neo4jTestConfig } from '../support/neo4j-env';

// The gateway against a real Neo4j: error mapping by code, transaction
// atomicity, unreachable servers. Ids are unique to this run; nothing is wiped.
// Probes are GatewayProbe nodes, never Entity ones: the stores must not read them as records.
describe('Neo4jGateway', () => {
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const id = (prefix: string) => `${prefix}_gw${run}_${(n += 1)}`;
  let gateway: Neo4jGateway;

  beforeAll(async () => {
    const config = neo4jTestConfig();
    gateway = new Neo4jGateway({
      uri: config.uri,
      user: config.password ? config.user : null,
      password: config.password || null,
      database: config.database,
    });
    await gateway.schema([
      ...schemaQueries(),
      // A label of its own, so that the probes here are not records the stores would read.
      cypher('CREATE CONSTRAINT gateway_probe_id IF NOT EXISTS FOR (n:GatewayProbe) REQUIRE n.id IS UNIQUE'),
    ]);
  });

  afterAll(async () => {
    await gateway.close();
  });

  const exists = async (entityId: string) =>
    (await gateway.read((tx) => tx.run(cypher('MATCH (n:GatewayProbe {id: $id}) RETURN n.id AS id', { id: entityId }))))
      .length > 0;

  it('returns rows as plain objects with JS numbers', async () => {
    const rows = await gateway.read((tx) =>
      tx.run(
        cypher('RETURN 42 AS answer, [1, 2.5] AS list, {a: 1} AS map, null AS nothing, $text AS text', { text: 'x' }),
      ),
    );
    expect(rows).toEqual([{ answer: 42, list: [1, 2.5], map: { a: 1 }, nothing: null, text: 'x' }]);
  });

  it('maps a duplicate id (a uniqueness constraint violation) to ConflictError without leaking the database message', async () => {
    const entityId = id('per');
    const create = cypher('CREATE (n:GatewayProbe {id: $id, name: $name})', { id: entityId, name: 'first' });
    await gateway.write((tx) => tx.run(create));

    const error: unknown = await gateway
      .write((tx) => tx.run({ ...create, params: { id: entityId, name: 'second' } }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: ErrorCode.CONFLICT });
    const message = (error as Error).message;
    expect(message).not.toContain(entityId);
    expect(message).not.toMatch(/label|property|constraint/i);

    const names = await gateway.read((tx) =>
      tx.run(cypher('MATCH (n:GatewayProbe {id: $id}) RETURN n.name AS name', { id: entityId })),
    );
    expect(names).toEqual([{ name: 'first' }]);
  });

  it('rolls back the whole transaction when the work throws, and passes our error through unchanged', async () => {
    const a = id('per');
    const b = id('per');
    const refusal = new NotFoundError('entity', 'per_missing');
    await expect(
      gateway.write(async (tx) => {
        await tx.run(cypher('CREATE (n:GatewayProbe {id: $id})', { id: a }));
        await tx.run(cypher('CREATE (n:GatewayProbe {id: $id})', { id: b }));
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await exists(a)).toBe(false);
    expect(await exists(b)).toBe(false);
  });

  it('rolls back the writes made before a failing statement of the same transaction', async () => {
    const fresh = id('per');
    const taken = id('per');
    await gateway.write((tx) => tx.run(cypher('CREATE (n:GatewayProbe {id: $id})', { id: taken })));
    await expect(
      gateway.write(async (tx) => {
        await tx.run(cypher('CREATE (n:GatewayProbe {id: $id})', { id: fresh }));
        await tx.run(cypher('CREATE (n:GatewayProbe {id: $id})', { id: taken }));
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await exists(fresh)).toBe(false);
  });

  it('rethrows driver errors it has no mapping for unchanged (they are masked at the edge)', async () => {
    const error: unknown = await gateway
      .read((tx) => tx.run(cypher('THIS IS NOT CYPHER')))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'Neo.ClientError.Statement.SyntaxError' });
  });

  it('runs the schema statements again, and concurrently, without error', async () => {
    await expect(
      Promise.all([gateway.schema(schemaQueries()), gateway.schema(schemaQueries())]),
    ).resolves.toBeDefined();
  });

  it('reports an unreachable server as StoreUnavailableError', async () => {
    const unreachable = new Neo4jGateway({
      uri: 'bolt://127.0.0.1:1',
      connectionTimeoutMs: 1000,
      maxRetryTimeMs: 1000,
    });
    try {
      await expect(unreachable.read((tx) => tx.run(cypher('RETURN 1 AS one')))).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(unreachable.write((tx) => tx.run(cypher('RETURN 1 AS one')))).rejects.toMatchObject({
        code: ErrorCode.STORE_UNAVAILABLE,
      });
    } finally {
      await unreachable.close();
    }
  });
});
