/** Every error code a client can see. Clients branch on these, never on messages. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  STORE_UNAVAILABLE = 'STORE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The request carried a credential that could not be accepted (HTTP 401). */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The viewer's role does not allow the operation. */
  FORBIDDEN = 'FORBIDDEN',
  /** The operation is over a depth, alias, directive or cost limit. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** An export format needs a program the server lacks or could not run (Chromium for PDF). */
  EXPORT_UNAVAILABLE = 'EXPORT_UNAVAILABLE',
  /** Too many failed authentications or writes in a short time; `retryAfter` says how many seconds to wait (HTTP 429). */
  RATE_LIMITED = 'RATE_LIMITED',
}

/** What a client may read besides the message: the offending field, the limit, the clearance needed. */
export type ErrorDetails = Readonly<Record<string, string>>;

/**
 * Base of the errors meant for clients: their message says what to fix and is
 * safe to show, and `code` is what clients branch on. They know nothing of
 * GraphQL or HTTP: the API edge (src/api/graphql/errors.ts) maps each code to
 * a GraphQL error and an HTTP status. Anything else that reaches the edge is masked.
 */
export abstract class AtharError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class BadUserInputError extends AtharError {
  readonly code = ErrorCode.BAD_USER_INPUT;
  /** Path of the offending input field, e.g. "citations[0].excerpt". */
  readonly field: string | null;
  constructor(message: string, field: string | null = null) {
    super(message, field ? { field } : {});
    this.field = field;
  }
}

export class NotFoundError extends AtharError {
  readonly code = ErrorCode.NOT_FOUND;
  constructor(what: string, id: string) {
    super(`No ${what} with id "${id}" exists.`, { id });
  }
}

export class ConflictError extends AtharError {
  readonly code = ErrorCode.CONFLICT;
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details);
  }
}

/**
 * A write named the version of the record it expected (expectedVersion), and
 * the record has changed since: nothing was written. The client re-reads the
 * record and decides again. `details` carry the id and both versions.
 */
export class VersionConflictError extends ConflictError {
  readonly recordId: string;
  readonly expectedVersion: number;
  readonly currentVersion: number;
  /** `what` names the record: "entity", "source", "claim". */
  constructor(what: string, id: string, expectedVersion: number, currentVersion: number) {
    super(
      `The ${what} "${id}" has changed since version ${expectedVersion} (it is now at version ${currentVersion}); ` +
        'nothing was written. Re-read it and retry.',
      { id, expectedVersion: String(expectedVersion), currentVersion: String(currentVersion) },
    );
    this.recordId = id;
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }
}

/**
 * A change worked out from records that changed before it could be written
 * (an access change whose dependent claims moved on): nothing was written.
 * Services work it out again and retry; a client that still sees it retries.
 */
export class StaleChangeError extends ConflictError {
  constructor(detail: string) {
    super(`${detail} Nothing was written; retry.`);
  }
}

/** Seconds a client is asked to wait before retrying when the store does not answer. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The store did not answer. The client's message says only that and when to
 * retry; `cause` (the driver's error: host, port, reason) is for the server's
 * log and for operators at start-up.
 */
export class StoreUnavailableError extends AtharError {
  readonly code = ErrorCode.STORE_UNAVAILABLE;
  constructor(options: { cause?: unknown } = {}) {
    super(`The graph store is unavailable; try again in ${STORE_RETRY_AFTER_SECONDS} seconds.`, {
      retryAfterSeconds: String(STORE_RETRY_AFTER_SECONDS),
    });
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * PDF export needs Chromium on the server. The message tells the operator what
 * to install; `detail` (the path tried, Chromium's own complaint) is for the
 * server's log only, as it may reveal the host's layout.
 */
export class ExportUnavailableError extends AtharError {
  readonly code = ErrorCode.EXPORT_UNAVAILABLE;
  readonly detail: string | null;
  constructor(reason: string, detail: string | null = null) {
    super(
      `PDF export is unavailable: ${reason}. Install Debian's chromium package or set ATHAR_CHROMIUM_PATH ` +
        'to a Chromium executable.',
    );
    this.detail = detail;
  }
}

/**
 * A credential was sent but cannot be accepted. Never answered by falling back
 * to the anonymous viewer: a client that meant to authenticate must learn that
 * it did not, rather than silently see less.
 */
export class UnauthenticatedError extends AtharError {
  readonly code = ErrorCode.UNAUTHENTICATED;
  constructor(message: string) {
    super(message);
  }
}

export class ForbiddenError extends AtharError {
  readonly code = ErrorCode.FORBIDDEN;
  readonly requiredRole: string;
  /** `action` completes "To ..." (e.g. "record a claim"); roles are given by name to keep this file free of auth. */
  constructor(action: string, requiredRole: string, viewerRole: string) {
    super(
      `To ${action} you need the ${requiredRole} role or higher; this request has the ${viewerRole} role. ` +
        'Send a bearer token or API key that grants it.',
      { requiredRole },
    );
    this.requiredRole = requiredRole;
  }
}

/** The role allows the operation but the viewer's clearance is below what the record needs. */
export class InsufficientClearanceError extends AtharError {
  readonly code = ErrorCode.FORBIDDEN;
  constructor(action: string, neededClearance: string, viewerClearance: string) {
    super(
      `To ${action} you need ${neededClearance} clearance; this request has ${viewerClearance}. Ask someone with that clearance.`,
      { neededClearance },
    );
  }
}

/** An operation over one of the configured limits; `limit` names which one. */
export class QueryTooComplexError extends AtharError {
  readonly code = ErrorCode.QUERY_TOO_COMPLEX;
  constructor(message: string, limit: string) {
    super(message, { limit });
  }
}

/**
 * A client has used up one of its allowances (failed authentications, writes)
 * for now. `limit` names which one; `retryAfterSeconds` (at least 1) is when
 * the allowance is renewed, and is also given to clients as `retryAfter`.
 */
export class RateLimitedError extends AtharError {
  readonly code = ErrorCode.RATE_LIMITED;
  readonly retryAfterSeconds: number;
  /** `reason` is a sentence saying what was refused, e.g. "Too many failed authentications from this address." */
  constructor(reason: string, retryAfterSeconds: number, limit: string) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(`${reason} Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, {
      limit,
      retryAfter: String(seconds),
    });
    this.retryAfterSeconds = seconds;
  }
}

export function isAtharError(error: unknown): error is AtharError {
  return error instanceof AtharError;
}
