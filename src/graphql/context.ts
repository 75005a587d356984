import type { Services } from '../services/services';

export interface AtharContext {
  services: Services;
}
