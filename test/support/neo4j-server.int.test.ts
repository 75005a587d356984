// The integration tier runs against a real Neo4j 5.26 Community server.
import neo4j, { Driver } from 'neo4j-driver';
import { neo4jAuthToken, neo4jTestConfig } from './neo4j-env';

describe('the integration Neo4j server', () => {
  const config = neo4jTestConfig();
  let driver: Driver;

  beforeAll(() => {
    driver = neo4j.driver(config.uri, neo4jAuthToken(config));
  });

  afterAll(async () => {
    await driver?.close();
  });

  it('is Neo4j 5.26 Community', async () => {
    const { records } = await driver.executeQuery(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition',
      {},
      { database: config.database },
    );
    expect(records).toHaveLength(1);
    const [component] = records;
    expect(component.get('name')).toBe('Neo4j Kernel');
    expect(component.get('versions')[0]).toMatch(/^5\.26\./);
    expect(component.get('edition')).toBe('community');
  });

  it('runs a write and reads it back', async () => {
    const marker = `athar-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    try {
      await driver.executeQuery(
        'CREATE (:AtharServerCheck {marker: $marker})',
        { marker },
        { database: config.database },
      );
      const { records } = await driver.executeQuery(
        'MATCH (n:AtharServerCheck {marker: $marker}) RETURN count(n) AS n',
        { marker },
        { database: config.database, routing: neo4j.routing.READ },
      );
      expect(records[0].get('n').toNumber()).toBe(1);
    } finally {
      await driver.executeQuery(
        'MATCH (n:AtharServerCheck {marker: $marker}) DELETE n',
        { marker },
        {
          database: config.database,
        },
      );
    }
  });
});
