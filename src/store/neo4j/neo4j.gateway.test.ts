import neo4j from 'neo4j-driver';
import { ConflictError, NotFoundError, QueryTooComplexError, StoreUnavailableError } from '../../domain/errors';
import { mapDriverError } from './neo4j.gateway';

function driverError(
  code: string,
  message = "Node(12) already exists with label `Entity` and property `id` = 'per_1'",
): Error {
  return new neo4j.Neo4jError(message, code, '50N42', 'error');
}

describe('mapDriverError', () => {
  it('maps a constraint violation to ConflictError with a generic message', () => {
    const mapped = mapDriverError(driverError('Neo.ClientError.Schema.ConstraintValidationFailed'));
    expect(mapped).toBeInstanceOf(ConflictError);
    expect((mapped as Error).message).not.toMatch(/per_1|label|Node\(/);
  });

  it.each(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.Transaction.DeadlockDetected'])(
    'maps %s to StoreUnavailableError',
    (code) => {
      expect(mapDriverError(driverError(code, 'connection refused'))).toBeInstanceOf(StoreUnavailableError);
    },
  );

  it.each([
    'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
    'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
  ])('maps %s (a limit on one transaction, not an outage) to QueryTooComplexError', (code) => {
    const mapped = mapDriverError(
      driverError(code, 'The allocation of an extra 2.2 MiB would use more than the limit'),
    );
    expect(mapped).toBeInstanceOf(QueryTooComplexError);
    expect((mapped as Error).message).not.toMatch(/MiB|allocation/);
  });

  it('passes other driver errors, our own errors and anything else through unchanged', () => {
    const syntax = driverError('Neo.ClientError.Statement.SyntaxError', 'Invalid input');
    expect(mapDriverError(syntax)).toBe(syntax);
    const ours = new NotFoundError('entity', 'per_1');
    expect(mapDriverError(ours)).toBe(ours);
    const plain = new Error('bug');
    expect(mapDriverError(plain)).toBe(plain);
    expect(mapDriverError('string')).toBe('string');
  });

  it('decides by code, never by message', () => {
    const looksLikeIt = driverError(
      'Neo.ClientError.Statement.ArgumentError',
      'ServiceUnavailable ConstraintValidationFailed',
    );
    expect(mapDriverError(looksLikeIt)).toBe(looksLikeIt);
  });
});
