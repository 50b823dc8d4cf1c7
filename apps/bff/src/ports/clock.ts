/** Milliseconds since the epoch. Compatible with the QBO sandbox's clock, so tests can share one. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
