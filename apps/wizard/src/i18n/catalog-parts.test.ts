import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enFirst } from './en/first.ts';
import { enLater } from './en/later.ts';
import { esFirst } from './es/first.ts';
import { esLater } from './es/later.ts';

/** Key prefixes whose words only later steps say: their strings live in en/later.ts and es/later.ts, fetched on demand (ADR 0011). */
const LATER_PREFIXES = [
  'auditDetail',
  'autoSync',
  'backfill',
  'direction',
  'mapping',
  'matching',
  'notifications',
  'reconciliation',
  'syncStatus',
  'testSync',
];
const isLater = (key: string) => LATER_PREFIXES.includes(key.split('.')[0]!);

/** Source the first step renders before the later part is fetched (the root's `MessagesReady part="first"`). */
const FIRST_STEP_SOURCES = [
  'app',
  'components',
  'features/access',
  'features/connection',
  'routes/__root.tsx',
  'routes/index.tsx',
  'routes/connect.tsx',
  'routes/activity.tsx',
];

/**
 * First-step sources that build later keys at run time and render them only once the later part is on the page
 * (`useCatalogPartReady('later')`), showing nothing or the recorded English until then.
 */
const WAITS_FOR_LATER_PART = ['features/connection/components/audit-detail.tsx'];

function sourceFiles(path: string): string[] {
  if (!statSync(path).isDirectory())
    return /\.tsx?$/.test(path) && !/\.(test|stories)\./.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) => sourceFiles(join(path, name)));
}

describe('the catalog’s two parts', () => {
  it('put every key in the part its prefix names, in both languages', () => {
    expect(Object.keys(enFirst).filter(isLater)).toEqual([]);
    expect(Object.keys(enLater).filter((key) => !isLater(key))).toEqual([]);
    expect(Object.keys(esFirst).sort()).toEqual(Object.keys(enFirst).sort());
    expect(Object.keys(esLater).sort()).toEqual(Object.keys(enLater).sort());
  });

  it('leave no key the first step says in the later part', () => {
    const src = join(import.meta.dirname, '..');
    const misplaced: string[] = [];
    const files = FIRST_STEP_SOURCES.flatMap((path) => sourceFiles(join(src, path))).filter(
      (file) => !WAITS_FOR_LATER_PART.includes(relative(src, file)),
    );
    for (const file of files) {
      for (const [, key] of readFileSync(file, 'utf8').matchAll(/['`]([a-zA-Z]+\.[a-zA-Z.]+)['`$]/g)) {
        if (key && isLater(key)) misplaced.push(`${relative(src, file)}: ${key}`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});
