import type { GraphQLFormattedError } from 'graphql';
import { createAtharServer, AtharServer } from '../../src/server';
import type { Store } from '../../src/store/store.port';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface TestApi {
  server: AtharServer;
  /** Runs one operation with a fresh per-request context, as the HTTP endpoint does. */
  run<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  stop(): Promise<void>;
}

export async function startTestApi(
  store: Store,
  options: { development?: boolean; errors?: unknown[] } = {},
): Promise<TestApi> {
  const logged = options.errors ?? [];
  const server = await createAtharServer(
    store,
    { development: options.development ?? false, maxPageSize: 100 },
    { error: (_message, error) => void logged.push(error) },
  );
  await server.apollo.start();
  return {
    server,
    async run<T>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
      const response = await server.apollo.executeOperation(
        { query, ...(variables ? { variables } : {}) },
        { contextValue: server.context() },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as GqlResult<T>;
    },
    stop: () => server.apollo.stop(),
  };
}
