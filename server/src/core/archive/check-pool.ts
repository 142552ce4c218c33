/**
 * Worker threads that check archives in parallel (one archive per worker at a time), so a batch of
 * many archives keeps both cores of a 2-core machine busy: the check is CPU-bound once the files are in
 * the page cache (header parsing, CRC-32, inflate), and one JS thread uses at most one core. The caller
 * decides how many (check.ts: at most MAX_WORKERS, for memory) and when (`workers: 'auto'`).
 *
 * The worker script is dist/archive-check-worker.js beside the bundle (server.js, cli.js), or the
 * TypeScript source through tsx when running from sources (tests). When neither can start, `create`
 * or the first job says so and the caller checks in its own thread instead.
 */
import { Worker } from 'node:worker_threads';
import type { CheckMode } from '../images/inspect';
import type { ArchiveFileOutcome } from './check-archive';
import type { PoolReply, PoolRequest, PoolWorkerData } from './check-protocol';
import { DEFAULT_LIMITS } from './types';
import { createWindowBudget, releaseSlot, type WindowBudget } from './window-budget';
import { locateWorkerScript } from './worker-script';
import type { WorkerScript } from './worker-script';

export interface PoolJob {
  name: string;
  path: string;
  mode: CheckMode;
  onEntries?: (done: number, total: number) => void;
}

/**
 * A worker's young generation, in MB (V8's default is about 48). Inflating a CAB leaves one 32 KiB
 * buffer a block for the collector; a small young generation frees them at each scavenge instead of
 * letting up to 64 MiB gather per worker: the full CAB check with two kept workers peaked at 178-186
 * MB instead of 258-264 MB, in the same time within noise (BENCHMARKS.md, "Linked-archive check").
 */
export const WORKER_YOUNG_GENERATION_MB = 3;

/** Archives handed to workers so far, in this process (tests check that the pool was used). */
export const poolStats = { jobs: 0, workersStarted: 0 };

/** The workers could not start (no script, a loader failure): check in-process instead. */
export class PoolUnavailable extends Error {}

/** A worker ended in the middle of an archive (out of memory, a crash): the archive's check did not finish. */
export class WorkerEnded extends Error {}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  /** Set once the worker said it loaded: a failure before that means workers do not work here. */
  started: boolean;
  current?: { id: number; job: PoolJob; resolve: (o: ArchiveFileOutcome) => void; reject: (e: Error) => void };
}

export class CheckPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private broken: Error | undefined;
  /** One LZMA window of the largest size at a time across the workers, as a single thread would hold. */
  private readonly windowBudget: WindowBudget;

  private constructor(
    private readonly where: WorkerScript,
    size: number,
  ) {
    this.windowBudget = createWindowBudget(DEFAULT_LIMITS.maxDictionaryBytes, size);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
  }

  /** Tests only: another worker script (one that fails to start, or dies in the middle of an archive). */
  static scriptForTests: WorkerScript | undefined;

  /** A pool of `size` workers, or null when no worker script is available. */
  static create(size: number): CheckPool | null {
    const where = CheckPool.scriptForTests ?? locateWorkerScript(__dirname, 'archive-check-worker.js', 'check-worker.ts');
    if (!where) return null;
    try {
      return new CheckPool(where, size);
    } catch {
      return null;
    }
  }

  private spawn(index: number): Slot {
    const workerData: PoolWorkerData = { windowBudget: this.windowBudget, slot: index };
    const worker = new Worker(this.where.script, { workerData, execArgv: this.where.execArgv, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    poolStats.workersStarted++;
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    const slot: Slot = { worker, busy: false, started: false, ready: new Promise<void>((res, rej) => ((onReady = res), (onFail = rej))) };
    slot.ready.catch(() => undefined);
    worker.on('message', (m: PoolReply) => {
      if (m.type === 'ready') {
        slot.started = true;
        onReady();
        return;
      }
      const cur = slot.current;
      if (!cur || m.id !== cur.id) return;
      if (m.type === 'entries') cur.job.onEntries?.(m.done, m.total);
      else if (m.type === 'done') this.settle(slot, () => cur.resolve(m.outcome));
      else this.settle(slot, () => cur.reject(Object.assign(new Error(m.message), { stack: m.stack ?? m.message })));
    });
    const ended = (e: Error) => {
      if (this.closed) return;
      if (!slot.started) {
        this.broken ??= new PoolUnavailable(`archive check worker could not start: ${e.message}`);
        onFail(this.broken);
      }
      const cur = slot.current;
      const err = slot.started ? new WorkerEnded(e.message) : this.broken!;
      releaseSlot(this.windowBudget, index);
      // Replace a worker that had been working; a pool whose workers cannot start stays broken.
      const idx = this.slots.indexOf(slot);
      if (slot.started && idx >= 0) this.slots[idx] = this.spawn(idx);
      if (cur) {
        slot.current = undefined;
        cur.reject(err);
      }
    };
    worker.on('error', (e) => ended(e));
    worker.on('exit', (code) => ended(new Error(`exited with code ${code}`)));
    return slot;
  }

  private settle(slot: Slot, fn: () => void): void {
    slot.current = undefined;
    slot.busy = false;
    fn();
  }

  /** Checks one archive in an idle worker. Rejects with PoolUnavailable when workers cannot start here. */
  async run(job: PoolJob): Promise<ArchiveFileOutcome> {
    if (this.broken) throw this.broken;
    const slot = this.slots.find((s) => !s.busy);
    if (!slot) throw new Error('check pool: more jobs than workers');
    slot.busy = true;
    try {
      await slot.ready;
    } catch (e) {
      slot.busy = false;
      throw e;
    }
    const id = this.nextId++;
    return new Promise<ArchiveFileOutcome>((resolve, reject) => {
      slot.current = { id, job, resolve, reject: (e) => ((slot.busy = false), reject(e)) };
      const request: PoolRequest = { id, name: job.name, path: job.path, mode: job.mode };
      slot.worker.postMessage(request);
      poolStats.jobs++;
    });
  }

  get size(): number {
    return this.slots.length;
  }

  /** Not closed, and its workers could start. */
  get usable(): boolean {
    return !this.closed && !this.broken;
  }

  /** Idle workers do not keep the process alive; working ones do. */
  setIdle(idle: boolean): void {
    for (const s of this.slots) {
      if (idle) s.worker.unref();
      else s.worker.ref();
    }
  }

  /** Ends every worker (also the way to cancel: work in flight stops at once). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}

/** A pool lent to one check; `release(reusable)` gives it back (false after a cancelled or failed check: it is closed). */
export interface PoolLease {
  pool: CheckPool | null;
  release(reusable: boolean): Promise<void>;
}

/** A pool for one check only, closed when released. */
export function ownPool(size: number): PoolLease {
  const pool = CheckPool.create(size);
  return { pool, release: async () => pool?.close() };
}

/**
 * Workers kept from one check to the next, for a long-lived process (the language server): a fresh
 * worker starts Node and compiles the check's code again (BENCHMARKS.md, "Linked-archive check": the
 * quick check of 1 GB of CAB took 2.7 s with new workers, 2.1 s as the third check with kept ones; one
 * thread gained about as much from its own earlier checks, 3.8 s to 3.2 s). Closed once unused for
 * `idleMs`. One check at a time uses the kept pool; a check that starts meanwhile gets its own.
 */
export class CheckPoolKeeper {
  private kept: CheckPool | null = null;
  private inUse = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly idleMs = 120_000) {}

  acquire(size: number): PoolLease {
    if (this.inUse) return ownPool(size);
    this.stopTimer();
    if (this.kept && (!this.kept.usable || this.kept.size !== size)) {
      void this.kept.close();
      this.kept = null;
    }
    this.kept ??= CheckPool.create(size);
    const pool = this.kept;
    if (!pool) return { pool: null, release: async () => undefined };
    this.inUse = true;
    pool.setIdle(false);
    let released = false;
    return {
      pool,
      release: async (reusable: boolean) => {
        if (released) return;
        released = true;
        this.inUse = false;
        if (!reusable || !pool.usable || this.kept !== pool) {
          if (this.kept === pool) this.kept = null;
          await pool.close();
          return;
        }
        pool.setIdle(true);
        this.timer = setTimeout(() => void this.dispose(), this.idleMs);
        this.timer.unref();
      },
    };
  }

  /** Closes the kept workers (idle timeout, shutdown). */
  async dispose(): Promise<void> {
    this.stopTimer();
    const pool = this.kept;
    this.kept = null;
    await pool?.close();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
