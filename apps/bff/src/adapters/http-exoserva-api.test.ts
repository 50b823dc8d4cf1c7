import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpExoservaApi } from './http-exoserva-api.ts';

describe('the Exoserva API client under a burst', () => {
  let inFlight = 0;
  let most = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ id: 'tax_denver', name: 'Denver', rateMillionths: 88_150 }]));
    }, 10);
  });
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps at most maxConcurrent requests in flight and answers every one', async () => {
    const api = httpExoservaApi({ baseUrl, maxConcurrent: 3 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => api.listTaxRates('ten_a')));
    expect(answers.every((a) => a.ok && a.value[0]?.rateMillionths === 88_150)).toBe(true);
    expect(most).toBe(3);
  });

  it('starts a request’s timeout when it is sent, not while it waits for a turn', async () => {
    most = 0;
    // 6 requests of ≈10 ms through 1 slot take ≈60 ms: a 40 ms timeout counted from the call would fail the last ones.
    const api = httpExoservaApi({ baseUrl, maxConcurrent: 1, timeoutMs: 40 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.listTaxRates('ten_a')));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, true, true, true]);
    expect(most).toBe(1);
  });
});
