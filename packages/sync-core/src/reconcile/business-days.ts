/**
 * Business-day distance between two calendar dates (GUIDE step 8: "bank deposit dates should match Stripe
 * payout dates within 1-2 business days"). Dates are `YYYY-MM-DD` calendar days, read as UTC so no time zone
 * or daylight-saving change can move a day. Saturdays, Sundays and the given bank holidays don't count.
 */

/** How many business days a payout and its deposit may be apart. */
export const DEPOSIT_WINDOW_BUSINESS_DAYS = 2;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumber(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March; a date that does not round-trip is not a date.
  if (isoFromDayNumber(ms / DAY_MS) !== date) throw new RangeError(`"${date}" is not a calendar date`);
  return ms / DAY_MS;
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `date` moved by whole calendar days. */
export function addCalendarDays(date: string, days: number): string {
  return isoFromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7;

export function isBusinessDay(date: string, holidays: ReadonlySet<string> = new Set()): boolean {
  const d = weekday(dayNumber(date));
  return d !== 0 && d !== 6 && !holidays.has(date);
}

/**
 * Business days from the earlier date to the later one, counting the days after the earlier date up to and
 * including the later one: Friday → Monday is 1, the same day is 0, Monday → Wednesday is 2. Symmetric, so a
 * deposit recorded a day *before* the payout's arrival (a bookkeeper dating it by the Stripe email) counts too.
 */
export function businessDaysBetween(a: string, b: string, holidays: ReadonlySet<string> = new Set()): number {
  let from = dayNumber(a);
  let to = dayNumber(b);
  if (from > to) [from, to] = [to, from];
  let count = 0;
  for (let day = from + 1; day <= to; day++) {
    const d = weekday(day);
    if (d !== 0 && d !== 6 && !holidays.has(isoFromDayNumber(day))) count++;
  }
  return count;
}

export function withinDepositWindow(
  payoutArrival: string,
  depositDate: string,
  holidays: ReadonlySet<string> = new Set(),
): boolean {
  return businessDaysBetween(payoutArrival, depositDate, holidays) <= DEPOSIT_WINDOW_BUSINESS_DAYS;
}
