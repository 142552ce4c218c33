import type { ArchiveInput, WriteProgress, WriteResult } from './inputs';
import { write7zCompressed } from './sevenzip/writer-wasm';
import { write7zStore } from './sevenzip/writer-store';

export { writeCab, type CabWriteOptions } from './cab/writer';
export { write7zStore } from './sevenzip/writer-store';
export { WASM_LEVELS } from './sevenzip/writer-wasm';
export type { ArchiveInput, WriteProgress, WriteResult } from './inputs';

export interface SevenZipWriteOptions {
  /** 0 = store (written in JS, fastest); 1, 3, 5 = LZMA2 through 7-Zip (WebAssembly). Default 0. */
  level?: number;
  /**
   * Compressed levels: stop packing at the first write that would make the archive larger than this, failing with an
   * ArchiveLimitError (store, whose size is known beforehand, ignores it).
   */
  maxBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: WriteProgress) => void;
}

/** Writes a 7z archive atomically (`name.partial-PID-START-HOST-RANDOM`, fsync, then moved to `outPath`; never overwrites). */
export function write7z(files: readonly ArchiveInput[], outPath: string, options: SevenZipWriteOptions = {}): Promise<WriteResult> {
  const level = options.level ?? 0;
  return level === 0 ? write7zStore(files, outPath, options) : write7zCompressed(files, outPath, { ...options, level });
}
