import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
const WORKER = 'mockServiceWorker.js';

/** Serves (dev) and emits (build) MSW's worker script from the installed msw, so no copy lives in the repo. */
function mswWorker(): Plugin {
  const source = () => readFileSync(require.resolve(`msw/${WORKER}`), 'utf8');
  return {
    name: 'exq-msw-worker',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `/${WORKER}`) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: WORKER, source: source() });
    },
  };
}

export default defineConfig({
  plugins: [
    tanstackRouter({
      target: 'react',
      routesDirectory: 'src/routes',
      generatedRouteTree: 'src/routeTree.gen.ts',
    }),
    react(),
    mswWorker(),
  ],
});
