import { bi } from '../../i18n';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ArchiveError } from '../errors';
import type { WasmJob, WorkerInit, WorkerMessage } from './protocol';

/** Where the worker script and 7zz.wasm are: beside the bundle, or in the sources and node_modules during development. */
function locate(): { script: string; execArgv: string[]; wasmPath: string; modulePath: string | null } {
  const bundled = join(__dirname, 'archive-worker.js');
  const bundledWasm = join(__dirname, '7zz.wasm');
  if (existsSync(bundled) && existsSync(bundledWasm)) return { script: bundled, execArgv: [], wasmPath: bundledWasm, modulePath: null };
  const pkg = dirname(resolveInDevelopment('7z-wasm/package.json'));
  return {
    script: join(__dirname, 'worker.ts'),
    execArgv: ['--require', resolveInDevelopment('tsx/cjs')],
    wasmPath: join(pkg, '7zz.wasm'),
    modulePath: resolveInDevelopment('7z-wasm'),
  };
}

/** Resolves from node_modules when running from sources (tests); a variable id keeps bundlers from following it. */
function resolveInDevelopment(id: string): string {
  return require.resolve(id);
}

/** At most one 7-Zip worker per core at a time; further jobs wait. */
const slots = { free: Math.max(1, availableParallelism()), waiting: [] as Array<() => void> };

async function acquire(): Promise<void> {
  if (slots.free > 0) {
    slots.free--;
    return;
  }
  await new Promise<void>((resolve) => slots.waiting.push(resolve));
}

function release(): void {
  const next = slots.waiting.shift();
  if (next) next();
  else slots.free++;
}

export interface WasmResult {
  exitCode: number;
  output: string;
  /** Packing: the Node error code of the first write that failed (ENOSPC…), when one did. */
  writeFailure?: string;
  /** Packing stopped at the first write past PackJob.maxBytes: the size the archive would have reached by it. */
  overLimit?: number;
}

/** Runs one 7-Zip (WebAssembly) command in a worker thread; aborting terminates it. */
export async function runSevenZipWasm(job: WasmJob, options: { signal?: AbortSignal; onPercent?: (p: number) => void } = {}): Promise<WasmResult> {
  if (options.signal?.aborted) throw new ArchiveError('aborted', job.op);
  await acquire();
  try {
    const where = locate();
    const init: WorkerInit = { wasmPath: where.wasmPath, modulePath: where.modulePath, job };
    const worker = new Worker(where.script, { workerData: init, execArgv: where.execArgv });
    return await new Promise<WasmResult>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        fn();
      };
      const onAbort = () => finish(() => reject(new ArchiveError('aborted', `7-Zip ${job.op}`)));
      options.signal?.addEventListener('abort', onAbort);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') options.onPercent?.(m.percent);
        else if (m.type === 'done') finish(() => resolve({ exitCode: m.exitCode, output: m.output, writeFailure: m.writeFailure, overLimit: m.overLimit }));
        else finish(() => reject(new ArchiveError('io', bi(`7-Zip（WebAssembly）執行失敗：${m.message}`, `7-Zip (WebAssembly) failed: ${m.message}`))));
      });
      worker.on('error', (e) => finish(() => reject(new ArchiveError('io', bi(`7-Zip（WebAssembly）工作執行緒：${e.message}`, `7-Zip (WebAssembly) worker: ${e.message}`), { cause: e }))));
      worker.on('exit', (code) => finish(() => reject(new ArchiveError('io', bi(`7-Zip（WebAssembly）工作執行緒結束，代碼 ${code}`, `7-Zip (WebAssembly) worker exited with ${code}`)))));
    });
  } finally {
    release();
  }
}
