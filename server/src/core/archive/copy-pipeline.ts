import { promises as fsp } from 'node:fs';
import { ArchiveError, throwIfAborted, toArchiveError } from './errors';
import { bi } from '../i18n';

const CHUNK = 4 << 20;

/** Pairs of chunk buffers kept between files: allocating (and zero-filling) 8 MiB per file cost more than the copy. */
const idlePairs: Uint8Array[][] = [];
const MAX_IDLE_PAIRS = 4;

function takePair(size: number): Uint8Array[] {
  if (size < CHUNK) return [new Uint8Array(Math.max(size, 1)), new Uint8Array(Math.max(size, 1))];
  return idlePairs.pop() ?? [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)];
}

function givePair(pair: Uint8Array[]): void {
  if (pair[0].length === CHUNK && idlePairs.length < MAX_IDLE_PAIRS) idlePairs.push(pair);
}

/**
 * Streams one source file through `consume` in chunks, reading the next chunk while the current one
 * is consumed (two buffers). Fails if the file's length differs from `size` (changed while packing).
 */
export async function pipeFile(
  sourcePath: string,
  size: number,
  consume: (chunk: Uint8Array) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let h: fsp.FileHandle;
  try {
    h = await fsp.open(sourcePath, 'r');
  } catch (e) {
    throw toArchiveError(e, sourcePath, 'source');
  }
  const bufs = takePair(size);
  let pending: Promise<{ bytesRead: number }> | undefined;
  // A failure of consume() is the writer's (a full disk): it is not said of the source file.
  let consuming = false;
  try {
    let pos = 0;
    let which = 0;
    const readAt = (buf: Uint8Array, at: number) => h.read(buf, 0, Math.min(buf.length, size - at), at);
    pending = size > 0 ? readAt(bufs[0], 0) : undefined;
    while (pending) {
      throwIfAborted(signal);
      const { bytesRead } = await pending;
      if (bytesRead === 0) throw new ArchiveError('bad-input', bi(`${sourcePath} 在打包時變短了（有其他程式正在改寫它）`, `${sourcePath} became shorter while being packed (another program is writing it)`));
      const chunk = bufs[which].subarray(0, bytesRead);
      pos += bytesRead;
      which ^= 1;
      pending = pos < size ? readAt(bufs[which], pos) : undefined;
      consuming = true;
      await consume(chunk);
      consuming = false;
    }
    pending = undefined;
    const extra = await h.read(new Uint8Array(1), 0, 1, size);
    if (extra.bytesRead > 0) throw new ArchiveError('bad-input', bi(`${sourcePath} 在打包時變長了（有其他程式正在寫入它）`, `${sourcePath} grew while being packed (another program is writing it)`));
  } catch (e) {
    throw consuming ? e : toArchiveError(e, sourcePath, 'source');
  } finally {
    // A read may still be filling a buffer when consume() failed: let it land before the buffers are reused.
    await pending?.catch(() => undefined);
    await h.close().catch(() => undefined);
    givePair(bufs);
  }
}
