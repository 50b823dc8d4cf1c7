import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationMessage } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMessage, EXAMPLE_ITEM } from '../services/notification-messages.ts';
import { exoservaInboxNotifier } from './exoserva-inbox-notifier.ts';
import { webhookNotifier } from './webhook-notifier.ts';

const SECRET = 'notify-webhook-secret-0123456789abcdef';
const message = buildMessage({
  id: 'msg_1',
  type: 'test',
  tenantId: 'ten_summit',
  now: new Date('2026-01-10T17:00:00Z'),
  items: [{ ...EXAMPLE_ITEM, failedAt: '2026-01-10T17:00:00.000Z' }],
  dashboardUrl: 'https://app.exoserva.test/settings/integrations/quickbooks/status',
  extraEmails: [],
});

interface Received {
  path: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((r) => server?.close(r));
  server = undefined;
});

/** A receiver on a free port answering each request with the next status (the last one repeats). */
async function receiver(statuses: Array<number | 'hang'>) {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      if (status === 'hang') return; // never answers: the adapter's timeout must end the attempt
      res.writeHead(status as number, { 'content-type': 'text/plain' }).end('receiver body is never kept');
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

/** What a receiver does: recompute the HMAC over "<t>.<raw body>" and compare in constant time. */
function verify(header: string | undefined, body: string, secret: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex'));
}

const fast = { timeoutMs: 300, retryDelaysMs: [10, 10] };

describe('the webhook notifier', () => {
  it('POSTs the message as JSON with a signature the receiver can verify and the message id as idempotency key', async () => {
    const hook = await receiver([204]);
    const notifier = webhookNotifier({ url: hook.url, secret: SECRET, post: fast });
    expect(await notifier.deliver(message)).toEqual({ ok: true });
    const [req] = hook.received;
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['idempotency-key']).toBe('msg_1');
    expect(verify(req?.headers['exoserva-signature'] as string, req?.body ?? '', SECRET)).toBe(true);
    expect(verify(req?.headers['exoserva-signature'] as string, req?.body ?? '', `${SECRET}x`)).toBe(false);
    expect(NotificationMessage.parse(JSON.parse(req?.body ?? '{}'))).toEqual(message);
  });

  it('retries 5xx and timeouts, re-signing each attempt, until the receiver takes it', async () => {
    const hook = await receiver([503, 'hang', 200]);
    let t = 1_700_000_000_000;
    const notifier = webhookNotifier({ url: hook.url, secret: SECRET, post: fast, now: () => (t += 1000) });
    expect(await notifier.deliver(message)).toEqual({ ok: true });
    expect(hook.received).toHaveLength(3);
    const stamps = hook.received.map((r) => String(r.headers['exoserva-signature']).slice(0, 12));
    expect(new Set(stamps).size).toBe(3);
    expect(hook.received.every((r) => r.headers['idempotency-key'] === 'msg_1')).toBe(true);
  });

  it('gives up after its quick retries with a retryable outcome, and at once on a 4xx', async () => {
    const down = await receiver([500]);
    const outcome = await webhookNotifier({ url: down.url, secret: SECRET, post: fast }).deliver(message);
    expect(outcome).toEqual({ ok: false, retryable: true, reason: 'the receiver answered HTTP 500' });
    expect(down.received).toHaveLength(3);
    await new Promise((r) => server?.close(r));

    const refusing = await receiver([401]);
    const refused = await webhookNotifier({ url: refusing.url, secret: SECRET, post: fast }).deliver(message);
    expect(refused).toEqual({ ok: false, retryable: false, reason: 'the receiver answered HTTP 401' });
    expect(refusing.received).toHaveLength(1);
  });

  it('treats a 409 (the receiver already has this id) as delivered', async () => {
    const hook = await receiver([409]);
    expect(await webhookNotifier({ url: hook.url, secret: SECRET, post: fast }).deliver(message)).toEqual({
      ok: true,
    });
  });
});

describe('the Exoserva inbox notifier', () => {
  it('posts to the tenant’s notification inbox with the service key', async () => {
    const hook = await receiver([201]);
    const base = hook.url.replace(/\/hook$/, '');
    const notifier = exoservaInboxNotifier({ baseUrl: base, apiKey: 'service-key-0123456789', post: fast });
    expect(await notifier.deliver(message)).toEqual({ ok: true });
    expect(hook.received[0]?.path).toBe('/api/tenants/ten_summit/notifications');
    expect(hook.received[0]?.headers['x-exoserva-api-key']).toBe('service-key-0123456789');
    expect(JSON.parse(hook.received[0]?.body ?? '{}')).toMatchObject({ id: 'msg_1', tenantId: 'ten_summit' });
  });
});
