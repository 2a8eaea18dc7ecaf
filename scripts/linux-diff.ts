/**
 * Shows how the lab's output differs from real Linux for the comparison cases in
 * src/engine/testing/linux: `npx tsx scripts/linux-diff.ts [NAME ...]` (default: every case).
 * Prints a unified diff per differing case and a summary line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFile } from '../src/engine/api/run-file';
import { normalize } from '../src/engine/testing/linux/normalize';

const dir = join(import.meta.dirname, '../src/engine/testing/linux');
const names =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(join(dir, 'cases'))
        .filter((f) => f.endsWith('.sh'))
        .map((f) => f.slice(0, -3))
        .sort();
const tmp = mkdtempSync(join(tmpdir(), 'cnlab-diff-'));
const same: string[] = [];
for (const name of names) {
  const casePath = join(dir, 'cases', `${name}.sh`);
  let out = '';
  runFile(casePath, readFileSync(casePath, 'utf8'), (_s, d) => {
    out += d;
  });
  const lab = join(tmp, `${name}.lab.txt`);
  writeFileSync(lab, normalize(out, { casePath }));
  try {
    execFileSync('diff', ['-u', join(dir, 'expected', `${name}.txt`), lab], { encoding: 'utf8' });
    same.push(name);
  } catch (e) {
    process.stdout.write(`=== ${name}\n${(e as { stdout: string }).stdout}\n`);
  }
}
console.log(`${same.length}/${names.length} cases match real Linux: ${same.join(' ')}`);
