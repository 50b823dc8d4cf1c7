import { defineConfig, loadEnv, type Plugin } from 'vite';

/**
 * Serves /runtime-config.json in `vite dev` and `vite preview`, like apps/host: the wizard's remoteEntry URL, the
 * BFF and the Exoserva API are deploy-time settings, never built in.
 *   WIZARD_REMOTE_ENTRY  default http://localhost:5174/remoteEntry.js
 *   BFF_URL              default http://localhost:8787
 *   EXOSERVA_API_URL     default http://localhost:8790
 */
function runtimeConfig(env: Record<string, string>): Plugin {
  const body = JSON.stringify({
    wizardRemoteEntry: env.WIZARD_REMOTE_ENTRY || 'http://localhost:5174/remoteEntry.js',
    bffUrl: env.BFF_URL || 'http://localhost:8787',
    exoservaApiUrl: env.EXOSERVA_API_URL || 'http://localhost:8790',
  });
  const serve = (
    req: { url?: string },
    res: { setHeader(k: string, v: string): void; end(b: string): void },
    next: () => void,
  ) => {
    if (req.url?.split('?')[0] !== '/runtime-config.json') return next();
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  };
  return {
    name: 'exoserva-runtime-config',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

export default defineConfig(({ mode }) => {
  const env = { ...loadEnv(mode, process.cwd(), ''), ...process.env } as Record<string, string>;
  return {
    plugins: [runtimeConfig(env)],
    server: { port: 5175, strictPort: true },
    preview: { port: 5175, strictPort: true },
    build: { target: 'esnext', sourcemap: true },
  };
});
