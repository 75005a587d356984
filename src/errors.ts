import { GraphQLError } from 'graphql';

/** Every error code a client can see. Clients branch on these, never on messages. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  STORE_UNAVAILABLE = 'STORE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Base of the errors meant for clients: their message says what to fix and is
 * safe to show. Anything else that reaches the edge is masked.
 */
export abstract class AtharError extends GraphQLError {
  abstract readonly code: ErrorCode;
}

export class BadUserInputError extends AtharError {
  readonly code = ErrorCode.BAD_USER_INPUT;
  /** Path of the offending input field, e.g. "citations[0].excerpt". */
  readonly field: string | null;
  constructor(message: string, field: string | null = null) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } });
    this.field = field;
  }
}

export class NotFoundError extends AtharError {
  readonly code = ErrorCode.NOT_FOUND;
  constructor(what: string, id: string) {
    super(`No ${what} with id "${id}" exists.`, { extensions: { code: ErrorCode.NOT_FOUND, id } });
  }
}

export class ConflictError extends AtharError {
  readonly code = ErrorCode.CONFLICT;
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.CONFLICT } });
  }
}

export class StoreUnavailableError extends AtharError {
  readonly code = ErrorCode.STORE_UNAVAILABLE;
  constructor() {
    super('The graph store is unavailable; try again shortly.', { extensions: { code: ErrorCode.STORE_UNAVAILABLE } });
  }
}

export function isAtharError(error: unknown): error is AtharError {
  return error instanceof AtharError;
}
