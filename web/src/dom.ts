// Building the page without HTML strings: every text from the API goes in as a
// text node (textContent), never as markup, and every run of it is isolated for
// the bidirectional algorithm so that Arabic and Latin lay out correctly.

export type Child = Node | string | number | null | undefined | false | readonly Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

const SVG_NS = 'http://www.w3.org/2000/svg';

function applyAttrs(el: Element, attrs: Attrs | null): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, ''), value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...(child as readonly Child[]));
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** An HTML element; strings among the children become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, ...children);
  return el;
}

/** An SVG element, likewise. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, ...children);
  return el;
}

/** A run of text from the API (a name, a title): isolated, its direction taken from its own letters. */
export function bdi(text: string | null | undefined, cls?: string): HTMLElement {
  return h('bdi', { dir: 'auto', class: cls }, text ?? '');
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** An internal link to a hash route. */
export function link(route: string, attrs: Attrs | null, ...children: Child[]): HTMLAnchorElement {
  return h('a', { ...attrs, href: `#/${route}` }, ...children);
}

/** A URL from the API, as a link only when it is http(s); anything else (javascript:, data:) stays text. */
export function externalLink(url: string | null | undefined): Child {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return bdi(url, 'url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return bdi(url, 'url');
  return h('a', { href: parsed.href, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'url' }, bdi(url));
}

/** Replaces an element's children (null, false and undefined are skipped). */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}
