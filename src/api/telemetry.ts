import { randomUUID } from 'node:crypto';
import { Kind, type OperationDefinitionNode } from 'graphql';
import pino, { type Logger } from 'pino';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { isAtharError, ErrorCode } from '../domain/errors';
import type { Store } from '../store/store.port';

/**
 * What an operator sees of a running server: structured logs (pino) and
 * Prometheus metrics (prom-client), one set per server, never module-level.
 * Logs carry ids, names of operations, roles, statuses and durations; never
 * credentials, excerpts or any other text of the graph.
 */
export interface Telemetry {
  log: Logger;
  registry: Registry;
  requests: Counter<'route' | 'operation' | 'outcome'>;
  requestSeconds: Histogram<'route' | 'operation'>;
  storeSeconds: Histogram<'method'>;
  storeErrors: Counter<'method' | 'code'>;
  exports: Counter<'format' | 'profile'>;
}

/** A silent logger and a fresh registry: for tests and scripts that do not watch. */
export function createTelemetry(
  log: Logger = pino({ level: 'silent' }),
  options: { processMetrics?: boolean } = {},
): Telemetry {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'athar_' });
  return {
    log,
    registry,
    requests: new Counter({
      name: 'athar_http_requests_total',
      help: 'HTTP requests by route, GraphQL operation name and outcome.',
      labelNames: ['route', 'operation', 'outcome'],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'athar_http_request_duration_seconds',
      help: 'Time from request to response, by route and GraphQL operation name.',
      labelNames: ['route', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    storeSeconds: new Histogram({
      name: 'athar_store_call_duration_seconds',
      help: 'Time of each call to the graph store, by port method.',
      labelNames: ['method'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    storeErrors: new Counter({
      name: 'athar_store_errors_total',
      help: 'Store calls that failed, by port method and error code.',
      labelNames: ['method', 'code'],
      registers: [registry],
    }),
    exports: new Counter({
      name: 'athar_case_file_exports_total',
      help: 'Case files exported, by format and profile.',
      labelNames: ['format', 'profile'],
      registers: [registry],
    }),
  };
}

/** A request id from the client's X-Request-Id when it is a plain token, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * An operation as a metric label and in logs: its type and root fields
 * ("query:entity,search"), names from the schema only. Never the client's
 * operation name or any argument: those are free text a client chose, and
 * metrics are read by others.
 */
export function operationLabel(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return 'invalid';
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
    else fields.add('...');
  }
  const names = [...fields].sort();
  return `${operation.operation}:${names.slice(0, 5).join(',')}${names.length > 5 ? ',...' : ''}`;
}

/**
 * The store with every port call timed and its failures counted, and the
 * store's outages logged once when they begin and once when they end.
 */
export function instrumentStore(inner: Store, telemetry: Telemetry): Store {
  let down = false;
  const failed = (method: string, error: unknown) => {
    const code = isAtharError(error) ? error.code : 'INTERNAL';
    telemetry.storeErrors.inc({ method, code });
    if (code === ErrorCode.STORE_UNAVAILABLE && !down) {
      down = true;
      telemetry.log.error({ method, code }, 'The graph store is unavailable');
    }
  };
  const succeeded = () => {
    if (down) {
      down = false;
      telemetry.log.info('The graph store answers again');
    }
  };
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = String(property);
      return (...args: unknown[]) => {
        const stop = telemetry.storeSeconds.startTimer({ method });
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) {
          stop();
          return result;
        }
        return result.then(
          (settled: unknown) => {
            stop();
            succeeded();
            return settled;
          },
          (error: unknown) => {
            stop();
            failed(method, error);
            throw error;
          },
        );
      };
    },
  });
}
