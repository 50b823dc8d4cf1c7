import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPaths, missingBuilds } from './paths.ts';
import { findFreePort } from './ports.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

interface CliRun {
  code: number | null;
  output: string;
}

/**
 * Runs `node --import tsx src/cli.ts` (what the start script runs) in its own process group; `untilOutput`
 * then Ctrl+C's the group like a terminal.
 */
function runCli(env: Record<string, string>, untilOutput?: RegExp): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts'], {
      cwd: packageDir,
      // CI exports DATABASE_URL for the storage tests; this run stays on its own PGlite folder.
      env: { ...process.env, DATABASE_URL: '', PGLITE_DATA_DIR: '', LOG_LEVEL: 'error', ...env },
      detached: true,
    });
    let output = '';
    let interrupted = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (untilOutput && !interrupted && untilOutput.test(output)) {
        interrupted = true;
        process.kill(-(child.pid as number), 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    // 'close', not 'exit': exit can fire before the child's last stdout chunk has been read.
    child.once('close', (code) => resolve({ code, output }));
  });
}

async function freePorts() {
  return {
    HOST_PORT: String(await findFreePort()),
    WIZARD_PORT: String(await findFreePort()),
    BFF_PORT: String(await findFreePort()),
    QBO_SANDBOX_PORT: String(await findFreePort()),
    EXOSERVA_SANDBOX_PORT: String(await findFreePort()),
  };
}

describe('pnpm start (cli.ts)', () => {
  let busy: Server;
  let busyPort: number;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dev-stack-cli-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('names the variable to change when a port is already in use, and exits 1', async () => {
    const run = await runCli({ ...(await freePorts()), BFF_PORT: String(busyPort) });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `Port ${busyPort} is already in use. Set BFF_PORT to another port, e.g. BFF_PORT=${busyPort + 1} pnpm start`,
    );
  });

  it('refuses a port that is not a number', async () => {
    const run = await runCli({ ...(await freePorts()), HOST_PORT: 'abc' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('HOST_PORT=abc is not a port number');
  });

  const missing = missingBuilds(defaultPaths);
  it.skipIf(missing.length > 0)(
    'prints the one URL to open, then stops everything on Ctrl+C and exits 0',
    async () => {
      const ports = await freePorts();
      const run = await runCli(
        { ...ports, PGLITE_DATA_DIR: join(dir, 'pglite') },
        /Ctrl\+C stops everything/,
      );
      expect(run.output).toContain(`Open http://localhost:${ports.HOST_PORT}/settings/integrations`);
      expect(run.output).toContain('admin@sandbox.test / sandbox');
      expect(run.output).toContain('Stopped.');
      // The process has exited, so nothing of it listens any more; stack.test.ts checks the ports themselves.
      expect(run.code).toBe(0);
    },
  );
  if (missing.length > 0)
    console.warn(`[dev-stack] skipping the Ctrl+C test: missing ${missing.join(' and ')}.`);
});
