import { z } from 'zod';

/**
 * Dates and times the product accepts, checked once here: real calendar days (no 2026-02-31, no month 13) in the
 * years a field-service business's books can hold. The bounds keep every value inside what PostgreSQL's `date`
 * and `timestamptz` and QuickBooks' TxnDate take, so a date that gets past a schema never fails in a store.
 */
export const SUPPORTED_YEARS = { from: 1900, to: 2199 } as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

const inYears = (year: number) => year >= SUPPORTED_YEARS.from && year <= SUPPORTED_YEARS.to;
const RANGE = `between ${SUPPORTED_YEARS.from} and ${SUPPORTED_YEARS.to}`;

/** `YYYY-MM-DD` naming a day that exists, in the supported years. */
export function isCalendarDate(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!inYears(year) || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC: no time zone moves it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM` in the supported years. */
export function isCalendarMonth(value: string): boolean {
  const m = MONTH.exec(value);
  return !!m && inYears(Number(m[1])) && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** A calendar date, YYYY-MM-DD, as both Exoserva and QuickBooks use it for transaction dates. */
export const IsoDate = z
  .string()
  .regex(DAY, 'expected YYYY-MM-DD')
  .refine(isCalendarDate, `expected a real calendar date ${RANGE}`);

/** A calendar month, `YYYY-MM`. */
export const IsoMonth = z
  .string()
  .regex(MONTH, 'expected YYYY-MM')
  .refine(isCalendarMonth, `expected a month of a year ${RANGE}`);

/** An ISO 8601 instant (`…Z` or with an offset) in the supported years. */
export const Timestamp = z
  .string()
  .datetime({ offset: true })
  .refine((value) => {
    const ms = Date.parse(value);
    return !Number.isNaN(ms) && inYears(new Date(ms).getUTCFullYear());
  }, `expected a time ${RANGE}`);
