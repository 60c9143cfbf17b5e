/**
 * The dashboard's calls to the API: with the moderator token (Authorization: Bearer), or with the
 * session cookie of a name-and-password sign-in, which sends its CSRF token on every change.
 */

const API = '/api/v1/moderation';

/** How the dashboard is signed in. */
export type Credentials = { kind: 'token'; token: string } | { kind: 'session'; csrfToken: string };

/** The credentials were refused (401/403): the dashboard signs out. */
export class AuthError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** Who is signed in, as GET /api/v1/session tells. */
export interface SessionInfo {
  moderator: { id: string; name: string; role: 'admin' | 'moderator'; sites: string[] };
  csrfToken: string | null;
  expiresAt: string | null;
}

function headers(auth: Credentials, method: string): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' };
  if (auth.kind === 'token') h.Authorization = `Bearer ${auth.token}`;
  else if (method !== 'GET') h['X-CSRF-Token'] = auth.csrfToken;
  return h;
}

async function call<T>(url: string, method: 'GET' | 'POST' | 'DELETE', auth: Credentials | null, body?: unknown, keepalive = false): Promise<T | null> {
  const h = auth ? headers(auth, method) : { Accept: 'application/json' };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(url, {
    method,
    headers: h,
    credentials: 'same-origin',
    cache: 'no-store',
    // keepalive: a request made as the page goes away still reaches the service.
    ...(keepalive ? { keepalive: true } : {}),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (r.status === 401 || r.status === 403) throw new AuthError(r.status);
  if (r.status === 204) return null;
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return (await r.json()) as T;
}

export function moderationApi<T>(method: 'GET' | 'POST' | 'DELETE', path: string, auth: Credentials, body?: unknown, keepalive = false): Promise<T | null> {
  return call<T>(API + path, method, auth, body, keepalive);
}

/** Who these credentials belong to; with no credentials, whether the browser holds a live session cookie. */
export function currentSession(auth: Credentials | null): Promise<SessionInfo | null> {
  return call<SessionInfo>('/api/v1/session', 'GET', auth);
}

/** Name-and-password sign-in: sets the session cookie. Null for a wrong name or password; throws for 429 and outages. */
export async function signInWithPassword(name: string, password: string): Promise<SessionInfo | { error: string; retryAfter?: number }> {
  const r = await fetch('/api/v1/session', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
    body: JSON.stringify({ name, password }),
  });
  if (r.ok) return (await r.json()) as SessionInfo;
  if (r.status === 401) return { error: 'invalid_credentials' };
  if (r.status === 429) return { error: 'rate_limited', retryAfter: Number(r.headers.get('Retry-After')) || 60 };
  throw new Error(`HTTP ${r.status}`);
}

export async function signOutSession(csrfToken: string): Promise<void> {
  await fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin', cache: 'no-store' }).catch(() => undefined);
}

/** A refused call to the accounts API, with the server's message and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Calls /api/v1/moderators (admins only). 401 → AuthError; any other refusal → ApiError with the server's words. */
export async function accountsApi<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, auth: Credentials, body?: unknown): Promise<T> {
  const h = headers(auth, method);
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(`/api/v1/moderators${path}`, {
    method,
    headers: h,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (r.status === 401) throw new AuthError(r.status);
  const json = (await r.json().catch(() => ({}))) as { message?: string; fields?: Record<string, string> };
  if (!r.ok) throw new ApiError(r.status, json.message ?? `HTTP ${r.status}`, json.fields ?? {});
  return json as T;
}
