// Builds a draft and kills its own process (SIGKILL, no cleanup) at one moment of finishing the batch;
// run as a separate process by publish-order.test.ts.
//   after-publish:  when the ledger is next opened for appending once the CSV is in the output folder
//   before-publish: when the CSV's temporary file is about to be created
import { promises as fsp } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { buildBatch } from '../../../server/src/core/build/batch';

const [draft, outDir, ledgerPath, moment, now] = process.argv.slice(2);
const out = resolve(outDir);

async function csvPublished(): Promise<boolean> {
  return (await fsp.readdir(out).catch(() => [] as string[])).some((n) => /^\d{10}_\d{8}_\d{3,6}\.csv$/.test(n));
}

const open = fsp.open.bind(fsp);
fsp.open = (async (path: Parameters<typeof fsp.open>[0], flags?: string | number, mode?: number) => {
  const p = resolve(String(path));
  const kill =
    moment === 'after-publish'
      ? p === resolve(ledgerPath) && flags === 'a+' && (await csvPublished())
      : dirname(p) === out && flags === 'wx' && /\.csv\.partial-/.test(basename(p));
  if (kill) process.kill(process.pid, 'SIGKILL');
  return open(path, flags, mode);
}) as typeof fsp.open;

buildBatch(draft, { outDir: out, ledgerPath, date: '20261125', validation: { now: Number(now) } }).then(
  () => process.stdout.write('completed'),
  (e: unknown) => process.stdout.write(`failed: ${String(e)}`),
);
