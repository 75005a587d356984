import pino, { type Logger } from 'pino';
import type { Config } from './config';

/**
 * The server's log: one JSON object a line on stdout (for the container's log
 * collector), or pino-pretty's readable lines in development. What is logged
 * is chosen where it is logged (ids, routes, roles, statuses, durations); the
 * redaction below is a second line of defence for fields that must never appear.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'development'>): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'athar' },
      redact: {
        paths: ['authorization', 'headers.authorization', 'headers["x-api-key"]', 'token', 'password', 'secret'],
        censor: '[redacted]',
      },
      ...(config.development ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
    },
    // Written as it happens, not buffered: the lines of a stop must be out before the process exits.
    config.development ? undefined : pino.destination({ dest: 1, sync: true }),
  );
}
