/** Worker thread entry (dist/open-worker.js): validates the rows it is sent and answers them packed. */
import { parentPort } from 'node:worker_threads';
import { packRows, transferables } from './packedRows';
import type { OpenReply, OpenRequest } from './protocol';

parentPort?.on('message', (req: OpenRequest) => {
  let reply: OpenReply;
  try {
    const rows = packRows(req.text, req.start, req.options);
    reply = { id: req.id, rows };
    parentPort!.postMessage(reply, transferables(rows));
  } catch (e) {
    reply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(reply);
  }
});
