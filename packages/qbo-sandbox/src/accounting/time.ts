/**
 * Company-local time. Assumption: every sandbox company lives at a fixed Pacific offset of -08:00
 * (no daylight saving), so `time` strings, MetaData stamps and "today" are deterministic under a test clock.
 */
export const COMPANY_OFFSET_MINUTES = -8 * 60;
const OFFSET_TEXT = '-08:00';

function shifted(ms: number): Date {
  return new Date(ms + COMPANY_OFFSET_MINUTES * 60_000);
}

/** `2026-11-24T09:01:18.141-08:00`, the envelope `time` Intuit sends. */
export function intuitTime(ms: number): string {
  return shifted(ms).toISOString().replace('Z', OFFSET_TEXT);
}

/** `2026-11-24T09:01:18-08:00`, the MetaData stamp format (no millis). */
export function metaTime(ms: number): string {
  return shifted(ms).toISOString().slice(0, 19) + OFFSET_TEXT;
}

/** The company-local calendar date, `YYYY-MM-DD`. */
export function companyDate(ms: number): string {
  return shifted(ms).toISOString().slice(0, 10);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Parses an ISO date or date-time into epoch ms. A date alone means midnight company time.
 * node-quickbooks sends `changedSince` with a raw `+` offset, which a URL decoder turns into a space:
 * repair that before parsing.
 */
export function parseInstant(raw: string): number | undefined {
  let s = raw.trim();
  s = s.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$/, '$1+$2');
  if (DATE_RE.test(s)) {
    if (!isValidDate(s)) return undefined;
    return Date.parse(`${s}T00:00:00${OFFSET_TEXT}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return undefined;
  // An offset written as -0700 is accepted too.
  s = s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(s)) s += OFFSET_TEXT;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}
