import { federation } from '@module-federation/vite';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { wizardFederation } from './federation.config.ts';

// The wizard is a Module Federation remote. `base: './'` plus `getPublicPath` make every chunk resolve against
// the URL remoteEntry.js was loaded from, so the same dist works from any origin the host points at.
export default defineConfig({
  base: './',
  plugins: [
    tanstackRouter({
      target: 'react',
      routesDirectory: 'src/routes',
      generatedRouteTree: 'src/routeTree.gen.ts',
      // Each step's component is its own chunk, fetched when the step is visited (or hovered: preload 'intent').
      autoCodeSplitting: true,
    }),
    react(),
    federation(wizardFederation),
  ],
  // A stale dependency cache makes a restarted MF dev server render nothing ("jsx is not a function").
  optimizeDeps: { force: true },
  server: { port: 5174, strictPort: true, cors: true, origin: 'http://localhost:5174' },
  preview: { port: 5174, strictPort: true, cors: true },
  build: { target: 'esnext', sourcemap: true },
});
