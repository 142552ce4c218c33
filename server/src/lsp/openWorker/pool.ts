/**
 * A worker thread that validates part of a large document's rows while the server's own thread validates the
 * rest (two cores for an open instead of one): the two claim chunks of rows from either end until they meet
 * (claims.ts). Started once the client has initialized (before the first document arrives) and kept; when it cannot start or fails, `validate`
 * rejects and the caller validates the rows itself.
 *
 * The script is dist/open-worker.js beside the bundle (server.js), or the TypeScript source through
 * tsx when running from sources (tests).
 */
import { Worker } from 'node:worker_threads';
import { locateWorkerScript } from '../../core/archive/worker-script';
import type { ValidationOptions } from '../../core/options';
import type { RowClaims } from './claims';
import type { PackedRows, RowsStart } from './packedRows';
import type { OpenReply, OpenRequest } from './protocol';

/** A job's chunk results as they come (`chunk` indexes its RowClaims). */
export type ChunkListener = (chunk: number, rows: PackedRows) => void;

export class OpenWorker {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  private readonly waiting = new Map<number, { chunk: ChunkListener; resolve: () => void; reject: (e: Error) => void }>();

  /** False once the worker failed to start, died or was disposed: callers stop offering it work. */
  get available(): boolean {
    return !this.broken;
  }

  /**
   * Has the worker validate the rows of `text` (which starts with the row `start` names; `claims` cover its rows)
   * that it can claim, passing each chunk to `chunk` as it comes; resolves once it can claim no more.
   */
  validate(text: string, start: RowsStart, claims: RowClaims, options: ValidationOptions, chunk: ChunkListener): Promise<void> {
    const worker = this.ensure();
    if (!worker) return Promise.reject(new Error('no worker thread'));
    const id = this.nextId++;
    const request: OpenRequest = {
      id, text, start, rows: claims.rows, claims: claims.buffer, chunkRows: claims.chunkRows, options: { ...options, severities: { ...options.severities } },
    };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { chunk, resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
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
    if ('chunk' in reply) return w.chunk(reply.chunk, reply.rows);
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('error' in reply) w.reject(new Error(reply.error));
    else w.resolve();
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
