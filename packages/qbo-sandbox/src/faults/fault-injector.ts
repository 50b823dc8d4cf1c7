/**
 * Per-company fault injection. Each request draws the same number of values from the company's seeded
 * PRNG, so a given seed and request sequence always produces the same faults.
 */
import { z } from 'zod';
import { mulberry32 } from './prng.ts';

const rate = z.number().min(0).max(1);

export const faultSettingsSchema = z.object({
  seed: z.number().int().optional(),
  /** Added to every Accounting API request of the company, in milliseconds. */
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /** Share of requests answered 500 or 503 with a SystemFault before the handler runs. */
  errorRate: rate.optional(),
  /** Share of requests whose handler runs and commits, then the connection is dropped without a response. */
  dropRate: rate.optional(),
  /** Every request of the company gets 429 ThrottleExceeded. */
  throttle: z.boolean().optional(),
  /** Share of token-endpoint calls (code exchange, refresh) for this company answered 503. */
  tokenEndpointErrorRate: rate.optional(),
  /** Token-endpoint calls for this company lose their connection with no response (Intuit unreachable). */
  tokenEndpointDown: z.boolean().optional(),
  /**
   * What an injected error looks like: `json` a SystemFault 500/503 (default); `outages` one of the shapes
   * client libraries report from Intuit — an HTML 502 or 503 page from the load balancer, or a JSON 500 in the
   * gateway's lowercase shape with errorCode=003100.
   */
  errorShape: z.enum(['json', 'outages']).optional(),
  /** How a forced throttle answers: Intuit's JSON Fault (default), or XML although JSON was asked for. */
  throttleBody: z.enum(['json', 'xml']).optional(),
  /**
   * `intuit`: answer with Intuit-like latency (LATENCY_MODEL below), drawn from the company's PRNG; on top of
   * latencyMs. Off by default: unit tests want the stand-in fast.
   */
  latencyModel: z.enum(['none', 'intuit']).optional(),
  /**
   * `replay` (default): a repeated requestid gets the first answer again, errors included, as Intuit documents.
   * `ignore`: requestids are ignored, as public reports say happens in places (Intuit .NET SDK issue #352,
   * node-quickbooks issue #38) — a repeated create makes a second record.
   */
  requestIds: z.enum(['replay', 'ignore']).optional(),
});

export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export type ResolvedFaultSettings = Required<FaultSettings>;

export interface RequestFaults {
  latencyMs: number;
  throttle: boolean;
  throttleBody: 'json' | 'xml';
  /** An error answered before the handler: its status and shape, or undefined. */
  error?: { status: 500 | 502 | 503; shape: 'json' | 'html' | 'json-003100' };
  /** Run the handler, then drop the connection. */
  drop: boolean;
  requestIds: 'replay' | 'ignore';
}

export type RequestKind = 'read' | 'write' | 'batch' | 'report';

/**
 * Intuit-like latency, in milliseconds: log-normal (a long right tail, as every network service has), with a
 * median of 250 ms for a read or query, 350 ms for a create or update, 450 ms for a report, and 400 ms + 60 ms
 * per item for a batch; σ = 0.45 (p95 ≈ 2.1 × median), capped at 10 s. Assumed, not measured: Intuit publishes no
 * latency figures; the orders of magnitude follow what integrators report (hundreds of milliseconds, batches
 * longer). `latencyMs` adds on top.
 */
export const LATENCY_MODEL = {
  medianMs: { read: 250, write: 350, report: 450, batch: 400 } as Record<RequestKind, number>,
  perBatchItemMs: 60,
  sigma: 0.45,
  capMs: 10_000,
};

/** A log-normal draw from two uniform numbers (Box–Muller), so each request draws a fixed count of values. */
export function intuitLatencyMs(kind: RequestKind, items: number, u1: number, u2: number): number {
  const median = LATENCY_MODEL.medianMs[kind] + (kind === 'batch' ? items * LATENCY_MODEL.perBatchItemMs : 0);
  const z = Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
  return Math.min(LATENCY_MODEL.capMs, Math.round(median * Math.exp(LATENCY_MODEL.sigma * z)));
}

export interface TokenEndpointFaults {
  errorStatus?: 503;
  down: boolean;
}

const NONE: ResolvedFaultSettings = {
  seed: 1,
  latencyMs: 0,
  errorRate: 0,
  dropRate: 0,
  throttle: false,
  tokenEndpointErrorRate: 0,
  tokenEndpointDown: false,
  errorShape: 'json',
  throttleBody: 'json',
  latencyModel: 'none',
  requestIds: 'replay',
};

const OUTAGES = [
  { status: 502, shape: 'html' },
  { status: 503, shape: 'html' },
  { status: 500, shape: 'json-003100' },
] as const;

export class FaultInjector {
  private readonly settings = new Map<string, { config: ResolvedFaultSettings; random: () => number }>();

  /** Replaces the company's faults and restarts its PRNG from the seed. */
  set(realmId: string, settings: FaultSettings): ResolvedFaultSettings {
    const config = { ...NONE, ...stripUndefined(settings) };
    this.settings.set(realmId, { config, random: mulberry32(config.seed) });
    return config;
  }

  clear(realmId?: string): void {
    if (realmId === undefined) this.settings.clear();
    else this.settings.delete(realmId);
  }

  get(realmId: string): ResolvedFaultSettings | undefined {
    return this.settings.get(realmId)?.config;
  }

  list(): Array<{ realmId: string } & ResolvedFaultSettings> {
    return [...this.settings.entries()].map(([realmId, s]) => ({ realmId, ...s.config }));
  }

  /** Draws exactly five values per request, whatever the outcome, to keep sequences reproducible. */
  forRequest(realmId: string, kind: RequestKind = 'read', items = 0): RequestFaults {
    const entry = this.settings.get(realmId);
    if (!entry)
      return { latencyMs: 0, throttle: false, throttleBody: 'json', drop: false, requestIds: 'replay' };
    const { config, random } = entry;
    const error = random();
    const which = random();
    const drop = random();
    const u1 = random();
    const u2 = random();
    const modelled = config.latencyModel === 'intuit' ? intuitLatencyMs(kind, items, u1, u2) : 0;
    let injected: RequestFaults['error'];
    if (error < config.errorRate) {
      injected =
        config.errorShape === 'outages'
          ? (OUTAGES[
              Math.min(OUTAGES.length - 1, Math.floor(which * OUTAGES.length))
            ] as RequestFaults['error'])
          : { status: which < 0.5 ? 500 : 503, shape: 'json' };
    }
    return {
      latencyMs: config.latencyMs + modelled,
      throttle: config.throttle,
      throttleBody: config.throttleBody,
      ...(injected ? { error: injected } : {}),
      drop: drop < config.dropRate,
      requestIds: config.requestIds,
    };
  }

  forTokenEndpoint(realmId: string | undefined): TokenEndpointFaults {
    const entry = realmId === undefined ? undefined : this.settings.get(realmId);
    if (!entry) return { down: false };
    const { config, random } = entry;
    const error = random();
    return {
      down: config.tokenEndpointDown,
      ...(error < config.tokenEndpointErrorRate ? { errorStatus: 503 as const } : {}),
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
