/** The state file: everything needed to come back after a restart with the same companies and grants. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppRegistration } from '../oauth/apps.ts';
import type { GrantStoreSnapshot } from '../oauth/grant-store.ts';
import type { SigningKeyMaterial } from '../oauth/signing-key.ts';

export interface PersistedState {
  version: 1;
  savedAt: string;
  apps: AppRegistration[];
  companies: Array<{ snapshot: unknown; throttling: boolean }>;
  grants: GrantStoreSnapshot;
  signingKey: SigningKeyMaterial;
}

export function loadState(file: string): PersistedState | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
  if (parsed?.version !== 1) throw new Error(`${file} is not a qbo-sandbox state file (version 1)`);
  return parsed;
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a file. */
export function saveState(file: string, state: PersistedState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
