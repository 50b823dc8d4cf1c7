/**
 * The sandbox never reads the wall clock directly: tests move time forward to expire access tokens,
 * rotate refresh tokens or age a CDC window without waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface ControllableClock extends Clock {
  /** Move time forward (or back, with a negative number) by `ms`. */
  advance(ms: number): void;
  /** Jump to an absolute instant. */
  set(epochMs: number): void;
  /** Forget any offset and follow the wall clock again. */
  reset(): void;
}

export function createControllableClock(): ControllableClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    set: (epochMs) => {
      offset = epochMs - Date.now();
    },
    reset: () => {
      offset = 0;
    },
  };
}

/** A clock that only moves when told to: for tests that count milliseconds exactly. */
export function createManualClock(startMs = Date.UTC(2026, 0, 15, 17, 0, 0)): ControllableClock {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (epochMs) => {
      now = epochMs;
    },
    reset: () => {
      now = startMs;
    },
  };
}
