// `npm start`: checks the sample batch and shows its findings. The sample has broken rows on
// purpose, so the check exits 1; this script then ends with 0 so npm does not report a failure.
// A usage or I/O failure (exit 2) still fails.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const args = ['check', '--now', '2026-11-25T18:00', ...process.argv.slice(2), join('samples', 'batch')];
const { status, error } = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
if (error) {
  console.error(error.message);
  process.exit(2);
}
if (status === 1) console.log('\n(The sample has broken rows on purpose: see samples/README.md. 範例檔刻意含錯誤列，說明見 samples/README.md。)');
process.exit(status === 0 || status === 1 ? 0 : status ?? 2);
