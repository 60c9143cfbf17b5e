/** The dashboard's calls to the moderation API, authenticated with the moderator token. */

const API = '/api/v1/moderation';

/** The token was refused (401/403): the dashboard signs out. */
export class AuthError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export async function moderationApi<T>(method: 'GET' | 'POST' | 'DELETE', path: string, token: string): Promise<T | null> {
  const r = await fetch(API + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (r.status === 401 || r.status === 403) throw new AuthError(r.status);
  if (r.status === 204) return null;
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return (await r.json()) as T;
}
