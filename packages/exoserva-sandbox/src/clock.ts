/**
 * Time as the sandbox sees it. Everything that stamps or expires something reads this clock, so tests can
 * move time instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: `advance(seconds)` or `set(date)`. */
export interface ManualClock extends Clock {
  advance(seconds: number): void;
  set(date: Date): void;
}

export function createManualClock(start: Date = new Date('2026-01-15T09:00:00.000Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (seconds) => {
      current += seconds * 1000;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}
