/**
 * Worker thread entry: runs one 7-Zip (WebAssembly) command. 7-Zip's main() is synchronous, so it runs
 * here rather than on the extension host or language server thread; cancelling terminates the worker.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { PackJob, WorkerInit, WorkerMessage } from './protocol';

interface FsNode {
  contents: Record<string, FsNode>;
  __src?: string;
}
interface SevenZipModule {
  FS: {
    mkdir(p: string): void;
    mount(type: unknown, opts: unknown, mountpoint: string): void;
    lookupPath(p: string): { node: FsNode };
    writeFile(p: string, data: string): void;
    chdir(p: string): void;
    ErrnoError: new (errno: number) => Error;
  };
  NODEFS: {
    realPath(node: FsNode): string;
    createNode(parent: FsNode, name: string, mode: number): FsNode;
    stream_ops: { write(stream: unknown, buffer: Uint8Array, offset: number, length: number, position: number): number };
  };
  callMain(args: string[]): number;
}
type Factory = (opts: Record<string, unknown>) => Promise<SevenZipModule>;

/** The WebAssembly global, typed minimally (the project's lib settings do not include it). */
const WA = (globalThis as unknown as {
  WebAssembly: {
    compile(bytes: Uint8Array): Promise<object>;
    instantiate(module: object, imports: object): Promise<object>;
  };
}).WebAssembly;

const init = workerData as WorkerInit;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

function loadFactory(): Factory {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = init.modulePath ? require(init.modulePath) : require('7z-wasm');
  return (mod.default ?? mod) as Factory;
}

/** Builds the archive's tree in memory, each file a node that reads the real source file. */
function mountSources(m: SevenZipModule, job: PackJob): string {
  const { FS, NODEFS } = m;
  const original = NODEFS.realPath.bind(NODEFS);
  NODEFS.realPath = (node: FsNode) => node.__src ?? original(node);
  FS.mkdir('/in');
  const made = new Set<string>(['/in']);
  for (const f of job.files) {
    const parts = f.archivePath.split('/');
    let dir = '/in';
    for (const p of parts.slice(0, -1)) {
      dir += '/' + p;
      if (!made.has(dir)) {
        FS.mkdir(dir);
        made.add(dir);
      }
    }
    const parent = FS.lookupPath(dir).node;
    const name = parts[parts.length - 1];
    const node = NODEFS.createNode(parent, name, statSync(f.sourcePath).mode);
    node.__src = f.sourcePath;
    parent.contents[name] = node;
  }
  FS.writeFile('/list.txt', job.files.map((f) => f.archivePath).join('\n') + '\n');
  return '@/list.txt';
}

/** WASI's numbers for the errors of writing worth naming (7-Zip's WebAssembly build reports these), as Node names them. */
const WASI_EFBIG = 22;
const WASI_ERRNO: Record<number, string> = { 2: 'EACCES', 19: 'EDQUOT', [WASI_EFBIG]: 'EFBIG', 29: 'EIO', 51: 'ENOSPC', 69: 'EROFS' };

/** Notes why the first write failed (a full disk): 7-Zip itself only says that it stopped. */
function noteWriteFailure(m: SevenZipModule, failure: { code?: string }): void {
  const ops = m.NODEFS.stream_ops;
  const write = ops.write;
  ops.write = (stream, buffer, offset, length, position) => {
    try {
      return write(stream, buffer, offset, length, position);
    } catch (e) {
      failure.code ??= WASI_ERRNO[(e as { errno?: number }).errno ?? -1] ?? 'EIO';
      throw e;
    }
  };
}

/**
 * Refuses (as a file too large, EFBIG) the first write that would take the archive past `max` bytes, and notes
 * where it would have ended: 7-Zip then stops at once instead of compressing the rest. The archive's size is the end of
 * its furthest write (7-Zip writes the header last and then the start header over its first bytes).
 */
function stopPastLimit(m: SevenZipModule, max: number, over: { bytes?: number }): void {
  const ops = m.NODEFS.stream_ops;
  const write = ops.write;
  ops.write = (stream, buffer, offset, length, position) => {
    if (position + length > max) {
      over.bytes ??= position + length;
      throw new m.FS.ErrnoError(WASI_EFBIG);
    }
    return write(stream, buffer, offset, length, position);
  };
}

/** Files written keep only their first `max` bytes; 7-Zip is told every byte was written. Only /dst is written to. */
function keepFileStarts(m: SevenZipModule, max: number): void {
  const ops = m.NODEFS.stream_ops;
  const write = ops.write;
  ops.write = (stream, buffer, offset, length, position) => {
    const keep = Math.min(length, max - position);
    if (keep > 0) write(stream, buffer, offset, keep, position);
    return length;
  };
}

async function main(): Promise<void> {
  let output = '';
  let line = '';
  const onChar = (c: number) => {
    const ch = String.fromCharCode(c);
    if (output.length < 65536) output += ch;
    if (ch === '%') {
      const m = /(\d{1,3})$/.exec(line.trimEnd());
      if (m) post({ type: 'progress', percent: Number(m[1]) });
      line = '';
    } else if (ch === '\b' || ch === '\n' || ch === '\r') {
      line = '';
    } else {
      line += ch;
    }
  };
  const wasm = await WA.compile(readFileSync(init.wasmPath));
  const m = await loadFactory()({
    stdout: onChar,
    stderr: onChar,
    locateFile: () => init.wasmPath,
    instantiateWasm(imports: object, done: (instance: object) => void) {
      void WA.instantiate(wasm, imports).then(done);
      return {};
    },
  });
  const { FS, NODEFS } = m;
  const job = init.job;
  let args: string[];
  const writeFailure: { code?: string } = {};
  const over: { bytes?: number } = {};
  if (job.op === 'pack') {
    noteWriteFailure(m, writeFailure);
    // Around noteWriteFailure's wrapper: a write refused for the limit never reaches the file, nor counts as the disk's failure.
    if (job.maxBytes !== undefined) stopPastLimit(m, job.maxBytes, over);
    const list = mountSources(m, job);
    FS.mkdir('/out');
    FS.mount(NODEFS, { root: dirname(job.outPath) }, '/out');
    FS.chdir('/in');
    args = ['a', '-t7z', `-mx=${job.level}`, '-mmt=1', '-bsp1', '-bso1', '-bse1', '-y', `/out/${basename(job.outPath)}`, list];
  } else {
    FS.mkdir('/arc');
    FS.mount(NODEFS, { root: dirname(job.archivePath) }, '/arc');
    const arc = `/arc/${basename(job.archivePath)}`;
    if (job.op === 'extract') {
      FS.mkdir('/dst');
      FS.mount(NODEFS, { root: job.destDir }, '/dst');
      if (job.maxFileBytes !== undefined) keepFileStarts(m, job.maxFileBytes);
      args = ['x', '-y', '-bsp1', '-o/dst', arc, ...(job.names ? ['-spd', '--', ...job.names] : [])];
    } else {
      args = ['t', '-bsp1', arc];
    }
  }
  let exitCode: number;
  try {
    exitCode = m.callMain(args);
  } catch (e) {
    const status = (e as { status?: unknown }).status;
    exitCode = typeof status === 'number' ? status : 2;
    output += `\n${e instanceof Error ? e.message : String(e)}`;
  }
  post({ type: 'done', exitCode, output, writeFailure: over.bytes === undefined ? writeFailure.code : undefined, overLimit: over.bytes });
}

main().catch((e) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) }));
