import type { Clock } from '../clock.ts';

/**
 * Intuit's App Partner Program (2025) meters Accounting API calls per app and calendar month: "Core" calls put
 * data in (create, update, delete, void, send) and are free; "CorePlus" calls take data out (read by id,
 * query, reports, change data capture, CompanyInfo, Preferences) and count against the tier's allowance —
 * 500,000 a month for the whole app on the free Builder tier. Past it, every CorePlus call of the app is
 * refused with a 429 until the next month, while Core calls go on (Intuit developer blog, 2026-01-08). OAuth,
 * webhooks and this stand-in's control API are not metered.
 */
export type MeterClass = 'core' | 'coreplus';

/** The Builder tier's monthly CorePlus allowance. */
export const BUILDER_TIER_CORE_PLUS_CAP = 500_000;

export interface AppMeter {
  core: number;
  corePlus: number;
  /** CorePlus calls refused because the month's allowance was spent. */
  refused: number;
}

export class Metering {
  private month = '';
  private readonly byApp = new Map<string, AppMeter>();
  /** The monthly CorePlus allowance per app; null = not enforced (counted only). */
  corePlusCap: number | null = BUILDER_TIER_CORE_PLUS_CAP;

  constructor(private readonly clock: Clock) {}

  /** Counts one call of `clientId`; false when it is a CorePlus call past the month's allowance (refuse it). */
  admit(clientId: string, meterClass: MeterClass): boolean {
    const meter = this.meterOf(clientId);
    if (meterClass === 'core') {
      meter.core += 1;
      return true;
    }
    if (this.corePlusCap !== null && meter.corePlus >= this.corePlusCap) {
      meter.refused += 1;
      return false;
    }
    meter.corePlus += 1;
    return true;
  }

  /** This month's counts per app. */
  snapshot(): { month: string; corePlusCap: number | null; apps: Record<string, AppMeter> } {
    this.roll();
    return { month: this.month, corePlusCap: this.corePlusCap, apps: Object.fromEntries(this.byApp) };
  }

  reset(): void {
    this.byApp.clear();
    this.corePlusCap = BUILDER_TIER_CORE_PLUS_CAP;
  }

  private meterOf(clientId: string): AppMeter {
    this.roll();
    let meter = this.byApp.get(clientId);
    if (!meter) {
      meter = { core: 0, corePlus: 0, refused: 0 };
      this.byApp.set(clientId, meter);
    }
    return meter;
  }

  /** A new calendar month (UTC) starts every app's count again. */
  private roll(): void {
    const month = new Date(this.clock.now()).toISOString().slice(0, 7);
    if (month !== this.month) {
      this.month = month;
      this.byApp.clear();
    }
  }
}
