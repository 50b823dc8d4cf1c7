import type { SyncActivityResponse } from '@exoserva/contracts';

export interface ActivityDay {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  /** Local midnight of that day (for labels). */
  date: Date;
  synced: number;
  failed: number;
}

const dayKey = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * The BFF counts by the UTC hour; the admin thinks in local days. Adds the hours up into the last `days`
 * local days ending on the day of `activity.to` (days without activity are zeros, so the chart has no gaps).
 */
export function dailyActivity(activity: SyncActivityResponse, days: number): ActivityDay[] {
  const end = new Date(activity.to);
  const out: ActivityDay[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const date = new Date(end.getFullYear(), end.getMonth(), end.getDate() - i);
    out.push({ day: dayKey(date), date, synced: 0, failed: 0 });
  }
  const byDay = new Map(out.map((d) => [d.day, d]));
  for (const h of activity.hours) {
    const d = byDay.get(dayKey(new Date(h.hour)));
    if (!d) continue;
    d.synced += h.synced;
    d.failed += h.failed;
  }
  return out;
}
