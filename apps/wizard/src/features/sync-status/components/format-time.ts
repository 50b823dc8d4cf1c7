/** Relative and exact times in the tenant's locale (the BFF's clock is the reference for "now"). */

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "5 minutes ago", "hace 5 minutos", "now". */
export function formatRelative(iso: string, now: string, locale: string): string {
  const diff = new Date(iso).getTime() - new Date(now).getTime();
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'second');
}

/** "Nov 24, 2026, 12:00:05 PM": seconds included, since the timeline orders events seconds apart. */
export function formatExact(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

/** "about 3 minutes": a duration in its largest sensible unit, for the Pending ETA. */
export function formatDuration(seconds: number, locale: string): string {
  const [unit, value]: [Intl.NumberFormatOptions['unit'], number] =
    seconds < 90
      ? ['second', seconds]
      : seconds < 5400
        ? ['minute', Math.round(seconds / 60)]
        : ['hour', Math.round(seconds / 3600)];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
