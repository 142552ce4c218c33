import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { ArchiveError, throwIfAborted } from './errors';

/** Produces a decoded stream chunk by chunk; a chunk is only valid until the next call. null = end. */
export interface ChunkProducer {
  next(): Promise<Uint8Array | null>;
}

/**
 * A forward-only position in a decoded stream (a CAB folder, a 7z folder). Entries read in stream
 * order reuse one cursor, so reading every entry of a solid block decodes it once.
 */
export class StreamCursor {
  /** Decoded bytes consumed so far. */
  pos = 0;
  busy = false;
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkOff = 0;

  constructor(
    private readonly producer: ChunkProducer,
    private readonly what: Bilingual,
  ) {}

  private async available(): Promise<number> {
    while (this.chunkOff >= this.chunk.length) {
      const next = await this.producer.next();
      if (next === null) return 0;
      this.chunk = next;
      this.chunkOff = 0;
    }
    return this.chunk.length - this.chunkOff;
  }

  /** Decodes whatever is left (so every block and checksum of the stream gets checked). */
  async drain(signal?: AbortSignal): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      const avail = await this.available();
      if (avail === 0) return;
      this.chunkOff += avail;
      this.pos += avail;
    }
  }

  /** Yields the decoded bytes [offset, offset + length) as views valid until the next step. */
  async *range(offset: number, length: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    if (offset < this.pos) throw new Error('StreamCursor cannot rewind');
    while (this.pos < offset) {
      throwIfAborted(signal);
      const avail = await this.available();
      if (avail === 0) throw new ArchiveError('truncated', bi(`${this.what['zh-TW']}：資料在 ${this.pos} 結束，未達 ${offset}`, `${this.what.en}: data ends at ${this.pos}, before ${offset}`));
      const step = Math.min(avail, offset - this.pos);
      this.chunkOff += step;
      this.pos += step;
    }
    let left = length;
    while (left > 0) {
      throwIfAborted(signal);
      const avail = await this.available();
      if (avail === 0) throw new ArchiveError('truncated', bi(`${this.what['zh-TW']}：資料在 ${this.pos} 結束，還少 ${left} 位元組`, `${this.what.en}: data ends at ${this.pos}, ${left} bytes short`));
      const step = Math.min(avail, left);
      const view = this.chunk.subarray(this.chunkOff, this.chunkOff + step);
      this.chunkOff += step;
      this.pos += step;
      left -= step;
      yield view;
    }
  }
}

/** Collects up to `max` bytes from chunks into one array. */
export async function collect(chunks: AsyncIterable<Uint8Array>, size: number, max: number): Promise<Uint8Array> {
  const out = new Uint8Array(Math.min(size, max));
  let filled = 0;
  for await (const c of chunks) {
    const take = Math.min(c.length, out.length - filled);
    out.set(c.subarray(0, take), filled);
    filled += take;
    if (filled >= out.length) break;
  }
  return filled === out.length ? out : out.subarray(0, filled);
}
