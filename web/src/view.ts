import type { Child } from './dom';
import type { Route } from './router';

/** What a view gets: where to draw, the route, and whether it is still the current one. */
export interface ViewContext {
  route: Route;
  /** False once the user has navigated elsewhere: a late answer must not be drawn. */
  alive(): boolean;
  /** Replaces the page's content (if still current). */
  show(...nodes: Child[]): void;
  title(text: string): void;
}

/** A view draws itself and may name the element to focus when it is done (default: its h1). */
export type View = (ctx: ViewContext) => Promise<HTMLElement | void>;
