import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bffDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BffProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** Names the process's queue leases: `<instanceId>#<loop>`. */
  instanceId: string;
  /** What the process printed (JSON log lines and plain ones; the last 50,000 or so). Needs LOG_LEVEL ≤ info. */
  output: string[];
  /** Resolves when the process has exited (and its output has been read). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Resident set size now, from /proc (Linux), in bytes; null elsewhere or once exited. */
  rssBytes(): number | null;
}

/**
 * Starts the BFF as deployments run it — `node --import tsx src/main.ts` (or the built `node dist/main.mjs`),
 * configured only by its environment
 * — and resolves once it listens. `env` is the whole environment (undefined values are left out), so a
 * DATABASE_URL the test runner exported never leaks into a run that means PGlite.
 */
export async function spawnBff(
  env: Record<string, string | undefined>,
  options: {
    startTimeoutMs?: number;
    nodeArgs?: string[];
    /** `src` (default): the TypeScript through tsx; `dist`: the bundle `pnpm --filter @exoserva/bff build` makes. */
    entry?: 'src' | 'dist';
  } = {},
): Promise<BffProcess> {
  const clean: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(options.entry === 'dist' ? ['dist/main.mjs'] : ['--import', 'tsx', 'src/main.ts']),
    ],
    { cwd: bffDir, env: clean, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    // 'close', not 'exit': exit can fire before the last stdout chunk has been read.
    child.once('close', (code, signal) => r({ code, signal })),
  );
  let listeners: (() => void)[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      output.push(...lines);
      // A load test logs a line per request: keep the most recent ones only.
      if (output.length > 60_000) output.splice(0, output.length - 50_000);
      for (const l of listeners) l();
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  const started = await new Promise<{ port: number; instanceId: string }>((resolveStart, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`BFF did not start in time:\n${output.slice(-20).join('\n')}`)),
      options.startTimeoutMs ?? 60_000,
    );
    const check = () => {
      for (const line of output) {
        if (!line.includes('"bff.started"')) continue;
        const parsed = JSON.parse(line) as { port: number; instanceId: string };
        clearTimeout(timer);
        listeners = [];
        resolveStart(parsed);
        return;
      }
    };
    listeners.push(check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`BFF exited (${code ?? signal}) before listening:\n${output.slice(-20).join('\n')}`));
    });
  });

  let gone = false;
  void exited.then(() => (gone = true));
  return {
    url: `http://127.0.0.1:${started.port}`,
    pid: child.pid as number,
    instanceId: started.instanceId,
    output,
    exited,
    kill: (signal) => void child.kill(signal),
    rssBytes() {
      if (gone) return null;
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
        return kb ? Number(kb[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
  };
}

/** The BFF's log lines with this event name, parsed. */
export function logEvents(p: BffProcess, event: string): Record<string, unknown>[] {
  return p.output
    .filter((l) => l.includes(`"${event}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.event === event);
}
