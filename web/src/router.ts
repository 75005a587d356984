// Hash routes: #/search?q=..., #/entity/<id>, #/graph/<id>, #/custody/<id>,
// #/claim/<id>, #/connect?from=&to=, #/dashboard, #/login.

export interface Route {
  name: string;
  id: string | null;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2) as [string?, string?];
  const [name = '', ...rest] = path.split('/');
  let id: string | null = null;
  if (rest.length > 0 && rest.join('/') !== '') {
    try {
      id = decodeURIComponent(rest.join('/'));
    } catch {
      id = rest.join('/');
    }
  }
  return { name: name || 'search', id, params: new URLSearchParams(query) };
}

export function go(route: string): void {
  location.hash = `#/${route}`;
}

/** A route with query parameters, for links and history. */
export function routeWith(name: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${name}?${text}` : name;
}
