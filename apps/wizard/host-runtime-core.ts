import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const RUNTIME_CORE = '@module-federation/runtime-core';
const VIRTUAL_ID = '\0exq:host-runtime-core';

/**
 * The ESM entry of the runtime-core this build's federation runtime was made for (wizard → @module-federation/vite
 * → @module-federation/runtime → runtime-core; pnpm keeps each one private to the package that depends on it).
 */
function realRuntimeCoreEntry(): string {
  const fromWizard = createRequire(import.meta.url);
  const fromRuntime = createRequire(
    createRequire(fromWizard.resolve('@module-federation/vite')).resolve('@module-federation/runtime'),
  );
  let dir = dirname(fromRuntime.resolve(RUNTIME_CORE));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: { '.': { import: { default: string } } };
  };
  return join(dir, pkg.exports['.'].import.default);
}

/**
 * Uses the host's Module Federation runtime core when the host publishes it, and fetches the wizard's own copy
 * only when it does not (ADR 0011, "Update 2"; mount contract 1.1).
 *
 * Every Module Federation host already carries runtime-core — it is what loads the remote — so a remote that
 * bundles a second copy makes the page download it twice (≈ 12.6 KB gzip here). A host that sets
 * `globalThis._FEDERATION_RUNTIME_CORE` to its `@module-federation/runtime/core` (two lines, see the README)
 * spares that; a host that does not is served exactly as before, by one more chunk fetched while remoteEntry.js
 * evaluates. Unlike the plugin's `experiments.externalRuntime` (which throws when the host publishes nothing),
 * this keeps every existing host working, so it is a minor contract change.
 *
 * How: every import of `@module-federation/runtime-core` in the build resolves to one module that awaits (top-level
 * await) either the host's copy or `import()` of the real package, then re-exports its bindings. Build only: the
 * dev server keeps the bundled runtime.
 */
export function hostRuntimeCore(): Plugin {
  let entry = '';
  let exportNames: string[] = [];
  return {
    name: 'exq:host-runtime-core',
    enforce: 'pre',
    apply: 'build',
    async buildStart() {
      entry = realRuntimeCoreEntry();
      exportNames = Object.keys((await import(entry)) as object).filter((k) => k !== 'default');
      if (exportNames.length === 0) this.error(`no exports found in ${entry}`);
    },
    resolveId(source) {
      return source === RUNTIME_CORE || source === `${RUNTIME_CORE}/` ? VIRTUAL_ID : null;
    },
    load(id) {
      if (id !== VIRTUAL_ID) return null;
      return [
        // The host's copy if it published one (a version of the same major: the MF plugins' convention), else ours,
        // kept private: the wizard publishes nothing on the host's global.
        `const core = globalThis._FEDERATION_RUNTIME_CORE ?? (await import(${JSON.stringify(entry)}));`,
        ...exportNames.map((name) => `export const ${name} = core.${name};`),
        '',
      ].join('\n');
    },
  };
}
