/**
 * The sync core does no I/O (STYLE). Its non-test sources may import only the contracts package, zod,
 * node:crypto (hashing) and each other. This test reads the files, so it may use node:fs itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const ALLOWED = [/^@exoserva\/contracts$/, /^zod$/, /^node:crypto$/, /^\.\.?\//];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('what the sync core may import', () => {
  it('imports only contracts, zod, node:crypto and its own files', () => {
    const offenders: string[] = [];
    expect(sources(here).length).toBeGreaterThan(10);
    for (const file of sources(here)) {
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (!ALLOWED.some((pattern) => pattern.test(specifier!))) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never reads the real clock or randomness in its sources', () => {
    const offenders = sources(here).filter((file) =>
      /Date\.now\(|new Date\(\)|Math\.random\(/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
