/**
 * A worker thread that validates the second half of a large document while the server's own thread
 * validates the first (two cores for an open instead of one). Started at the first large open and
 * kept for the next; when it cannot start or fails, `validate` rejects and the caller validates the
 * rows itself.
 *
 * The script is dist/open-worker.js beside the bundle (server.js), or the TypeScript source through
 * tsx when running from sources (tests).
 */
import { Worker } from 'node:worker_threads';
import { locateWorkerScript } from '../../core/archive/worker-script';
import type { ValidationOptions } from '../../core/options';
import type { PackedRows, RowsStart } from './packedRows';
import type { OpenReply, OpenRequest } from './protocol';

/** The server's thread takes this share of a document's rows before the worker has run (its first job runs unoptimised code). */
const FIRST_LOCAL_SHARE = 0.6;
const MIN_LOCAL_SHARE = 0.3;
const MAX_LOCAL_SHARE = 0.75;

export class OpenWorker {
  private worker: Worker | undefined;
  private share = FIRST_LOCAL_SHARE;
  private broken = false;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (rows: PackedRows) => void; reject: (e: Error) => void }>();

  /** False once the worker failed to start, died or was disposed: callers stop offering it work. */
  get available(): boolean {
    return !this.broken;
  }

  validate(text: string, start: RowsStart, options: ValidationOptions): Promise<PackedRows> {
    const worker = this.ensure();
    if (!worker) return Promise.reject(new Error('no worker thread'));
    const id = this.nextId++;
    const request: OpenRequest = { id, text, start, options: { ...options, severities: { ...options.severities } } };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  /** The share of a document's rows the server's own thread validates; the worker takes the rest. */
  get localShare(): number {
    return this.share;
  }

  /**
   * How long each side took for its rows: the next split moves halfway towards the one that would have
   * made both finish together (rates change as each thread's code is optimised, and with the load).
   */
  recordSplit(localRows: number, localMs: number, remoteRows: number, remoteMs: number): void {
    if (!(localRows > 0 && localMs > 0 && remoteRows > 0 && remoteMs > 0)) return;
    const local = localRows / localMs;
    const remote = remoteRows / remoteMs;
    const even = local / (local + remote);
    this.share = Math.min(MAX_LOCAL_SHARE, Math.max(MIN_LOCAL_SHARE, (this.share + even) / 2));
  }

  /** Starts the thread ahead of the first large document, so that its start-up is not on that open's path. */
  warm(): void {
    this.ensure();
  }

  /** Stops the thread for good: no later `validate` or `warm` starts another. */
  dispose(): void {
    this.broken = true;
    void this.worker?.terminate();
    this.worker = undefined;
    this.fail(new Error('closed'));
  }

  private ensure(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    const where = locateWorkerScript(__dirname, 'open-worker.js', 'worker.ts');
    if (!where) {
      this.broken = true;
      return undefined;
    }
    try {
      const worker = new Worker(where.script, { execArgv: where.execArgv });
      worker.on('message', (reply: OpenReply) => this.answer(reply));
      worker.on('error', (e) => this.die(e));
      worker.on('exit', () => this.die(new Error('the worker thread ended')));
      worker.unref();
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  private answer(reply: OpenReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('error' in reply) w.reject(new Error(reply.error));
    else w.resolve(reply.rows);
  }

  private die(e: Error): void {
    if (!this.worker) return;
    this.worker = undefined;
    this.broken = true;
    this.fail(e);
  }

  private fail(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
