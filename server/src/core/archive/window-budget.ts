/**
 * Memory for LZMA dictionary windows, shared by the workers of one check pool (check-pool.ts): two workers
 * each decoding a folder with a 160 MiB dictionary would take the process well past 256 MB. The budget is
 * a SharedArrayBuffer: the bytes reserved in all, then what each worker slot holds (so the pool can give
 * back what a worker that died held).
 *
 * A thread holds one reservation at most, its latest window (a new stream replaces the one before), until
 * its archive is done. A worker whose window does not fit waits holding nothing, so two waiting workers
 * cannot block each other; a window larger than the whole budget goes ahead when nothing else is held
 * (the decoder's own cap, maxDictionaryBytes, bounds it). Outside a pool (one thread) nothing is counted.
 */
const TOTAL = 0;
const FIRST_SLOT = 1;
/** How long a waiting worker sleeps before it looks again, should a wake-up be missed. */
const WAIT_MS = 1000;

export interface WindowBudget {
  buffer: SharedArrayBuffer;
  bytes: number;
}

/** A budget of `bytes` for a pool of `slots` workers. */
export function createWindowBudget(bytes: number, slots: number): WindowBudget {
  return { buffer: new SharedArrayBuffer(4 * (FIRST_SLOT + slots)), bytes };
}

/** The pool's side: what the worker in `slot` held is given back (the worker ended in the middle of an archive). */
export function releaseSlot(budget: WindowBudget, slot: number): void {
  const cells = new Int32Array(budget.buffer);
  const held = Atomics.exchange(cells, FIRST_SLOT + slot, 0);
  if (held > 0) {
    Atomics.sub(cells, TOTAL, held);
    Atomics.notify(cells, TOTAL);
  }
}

/** This thread's share of a pool's budget; none outside a pool. */
let mine: { cells: Int32Array; slot: number; bytes: number } | undefined;
let held = 0;

/** A worker's side: its reservations count against `budget`, as slot `slot` (undefined: no longer). */
export function joinWindowBudget(budget: WindowBudget | undefined, slot = 0): void {
  releaseWindow();
  mine = budget && { cells: new Int32Array(budget.buffer), slot, bytes: budget.bytes };
}

/** What slot `slot` of `budget` holds now. */
export function heldBySlot(budget: WindowBudget, slot: number): number {
  return Atomics.load(new Int32Array(budget.buffer), FIRST_SLOT + slot);
}

/** Reserves `bytes` for this thread's next window (giving back the window before), waiting while it does not fit. */
export function reserveWindow(bytes: number): void {
  releaseWindow();
  if (!mine) return;
  const { cells, slot, bytes: budget } = mine;
  for (;;) {
    const total = Atomics.load(cells, TOTAL);
    if (total !== 0 && total + bytes > budget) {
      Atomics.wait(cells, TOTAL, total, WAIT_MS);
      continue;
    }
    if (Atomics.compareExchange(cells, TOTAL, total, total + bytes) === total) {
      Atomics.store(cells, FIRST_SLOT + slot, bytes);
      held = bytes;
      return;
    }
  }
}

/** Gives back this thread's window (its archive is done). */
export function releaseWindow(): void {
  if (!mine || held === 0) return;
  const { cells, slot } = mine;
  Atomics.store(cells, FIRST_SLOT + slot, 0);
  Atomics.sub(cells, TOTAL, held);
  held = 0;
  Atomics.notify(cells, TOTAL);
}
