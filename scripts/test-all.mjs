// The one test command (README: `pnpm test`): lint, format, types, front-end builds,
// unit/integration/component, e2e, then the wizard's first-step byte budget.
// Each step runs even if an earlier one failed, so one run shows every problem; the exit code is non-zero
// if any step failed.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', ['pnpm', 'run', 'lint']],
  ['format', ['pnpm', 'run', 'format:check']],
  ['typecheck', ['pnpm', 'run', 'typecheck']],
  // The dev-stack tests serve the built host and wizard, so build them before the unit tests run.
  ['build front ends', ['pnpm', '--filter', '@exoserva/wizard', '--filter', '@exoserva/host', 'build']],
  ['unit, integration and component tests', ['pnpm', 'run', 'test:unit']],
  ['end-to-end tests', ['pnpm', 'run', 'test:e2e']],
  // Issue 9's budget as a gate: bytes only (deterministic for a build); its timings are printed, never asserted.
  ['wizard first-step budget (80 KB gzip)', ['node', 'bench/wizard-bundle.mjs', '--runs', '1']],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, [cmd, ...args]] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  results.push({ name, ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  (${r.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed ? 1 : 0);
