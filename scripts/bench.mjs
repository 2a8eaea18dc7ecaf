/**
 * `npm run bench`: bundles bench/run.ts (or the bench file given first, e.g. bench/profile.ts)
 * with Vite's production bundler, as the engine ships to the browser's worker — one module, no
 * on-the-fly TypeScript loader between its functions — then runs the bundle with
 * `node --expose-gc`, passing the remaining arguments on. Packages stay external.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { build } from 'vite';

const [entry = 'bench/run.ts', ...args] = process.argv.slice(2);
const outDir = 'node_modules/.cache/cnlab-bench-node';
const name = `${basename(entry, '.ts')}.mjs`;
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: entry,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: { output: { entryFileNames: name } },
  },
});
const r = spawnSync(process.execPath, ['--expose-gc', `${outDir}/${name}`, ...args], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
