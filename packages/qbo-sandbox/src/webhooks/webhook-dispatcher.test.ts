import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_APP } from '../oauth/apps.ts';
import { startQboSandbox, type RunningQboSandbox } from '../server.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let failNext = 0;
let server: RunningQboSandbox;
let accessToken: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      received.push({ headers: req.headers, raw });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/intuit`;
  server = await startQboSandbox({
    port: 0,
    throttling: false,
    webhookBatchMs: 30,
    webhookRetryDelaysMs: [20, 20],
    apps: [
      { ...DEFAULT_APP, webhookUrl: receiverUrl, verifierToken: 'verifier-1', webhookFormat: 'legacy' },
      {
        clientId: 'bystander',
        clientSecret: 's',
        redirectUris: ['http://localhost/cb'],
        webhookUrl: receiverUrl,
      },
    ],
  });
  const res = await fetch(`${server.url}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ realmId: '9341452', clientId: DEFAULT_APP.clientId }),
  });
  accessToken = ((await res.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await server.close();
  await new Promise((r) => receiver.close(r));
});

beforeEach(() => {
  received = [];
  failNext = 0;
});

async function setFormat(webhookFormat: 'legacy' | 'cloudevents') {
  await fetch(`${server.url}/_sandbox/apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...DEFAULT_APP,
      webhookUrl: receiverUrl,
      verifierToken: 'verifier-1',
      webhookFormat,
    }),
  });
}

async function createCustomer(name: string): Promise<string> {
  const res = await fetch(`${server.url}/v3/company/9341452/customer?minorversion=75`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ DisplayName: name }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { Customer: { Id: string } }).Customer.Id;
}

function expectSigned(delivery: Received) {
  const expected = createHmac('sha256', 'verifier-1').update(delivery.raw).digest('base64');
  expect(delivery.headers['intuit-signature']).toBe(expected);
}

describe('webhooks', () => {
  it('delivers a signed legacy eventNotifications payload, batching changes of a short window', async () => {
    await setFormat('legacy');
    const first = await createCustomer('Webhook Legacy A');
    const second = await createCustomer('Webhook Legacy B');
    await server.sandbox.webhooks.idle();
    // Only the app authorized on the realm is notified, not the bystander app.
    expect(received).toHaveLength(1);
    const delivery = received[0] as Received;
    expectSigned(delivery);
    expect(JSON.parse(delivery.raw)).toEqual({
      eventNotifications: [
        {
          realmId: '9341452',
          dataChangeEvent: {
            entities: [
              { name: 'Customer', id: first, operation: 'Create', lastUpdated: expect.any(String) },
              { name: 'Customer', id: second, operation: 'Create', lastUpdated: expect.any(String) },
            ],
          },
        },
      ],
    });
  });

  it('delivers signed CloudEvents when the app is switched to them', async () => {
    await setFormat('cloudevents');
    const id = await createCustomer('Webhook CloudEvents');
    await server.sandbox.webhooks.idle();
    expect(received).toHaveLength(1);
    const delivery = received[0] as Received;
    expectSigned(delivery);
    const events = JSON.parse(delivery.raw) as Array<Record<string, unknown>>;
    expect(events).toEqual([
      {
        specversion: '1.0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        source: expect.stringMatching(/^intuit\./),
        type: 'qbo.customer.created.v1',
        datacontenttype: 'application/json',
        time: expect.any(String),
        intuitentityid: id,
        intuitaccountid: '9341452',
        data: {},
      },
    ]);
  });

  it('retries a failed delivery and records every attempt', async () => {
    await setFormat('legacy');
    failNext = 1;
    await createCustomer('Webhook Retry');
    await server.sandbox.webhooks.idle();
    expect(received).toHaveLength(1);
    const deliveries = (await (await fetch(`${server.url}/_sandbox/webhooks`)).json()) as Array<{
      status: string;
      attempts: Array<{ status?: number }>;
    }>;
    const last = deliveries.at(-1);
    expect(last?.status).toBe('delivered');
    expect(last?.attempts.map((a) => a.status)).toEqual([500, 200]);
  });

  it('gives up after the retries and marks the delivery failed', async () => {
    await setFormat('legacy');
    failNext = 5;
    await createCustomer('Webhook Gives Up');
    await server.sandbox.webhooks.idle();
    const last = server.sandbox.webhooks.deliveries().at(-1);
    expect(last?.status).toBe('failed');
    expect(last?.attempts).toHaveLength(3);
  });
});
