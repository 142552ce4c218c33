/** Worker thread entry (dist/open-worker.js): validates the rows it is sent and answers them packed. */
import { parentPort, workerData } from 'node:worker_threads';
import { packRows, transferables } from './packedRows';
import type { OpenReply, OpenRequest } from './protocol';
import { warmUp } from './warmUp';

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

// Before the first request is read (it waits in the port's queue meanwhile).
if ((workerData as { warmUp?: boolean } | undefined)?.warmUp !== false) {
  try {
    warmUp();
  } catch {
    // A warm-up that fails costs nothing but speed.
  }
}
