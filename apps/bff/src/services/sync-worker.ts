import type { Logger } from '../logging/logger.ts';
import type { SyncEngine } from './sync-engine.service.ts';

/** How often an instance looks for a company whose change-feed window is due (the claim decides who polls). */
const CDC_LOOK_MS = 5 * 60_000;

export interface SyncWorkerOptions {
  engine: Pick<SyncEngine, 'runOnce' | 'pollCustomerChanges'>;
  logger: Logger;
  /** Names this process in leases. */
  instanceId: string;
  /** Claim loops in this process. Default 4. */
  concurrency?: number;
  /** How often an idle loop looks for due work (other instances' events, retries). Default 250 ms. */
  pollMs?: number;
  /** How often two-way tenants' CDC is polled. Default 5 minutes; 0 turns it off. */
  cdcPollMs?: number;
}

/**
 * Runs the engine in this process: a few claim loops that sleep when idle, wake at once when this process
 * queued work (`wake()`), and poll for work other instances queued. `stop()` is the graceful shutdown: no
 * new claims, and each loop finishes the wave of writes it is in and hands the rest of its claim back
 * (another instance takes it at once). A process that dies instead leaves leases that expire and are
 * taken over.
 */
export function createSyncWorker(options: SyncWorkerOptions) {
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 250;
  const cdcPollMs = options.cdcPollMs ?? 5 * 60_000;
  let running = false;
  let loops: Promise<void>[] = [];
  let stopping: Promise<boolean> | undefined;
  const stopRequested = () => !running;
  const sleepers = new Set<() => void>();
  let cdcTimer: NodeJS.Timeout | undefined;

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  async function loop(n: number): Promise<void> {
    const owner = `${options.instanceId}#${n}`;
    while (running) {
      let claimed = 0;
      try {
        // With several loops, the first claims live work only, so a backfill that fills the others with chunks
        // waiting on Intuit's limits never holds back what an admin just did in Exoserva.
        claimed = await options.engine.runOnce(owner, {
          stopping: stopRequested,
          liveOnly: n === 0 && concurrency > 1,
        });
      } catch (err) {
        options.logger.error('sync.worker_failed', { error: err });
        await nap(1000);
      }
      if (claimed === 0 && running) await nap(pollMs);
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      stopping = undefined;
      loops = Array.from({ length: concurrency }, (_, i) => loop(i));
      if (cdcPollMs > 0) {
        // Every instance looks often; the claim in the database lets one poll each company per window, so
        // the cadence is cdcPollMs whatever the number of instances (issue 24: N instances paid N times).
        const tick = () => {
          options.engine
            .pollCustomerChanges({ everyMs: cdcPollMs })
            .catch((err: unknown) => options.logger.error('sync.cdc_failed', { error: err }));
        };
        cdcTimer = setInterval(tick, Math.min(cdcPollMs, CDC_LOOK_MS));
        cdcTimer.unref();
      }
    },
    /** Work was queued in this process: don't wait for the next poll. */
    wake(): void {
      for (const s of [...sleepers]) s();
    },
    /**
     * Stops claiming and waits for the loops to hand back or finish what they hold: true when they did,
     * false when `graceMs` ran out first (their leases then expire like a crashed instance's). Calls while a
     * stop is under way share it, so a later `stop()` without a grace never outwaits the first one's.
     */
    stop(stopOptions: { graceMs?: number } = {}): Promise<boolean> {
      running = false;
      if (cdcTimer) clearInterval(cdcTimer);
      for (const s of [...sleepers]) s();
      stopping ??= (async () => {
        const settled = Promise.allSettled(loops).then(() => true);
        let timer: NodeJS.Timeout | undefined;
        const drained =
          stopOptions.graceMs === undefined
            ? await settled
            : await Promise.race([
                settled,
                new Promise<boolean>((resolve) => {
                  timer = setTimeout(() => resolve(false), stopOptions.graceMs);
                }),
              ]);
        clearTimeout(timer);
        if (!drained) options.logger.warn('sync.drain_timeout', { graceMs: stopOptions.graceMs });
        loops = [];
        return drained;
      })();
      return stopping;
    },
    get running() {
      return running;
    },
  };
}

export type SyncWorker = ReturnType<typeof createSyncWorker>;
