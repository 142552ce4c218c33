/**
 * Worker thread entry of the check pool (check-pool.ts): checks one archive file at a time, as asked by
 * the parent, and posts progress and the outcome back. Bundled as dist/archive-check-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkArchiveFile, entryProgress } from './check-archive';
import type { PoolReply, PoolRequest, PoolWorkerData } from './check-protocol';
import { joinWindowBudget, releaseWindow } from './window-budget';

const port = parentPort;
if (port) {
  const { windowBudget, slot } = workerData as PoolWorkerData;
  joinWindowBudget(windowBudget, slot);
  const post = (m: PoolReply) => port.postMessage(m);
  port.on('message', (m: PoolRequest) => {
    const onEntries = entryProgress((done, total) => post({ type: 'entries', id: m.id, done, total }));
    checkArchiveFile({ name: m.name, path: m.path, mode: m.mode, onEntries })
      .finally(releaseWindow)
      .then(
        (outcome) => post({ type: 'done', id: m.id, outcome }),
        (e: unknown) => post({ type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined }),
      );
  });
  post({ type: 'ready' });
}
