import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The requests an HTTP server is answering, so that a stop can wait for them. */
export interface RequestTracker {
  /** Requests received and not yet answered (or abandoned by their client). */
  readonly inFlight: number;
  /**
   * Stops accepting connections, lets the requests in flight finish (each answered with
   * `Connection: close`) for at most `timeoutMs`, then closes every connection that is left.
   * Resolves once the server is closed, with how many requests were cut off.
   */
  drain(timeoutMs: number): Promise<{ cutOff: number }>;
  /** Ends a drain now: what is still running is cut off (a second SIGINT). */
  cutOffNow(): void;
}

/** How often idle keep-alive connections are closed while draining. */
const SWEEP_MS = 100;

export function trackRequests(server: Server): RequestTracker {
  const open = new Set<ServerResponse>();
  let draining = false;
  let cutOffNow: () => void = () => undefined;

  // First among the request listeners, so that the header is set before any handler answers.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      open.delete(res);
      if (draining) server.closeIdleConnections();
    });
  });

  return {
    get inFlight() {
      return open.size;
    },
    cutOffNow: () => cutOffNow(),
    async drain(timeoutMs) {
      draining = true;
      for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A connection that finishes its request becomes idle a moment later: sweep until closed.
      const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        closed.then(() => 'drained' as const),
        new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), timeoutMs);
          cutOffNow = () => resolve('late');
        }),
      ]);
      clearTimeout(timer);
      clearInterval(sweep);
      const cutOff = outcome === 'drained' ? 0 : open.size;
      if (outcome === 'late') {
        server.closeAllConnections();
        await closed;
      }
      return { cutOff };
    },
  };
}
