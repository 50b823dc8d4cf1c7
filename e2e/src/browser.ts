import { existsSync } from 'node:fs';

/** Flags that keep Chromium quiet, offline and working as root in a container (TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable'];

/**
 * The browser to drive: CHROMIUM_PATH if set (it must exist), else a system Chromium, else undefined, which
 * lets Playwright use its own downloaded browser (`playwright install chromium`) where that works.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist.`);
    return configured;
  }
  return SYSTEM_CHROMIUMS.find((path) => existsSync(path));
}
