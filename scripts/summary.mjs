// Prints the one closing line CI reads: `tests: N passed, N failed, N skipped`.
// Unit and browser test counts come from the JSON reports; each failed check adds one failure.
import { readFileSync } from 'node:fs';

const read = (f) => {
  try {
    return JSON.parse(readFileSync(f, 'utf8'));
  } catch {
    return null;
  }
};
const checkFailures = Number(process.argv[2] ?? 0);
const unit = read('reports/unit.json');
const e2e = read('reports/e2e.json');
let passed = 0;
let failed = checkFailures;
let skipped = 0;
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
} else failed += 1;
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
} else failed += 1;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0) process.exitCode = 1;
