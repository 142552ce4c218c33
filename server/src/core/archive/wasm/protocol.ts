/** Messages between the archive layer and the worker thread that runs 7-Zip compiled to WebAssembly. */

export interface PackJob {
  op: 'pack';
  files: Array<{ archivePath: string; sourcePath: string }>;
  /** Real path of the archive to create (must not exist). */
  outPath: string;
  level: number;
  /** Stop as soon as a write would make the archive larger than this many bytes (the archive is then left unfinished). */
  maxBytes?: number;
}

export interface ExtractJob {
  op: 'extract';
  archivePath: string;
  destDir: string;
  /** Keep only this many bytes of each file (the rest is decoded and checked, not written). */
  maxFileBytes?: number;
  /** Extract only these entries, by their stored names (no wildcards). */
  names?: string[];
}

export interface TestJob {
  op: 'test';
  archivePath: string;
}

export type WasmJob = PackJob | ExtractJob | TestJob;

export interface WorkerInit {
  wasmPath: string;
  /** Where the 7z-wasm module's JS is, when it is not bundled into the worker. */
  modulePath: string | null;
  job: WasmJob;
}

export type WorkerMessage =
  | { type: 'progress'; percent: number }
  /**
   * writeFailure: the Node error code of the first write that failed (ENOSPC…), when one did.
   * overLimit: packing stopped at the first write past PackJob.maxBytes; the size the archive would have reached by it.
   */
  | { type: 'done'; exitCode: number; output: string; writeFailure?: string; overLimit?: number }
  | { type: 'failed'; message: string };
