// `npm run bench`: runs every test/bench/*.bench.mjs in sequence, each in its own Node process
// (TypeScript sources importable through tsx), and fails when one of them fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const bench of benches) {
  console.log(`\n### ${bench}\n`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, bench)], { stdio: 'inherit', cwd: join(here, '..', '..') });
  if (res.status !== 0) {
    failed++;
    console.error(`${bench} failed (exit ${res.status ?? res.signal})`);
  }
}
process.exit(failed ? 1 : 0);
