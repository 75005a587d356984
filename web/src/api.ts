// The explorer's only way to the server: GraphQL over POST JSON at /graphql on
// the same origin, with the credential the user gave (kept in sessionStorage,
// so it dies with the tab), and downloads of exported files under /exports.

export const GRAPHQL_PATH = '/graphql';

export type CredentialKind = 'bearer' | 'apikey';
export interface Credential {
  kind: CredentialKind;
  value: string;
}

const CREDENTIAL_KEY = 'athar.explorer.credential';

export function getCredential(): Credential | null {
  try {
    const raw = sessionStorage.getItem(CREDENTIAL_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Credential>;
    if ((parsed.kind === 'bearer' || parsed.kind === 'apikey') && typeof parsed.value === 'string' && parsed.value) {
      return { kind: parsed.kind, value: parsed.value };
    }
  } catch {
    // An unreadable entry is as good as none.
  }
  return null;
}

export function setCredential(credential: Credential | null): void {
  if (credential) sessionStorage.setItem(CREDENTIAL_KEY, JSON.stringify(credential));
  else sessionStorage.removeItem(CREDENTIAL_KEY);
}

function authHeaders(): Record<string, string> {
  const credential = getCredential();
  if (!credential) return {};
  return credential.kind === 'bearer'
    ? { authorization: `Bearer ${credential.value}` }
    : { 'x-api-key': credential.value };
}

/** What the token says about its holder; the server decides, this only guides the page. */
export interface CredentialHint {
  role: string | null;
  subject: string | null;
  expired: boolean;
}

const ROLES = ['PUBLIC', 'ANALYST', 'LEGAL', 'ADMIN'];

export function credentialHint(credential: Credential | null): CredentialHint {
  const none = { role: null, subject: null, expired: false };
  if (!credential || credential.kind !== 'bearer') return none;
  const parts = credential.value.split('.');
  if (parts.length !== 3) return none;
  try {
    const json = atob(
      parts[1]!
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(parts[1]!.length / 4) * 4, '='),
    );
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
    const named = [claims.athar_role, claims.roles, claims.role]
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .filter((value): value is string => typeof value === 'string')
      .map((value) => value.toUpperCase())
      .filter((value) => ROLES.includes(value));
    const role = named.sort((a, b) => ROLES.indexOf(b) - ROLES.indexOf(a))[0] ?? null;
    const expired = typeof claims.exp === 'number' && claims.exp * 1000 < Date.now();
    return { role, subject: typeof claims.sub === 'string' ? claims.sub : null, expired };
  } catch {
    return none;
  }
}

/** A GraphQL or HTTP error, with the server's stable code (extensions.code). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly path?: readonly (string | number)[],
  ) {
    super(message);
  }
}

export interface GqlResult<T> {
  data: T | null;
  errors: ApiError[];
}

interface WireError {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown };
}

function toErrors(raw: unknown, status: number): ApiError[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((e: WireError) => {
    const code = typeof e.extensions?.code === 'string' ? e.extensions.code : `HTTP_${status}`;
    const message = typeof e.message === 'string' ? e.message : 'The server gave no message.';
    const path = Array.isArray(e.path) ? (e.path as (string | number)[]) : undefined;
    return new ApiError(code, message, status, path);
  });
}

/** Runs one operation; resolves with data and errors as the server gave them, never throws for a GraphQL error. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      credentials: 'omit',
      headers: { ...authHeaders(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    return {
      data: null,
      errors: [new ApiError('NETWORK', `Could not reach the API at ${GRAPHQL_PATH}: ${String(error)}`)],
    };
  }
  let body: { data?: T | null; errors?: unknown; error?: unknown };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    return {
      data: null,
      errors: [
        new ApiError(
          `HTTP_${response.status}`,
          `The server answered HTTP ${response.status} without a GraphQL response.`,
          response.status,
        ),
      ],
    };
  }
  const errors = toErrors(body.errors, response.status);
  if (errors.length === 0 && !response.ok) {
    const message = typeof body.error === 'string' ? body.error : `The server answered HTTP ${response.status}.`;
    errors.push(new ApiError(`HTTP_${response.status}`, message, response.status));
  }
  return { data: body.data ?? null, errors };
}

/** Fetches an exported file with the same credential; only paths the server handed out (/exports/...). */
export async function downloadExport(url: string): Promise<Blob> {
  if (!/^\/exports\/[0-9a-f]{64}\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(url)) {
    throw new ApiError('BAD_URL', `Not an export download path: ${url}`);
  }
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', headers: authHeaders() });
  } catch (error) {
    throw new ApiError('NETWORK', `Could not download ${url}: ${String(error)}`);
  }
  if (!response.ok) {
    let message = `The server answered HTTP ${response.status}.`;
    try {
      const body = (await response.json()) as { error?: unknown; errors?: unknown };
      const first = toErrors(body.errors, response.status)[0];
      if (first) throw first;
      if (typeof body.error === 'string') message = body.error;
    } catch (error) {
      if (error instanceof ApiError) throw error;
    }
    throw new ApiError(response.status === 404 ? 'NOT_FOUND' : `HTTP_${response.status}`, message, response.status);
  }
  return response.blob();
}
