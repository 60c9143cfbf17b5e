/** Link targets from user input: only absolute http(s) URLs survive. DOM-free, so the server's pages use it too. */

/** The normalised URL when `value` is an absolute http: or https: URL, otherwise null. */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
