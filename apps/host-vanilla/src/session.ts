/** A dev session from the Exoserva sandbox (`POST /api/dev/session`), cached until a minute before it expires. */
export function createSessionSource(exoservaApiUrl: string, role: string): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  return async () => {
    if (cached && cached.expiresAt - Date.now() > 60_000) return cached.token;
    inFlight ??= (async () => {
      const response = await fetch(`${exoservaApiUrl}/api/dev/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role }),
      });
      if (!response.ok) throw new Error(`dev session answered ${response.status}`);
      const body = (await response.json()) as { token: string; expiresAt: string };
      cached = { token: body.token, expiresAt: Date.parse(body.expiresAt) };
      return body.token;
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
