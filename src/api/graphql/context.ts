import type { Viewer } from '../../policy/viewer';
import type { Services } from '../../app/services';

export interface AtharContext {
  services: Services;
  /** Who is asking, from the request's credential; fixed for the whole request. */
  viewer: Viewer;
  /** The same viewer's services over the graph as it stood at a past time (set by the asOf plugin). */
  servicesAt(asOf: Date): Services;
  /** The moment the operation reads the graph at, when it passed `asOf` (set by the asOf plugin); absent for the present. */
  asOf?: Date;
  /** The client's address as the HTTP front saw it (behind a trusted proxy, from X-Forwarded-For); absent in-process. */
  clientAddress?: string;
  /** What the HTTP front logs and counts of this request, filled in as it runs. */
  trace?: RequestTrace;
}

export interface RequestTrace {
  /** The operation's name, or "anonymous". */
  operation: string;
  /** "ok", or "errors" when the response carries errors. */
  outcome: 'ok' | 'errors';
}
