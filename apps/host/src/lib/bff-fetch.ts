/**
 * The shell's own reads of the integration's BFF (the QuickBooks card, the bell's "resolved" marks), with the
 * signed-in session: the parsed JSON, or null when there is no session, the role may not read it (403) or the
 * BFF can't be reached — the callers then show less, never an error.
 */
export async function bffJson<T>(
  bffUrl: string,
  getSessionToken: () => Promise<string>,
  path: string,
  init: { body?: unknown; signal?: AbortSignal } = {},
): Promise<T | null> {
  try {
    const token = await getSessionToken();
    if (!token) return null;
    const res = await fetch(`${bffUrl.replace(/\/+$/, '')}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}
