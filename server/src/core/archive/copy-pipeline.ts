import { promises as fsp } from 'node:fs';
import { ArchiveError, throwIfAborted, toArchiveError } from './errors';

const CHUNK = 4 << 20;

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
    throw toArchiveError(e, sourcePath);
  }
  try {
    const bufs = [new Uint8Array(Math.min(CHUNK, Math.max(size, 1))), new Uint8Array(Math.min(CHUNK, Math.max(size, 1)))];
    let pos = 0;
    let which = 0;
    const readAt = (buf: Uint8Array, at: number) => h.read(buf, 0, Math.min(buf.length, size - at), at);
    let pending = size > 0 ? readAt(bufs[0], 0) : undefined;
    while (pending) {
      throwIfAborted(signal);
      const { bytesRead } = await pending;
      if (bytesRead === 0) throw new ArchiveError('io', `${sourcePath} became shorter while being packed`);
      const chunk = bufs[which].subarray(0, bytesRead);
      pos += bytesRead;
      which ^= 1;
      pending = pos < size ? readAt(bufs[which], pos) : undefined;
      await consume(chunk);
    }
    const extra = await h.read(new Uint8Array(1), 0, 1, size);
    if (extra.bytesRead > 0) throw new ArchiveError('io', `${sourcePath} grew while being packed`);
  } catch (e) {
    throw toArchiveError(e, sourcePath);
  } finally {
    await h.close().catch(() => undefined);
  }
}
