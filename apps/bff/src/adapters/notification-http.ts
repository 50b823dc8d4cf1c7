import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryOutcome } from '../ports/notifier.ts';

export interface PostOptions {
  /** Per attempt. */
  timeoutMs: number;
  /** Quick retries inside one delivery (the outbox retries later, across instances, after these). */
  retryDelaysMs: readonly number[];
}

export const DEFAULT_POST_OPTIONS: PostOptions = { timeoutMs: 5000, retryDelaysMs: [250, 1000] };

/**
 * POSTs one JSON body (signed afresh for each attempt by `headers`), retrying network errors, timeouts, 408,
 * 429 and 5xx a few times. Any other 4xx is final: the receiver refused this message, sending it again won't
 * change its mind. The receiver's answer body is never kept (it could echo anything).
 */
export async function postNotification(
  url: string,
  body: string,
  headers: () => Record<string, string>,
  options: PostOptions,
): Promise<DeliveryOutcome> {
  let last: DeliveryOutcome = { ok: false, retryable: true, reason: 'not attempted' };
  for (let attempt = 0; attempt <= options.retryDelaysMs.length; attempt++) {
    if (attempt > 0) await sleep(options.retryDelaysMs[attempt - 1]);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers() },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      // 409: the receiver already has this message id (an earlier attempt landed, its answer was lost).
      if (res.ok || res.status === 409) return { ok: true };
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      last = { ok: false, retryable, reason: `the receiver answered HTTP ${res.status}` };
      if (!retryable) return last;
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      last = {
        ok: false,
        retryable: true,
        reason: timedOut ? `no answer within ${options.timeoutMs} ms` : 'the receiver could not be reached',
      };
    }
  }
  return last;
}
