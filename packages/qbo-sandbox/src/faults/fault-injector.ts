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
});

export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export type ResolvedFaultSettings = Required<FaultSettings>;

export interface RequestFaults {
  latencyMs: number;
  throttle: boolean;
  /** 500 or 503 before the handler, or undefined. */
  errorStatus?: 500 | 503;
  /** Run the handler, then drop the connection. */
  drop: boolean;
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
};

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

  /** Draws exactly three values per request, whatever the outcome, to keep sequences reproducible. */
  forRequest(realmId: string): RequestFaults {
    const entry = this.settings.get(realmId);
    if (!entry) return { latencyMs: 0, throttle: false, drop: false };
    const { config, random } = entry;
    const error = random();
    const which = random();
    const drop = random();
    return {
      latencyMs: config.latencyMs,
      throttle: config.throttle,
      ...(error < config.errorRate ? { errorStatus: which < 0.5 ? 500 : 503 } : {}),
      drop: drop < config.dropRate,
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
