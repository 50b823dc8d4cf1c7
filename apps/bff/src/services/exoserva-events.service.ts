import { createHmac, timingSafeEqual } from 'node:crypto';
import { ExoEvent, type ExoEventType, type SyncRecordKind } from '@exoserva/contracts';
import { failure, ok, type Result } from '../http/errors.ts';
import { unsafeTextProblem } from '../http/safe-text.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import { deadLetterStore } from '../stores/dead-letter-store.ts';
import { syncStore } from '../stores/sync-store.ts';

/**
 * PostgreSQL error classes that no retry can fix (22: data exception, such as a value out of range; 23: an
 * integrity constraint). Anything else — a lost connection, a timeout — may pass on the platform's next try.
 */
const isDeterministicStoreError = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)/.test(code);
};

/** How old (or how far in the future) a signature's timestamp may be. */
export const EVENT_REPLAY_WINDOW_MS = 5 * 60_000;

const KIND_OF: Record<ExoEventType, SyncRecordKind> = {
  'customer.created': 'customer',
  'customer.updated': 'customer',
  'invoice.created': 'invoice',
  'invoice.updated': 'invoice',
  'invoice.voided': 'invoice',
  'payment.received': 'payment',
  'refund.issued': 'refund',
  'payout.paid': 'payout',
};

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * `exoserva-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Several v1 values are
 * allowed (secret rotation). Compared in constant time; a timestamp outside the window is refused so a
 * captured request can't be replayed later.
 */
export function verifyExoservaSignature(
  header: string | undefined,
  rawBody: string,
  secrets: readonly string[],
  nowMs: number,
  windowMs = EVENT_REPLAY_WINDOW_MS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) v1.push(v.toLowerCase());
  }
  if (t === undefined || v1.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowMs - t * 1000) > windowMs) return { ok: false, reason: 'stale' };
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
    for (const candidate of v1) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) return { ok: true };
    }
  }
  return { ok: false, reason: 'mismatch' };
}

export interface ExoservaEventsOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Newest first; any verifies. */
  secrets: readonly string[];
  /** Tells this process's workers there is work (others find it by polling). */
  onQueued?: () => void;
}

/**
 * Receives Exoserva's signed domain events: verify, validate, deduplicate by event id, and store the event
 * and its work item in one statement before answering 2xx. An event is only a pointer (record id and
 * version): the worker reads the record itself, so nothing in an event can carry stale or forged money.
 */
export function createExoservaEventsService(options: ExoservaEventsOptions) {
  const { db, clock, logger } = options;
  return {
    async receive(input: {
      signature: string | undefined;
      rawBody: string;
    }): Promise<Result<{ received: true; duplicate: boolean }>> {
      if (options.secrets.length === 0) {
        return failure('signature_invalid', 'This BFF has no Exoserva event secret configured');
      }
      const check = verifyExoservaSignature(input.signature, input.rawBody, options.secrets, clock.now());
      if (!check.ok) {
        logger.warn('exoserva.event_refused', { reason: check.reason });
        return failure(
          'signature_invalid',
          'The exoserva-signature header is missing, stale or does not match',
        );
      }
      const at = new Date(clock.now());
      // Signed by Exoserva, so whatever is wrong with it from here on is kept for the operator, once.
      const deadLetter = async (
        reason: 'invalid' | 'store_failed',
        detail: Record<string, unknown>,
        parsed: unknown,
      ) => {
        await deadLetterStore.add(db, {
          source: 'exoserva',
          reason,
          detail,
          body: input.rawBody,
          parsed,
          at,
        });
        logger.error('exoserva.event_dead_lettered', {
          reason,
          eventId:
            typeof (parsed as { id?: unknown })?.id === 'string' ? (parsed as { id: string }).id : undefined,
        });
      };
      let data: unknown;
      try {
        data = JSON.parse(input.rawBody);
      } catch {
        await deadLetter('invalid', { message: 'not valid JSON' }, null);
        return failure('validation_failed', 'The event is not valid JSON');
      }
      const unsafeText = unsafeTextProblem(data);
      if (unsafeText) {
        await deadLetter('invalid', { message: unsafeText }, null);
        return failure('validation_failed', unsafeText);
      }
      const parsed = ExoEvent.safeParse(data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
        await deadLetter('invalid', { message: 'does not match the Exoserva event schema', issues }, data);
        return failure('validation_failed', 'The event does not match the Exoserva event schema', { issues });
      }
      const event = parsed.data;
      // The event and its work item in one statement: stored together, or not at all.
      let fresh: boolean;
      try {
        fresh = await syncStore.receiveEvent(db, {
          id: event.id,
          tenantId: event.tenantId,
          type: event.type,
          kind: KIND_OF[event.type],
          objectId: event.data.objectId,
          objectVersion: event.data.objectVersion,
          occurredAt: event.occurredAt,
          now: at,
        });
      } catch (err) {
        // A value the store cannot hold would fail the same way on every redelivery: keep it and answer once.
        if (!isDeterministicStoreError(err)) throw err;
        await deadLetter(
          'store_failed',
          { code: (err as { code: string }).code, message: err instanceof Error ? err.message : String(err) },
          data,
        );
        return ok({ received: true as const, duplicate: false });
      }
      logger.info('exoserva.event_received', {
        eventId: event.id,
        type: event.type,
        tenantId: event.tenantId,
        kind: KIND_OF[event.type],
        recordId: event.data.objectId,
        recordVersion: event.data.objectVersion,
        duplicate: !fresh,
      });
      if (fresh) options.onQueued?.();
      return ok({ received: true as const, duplicate: !fresh });
    },
  };
}

export type ExoservaEventsService = ReturnType<typeof createExoservaEventsService>;
