import neo4j, { Driver, ManagedTransaction, Session, SessionMode } from 'neo4j-driver';
import { BadUserInputError, ConflictError, QueryTooComplexError, StoreUnavailableError } from '../../domain/errors';
import type { CypherQuery } from './cypher/query';
import { currentConsistency } from '../consistency';

/**
 * The only module that talks to the Neo4j driver. Everything above it sees
 * plain rows and the errors of src/domain/errors.ts.
 */

export interface Neo4jConfig {
  uri: string;
  /** No user means no authentication (a server with auth disabled). */
  user?: string | null;
  password?: string | null;
  /** Database name; the server's default database when absent. */
  database?: string | null;
  /** How long to wait for a TCP connection, in ms (driver default 30 s). */
  connectionTimeoutMs?: number;
  /** How long managed transactions are retried on transient failures, in ms (driver default 30 s). */
  maxRetryTimeMs?: number;
}

/** A result row, as a plain object keyed by the RETURN column names. */
export type Row = Record<string, unknown>;

export interface QueryRunner {
  run(query: CypherQuery): Promise<Row[]>;
}

export type Work<T> = (runner: QueryRunner) => Promise<T>;

/** Uniqueness (and other property) constraint violations: a record with that id exists. */
const CONSTRAINT_VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed';

/** A bookmark the client sent that the database cannot read. */
const INVALID_BOOKMARK = new Set([
  'Neo.ClientError.Transaction.InvalidBookmark',
  'Neo.ClientError.Transaction.InvalidBookmarkMixture',
]);

/**
 * The server's limits on one transaction (its memory, its time): trying again
 * gives the same answer, so they are not outages; the request asked for more
 * than the store will build at once.
 */
const OVER_TRANSACTION_LIMIT = new Set([
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

/** The driver's own codes for a lost server or connection. */
const SERVICE_UNAVAILABLE = 'ServiceUnavailable';
const SESSION_EXPIRED = 'SessionExpired';

/**
 * Schema commands that raced with an equivalent one from another client: the
 * index or constraint exists, which is all `IF NOT EXISTS` asked for.
 */
const SCHEMA_ALREADY_THERE = new Set([
  'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
  'Neo.ClientError.Schema.IndexAlreadyExists',
  'Neo.ClientError.Schema.ConstraintAlreadyExists',
  'Neo.ClientError.Schema.IndexWithNameAlreadyExists',
  'Neo.ClientError.Schema.ConstraintWithNameAlreadyExists',
]);

function codeOf(error: unknown): string | null {
  if (error instanceof neo4j.Neo4jError) return typeof error.code === 'string' ? error.code : null;
  return null;
}

/**
 * Translates a driver error into one of ours, by its code only. Errors that
 * are not the driver's (our own AtharErrors thrown inside a unit of work, bugs)
 * pass through unchanged, as do driver errors we have no mapping for.
 */
export function mapDriverError(error: unknown): unknown {
  const code = codeOf(error);
  if (code === null) return error;
  if (code === CONSTRAINT_VIOLATION) {
    return new ConflictError('A record with this id already exists.');
  }
  if (INVALID_BOOKMARK.has(code)) {
    return new BadUserInputError(
      'The Athar-Bookmark header names no bookmark this database gave; send back one an earlier response carried, or none.',
      'Athar-Bookmark',
    );
  }
  if (OVER_TRANSACTION_LIMIT.has(code)) {
    return new QueryTooComplexError(
      'The answer is larger than the graph store builds in one transaction (its memory or time limit); ask for less: a page (first), a period (during), or fewer fields.',
      'store',
    );
  }
  if (code === SERVICE_UNAVAILABLE || code === SESSION_EXPIRED || code.includes('TransientError')) {
    return new StoreUnavailableError({ cause: error });
  }
  return error;
}

function toRows(records: { toObject(): object }[]): Row[] {
  return records.map((record) => record.toObject() as Row);
}

export class Neo4jGateway {
  private readonly driver: Driver;
  private readonly database: string | null;
  /** One per process: every session of this gateway sees the writes committed through it before. */
  private readonly bookmarks = neo4j.bookmarkManager();

  constructor(config: Neo4jConfig) {
    const auth = config.user ? neo4j.auth.basic(config.user, config.password ?? '') : undefined;
    this.driver = neo4j.driver(config.uri, auth, {
      // Numbers come back as JS numbers; the graph holds no integer beyond 2^53.
      disableLosslessIntegers: true,
      ...(config.connectionTimeoutMs !== undefined ? { connectionTimeout: config.connectionTimeoutMs } : {}),
      ...(config.maxRetryTimeMs !== undefined ? { maxTransactionRetryTime: config.maxRetryTimeMs } : {}),
      // Connection acquisition waits for the connection itself; keep it in line.
      ...(config.connectionTimeoutMs !== undefined
        ? { connectionAcquisitionTimeout: Math.max(config.connectionTimeoutMs, 1000) }
        : {}),
    });
    this.database = config.database ?? null;
  }

  /**
   * Runs `work`'s statements as auto-commit reads in one session: each is one
   * Bolt round trip (RUN and PULL sent together), where a managed transaction
   * adds BEGIN and COMMIT turns to every read. Reads are single statements
   * (one per request level) and need no retry: a lost server is STORE_UNAVAILABLE.
   */
  read<T>(work: Work<T>): Promise<T> {
    return this.withSession(neo4j.session.READ, async (session) => {
      const value = await work(autoCommitRunnerOf(session));
      // What the request's texts were read at: protection is checked against it before they are returned.
      const scope = currentConsistency();
      if (scope !== undefined) {
        const stamp = stampOf(session);
        if (stamp !== null) scope.readAt.add(stamp);
      }
      return value;
    });
  }

  /**
   * As readStamped, in a session that first waits for the database states
   * `atLeast` names (bookmarks of earlier reads): what it reads is at least as
   * new as each of them.
   */
  readStampedAfter<T>(atLeast: readonly string[], work: Work<T>): Promise<{ value: T; stamp: string | null }> {
    return this.withSession(
      neo4j.session.READ,
      async (session) => {
        const value = await work(autoCommitRunnerOf(session));
        return { value, stamp: stampOf(session) };
      },
      atLeast,
    );
  }

  /**
   * As read, with a stamp of the database state read: the bookmark the server
   * returns for it, which names the last transaction committed. Two equal
   * stamps mean no write was committed between the two reads (by any
   * process); null when the server gave none.
   */
  readStamped<T>(work: Work<T>): Promise<{ value: T; stamp: string | null }> {
    return this.withSession(neo4j.session.READ, async (session) => {
      const value = await work(autoCommitRunnerOf(session));
      return { value, stamp: stampOf(session) };
    });
  }

  /**
   * Runs `work` in a managed write transaction. An error thrown by `work`
   * rolls the whole transaction back.
   */
  write<T>(work: Work<T>): Promise<T> {
    return this.withSession(neo4j.session.WRITE, (session) => session.executeWrite((tx) => work(runnerOf(tx))));
  }

  /**
   * Runs schema commands (`CREATE ... IF NOT EXISTS`), each in its own write
   * transaction as Neo4j requires, tolerating the race in which another client
   * created an equivalent index or constraint first.
   */
  async schema(queries: readonly CypherQuery[]): Promise<void> {
    for (const query of queries) {
      try {
        await this.withSession(neo4j.session.WRITE, (session) =>
          session.executeWrite(async (tx) => {
            await tx.run(query.cypher, query.params);
          }),
        );
      } catch (error) {
        // withSession has mapped the error; schema races arrive unchanged.
        if (SCHEMA_ALREADY_THERE.has(codeOf(error) ?? '')) continue;
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async withSession<T>(
    mode: SessionMode,
    use: (session: Session) => Promise<T>,
    atLeast: readonly string[] = [],
  ): Promise<T> {
    // Reads wait for this process's writes (the manager) and for those the request names (src/store/consistency.ts).
    const scope = currentConsistency();
    const waitFor = [...(scope?.waitFor ?? []), ...atLeast];
    const session = this.driver.session({
      defaultAccessMode: mode,
      ...(mode === neo4j.session.READ ? { fetchSize: READ_FETCH_ALL } : {}),
      ...(this.database ? { database: this.database } : {}),
      bookmarkManager: this.bookmarks,
      ...(waitFor.length > 0 ? { bookmarks: waitFor } : {}),
    });
    try {
      const result = await use(session);
      if (scope !== undefined && mode === neo4j.session.WRITE) scope.written = session.lastBookmarks();
      return result;
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await session.close().catch(() => undefined);
    }
  }
}

/**
 * Rows a read may return in one PULL: every read is bounded by its query (pages
 * of at most the page size, one row per key), so all of it comes in the first
 * PULL rather than one more round trip per 1,000 rows (the driver's default).
 */
const READ_FETCH_ALL = -1;

/** The bookmark of the state a session's last transaction saw or made, as one string; null when the server gave none. */
function stampOf(session: Session): string | null {
  const stamp = session.lastBookmarks().join(' ');
  return stamp === '' ? null : stamp;
}

function autoCommitRunnerOf(session: Session): QueryRunner {
  return {
    async run(query: CypherQuery): Promise<Row[]> {
      const result = await session.run(query.cypher, query.params);
      return toRows(result.records);
    },
  };
}

function runnerOf(tx: ManagedTransaction): QueryRunner {
  return {
    async run(query: CypherQuery): Promise<Row[]> {
      const result = await tx.run(query.cypher, query.params);
      return toRows(result.records);
    },
  };
}
