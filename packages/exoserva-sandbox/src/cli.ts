// Runs the Exoserva sandbox on its own: `pnpm --filter @exoserva/exoserva-sandbox start`.
import { startExoservaSandbox } from './server.ts';

const port = Number(process.env.EXOSERVA_SANDBOX_PORT ?? 4020);
const sessionSecret = process.env.SESSION_HS256_SECRET ?? 'dev-only-session-secret-change-me-0123456789';
if (!process.env.SESSION_HS256_SECRET) {
  console.warn('SESSION_HS256_SECRET is not set: signing sessions with the dev-only default secret.');
}
const corsOrigins = process.env.CORS_ORIGINS?.split(',')
  .map((o) => o.trim())
  .filter(Boolean);

const running = await startExoservaSandbox({
  port,
  hostname: process.env.EXOSERVA_SANDBOX_HOST ?? '127.0.0.1',
  sessionSecret,
  ...(corsOrigins?.length ? { corsOrigins } : {}),
  ...(process.env.EXOSERVA_API_KEY ? { apiKey: process.env.EXOSERVA_API_KEY } : {}),
  ...(process.env.EXOSERVA_EVENTS_URL && process.env.EXOSERVA_EVENT_SECRET
    ? { events: { url: process.env.EXOSERVA_EVENTS_URL, secret: process.env.EXOSERVA_EVENT_SECRET } }
    : {}),
});
console.log(`Exoserva sandbox on ${running.url}  (POST /api/dev/session {"role":"owner"})`);

const stop = () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
