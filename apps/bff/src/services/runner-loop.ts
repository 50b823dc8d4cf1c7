import type { Logger } from '../logging/logger.ts';

/**
 * A background loop in this process: `round()` every `tickMs` until stopped, sooner when woken. A round that
 * throws is logged and the loop goes on (the work it holds is leased, so nothing is lost).
 */
export function createRunnerLoop(options: {
  tickMs: number;
  logger: Logger;
  /** The log event for a round that threw, e.g. `test_sync.runner_failed`. */
  failureEvent: string;
  round: () => Promise<unknown>;
}) {
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    start(): void {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            await options.round();
          } catch (error) {
            options.logger.error(options.failureEvent, { error });
          }
          if (!running) break;
          await new Promise<void>((resolve) => {
            wakeUp = resolve;
            timer = setTimeout(resolve, options.tickMs);
          });
        }
      })();
    },
    /** Runs the next round now instead of at the next tick. */
    wake(): void {
      wakeUp?.();
    },
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      wakeUp?.();
      await loop;
    },
  };
}
