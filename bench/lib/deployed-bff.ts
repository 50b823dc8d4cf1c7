import { readFileSync } from 'node:fs';

export interface DeployedRuntime {
  /** Environment the process starts with (e.g. MALLOC_ARENA_MAX). */
  env: Record<string, string>;
  /** Flags for `node` before the entry (e.g. the young generation's size). */
  nodeArgs: string[];
  /** The command line, for a benchmark's report. */
  commandLine: string;
}

/**
 * How deployments run the BFF bundle: `apps/bff`'s `start:dist` script (README, Deployment) — its environment
 * assignments and node flags, read from the script so no benchmark can drift from it. For a trial,
 * BFF_NODE_ARGS replaces the flags (e.g. `--max-semi-space-size=4 --cpu-prof --cpu-prof-dir=/tmp/prof`) and
 * MALLOC_ARENA_MAX replaces that setting (empty: unset).
 */
export function deployedRuntime(): DeployedRuntime {
  const pkg = JSON.parse(readFileSync(new URL('../../apps/bff/package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (pkg.scripts['start:dist'] ?? '').split(/\s+/).filter(Boolean);
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split('=') as [string, string]));
  if (process.env.MALLOC_ARENA_MAX !== undefined) env.MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX;
  if (env.MALLOC_ARENA_MAX === '') delete env.MALLOC_ARENA_MAX;
  const nodeArgs =
    process.env.BFF_NODE_ARGS !== undefined
      ? process.env.BFF_NODE_ARGS.split(' ').filter(Boolean)
      : words.slice(node + 1).filter((w) => w.startsWith('--'));
  const commandLine = [
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    'node',
    ...nodeArgs,
    'dist/main.mjs',
  ].join(' ');
  return { env, nodeArgs, commandLine };
}
