/**
 * The LZMA window budget the check pool's workers share (window-budget.ts): a worker whose window does
 * not fit waits until another gives its window back, windows that fit go ahead at once, a window larger
 * than the budget goes ahead alone, and what a dead worker held is given back by the pool. Real worker
 * threads, as in the pool; and the LZMA decoder reserves its window through it.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openArchive } from '../../../server/src/core/archive/open';
import { write7z } from '../../../server/src/core/archive/write';
import { createWindowBudget, heldBySlot, joinWindowBudget, releaseSlot, type WindowBudget } from '../../../server/src/core/archive/window-budget';
import { makeSources, tempDir } from './helpers';

const MODULE = join(__dirname, '../../../server/src/core/archive/window-budget.ts');
const WORKER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const budget = require(workerData.module);
  budget.joinWindowBudget(workerData.budget, workerData.slot);
  parentPort.on('message', (m) => {
    if (m === 'reserve') budget.reserveWindow(workerData.bytes);
    else budget.releaseWindow();
    parentPort.postMessage(m === 'reserve' ? 'reserved' : 'released');
  });
  parentPort.postMessage('ready');
`;

interface Thread {
  worker: Worker;
  /** Resolves with the next message of the worker. */
  next(): Promise<string>;
}

async function thread(budget: WindowBudget, slot: number, bytes: number): Promise<Thread> {
  const worker = new Worker(WORKER, { eval: true, workerData: { module: MODULE, budget, slot, bytes }, execArgv: ['--require', require.resolve('tsx/cjs')] });
  const queue: string[] = [];
  const waiting: ((m: string) => void)[] = [];
  worker.on('message', (m: string) => (waiting.length ? waiting.shift()!(m) : queue.push(m)));
  const t = { worker, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<string>((r) => waiting.push(r))) };
  assert.equal(await t.next(), 'ready');
  return t;
}

/** `message`, or 'still waiting' when it has not come within `ms` (it stays awaitable). */
function within(message: Promise<string>, ms: number): Promise<string> {
  return Promise.race([message, new Promise<string>((r) => setTimeout(() => r('still waiting'), ms))]);
}

describe('archive: the LZMA window budget of the check pool', function () {
  this.timeout(30_000);
  const threads: Thread[] = [];
  const start = async (budget: WindowBudget, slot: number, bytes: number) => {
    const t = await thread(budget, slot, bytes);
    threads.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
  });

  it('a worker whose window does not fit waits until the other gives its window back', async () => {
    const budget = createWindowBudget(160, 2);
    const a = await start(budget, 0, 100);
    const b = await start(budget, 1, 100);
    a.worker.postMessage('reserve');
    assert.equal(await a.next(), 'reserved');
    b.worker.postMessage('reserve');
    const early = b.next();
    assert.equal(await within(early, 500), 'still waiting');
    assert.deepEqual([heldBySlot(budget, 0), heldBySlot(budget, 1)], [100, 0]);
    a.worker.postMessage('release');
    assert.equal(await early, 'reserved');
    assert.equal(await a.next(), 'released');
    assert.deepEqual([heldBySlot(budget, 0), heldBySlot(budget, 1)], [0, 100]);
  });

  it('windows that fit together go ahead at once', async () => {
    const budget = createWindowBudget(160, 2);
    const a = await start(budget, 0, 60);
    const b = await start(budget, 1, 100);
    a.worker.postMessage('reserve');
    b.worker.postMessage('reserve');
    assert.equal(await within(a.next(), 5000), 'reserved');
    assert.equal(await within(b.next(), 5000), 'reserved');
  });

  it('a window larger than the whole budget goes ahead when nothing else is held', async () => {
    const budget = createWindowBudget(160, 2);
    const a = await start(budget, 0, 200);
    a.worker.postMessage('reserve');
    assert.equal(await within(a.next(), 5000), 'reserved');
  });

  it('what a worker that ended held is given back by the pool, and a waiting worker goes ahead', async () => {
    const budget = createWindowBudget(160, 2);
    const a = await start(budget, 0, 100);
    const b = await start(budget, 1, 100);
    a.worker.postMessage('reserve');
    assert.equal(await a.next(), 'reserved');
    await a.worker.terminate();
    b.worker.postMessage('reserve');
    const reserved = b.next();
    assert.equal(await within(reserved, 500), 'still waiting');
    releaseSlot(budget, 0);
    assert.equal(await within(reserved, 5000), 'reserved');
  });

  it('the LZMA decoder reserves its window: the smaller of the dictionary and the folder', async () => {
    const tmp = tempDir();
    const budget = createWindowBudget(1 << 30, 1);
    try {
      const data = Buffer.alloc(300_000, 7);
      const path = join(tmp.dir, 'lzma2.7z');
      await write7z(makeSources(tmp.dir, { 'A.BIN': data }), path, { level: 5 });
      joinWindowBudget(budget, 0);
      const reader = await openArchive(path);
      try {
        assert.equal(heldBySlot(budget, 0), 0);
        const entry = reader.entries().find((e) => e.name === 'A.BIN')!;
        assert.equal(entry.method, 'lzma2');
        const bytes = await reader.readEntry(entry);
        assert.equal(bytes.length, data.length);
        assert.equal(heldBySlot(budget, 0), data.length);
      } finally {
        await reader.close();
      }
    } finally {
      joinWindowBudget(undefined);
      tmp.cleanup();
    }
    assert.equal(heldBySlot(budget, 0), 0, 'leaving the budget gives the window back');
  });
});
