import type { Viewer } from '../../policy/viewer';
import type { Services } from '../../app/services';

export interface AtharContext {
  services: Services;
  /** Who is asking, from the request's credential; fixed for the whole request. */
  viewer: Viewer;
  /** The same viewer's services over the graph as it stood at a past time (set by the asOf plugin). */
  servicesAt(asOf: Date): Services;
}
