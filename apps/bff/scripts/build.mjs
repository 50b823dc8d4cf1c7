// Bundles the BFF for deployment: `node apps/bff/dist/main.mjs`. Running the TypeScript through tsx costs
// ~75 MB of resident memory (its loader thread and transform caches); the bundle runs on plain Node.
// npm dependencies stay external (installed beside it); the workspace packages (TypeScript sources) are
// bundled in. dist/ sits at the same depth as src/, so the paths config.ts and the migrator derive from
// import.meta.url still hold; the migrations are copied next to the bundle.
import { cp, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@exoserva/'));

await rm(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src/main.ts')],
  outfile: join(root, 'dist/main.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
});
await cp(join(root, 'src/db/migrations'), join(root, 'dist/migrations'), { recursive: true });
console.log('apps/bff/dist/main.mjs built');
