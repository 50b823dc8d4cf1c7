import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root, found from this file (packages/dev-stack/src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const defaultPaths = {
  dataDir: join(repoRoot, '.data', 'pglite'),
  wizardDist: join(repoRoot, 'apps', 'wizard', 'dist'),
  hostDist: join(repoRoot, 'apps', 'host', 'dist'),
};

export const BUILD_COMMAND = 'pnpm --filter @exoserva/wizard --filter @exoserva/host build';

/** Which of the built front-ends are missing, as human sentences; empty when both are there. */
export function missingBuilds(paths: { wizardDist: string; hostDist: string }): string[] {
  const missing: string[] = [];
  if (!existsSync(join(paths.wizardDist, 'remoteEntry.js'))) {
    missing.push(`the wizard build (${join(paths.wizardDist, 'remoteEntry.js')})`);
  }
  if (!existsSync(join(paths.hostDist, 'index.html'))) {
    missing.push(`the host build (${join(paths.hostDist, 'index.html')})`);
  }
  return missing;
}
