// Adds up what the suites of a CI run printed (mocha's "N passing / N failing", the extension
// suite's "N passed, N failed", the UI test's pass line) into one closing line.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^\s*(\d+) passing\b/gm)) passed += Number(m[1]);
  for (const m of text.matchAll(/^\s*(\d+) failing\b/gm)) failed += Number(m[1]);
  for (const m of text.matchAll(/: (\d+) passed, (\d+) failed$/gm)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  for (const _ of text.matchAll(/^UI test passed:/gm)) passed += 1;
}
console.log(`ci: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
