// Runs the BFF from process.env; SIGINT/SIGTERM close it gracefully.
import { ConfigError } from './config.ts';
import { DRAIN_GRACE_MS, startBff } from './server.ts';

try {
  const running = await startBff(process.env);
  console.log(`BFF listening on ${running.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing the BFF`);
    // The drain is bounded (DRAIN_GRACE_MS); this only catches a close that hangs (e.g. an unreachable
    // database), so the orchestrator sees a failed stop instead of waiting for its own SIGKILL.
    setTimeout(() => {
      console.error(`${signal}: the BFF did not close in time`);
      process.exit(1);
    }, DRAIN_GRACE_MS + 8_000).unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
}
