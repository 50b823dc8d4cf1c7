/** Roles the shell can sign in as through the Exoserva stand-in's dev sessions. */
export const SESSION_ROLES = ['owner', 'tenant_admin', 'technician'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

export const ROLE_LABELS: Record<SessionRole, string> = {
  owner: 'Owner',
  tenant_admin: 'Tenant Administrator',
  technician: 'Technician',
};

export interface Session {
  token: string;
  expiresAt: string;
  user: { id: string; name: string; role: string };
  tenant: { id: string; name: string };
}

export type SessionState =
  | { status: 'loading'; role: SessionRole; session: Session | null }
  | { status: 'ready'; role: SessionRole; session: Session }
  | { status: 'error'; role: SessionRole; session: Session | null; message: string };

/** Re-fetch this long before the token expires, so a request never leaves with a token about to die. */
const REFRESH_MARGIN_MS = 60_000;

function parseSession(value: unknown): Session {
  const s = value as Session;
  if (
    typeof s?.token !== 'string' ||
    typeof s.expiresAt !== 'string' ||
    typeof s.user?.name !== 'string' ||
    typeof s.tenant?.name !== 'string'
  ) {
    throw new Error('The session answer is missing token, expiresAt, user or tenant.');
  }
  return s;
}

/**
 * Holds the signed-in user's session from `POST {exoservaApiUrl}/api/dev/session`. `getToken` is what the wizard
 * receives as `getSessionToken`: it answers from the cache and re-fetches shortly before expiry, once.
 */
export class SessionStore {
  private state: SessionState;
  private listeners = new Set<() => void>();
  private inflight: Promise<Session> | null = null;

  constructor(
    private readonly exoservaApiUrl: string,
    role: SessionRole = 'owner',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {
    this.state = { status: 'loading', role, session: null };
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = () => this.state;

  private set(next: SessionState) {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  /** Signs in as `role` (the role switch), replacing the current session. */
  async signIn(role: SessionRole): Promise<Session | null> {
    this.inflight = null;
    this.set({ status: 'loading', role, session: this.state.session });
    try {
      return await this.fetchSession(role);
    } catch {
      return null;
    }
  }

  getToken = async (): Promise<string> => {
    const current = this.state.session;
    if (current && current.user.role === this.state.role && !this.expiresSoon(current)) return current.token;
    return (await this.fetchSession(this.state.role)).token;
  };

  private expiresSoon(session: Session) {
    return Date.parse(session.expiresAt) - Date.now() < REFRESH_MARGIN_MS;
  }

  private fetchSession(role: SessionRole): Promise<Session> {
    this.inflight ??= (async () => {
      try {
        const response = await this.fetchImpl(`${this.exoservaApiUrl.replace(/\/+$/, '')}/api/dev/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ role }),
        });
        if (!response.ok) throw new Error(`The Exoserva API answered ${response.status} to the sign-in.`);
        const session = parseSession(await response.json());
        if (this.state.role === role) this.set({ status: 'ready', role, session });
        return session;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.state.role === role)
          this.set({ status: 'error', role, session: this.state.session, message });
        throw error;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
