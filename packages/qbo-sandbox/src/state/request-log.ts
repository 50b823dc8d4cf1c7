/** The Accounting API calls the sandbox saw, newest last, for GET /_sandbox/requests. */
export interface RequestLogEntry {
  time: string;
  realmId: string;
  clientId?: string;
  method: string;
  path: string;
  requestid?: string;
  status: number;
  durationMs: number;
  /** What the gateway did besides passing the request on. */
  outcome:
    | 'ok'
    | 'unauthenticated'
    | 'forbidden'
    | 'unknown-realm'
    | 'throttled'
    | 'metered-cap'
    | 'injected-error'
    | 'dropped';
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly max = 5000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
  }

  list(realmId?: string): RequestLogEntry[] {
    return this.entries.filter((e) => !realmId || e.realmId === realmId);
  }

  clear(): void {
    this.entries = [];
  }
}
