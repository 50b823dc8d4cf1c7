import type { ReconcileMonth } from '@exoserva/contracts';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { formatMoney } from '../../../lib/format.ts';

/** "May 2026" in the admin's language; the month is a calendar month, so UTC keeps it from shifting. */
export function formatMonth(month: ReconcileMonth, locale: string, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(locale, { month: style, year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** A calendar day (YYYY-MM-DD) as "May 4, 2026", without a time zone moving it. */
export function formatDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Money, month and day formatters bound to where the wizard is mounted. */
export function useFormat() {
  const { locale, currency } = useWizardEnv();
  return {
    money: (cents: number) => formatMoney(cents, locale, currency),
    month: (month: ReconcileMonth, style?: 'long' | 'short') => formatMonth(month, locale, style),
    day: (date: string) => formatDay(date, locale),
    locale,
  };
}
