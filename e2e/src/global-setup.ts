import { startStack } from '@exoserva/dev-stack';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactsDir, stackInfoFile, type StackInfo } from './stack-info.ts';

/**
 * Starts the whole product from scratch (fresh PGlite folder, free ports) once for the run, and returns
 * the teardown. Pointing E2E_HOST_URL at an already running stack is not supported yet: every test
 * assumes a clean database.
 */
export default async function globalSetup() {
  const dir = await mkdtemp(join(tmpdir(), 'exoserva-e2e-'));
  const started = Date.now();
  const stack = await startStack({
    ports: { host: 0, wizard: 0, bff: 0, qboSandbox: 0, exoservaSandbox: 0 },
    dataDir: join(dir, 'pglite'),
    // The suite must not trip the sandbox's rate limits; throttling has its own tests.
    throttling: false,
    logLevel: process.env.E2E_LOG_LEVEL ?? 'error',
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  const info: StackInfo = { hostUrl: stack.hostUrl, urls: stack.urls };
  process.env.E2E_STACK = JSON.stringify(info);
  await mkdir(artifactsDir, { recursive: true });
  await writeFile(stackInfoFile, JSON.stringify(info, null, 2));
  console.log(`[e2e] stack up in ${Date.now() - started} ms: host ${stack.hostUrl}, BFF ${stack.urls.bff}`);

  return async () => {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(stackInfoFile, { force: true });
  };
}
