/** Worker thread entry (dist/open-worker.js): validates the chunks of rows it can claim, from the first up, and answers each packed. */
import { parentPort } from 'node:worker_threads';
import { RowClaims } from './claims';
import { packClaimed, ParsedRows, transferables } from './packedRows';
import type { OpenReply, OpenRequest } from './protocol';

parentPort?.on('message', (req: OpenRequest) => {
  const post = (reply: OpenReply, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(reply, transfer);
  try {
    const parsed = new ParsedRows(req.text, req.start);
    const claims = new RowClaims(req.rows, req.chunkRows, req.claims);
    for (let c = 0; ; c++) {
      const rows = packClaimed(parsed, claims, c, req.options);
      if (!rows) break;
      post({ id: req.id, chunk: c, rows }, transferables(rows));
    }
    post({ id: req.id, done: true });
  } catch (e) {
    post({ id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
});
