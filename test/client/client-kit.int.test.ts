import { ApolloClient, HttpLink, gql } from '@apollo/client';
import { GraphQLClient, gql as gqlRequest } from 'graphql-request';
import { asOfDocumentTransform, createAtharCache } from '../../client/apollo';
import { seedBundle } from '../../src/main/seed/seed';
import { listen } from '../../src/api/http';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import { openTestStore, OpenedStore } from '../support/stores';
import { startTestApi, type TestApi } from '../support/graphql';
import { VIEWERS } from '../support/viewers';

/*
 * The client kit (client/apollo.ts, docs/client-kit.md) against a live Athar over HTTP on the seed
 * case, as a dashboard developer would use it: Apollo Client 4 with createAtharCache(), and graphql-request.
 */
describe('the client kit against a live Athar', () => {
  let opened: OpenedStore;
  let writer: TestApi;
  let url: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    writer = await startTestApi(opened.store, { viewer: VIEWERS.analyst });
    const server = await createAtharServer(opened.store, { development: false, maxPageSize: 100 });
    url = await listen(server, 0, { exportDir: defaultExportDir() });
    stop = () => server.apollo.stop();
  });

  afterAll(async () => {
    await stop();
    await writer.stop();
    await opened.cleanup();
  });

  const apollo = () =>
    new ApolloClient({
      link: new HttpLink({ uri: url }),
      cache: createAtharCache(),
      documentTransform: asOfDocumentTransform,
    });

  it('reads an interface fragment on Entity through node(id)', async () => {
    const client = apollo();
    const { data } = await client.query<{ node: { __typename: string; name: string; kind: string } }>({
      query: gql`
        query NodeAsEntity($id: ID!) {
          node(id: $id) {
            id
            ...EntityCard
          }
        }
        fragment EntityCard on Entity {
          name
          kind
        }
      `,
      variables: { id: 'fac_sednaya' },
    });
    expect(data?.node).toMatchObject({ __typename: 'Facility', name: 'Sednaya Prison', kind: 'FACILITY' });
    // The fragment reads back from the cache too: possibleTypes tells it a Facility is an Entity.
    const card = client.cache.readFragment<{ name: string }>({
      id: client.cache.identify({ __typename: 'Facility', id: 'fac_sednaya' }),
      fragment: gql`
        fragment CachedCard on Entity {
          name
        }
      `,
    });
    expect(card?.name).toBe('Sednaya Prison');
  });

  it('appends page 2 of a connection to page 1 with fetchMore', async () => {
    const client = apollo();
    type Page = {
      entity: { claims: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { endCursor: string } } };
    };
    const observable = client.watchQuery<Page>({
      query: gql`
        query Claims($id: ID!, $first: Int, $after: String) {
          entity(id: $id) {
            id
            claims(first: $first, after: $after) {
              edges {
                cursor
                node {
                  id
                  predicate
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        }
      `,
      variables: { id: 'fac_sednaya', first: 2 },
    });
    const first = await new Promise<Page>((resolve, reject) => {
      const subscription = observable.subscribe({
        next: (result) => {
          if (result.data && !result.loading) {
            resolve(result.data as Page);
            subscription.unsubscribe();
          }
        },
        error: reject,
      });
    });
    const pageOne = first.entity.claims.edges.map((edge) => edge.node.id);
    expect(pageOne).toHaveLength(2);
    const subscription = observable.subscribe(() => undefined);
    try {
      const more = await observable.fetchMore<Page>({ variables: { after: first.entity.claims.pageInfo.endCursor } });
      const pageTwo = (more.data as Page).entity.claims.edges.map((edge) => edge.node.id);
      expect(pageTwo).toHaveLength(2);
      // The cache now holds both pages under the one field (its key arguments leave out first and after).
      await new Promise((resolve) => setTimeout(resolve, 0));
      const read = client.readQuery<Page>({ query: observable.query, variables: { id: 'fac_sednaya', first: 2 } });
      const merged = read!.entity.claims.edges.map((edge) => edge.node.id);
      expect(merged).toEqual([...pageOne, ...pageTwo]);
      expect(new Set(merged).size).toBe(4);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('keeps a past read of an entity next to the present one', async () => {
    const created = await writer.run<{ createEntity: { id: string } }>(
      `mutation { createEntity(input: { kind: FACILITY, name: "Client Kit Old Name" }) { id } }`,
    );
    const id = created.data!.createEntity.id;
    await new Promise((resolve) => setTimeout(resolve, 15));
    const then = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 15));
    const renamed = await writer.run(
      `mutation($id: ID!) { updateEntity(id: $id, input: { name: "Client Kit New Name" }) { id } }`,
      {
        id,
      },
    );
    expect(renamed.errors).toBeUndefined();

    const client = apollo();
    // No asOf selected by hand: asOfDocumentTransform adds it next to id.
    const query = gql`
      query Facility($id: ID!, $at: String) {
        entity(id: $id, asOf: $at) {
          id
          name
        }
      }
    `;
    const past = await client.query<{ entity: { name: string; asOf: string | null } }>({
      query,
      variables: { id, at: then },
    });
    const present = await client.query<{ entity: { name: string; asOf: string | null } }>({
      query,
      variables: { id, at: null },
    });
    expect(past.data?.entity).toMatchObject({ name: 'Client Kit Old Name', asOf: then });
    expect(present.data?.entity).toMatchObject({ name: 'Client Kit New Name', asOf: null });

    // Both states are in the cache, under keys of their own; the past did not overwrite the present.
    const cached = client.cache.extract() as Record<string, { name?: string }>;
    expect(cached[`Facility:${id}`]?.name).toBe('Client Kit New Name');
    expect(cached[`Facility:${id}@${then}`]?.name).toBe('Client Kit Old Name');
    const again = await client.query<{ entity: { name: string } }>({
      query,
      variables: { id, at: then },
      fetchPolicy: 'cache-only',
    });
    expect(again.data?.entity.name).toBe('Client Kit Old Name');
  });

  it('works with graphql-request, unmodified', async () => {
    const client = new GraphQLClient(url);
    const data = await client.request<{ entity: { name: string; claims: { totalCount: number } } }>(
      gqlRequest`
        query Facility($id: ID!) {
          entity(id: $id) {
            name
            claims(first: 1) {
              totalCount
            }
          }
        }
      `,
      { id: 'fac_sednaya' },
    );
    expect(data.entity.name).toBe('Sednaya Prison');
    expect(data.entity.claims.totalCount).toBeGreaterThan(2);
  });
});
