import { bi } from '../../i18n';
import { ReservedOutput } from '../atomic';
import { ArchiveError, ArchiveLimitError, toArchiveError } from '../errors';
import { statInputs, type ArchiveInput, type WriteProgress, type WriteResult } from '../inputs';
import { runSevenZipWasm } from '../wasm/run';
import { promises as fsp } from 'node:fs';

/** Compression levels offered through 7-Zip (WebAssembly); higher levels need dictionaries too large for the 256 MB goal. */
export const WASM_LEVELS = [1, 3, 5] as const;

/**
 * Writes a compressed (LZMA2) 7z with 7-Zip compiled to WebAssembly, in a worker thread, atomically. With `maxBytes`,
 * packing stops at the first write that would take the archive past it, and an ArchiveLimitError says how far it got.
 */
export async function write7zCompressed(
  files: readonly ArchiveInput[],
  outPath: string,
  options: { level: number; maxBytes?: number; signal?: AbortSignal; onProgress?: (p: WriteProgress) => void },
): Promise<WriteResult> {
  if (!(WASM_LEVELS as readonly number[]).includes(options.level)) {
    throw new ArchiveError('bad-input', bi(`7z 壓縮等級 ${options.level}；請用 0（不壓縮）或 ${WASM_LEVELS.join('、')}`, `7z level ${options.level}; use 0 (store) or ${WASM_LEVELS.join(', ')}`));
  }
  const inputs = await statInputs(files);
  const bytesTotal = inputs.reduce((t, f) => t + f.size, 0);
  const out = await ReservedOutput.create(outPath);
  let bytesDone = 0;
  try {
    const result = await runSevenZipWasm(
      { op: 'pack', files: inputs.map(({ archivePath, sourcePath }) => ({ archivePath, sourcePath })), outPath: out.partialPath, level: options.level, maxBytes: options.maxBytes },
      {
        signal: options.signal,
        onPercent: (pct) => {
          bytesDone = Math.round((bytesTotal * pct) / 100);
          options.onProgress?.({ bytesDone, bytesTotal, filesDone: 0, filesTotal: inputs.length });
        },
      },
    );
    if (result.overLimit !== undefined) throw new ArchiveLimitError(outPath, options.maxBytes!, result.overLimit, bytesDone, bytesTotal);
    if (result.exitCode !== 0 && result.writeFailure) throw toArchiveError({ code: result.writeFailure }, outPath);
    if (result.exitCode !== 0) {
      const said = result.output.trim().split('\n').slice(-3).join(' ');
      throw new ArchiveError('io', bi(`7-Zip（WebAssembly）結束代碼 ${result.exitCode}：${said}`, `7-Zip (WebAssembly) exit code ${result.exitCode}: ${said}`));
    }
    await out.commit();
    const { size } = await fsp.stat(outPath);
    options.onProgress?.({ bytesDone: bytesTotal, bytesTotal, filesDone: inputs.length, filesTotal: inputs.length });
    return { path: outPath, bytes: size, entries: inputs.length };
  } catch (e) {
    await out.abort();
    throw toArchiveError(e, outPath);
  }
}
