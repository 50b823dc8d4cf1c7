import { readFile } from 'node:fs/promises';
import { federation } from '@module-federation/vite';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { wizardFederation } from './federation.config.ts';
import { hostRuntimeCore } from './host-runtime-core.ts';

const ZOD_MINI_TAG = '?exq-zod-mini';

/**
 * Gives `zod/mini` (the first step's schemas, src/lib/first-step-contract.ts) its own copy of zod's core modules.
 * Classic zod (the contracts' schemas, used by later steps) needs nearly every schema class of the core; sharing
 * the core with it would put all of them in the first step, because a module is tree-shaken once per build, not
 * once per chunk. With a private copy the first step carries only the classes its schemas use (ADR 0011: ≈15.6 →
 * ≈9 KB gzip). Schemas of either copy work with either `safeParse`: zod dispatches through each schema's own
 * `_zod.run`, and its `instanceof` checks compare traits, not classes.
 */
function privateZodMiniCore(): Plugin {
  return {
    name: 'exq:private-zod-mini-core',
    enforce: 'pre',
    apply: 'build',
    async resolveId(source, importer, options) {
      const fromCopy = importer?.endsWith(ZOD_MINI_TAG) ?? false;
      if (source !== 'zod/mini' && !(fromCopy && source.startsWith('.'))) return null;
      const resolved = await this.resolve(
        source,
        importer?.slice(0, fromCopy ? -ZOD_MINI_TAG.length : undefined),
        {
          ...options,
          skipSelf: true,
        },
      );
      return resolved && !resolved.external ? { ...resolved, id: `${resolved.id}${ZOD_MINI_TAG}` } : resolved;
    },
    load(id) {
      return id.endsWith(ZOD_MINI_TAG) ? readFile(id.slice(0, -ZOD_MINI_TAG.length), 'utf8') : null;
    },
  };
}

// The wizard is a Module Federation remote. `base: './'` plus `getPublicPath` make every chunk resolve against
// the URL remoteEntry.js was loaded from, so the same dist works from any origin the host points at.
export default defineConfig({
  base: './',
  plugins: [
    privateZodMiniCore(),
    // Before federation(): every import of the runtime core goes through the host's copy when it has one.
    hostRuntimeCore(),
    tanstackRouter({
      target: 'react',
      routesDirectory: 'src/routes',
      generatedRouteTree: 'src/routeTree.gen.ts',
      // Each step's component is its own chunk, fetched when the step is visited (or hovered: preload 'intent').
      autoCodeSplitting: true,
      codeSplittingOptions: {
        // Later steps' loaders go into their step's chunk with the component, so their API modules and contract
        // schemas never reach the first step. The root and the first step keep their loaders in the main chunk:
        // those start the first step's requests without waiting for a chunk.
        splitBehavior: ({ routeId }) =>
          routeId === '__root__' || routeId === '/connect'
            ? undefined
            : [['loader', 'component'], ['errorComponent'], ['notFoundComponent']],
      },
    }),
    react(),
    federation({
      ...wizardFederation,
      // The wizard only ever is a remote: the federation runtime it carries needs neither remote loading nor
      // manifests/snapshots (≈6 KB gzip off remoteEntry's runtime). Hosts are unaffected: they use their own.
      disableRemote: true,
      disableSnapshot: true,
      target: 'web',
    }),
  ],
  // A stale dependency cache makes a restarted MF dev server render nothing ("jsx is not a function").
  optimizeDeps: { force: true },
  server: { port: 5174, strictPort: true, cors: true, origin: 'http://localhost:5174' },
  preview: { port: 5174, strictPort: true, cors: true },
  build: {
    target: 'esnext',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Fetched only when the host publishes no runtime core (host-runtime-core.ts); named so it is recognisable.
            {
              name: 'federation-runtime-core',
              test: /node_modules[\\/]@module-federation[\\/]runtime-core[\\/]/,
            },
            {
              name: 'first-step',
              test: (id: string) =>
                /node_modules[\\/](@tanstack|use-sync-external-store)[\\/]/.test(id) ||
                id.endsWith(ZOD_MINI_TAG) ||
                /apps[\\/]wizard[\\/]src[\\/](app[\\/]|lib[\\/]|i18n[\\/]messages\.tsx|routeTree\.gen\.ts)/.test(
                  id,
                ),
            },
          ],
        },
      },
    },
  },
});
