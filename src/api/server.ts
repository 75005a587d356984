import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Server as HttpServer } from 'node:http';
import { NO_AUTH } from './auth/auth.config';
import { createAuthenticator } from './auth/authenticator';
import type { Viewer } from '../policy/viewer';
import { UnauthenticatedError } from '../domain/errors';
import type { AtharContext } from './graphql/context';
import { createErrorFormatter, ErrorLogger } from './graphql/errors';
import { DEFAULT_LIMITS, limitRules, limitsPlugin, type LimitsConfig } from './graphql/limits';
import type { AuthConfig } from './auth/auth.config';
import { buildAtharSchema } from './graphql/schema';
import { asOfPlugin } from './graphql/as-of.plugin';
import type { ServicesFactory } from '../app/services';

/** Request headers as Node gives them (lower-case names); other spellings are matched too. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface AtharServer {
  apollo: ApolloServer<AtharContext>;
  /**
   * A fresh per-request context for a request's headers: the viewer from its
   * credential, and new services and loaders over the one shared store.
   * Rejects with UnauthenticatedError (HTTP 401) for a credential that cannot be accepted.
   */
  context(headers?: RequestHeaders): Promise<AtharContext>;
  /** The same for a viewer already known (tests, scripts). */
  contextFor(viewer: Viewer): AtharContext;
  /** Ties an HTTP server to Apollo's lifecycle: `apollo.stop()` closes it. */
  attach(server: HttpServer): void;
}

/** What the API needs of the configuration; auth, limits and introspection default to: anonymous only, DEFAULT_LIMITS, on only in development. */
export interface ApiConfig {
  development: boolean;
  maxPageSize: number;
  auth?: AuthConfig;
  limits?: LimitsConfig;
  introspection?: boolean;
}

function header(headers: RequestHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  if (typeof value === 'string' || value === undefined) return value;
  if (value.length > 1) throw new UnauthenticatedError(`Send one ${name} header, not ${value.length}.`);
  return value[0];
}

export async function createApiServer(
  servicesFor: ServicesFactory,
  config: ApiConfig,
  logger: ErrorLogger = { error: (message, error) => console.error(message, error) },
  schema?: GraphQLSchema,
): Promise<AtharServer> {
  const limits = config.limits ?? DEFAULT_LIMITS;
  const introspection = config.introspection ?? config.development;
  // The HTTP server listen() attaches, so that stopping Apollo also closes it and its connections.
  const attached: { http?: HttpServer } = {};
  const apollo = new ApolloServer<AtharContext>({
    schema: schema ?? (await buildAtharSchema()),
    formatError: createErrorFormatter(config.development, logger, { hideSchemaDetails: !introspection }),
    includeStacktraceInErrorResponses: config.development,
    introspection,
    // Suggestions ("Did you mean ...") describe the schema as much as introspection does.
    hideSchemaDetailsFromClientErrors: !introspection,
    // Apollo's default, made explicit: a browser form or <img> on another site cannot send operations.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // The parser stops counting at the limit, so a huge document costs no more than a small one.
    parseOptions: { maxTokens: limits.maxTokens },
    // Caps fragment expansion during validation (fragment "bombs").
    maxRecursiveSelections: true,
    validationRules: limitRules(limits),
    plugins: [
      limitsPlugin(limits, config.maxPageSize),
      asOfPlugin(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              const server = attached.http;
              if (!server) return;
              await new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
              });
            },
          };
        },
      },
    ],
  });
  const authenticator = createAuthenticator(config.auth ?? NO_AUTH);
  const contextFor = (viewer: Viewer): AtharContext => ({
    viewer,
    services: servicesFor(viewer, null),
    servicesAt: (asOf) => servicesFor(viewer, asOf),
  });
  return {
    apollo,
    attach: (server: HttpServer) => {
      attached.http = server;
    },
    contextFor,
    context: async (headers = {}) =>
      contextFor(await authenticator.authenticate(header(headers, 'authorization'), header(headers, 'x-api-key'))),
  };
}
