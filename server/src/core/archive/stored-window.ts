import { bi } from '../i18n';
import { ArchiveError } from './errors';
import type { FileSource } from './file-source';

const CHUNK = 4 << 20;

/**
 * Pairs of chunk buffers kept between archives (per thread): allocating and zero-filling 8 MiB per
 * archive cost more CPU than reading a small archive, and the garbage made the GC run (BENCHMARKS.md).
 */
const idle: Uint8Array[][] = [];
const MAX_IDLE = 2;

function takePair(size: number): Uint8Array[] {
  if (size < CHUNK) return [new Uint8Array(size), new Uint8Array(size)];
  return idle.pop() ?? [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)];
}

/**
 * Reads byte ranges of one file that mostly follow each other (entries stored without compression, in
 * the full check) through two fixed buffers: one 4 MiB read per chunk whatever the entries' sizes,
 * the next chunk read while the current one is checked. Yielded views are valid until the next step.
 */
export class StoredWindow {
  private bufs: Uint8Array[];
  private cur = 0;
  private curStart = 0;
  private curLen = 0;
  private ahead: { start: number; done: Promise<number> } | undefined;

  constructor(
    private readonly source: FileSource,
    /** Nothing at or past this offset is wanted (no read-ahead beyond it). */
    private readonly end: number,
  ) {
    this.bufs = takePair(Math.min(CHUNK, Math.max(1, end)));
  }

  async *range(start: number, size: number, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
    if (start + size > this.source.size) throw new ArchiveError('truncated', bi(`${this.source.path}：位於 ${start}+${size} 的未壓縮資料超出檔案結尾`, `${this.source.path}: stored data at ${start}+${size} lies beyond the end`));
    let pos = start;
    const stop = start + size;
    while (pos < stop) {
      if (pos < this.curStart || pos >= this.curStart + this.curLen) await this.moveTo(pos);
      const from = pos - this.curStart;
      const n = Math.min(stop - pos, this.curLen - from);
      onBytes(n);
      pos += n;
      yield this.bufs[this.cur].subarray(from, from + n);
    }
  }

  /** Makes the chunk starting at `pos` current (the read-ahead one when it matches), and starts reading the next. */
  private async moveTo(pos: number): Promise<void> {
    const next = this.cur ^ 1;
    const want = Math.min(this.bufs[next].length, this.end - pos);
    let got: number;
    if (this.ahead && this.ahead.start === pos) {
      got = await this.ahead.done;
    } else {
      if (this.ahead) await this.ahead.done.catch(() => undefined);
      got = await this.source.readInto(this.bufs[next], pos, want);
    }
    this.ahead = undefined;
    if (got < want) throw new ArchiveError('truncated', bi(`${this.source.path}：未壓縮資料提早結束`, `${this.source.path}: stored data ends early`));
    this.cur = next;
    this.curStart = pos;
    this.curLen = got;
    const after = pos + got;
    if (after < this.end) {
      const other = this.bufs[this.cur ^ 1];
      const done = this.source.readInto(other, after, Math.min(other.length, this.end - after));
      done.catch(() => undefined);
      this.ahead = { start: after, done };
    }
  }

  /** Lets a read still in flight settle before the file is closed, and gives the buffers back for the next archive. */
  async settle(): Promise<void> {
    if (this.ahead) await this.ahead.done.catch(() => undefined);
    this.ahead = undefined;
    if (this.bufs[0].length === CHUNK && idle.length < MAX_IDLE) idle.push(this.bufs);
    this.bufs = [new Uint8Array(0), new Uint8Array(0)];
    this.curLen = 0;
  }
}
