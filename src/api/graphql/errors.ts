import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AtharError, ErrorCode, isAtharError, RateLimitedError, STORE_RETRY_AFTER_SECONDS } from '../../domain/errors';
import type { AtharContext } from './context';

/** Codes whose messages come from GraphQL itself (parsing, validation, variable coercion) and are safe to show. */
const SAFE_FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export interface ErrorLogger {
  error(message: string, error: unknown): void;
}

export interface ErrorFormatterOptions {
  /** Strip "Did you mean ...?" suggestions and schema hints: set whenever introspection is off. */
  hideSchemaDetails?: boolean;
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

const INTROSPECTION_DISABLED =
  'Introspection is turned off on this server; ask its operators for the schema (schema/schema.graphql in the Athar repository).';

/** Apollo's own message for a persisted-query request ("PersistedQueryNotSupported") says nothing of what to do. */
export const PERSISTED_QUERIES_OFF =
  'Persisted queries (APQ) are turned off on this server: send the full operation text in "query", without the persistedQuery extension.';

/** graphql-js's parser message when `parseOptions.maxTokens` stops it ("more that" is its spelling). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** The HTTP status of a request refused as a whole with this code (errors inside a result keep HTTP 200). */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.QUERY_TOO_COMPLEX:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.STORE_UNAVAILABLE:
    case ErrorCode.EXPORT_UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 500;
  }
}

/** The extensions a client sees for one of our errors: its code and details. */
export function extensionsOf(error: AtharError): Record<string, string> {
  return { code: error.code, ...error.details };
}

/**
 * One of our errors as GraphQL reports it. With `refuseRequest`, Apollo also
 * answers the whole request with the code's HTTP status (for errors raised
 * before execution: validation rules, plugins), instead of its default 500.
 */
export function toGraphQLError(error: AtharError, options: { refuseRequest?: boolean } = {}): GraphQLError {
  const http = options.refuseRequest ? { http: httpHeadOf(error) } : {};
  return new GraphQLError(error.message, { originalError: error, extensions: { ...extensionsOf(error), ...http } });
}

/** The status and headers of a request refused as a whole with this error: a 429 says when to retry (Retry-After). */
export function httpHeadOf(error: AtharError): { status: number; headers: HeaderMap } {
  const headers = new HeaderMap();
  if (error instanceof RateLimitedError) headers.set('retry-after', String(error.retryAfterSeconds));
  return { status: httpStatusOf(error.code), headers };
}

/** Our error, whether it reached the edge itself or was reported by a validation rule and wrapped by Apollo. */
function atharErrorIn(error: unknown): AtharError | null {
  if (isAtharError(error)) return error;
  if (error instanceof GraphQLError && isAtharError(error.originalError)) return error.originalError;
  return null;
}

/**
 * The edge of the API: our own errors pass with their code and message;
 * GraphQL's own validation errors pass; anything else (a driver message, a
 * bug) is logged and replaced by a generic message, so no stack trace or
 * database text reaches a client outside development.
 */
export function createErrorFormatter(development: boolean, logger: ErrorLogger, options: ErrorFormatterOptions = {}) {
  const clean = (message: string): string => (options.hideSchemaDetails ? message.replace(SUGGESTION, '') : message);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    const devExtras = development && original instanceof Error ? { stacktrace: original.stack?.split('\n') } : {};
    const athar = atharErrorIn(original);
    if (athar) {
      return { message: athar.message, ...base, extensions: { ...extensionsOf(athar), ...devExtras } };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      SAFE_FRAMEWORK_CODES.has(code) &&
      (original instanceof GraphQLError || original === error)
    ) {
      const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
      void _dropped;
      const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
      if (tokens) {
        return {
          message: `The query has more than ${tokens[1]} tokens. Ask for less in one operation, or split it into several requests.`,
          extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'tokens', ...devExtras },
        };
      }
      const message =
        options.hideSchemaDetails && extensions.validationErrorCode === 'INTROSPECTION_DISABLED'
          ? INTROSPECTION_DISABLED
          : code === 'PERSISTED_QUERY_NOT_SUPPORTED'
            ? PERSISTED_QUERIES_OFF
            : clean(formatted.message);
      return { message, ...base, extensions: { ...extensions, ...devExtras } };
    }
    logger.error('Unexpected error while resolving a request', original);
    return {
      message: development && original instanceof Error ? original.message : 'Internal server error.',
      ...base,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...devExtras },
    };
  };
}

/**
 * A request that failed because the store does not answer is answered with
 * HTTP 503 and Retry-After, so that clients and load balancers back off and
 * retry, whatever part of the operation hit the outage.
 */
export function storeUnavailablePlugin(): ApolloServerPlugin<AtharContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, response }) {
          const outage = errors.some((e) => atharErrorIn(unwrapResolverError(e))?.code === ErrorCode.STORE_UNAVAILABLE);
          if (!outage) return;
          response.http.status = httpStatusOf(ErrorCode.STORE_UNAVAILABLE);
          response.http.headers.set('retry-after', String(STORE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
