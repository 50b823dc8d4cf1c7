// `pnpm start`: the whole product on fixed local ports. Ports come from the environment; a port already in
// use stops the start with the exact command to pick another.
import { isPortFree } from './ports.ts';
import { BUILD_COMMAND } from './paths.ts';
import { DEFAULT_PORTS, MissingBuildError, SANDBOX_LOGIN, startStack, type ServiceName } from './stack.ts';

const PORT_ENV: Record<ServiceName, string> = {
  host: 'HOST_PORT',
  wizard: 'WIZARD_PORT',
  bff: 'BFF_PORT',
  qboSandbox: 'QBO_SANDBOX_PORT',
  exoservaSandbox: 'EXOSERVA_SANDBOX_PORT',
};

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readPorts(): Record<ServiceName, number> {
  const ports = { ...DEFAULT_PORTS };
  for (const name of Object.keys(PORT_ENV) as ServiceName[]) {
    const raw = process.env[PORT_ENV[name]];
    if (raw === undefined || raw === '') continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      fail(`${PORT_ENV[name]}=${raw} is not a port number (1–65535).`);
    }
    ports[name] = port;
  }
  const seen = new Map<number, ServiceName>();
  for (const name of Object.keys(ports) as ServiceName[]) {
    const other = seen.get(ports[name]);
    if (other)
      fail(
        `${PORT_ENV[other]} and ${PORT_ENV[name]} are both ${ports[name]}; give each service its own port.`,
      );
    seen.set(ports[name], name);
  }
  return ports;
}

const ports = readPorts();
const used = new Set(Object.values(ports));
for (const name of Object.keys(ports) as ServiceName[]) {
  if (await isPortFree(ports[name])) continue;
  let suggestion = ports[name] + 1;
  while (used.has(suggestion) || !(await isPortFree(suggestion))) suggestion += 1;
  fail(
    `Port ${ports[name]} is already in use. Set ${PORT_ENV[name]} to another port, e.g. ${PORT_ENV[name]}=${suggestion} pnpm start`,
  );
}

let stack: Awaited<ReturnType<typeof startStack>>;
try {
  stack = await startStack({
    ports,
    ...(process.env.PGLITE_DATA_DIR ? { dataDir: process.env.PGLITE_DATA_DIR } : {}),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    ...(process.env.QBO_SANDBOX_THROTTLING
      ? { throttling: process.env.QBO_SANDBOX_THROTTLING !== 'false' }
      : {}),
    logLevel: process.env.LOG_LEVEL ?? 'info',
  });
} catch (err) {
  if (err instanceof MissingBuildError) {
    fail(
      `Cannot start: ${err.missing.join(' and ')} not found.\nBuild them with: ${BUILD_COMMAND}\n(or just run: pnpm start, which builds first)`,
    );
  }
  console.error('Cannot start the dev stack:', err);
  process.exit(1);
}

// Handlers go in before the "Ctrl+C" line is printed: a signal that arrives before a listener exists
// takes Node's default action and kills the process without closing PGlite.
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  // A hung close must not leave the terminal waiting for ever.
  const timer = setTimeout(() => {
    console.error('Some services did not stop within 10 s; exiting anyway.');
    process.exit(1);
  }, 10_000);
  timer.unref();
  stack.stop().then(
    () => {
      console.log('Stopped.');
      process.exit(0);
    },
    (err: unknown) => {
      console.error('Stopped with errors:', err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

const rows: Array<[string, string]> = [
  ['Exoserva host', stack.urls.host],
  ['QuickBooks wizard (remote)', `${stack.urls.wizard}/remoteEntry.js`],
  ['BFF', stack.urls.bff],
  ['QBO sandbox (Intuit stand-in)', stack.urls.qboSandbox],
  ['Exoserva sandbox', stack.urls.exoservaSandbox],
  ['QBO sandbox login', `${SANDBOX_LOGIN.email} / ${SANDBOX_LOGIN.password}`],
  ['Data', process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : stack.dataDir],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log('');
console.log(`Open ${stack.hostUrl}/settings/integrations`);
console.log('');
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
console.log('\nCtrl+C stops everything.');
