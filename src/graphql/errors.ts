import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, isAtharError } from '../errors';

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

/**
 * The edge of the API: our own errors pass with their code and message;
 * GraphQL's own validation errors pass; anything else (a driver message, a
 * bug) is logged and replaced by a generic message, so no stack trace or
 * database text reaches a client outside development.
 */
export function createErrorFormatter(development: boolean, logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    const devExtras = development && original instanceof Error ? { stacktrace: original.stack?.split('\n') } : {};
    if (isAtharError(original)) {
      return { message: original.message, ...base, extensions: { ...original.extensions, ...devExtras } };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      SAFE_FRAMEWORK_CODES.has(code) &&
      (original instanceof GraphQLError || original === error)
    ) {
      const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
      void _dropped;
      return { message: formatted.message, ...base, extensions: { ...extensions, ...devExtras } };
    }
    logger.error('Unexpected error while resolving a request', original);
    return {
      message: development && original instanceof Error ? original.message : 'Internal server error.',
      ...base,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...devExtras },
    };
  };
}
