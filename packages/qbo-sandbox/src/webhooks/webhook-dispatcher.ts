/**
 * Delivers entity changes to every app authorized on the realm that has a webhook URL. Changes are
 * gathered for a short window (Intuit's sandbox is near real time; production aggregates for minutes),
 * signed, POSTed, and retried with backoff. Every delivery is recorded for GET /_sandbox/webhooks.
 */
import type { EntityChange } from '../accounting/company.ts';
import type { Clock } from '../clock.ts';
import type { AppRegistration } from '../oauth/apps.ts';
import { cloudEventsPayload, intuitSignature, legacyPayload, type WebhookFormat } from './payloads.ts';

export interface WebhookAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface WebhookDelivery {
  id: number;
  clientId: string;
  url: string;
  format: WebhookFormat;
  status: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  signature: string;
  body: unknown;
}

export interface WebhookDispatcherOptions {
  clock: Clock;
  apps(): AppRegistration[];
  authorizedClients(realmId: string): string[];
  batchWindowMs?: number;
  retryDelaysMs?: number[];
  timeoutMs?: number;
  maxRecorded?: number;
}

export class WebhookDispatcher {
  private readonly pending = new Map<string, EntityChange[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private recorded: WebhookDelivery[] = [];
  private nextId = 1;
  private closed = false;
  private readonly batchWindowMs: number;
  private readonly retryDelaysMs: number[];

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.batchWindowMs = options.batchWindowMs ?? 100;
    this.retryDelaysMs = options.retryDelaysMs ?? [500, 2000, 8000];
  }

  enqueue(change: EntityChange): void {
    if (this.closed) return;
    const authorized = new Set(this.options.authorizedClients(change.realmId));
    for (const app of this.options.apps()) {
      if (!app.webhookUrl || !authorized.has(app.clientId)) continue;
      const batch = this.pending.get(app.clientId);
      if (batch) {
        batch.push(change);
        continue;
      }
      this.pending.set(app.clientId, [change]);
      this.later(this.batchWindowMs, () => this.flush(app.clientId));
    }
  }

  deliveries(): WebhookDelivery[] {
    return this.recorded.map((d) => structuredClone(d));
  }

  /** Resolves once nothing is waiting in a batch window, in flight or scheduled for retry. */
  async idle(): Promise<void> {
    while (this.timers.size > 0 || this.inFlight.size > 0) {
      await Promise.all([...this.inFlight]);
      if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 10));
    }
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    this.recorded = [];
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private flush(clientId: string): void {
    const changes = this.pending.get(clientId) ?? [];
    this.pending.delete(clientId);
    const app = this.options.apps().find((a) => a.clientId === clientId);
    if (!app?.webhookUrl || changes.length === 0) return;
    const format = app.webhookFormat ?? 'legacy';
    const body =
      format === 'cloudevents'
        ? cloudEventsPayload(changes, clientId, this.options.clock.now())
        : legacyPayload(changes);
    const raw = JSON.stringify(body);
    const delivery: WebhookDelivery = {
      id: this.nextId++,
      clientId,
      url: app.webhookUrl,
      format,
      status: 'pending',
      attempts: [],
      signature: intuitSignature(app.verifierToken ?? '', raw),
      body,
    };
    this.recorded.push(delivery);
    const max = this.options.maxRecorded ?? 500;
    if (this.recorded.length > max) this.recorded.splice(0, this.recorded.length - max);
    this.attempt(delivery, raw, 0);
  }

  private attempt(delivery: WebhookDelivery, raw: string, retry: number): void {
    const run = (async () => {
      const attempt: WebhookAttempt = { at: new Date(this.options.clock.now()).toISOString() };
      delivery.attempts.push(attempt);
      try {
        const res = await fetch(delivery.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'intuit-signature': delivery.signature },
          body: raw,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        attempt.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          delivery.status = 'delivered';
          return;
        }
      } catch (e) {
        attempt.error = (e as Error).message;
      }
      const delay = this.retryDelaysMs[retry];
      if (delay === undefined || this.closed) {
        delivery.status = 'failed';
        return;
      }
      this.later(delay, () => this.attempt(delivery, raw, retry + 1));
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }
}
