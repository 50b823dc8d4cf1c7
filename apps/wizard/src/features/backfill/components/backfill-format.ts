import type { Translate } from '../../../i18n/messages.tsx';

/** A calendar day (YYYY-MM-DD) in the tenant's words; read as UTC so no time zone moves it a day. */
export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** How long something takes, in words: under a minute, N minutes, or hours and minutes. */
export function formatDuration(seconds: number, t: Translate): string {
  if (seconds < 60) return t('backfill.duration.underMinute');
  const minutes = Math.ceil(seconds / 60);
  if (minutes === 1) return t('backfill.duration.oneMinute');
  if (minutes < 60) return t('backfill.duration.minutes', { count: minutes });
  return t('backfill.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Last month, first to last day: the range most backfills after a month-end reconnect want. */
export function lastMonth(today: Date = new Date()): { from: string; to: string } {
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}
