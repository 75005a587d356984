import type { GraphQLFormattedError } from 'graphql';
import type { Viewer } from '../../src/policy/viewer';
import type { AtharServer, RequestHeaders } from '../../src/api/server';
import { createAtharServer, type ServerConfig } from '../../src/main/compose';
import type { Store } from '../../src/store/store.port';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * Who a test operation runs as: a viewer directly, or the request headers
 * (Authorization, X-Api-Key) to authenticate as the HTTP endpoint would. A
 * credential the server refuses makes run() reject with UnauthenticatedError.
 */
export interface RunAs {
  viewer?: Viewer;
  headers?: RequestHeaders;
}

export interface TestApi {
  server: AtharServer;
  /** Runs one operation with a fresh per-request context, as the HTTP endpoint does; anonymous unless told. */
  run<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: RunAs): Promise<GqlResult<T>>;
  stop(): Promise<void>;
}

export async function startTestApi(
  store: Store,
  options: {
    development?: boolean;
    errors?: unknown[];
    /** The viewer of runs that name none (default: anonymous). */
    viewer?: Viewer;
    /** Auth, limits and introspection, as loadConfig would give them. */
    config?: Partial<Pick<ServerConfig, 'auth' | 'limits' | 'introspection' | 'chromiumPath' | 'exportDir'>>;
  } = {},
): Promise<TestApi> {
  const logged = options.errors ?? [];
  const server = await createAtharServer(
    store,
    { development: options.development ?? false, maxPageSize: 100, ...options.config },
    { error: (_message, error) => void logged.push(error) },
  );
  await server.apollo.start();
  return {
    server,
    async run<T>(query: string, variables?: Record<string, unknown>, as: RunAs = {}): Promise<GqlResult<T>> {
      const viewer = as.viewer ?? (as.headers ? undefined : options.viewer);
      const contextValue = viewer ? server.contextFor(viewer) : await server.context(as.headers ?? {});
      const response = await server.apollo.executeOperation(
        { query, ...(variables ? { variables } : {}) },
        { contextValue },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as GqlResult<T>;
    },
    stop: () => server.apollo.stop(),
  };
}

/** A citation input for test claims: the seed's first article, graded C3, unless overridden. */
export function citeInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sourceId: 'src_article_000',
    locator: 'para. 1',
    excerpt: 'the words',
    reliability: 'C',
    credibility: 3,
    ...overrides,
  };
}
