/**
 * Worker thread entry of the check pool (check-pool.ts): checks one archive file at a time, as asked by
 * the parent, and posts progress and the outcome back. Bundled as dist/archive-check-worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { checkArchiveFile } from './check-archive';
import type { PoolReply, PoolRequest } from './check-protocol';

/** Progress is posted at most this often per archive (and for the first and last entry). */
const PROGRESS_MS = 20;

const port = parentPort;
if (port) {
  const post = (m: PoolReply) => port.postMessage(m);
  port.on('message', (m: PoolRequest) => {
    let last = 0;
    const onEntries = (done: number, total: number) => {
      const now = Date.now();
      if (done > 1 && done < total && now - last < PROGRESS_MS) return;
      last = now;
      post({ type: 'entries', id: m.id, done, total });
    };
    checkArchiveFile({ name: m.name, path: m.path, mode: m.mode, onEntries }).then(
      (outcome) => post({ type: 'done', id: m.id, outcome }),
      (e: unknown) => post({ type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined }),
    );
  });
  post({ type: 'ready' });
}
