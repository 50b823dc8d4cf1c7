/**
 * When a tenant's daily digest is due, in the tenant's time zone. Pure: the clock is passed in. Daylight
 * saving is handled by asking Intl for the zone's offset at the instant (twice, so a slot next to a change
 * lands on the right side); an hour that does not exist that day (spring forward) goes out an hour later.
 */

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant the zone's clock shows `hour`:00 on the given calendar day (month 1–12; overflow allowed). */
function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetMs(guess, timeZone);
  return guess - offsetMs(first, timeZone);
}

/** The latest digest time at or before `nowMs`: today at `hour` local, or yesterday's when that is still ahead. */
export function lastDigestSlot(nowMs: number, hour: number, timeZone: string): Date {
  const w = wallClock(nowMs, timeZone);
  const today = zonedInstant(w.year, w.month, w.day, hour, timeZone);
  return new Date(today <= nowMs ? today : zonedInstant(w.year, w.month, w.day - 1, hour, timeZone));
}

/** The first digest time after `nowMs`. */
export function nextDigestSlot(nowMs: number, hour: number, timeZone: string): Date {
  const w = wallClock(nowMs, timeZone);
  const today = zonedInstant(w.year, w.month, w.day, hour, timeZone);
  return new Date(today > nowMs ? today : zonedInstant(w.year, w.month, w.day + 1, hour, timeZone));
}

/**
 * Whether a digest tenant's digest is due now: the latest slot has passed and was not dealt with yet. A slot
 * is dealt with once (digest_slot), even when nothing failed, so failures raised after it wait for the next.
 */
export function dueDigestSlot(
  nowMs: number,
  settings: { digestHour: number; timeZone: string; digestSlot: Date | null },
): Date | null {
  const slot = lastDigestSlot(nowMs, settings.digestHour, settings.timeZone);
  return settings.digestSlot && settings.digestSlot.getTime() >= slot.getTime() ? null : slot;
}
