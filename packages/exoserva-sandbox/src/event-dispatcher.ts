/**
 * Pushes signed domain events to each tenant's endpoint (the BFF's `POST /api/v1/exoserva/events`), the
 * way the Exoserva platform does: header `exoserva-signature: t=<unix>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<raw body>")>`, retried with growing delays until a 2xx or the attempts run out. A retry is signed
 * afresh (new timestamp), so a receiver's replay window never rejects a late retry. A 4xx other than 408 and
 * 429 is the receiver refusing this event for good: the same bytes would be refused again, so it is not resent.
 */
import { createHmac } from 'node:crypto';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import type { ExoEvent } from '@exoserva/contracts';
import type { Clock } from './clock.ts';

export interface EventEndpoint {
  url: string;
  secret: string;
}

export interface EventDelivery {
  eventId: string;
  type: string;
  tenantId: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: { at: string; status?: number; error?: string }[];
}

export interface EventDispatcherOptions {
  clock: Clock;
  /** Used for every tenant without its own endpoint. */
  defaultEndpoint?: EventEndpoint | undefined;
  /** Delays between attempts. Default 250 ms, 1 s, 4 s, 15 s, 60 s, 60 s … (10 attempts). */
  retryDelaysMs?: number[];
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /**
   * Attempts in flight at once (a delivery waiting for its retry holds none). Default 64: a platform delivers
   * from a bounded pool of workers over kept-alive connections — one connection per event of a burst would
   * overflow the receiver's accept queue (the fairness benchmark's 10,000 events at once did).
   */
  maxConcurrent?: number;
}

/** The signature header value for a raw body at unix time `t`. */
export function signEvent(secret: string, t: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

const DEFAULT_DELAYS = [250, 1000, 4000, 15_000, 60_000, 60_000, 60_000, 60_000, 60_000];

export function createEventDispatcher(options: EventDispatcherOptions) {
  const endpoints = new Map<string, EventEndpoint>();
  let fallback = options.defaultEndpoint;
  const deliveries: EventDelivery[] = [];
  const inflight = new Set<Promise<void>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  let closed = false;

  const endpointOf = (tenantId: string) => endpoints.get(tenantId) ?? fallback;
  const slots = pLimit(options.maxConcurrent ?? 64);
  // undici's request() rather than fetch(): the same client without fetch's web streams and abort signals,
  // which cost the load generator of the fairness benchmark more CPU than the deliveries themselves.
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 10_000 });

  async function attempt(event: ExoEvent, delivery: EventDelivery, n: number): Promise<void> {
    const endpoint = endpointOf(event.tenantId);
    if (!endpoint || closed) {
      delivery.status = 'failed';
      return;
    }
    delivery.url = endpoint.url;
    const body = JSON.stringify(event);
    const outcome = await slots(async (): Promise<'delivered' | 'refused' | 'retry'> => {
      // Signed when sent, not when queued: a wait for a slot never ages the signature.
      const t = Math.floor(options.clock.now().getTime() / 1000);
      const at = options.clock.now().toISOString();
      try {
        const res = await request(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'exoserva-signature': signEvent(endpoint.secret, t, body),
          },
          body,
          dispatcher: agent,
        });
        await res.body.dump().catch(() => undefined);
        delivery.attempts.push({ at, status: res.statusCode });
        const s = res.statusCode;
        if (s >= 200 && s <= 299) return 'delivered';
        return s >= 400 && s <= 499 && s !== 408 && s !== 429 ? 'refused' : 'retry';
      } catch (err) {
        delivery.attempts.push({ at, error: err instanceof Error ? err.message : String(err) });
        return 'retry';
      }
    });
    if (outcome !== 'retry') {
      delivery.status = outcome === 'delivered' ? 'delivered' : 'failed';
      return;
    }
    const delay = delays[n];
    if (delay === undefined || closed) {
      delivery.status = 'failed';
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, delay);
      timers.set(timer, resolve);
    });
    if (closed) {
      delivery.status = 'failed';
      return;
    }
    return attempt(event, delivery, n + 1);
  }

  return {
    /** Queues the event for delivery; returns at once. */
    publish(event: ExoEvent): void {
      if (!endpointOf(event.tenantId)) return;
      const delivery: EventDelivery = {
        eventId: event.id,
        type: event.type,
        tenantId: event.tenantId,
        url: '',
        status: 'pending',
        attempts: [],
      };
      deliveries.push(delivery);
      if (deliveries.length > 5000) deliveries.shift();
      const p = attempt(event, delivery, 0).finally(() => inflight.delete(p));
      inflight.add(p);
    },
    setEndpoint(tenantId: string, endpoint: EventEndpoint | null): void {
      if (endpoint) endpoints.set(tenantId, endpoint);
      else endpoints.delete(tenantId);
    },
    setDefaultEndpoint(endpoint: EventEndpoint | undefined): void {
      fallback = endpoint;
    },
    endpointUrl(tenantId: string): string | null {
      return endpointOf(tenantId)?.url ?? null;
    },
    deliveries(tenantId?: string): EventDelivery[] {
      return deliveries.filter((d) => !tenantId || d.tenantId === tenantId).map((d) => ({ ...d }));
    },
    /** Resolves when nothing is being delivered or waiting for a retry. */
    async idle(): Promise<void> {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    close(): void {
      closed = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      // Idle keep-alive connections go; a delivery still in flight finishes first.
      agent.close().catch(() => undefined);
    },
  };
}

export type EventDispatcher = ReturnType<typeof createEventDispatcher>;
