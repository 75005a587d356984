import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Server as HttpServer } from 'node:http';
import { NO_AUTH } from './auth/auth.config';
import { createAuthenticator } from './auth/authenticator';
import type { Viewer } from '../policy/viewer';
import { UnauthenticatedError } from '../domain/errors';
import type { AtharContext } from './graphql/context';
import { createErrorFormatter, ErrorLogger, storeUnavailablePlugin } from './graphql/errors';
import { DEFAULT_LIMITS, limitRules, limitsPlugin, type LimitsConfig } from './graphql/limits';
import type { AuthConfig } from './auth/auth.config';
import { buildAtharSchema } from './graphql/schema';
import { introspectionPlugin } from './graphql/introspection';
import type { Role } from '../domain/access';
import { asOfPlugin } from './graphql/as-of.plugin';
import { unsupportedPlugin } from './graphql/unsupported.plugin';
import { writeLimitPlugin } from './graphql/write-limit.plugin';
import { createRateLimits, NO_RATE_LIMITS, type Client, type RateLimitConfig } from './rate-limits';
import type { ServicesFactory } from '../app/services';
import { createTelemetry, operationLabel, type Telemetry } from './telemetry';
import type { ApolloServerPlugin } from '@apollo/server';

/** Fills the request's trace (operation name, whether it answered with errors) for the HTTP front's log line. */
function tracePlugin(): ApolloServerPlugin<AtharContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, contextValue, response }) {
          const trace = contextValue.trace;
          if (!trace) return;
          trace.operation = operationLabel(operation);
          const body = response.body;
          trace.outcome = body.kind === 'single' && body.singleResult.errors?.length ? 'errors' : 'ok';
        },
      };
    },
  };
}

/** Request headers as Node gives them (lower-case names); other spellings are matched too. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface AtharServer {
  apollo: ApolloServer<AtharContext>;
  /**
   * A fresh per-request context for a request's headers: the viewer from its
   * credential, and new services and loaders over the one shared store.
   * Rejects with UnauthenticatedError (HTTP 401) for a credential that cannot be accepted,
   * and with RateLimitedError (HTTP 429) once the client's address or credential has failed too often.
   */
  context(headers?: RequestHeaders, client?: Client): Promise<AtharContext>;
  /** The same for a viewer already known (tests, scripts). */
  contextFor(viewer: Viewer): AtharContext;
  /** Ties an HTTP server to Apollo's lifecycle: `apollo.stop()` closes it. */
  attach(server: HttpServer): void;
  /** Logs and metrics of this server. */
  telemetry: Telemetry;
  /** Whether the server can answer: the store answers and its schema is in place; the reason when not. */
  ready(): Promise<Readiness>;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/** What the composition root hands the API besides configuration. */
export interface ApiHooks {
  telemetry?: Telemetry;
  ready?: () => Promise<Readiness>;
}

/**
 * What the API needs of the configuration; auth, limits, introspection and rate limits default to:
 * anonymous only, DEFAULT_LIMITS, on only in development, and none (loadConfig gives DEFAULT_RATE_LIMITS).
 */
export interface ApiConfig {
  development: boolean;
  maxPageSize: number;
  auth?: AuthConfig;
  limits?: LimitsConfig;
  introspection?: boolean;
  /** Roles that may load the whole schema (`__schema`, GraphiQL) while introspection is off. */
  introspectionRoles?: readonly Role[];
  rateLimits?: RateLimitConfig;
}

function header(headers: RequestHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  if (typeof value === 'string' || value === undefined) return value;
  if (value.length > 1) throw new UnauthenticatedError(`Send one ${name} header, not ${value.length}.`);
  return value[0];
}

/**
 * Everything sent as a credential (Authorization, X-Api-Key, in any spelling; a key counts the same
 * with or without "Bearer "), or null when nothing was: what failed authentications are counted against.
 */
function presentedCredential(headers: RequestHeaders): string | null {
  const values = Object.entries(headers)
    .filter(([name]) => ['authorization', 'x-api-key'].includes(name.toLowerCase()))
    .flatMap(([, value]) => (value === undefined ? [] : [value].flat()))
    .map((value) => value.trim().replace(/^Bearer\s+/i, ''))
    .filter((value) => value !== '');
  return values.length === 0 ? null : values.sort().join('\n');
}

export async function createApiServer(
  servicesFor: ServicesFactory,
  config: ApiConfig,
  logger: ErrorLogger = { error: (message, error) => console.error(message, error) },
  schema?: GraphQLSchema,
  hooks: ApiHooks = {},
): Promise<AtharServer> {
  const telemetry = hooks.telemetry ?? createTelemetry();
  const limits = config.limits ?? DEFAULT_LIMITS;
  const introspection = config.introspection ?? config.development;
  const rateLimits = createRateLimits(config.rateLimits ?? NO_RATE_LIMITS);
  // The HTTP server listen() attaches, so that stopping Apollo also closes it and its connections.
  const attached: { http?: HttpServer } = {};
  const apollo = new ApolloServer<AtharContext>({
    schema: schema ?? (await buildAtharSchema()),
    formatError: createErrorFormatter(config.development, logger, { hideSchemaDetails: !introspection }),
    includeStacktraceInErrorResponses: config.development,
    // Off means `__schema` is refused (noSchemaIntrospection, below); `__type` lookups stay, as GraphQL over HTTP needs.
    introspection: true,
    // Suggestions ("Did you mean ...") describe the schema as much as introspection does.
    hideSchemaDetailsFromClientErrors: !introspection,
    // Apollo's default, made explicit: a browser form or <img> on another site cannot send operations.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // src/main/main.ts stops gracefully on SIGTERM/SIGINT; Apollo's own handlers would end the process first.
    stopOnTerminationSignals: false,
    // The parser stops counting at the limit, so a huge document costs no more than a small one.
    parseOptions: { maxTokens: limits.maxTokens },
    // Caps fragment expansion during validation (fragment "bombs").
    maxRecursiveSelections: true,
    validationRules: limitRules(limits),
    // Persisted-query hashes would be shared by every viewer: whether a hash is known tells anyone that
    // someone ran that exact text. Off, a persisted-query request is answered 400 PERSISTED_QUERY_NOT_SUPPORTED.
    persistedQueries: false,
    // The unsupported plugin comes first, so that its refusal wins over the others' for a subscription.
    plugins: [
      // No field sets cache hints, and the plugin would wrap every resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      unsupportedPlugin(),
      limitsPlugin(limits, config.maxPageSize),
      asOfPlugin(),
      tracePlugin(),
      introspectionPlugin({ enabled: introspection, roles: config.introspectionRoles ?? [] }),
      storeUnavailablePlugin(),
      writeLimitPlugin(rateLimits),
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
    telemetry,
    ready: hooks.ready ?? (() => Promise.resolve({ ready: true })),
    attach: (server: HttpServer) => {
      attached.http = server;
    },
    contextFor,
    context: async (headers = {}, client = { address: null }) => {
      // Only requests that present a credential count and are refused: anonymous reads go on.
      const credential = presentedCredential(headers);
      if (credential !== null) await rateLimits.checkAuthentication(client, credential);
      let viewer: Viewer;
      try {
        viewer = await authenticator.authenticate(header(headers, 'authorization'), header(headers, 'x-api-key'));
      } catch (error) {
        if (credential !== null && error instanceof UnauthenticatedError) {
          await rateLimits.authenticationFailed(client, credential);
        }
        throw error;
      }
      return { ...contextFor(viewer), ...(client.address === null ? {} : { clientAddress: client.address }) };
    },
  };
}
