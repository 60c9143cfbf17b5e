/** Web Storage that may be missing or refuse writes (privacy modes, sandboxed frames, full quota). */

/** The storage area if it works, else null. */
export function webStorage(area: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    const s = window[area];
    s.setItem('cmw:t', '1');
    s.removeItem('cmw:t');
    return s;
  } catch {
    return null;
  }
}

/** The parsed JSON under `key`, or `fallback` when absent, unreadable or not JSON. */
export function readJson(key: string, fallback: unknown = null): unknown {
  try {
    const v: unknown = JSON.parse(webStorage('localStorage')?.getItem(key) ?? 'null');
    return v ?? fallback;
  } catch {
    return fallback;
  }
}

/** Stores `value` as JSON (null removes the key); failures are ignored, storage is a convenience. */
export function writeJson(key: string, value: unknown): void {
  const s = webStorage('localStorage');
  try {
    if (value == null) s?.removeItem(key);
    else s?.setItem(key, JSON.stringify(value));
  } catch {
    /* quota or privacy mode: nothing to do */
  }
}
