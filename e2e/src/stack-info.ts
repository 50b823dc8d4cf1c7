import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StackInfo {
  hostUrl: string;
  urls: { host: string; wizard: string; bff: string; qboSandbox: string; exoservaSandbox: string };
}

export const artifactsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
export const stackInfoFile = join(artifactsDir, 'stack.json');
export const screenshotsDir = join(artifactsDir, 'screenshots');

/**
 * The URLs of the stack the global setup started. Workers inherit E2E_STACK from the runner; the file is
 * the fallback for tools that start workers another way.
 */
export function stackInfo(): StackInfo {
  const raw = process.env.E2E_STACK ?? readFileSync(stackInfoFile, 'utf8');
  return JSON.parse(raw) as StackInfo;
}
