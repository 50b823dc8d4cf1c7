/**
 * `pnpm qbo-sandbox`: the sandbox on its own, for development against the real clients.
 * QBO_SANDBOX_PORT (default 4010), QBO_SANDBOX_STATE_FILE, QBO_SANDBOX_THROTTLING=off,
 * QBO_SANDBOX_WEBHOOK_URL (the default app's webhook endpoint).
 */
import { DEFAULT_APP } from './oauth/apps.ts';
import { SANDBOX_USERS } from './oauth/users.ts';
import { startQboSandbox } from './server.ts';

const port = Number(process.env.QBO_SANDBOX_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`QBO_SANDBOX_PORT must be a port number, got "${process.env.QBO_SANDBOX_PORT}"`);
  process.exit(1);
}
const webhookUrl = process.env.QBO_SANDBOX_WEBHOOK_URL;

try {
  const running = await startQboSandbox({
    port,
    hostname: process.env.QBO_SANDBOX_HOST ?? '127.0.0.1',
    throttling: process.env.QBO_SANDBOX_THROTTLING !== 'off',
    ...(process.env.QBO_SANDBOX_STATE_FILE ? { stateFile: process.env.QBO_SANDBOX_STATE_FILE } : {}),
    ...(webhookUrl ? { apps: [{ ...DEFAULT_APP, webhookUrl }] } : {}),
  });
  const app = running.sandbox.apps.get(DEFAULT_APP.clientId) ?? DEFAULT_APP;
  console.log(`qbo-sandbox listening on ${running.url}`);
  console.log(`  authorize   ${running.url}/connect/oauth2`);
  console.log(`  token       ${running.url}/oauth2/v1/tokens/bearer`);
  console.log(`  accounting  ${running.url}/v3/company/`);
  console.log(`  control     ${running.url}/_sandbox`);
  console.log(`  app         clientId=${app.clientId} clientSecret=${app.clientSecret}`);
  console.log(`              redirectUris=${app.redirectUris.join(', ')}`);
  for (const user of SANDBOX_USERS) {
    console.log(
      `  login       ${user.email} / ${user.password}${user.companyAdmin ? ' (company admin)' : ' (not an admin)'}`,
    );
  }
  for (const company of running.sandbox.companies.summaries()) {
    console.log(`  company     ${company.realmId}  ${company.companyName}`);
  }
  if (process.env.QBO_SANDBOX_THROTTLING === 'off') console.log('  throttling  off');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing qbo-sandbox`);
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `Port ${port} is already in use. Stop whatever is using it or set QBO_SANDBOX_PORT to another port.`,
    );
    process.exit(1);
  }
  throw e;
}
