import type { Viewer } from '../auth/viewer';
import type { Services } from '../services/services';

export interface AtharContext {
  services: Services;
  /** Who is asking, from the request's credential; fixed for the whole request. */
  viewer: Viewer;
}
