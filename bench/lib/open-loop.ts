/**
 * An open-loop HTTP load generator: requests start on a fixed schedule (`rate` per second) whether or not
 * earlier ones have answered, and each latency is measured from the moment its request was DUE, not from
 * when a free socket let it go. A closed-loop tool (N connections, send when the last answer arrives) slows
 * down with the server and hides the queueing a real crowd of browsers would see (coordinated omission).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadRequest {
  path: string;
  headers?: Record<string, string>;
  /** Groups the figures (e.g. the endpoint). */
  label: string;
}

export interface LoadResult {
  sent: number;
  /** Milliseconds from due to the last byte of the answer, per label and all together. */
  latencies: Map<string, number[]>;
  all: number[];
  statuses: Map<number, number>;
  /** Timeouts and connection errors. */
  errors: number;
  /** How late the generator itself started requests (its own scheduling lag), p99 in ms. */
  startLagP99: number;
  /** Achieved rate, requests per second. */
  achievedRate: number;
}

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};

export async function openLoop(options: {
  baseUrl: string;
  rate: number;
  seconds: number;
  /** The i-th request to send. */
  next: (i: number) => LoadRequest;
  /** Sockets kept open to the server (browsers behind a balancer: many). Default 128. */
  sockets?: number;
  timeoutMs?: number;
}): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.sockets ?? 128 });
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies = new Map<string, number[]>();
  const all: number[] = [];
  const statuses = new Map<number, number>();
  const lags: number[] = [];
  let errors = 0;
  const inflight = new Set<Promise<void>>();

  const fire = (i: number, due: number) => {
    const req = options.next(i);
    lags.push(performance.now() - due);
    const p = new Promise<void>((resolve) => {
      const r = request(
        {
          agent,
          hostname: base.hostname,
          port: base.port,
          path: req.path,
          method: 'GET',
          headers: req.headers,
          timeout: options.timeoutMs ?? 5000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const ms = performance.now() - due;
            statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
            all.push(ms);
            const list = latencies.get(req.label) ?? [];
            list.push(ms);
            latencies.set(req.label, list);
            resolve();
          });
        },
      );
      r.on('timeout', () => r.destroy(new Error('timeout')));
      r.on('error', () => {
        errors += 1;
        resolve();
      });
      r.end();
    });
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  };

  const start = performance.now();
  let lastFire = start;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    // Everything due by now goes now (timers are coarse: catch up in a burst, latency still counts from due).
    while (i < total && start + i * interval <= now) {
      fire(i, start + i * interval);
      lastFire = performance.now();
      i += 1;
    }
    const wait = start + i * interval - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(wait, 5))));
  }
  await Promise.all([...inflight]);
  agent.destroy();
  return {
    sent: total,
    latencies,
    all,
    statuses,
    errors,
    startLagP99: percentile(lags, 99),
    achievedRate: total / ((lastFire - start + interval) / 1000),
  };
}
