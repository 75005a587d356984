import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config';
import type { AtharContext } from './graphql/context';
import { createErrorFormatter, ErrorLogger } from './graphql/errors';
import { buildAtharSchema } from './graphql/schema';
import { createServices } from './services/services';
import type { Store } from './store/store.port';

export interface AtharServer {
  apollo: ApolloServer<AtharContext>;
  /** A fresh per-request context: new services and loaders over the one shared store. */
  context(): AtharContext;
}

export async function createAtharServer(
  store: Store,
  config: Pick<Config, 'development' | 'maxPageSize'>,
  logger: ErrorLogger = { error: (message, error) => console.error(message, error) },
  schema?: GraphQLSchema,
): Promise<AtharServer> {
  const apollo = new ApolloServer<AtharContext>({
    schema: schema ?? (await buildAtharSchema()),
    formatError: createErrorFormatter(config.development, logger),
    includeStacktraceInErrorResponses: config.development,
    introspection: true,
  });
  return {
    apollo,
    context: () => ({ services: createServices(store, { maxPageSize: config.maxPageSize }) }),
  };
}

/** Starts the HTTP endpoint at /graphql; returns its URL. */
export async function listen(server: AtharServer, port: number): Promise<string> {
  const { url } = await startStandaloneServer(server.apollo, {
    listen: { port },
    context: async () => server.context(),
  });
  return new URL('graphql', url).toString();
}
