import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';

describe('loadOrCreateDevSecrets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dev-stack-secrets-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('generates secrets once, keeps them private, and returns the same ones on the next start', async () => {
    const file = join(dir, 'nested', 'dev-secrets.json');
    const first = await loadOrCreateDevSecrets(file);
    expect(first.tokenEncryptionKeys).toMatch(/^dev1:[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(first.tokenEncryptionKeys.split(':')[1]!, 'base64')).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain('DEV ONLY');
    expect(await loadOrCreateDevSecrets(file)).toEqual(first);
  });

  it('refuses a damaged secrets file instead of silently replacing the keys', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify({ sessionSecret: 'short', tokenEncryptionKeys: 'nope' }));
    await expect(loadOrCreateDevSecrets(file)).rejects.toThrow(/delete it/);
  });
});
