import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { closeSync, fstatSync, openSync, read, readSync, statSync } from 'node:fs';
import { ArchiveError, toArchiveError } from './errors';

/**
 * Positioned reads over an open file, failing with typed errors when the file is shorter than its headers say.
 * Opening, closing and the small header reads are synchronous: each is a few microseconds of system call,
 * while an asynchronous call waits for a thread-pool thread, which on a busy machine costs far more than the
 * call itself (docs/decisions/archive-check-threads.md). Bulk reads (`readInto`) stay asynchronous.
 */
export class FileSource {
  private closed = false;
  /** Asynchronous reads not yet finished: the descriptor is closed only after them, or a read could land in a file opened later under the same number. */
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileSource> {
    let fd: number | undefined;
    try {
      // Judged by its path before it is opened: opening a named pipe would wait for a writer. (O_NONBLOCK would
      // avoid the wait, but it also makes opens and reads fail with EAGAIN where a lease is held on a file.)
      if (!statSync(path).isFile()) throw new ArchiveError('io', bi(`${path}：不是一般檔案`, `${path}: not a regular file`));
      fd = openSync(path, 'r');
      const st = fstatSync(fd);
      if (!st.isFile()) throw new ArchiveError('io', bi(`${path}：不是一般檔案`, `${path}: not a regular file`));
      return new FileSource(path, fd, st.size);
    } catch (e) {
      if (fd !== undefined) closeQuietly(fd);
      throw toArchiveError(e, path);
    }
  }

  /** Reads up to `length` bytes at `position` into `target`; returns the count (short only at end of file). */
  async readInto(target: Uint8Array, position: number, length = target.length): Promise<number> {
    this.assertOpen();
    const work = this.readLoop(target, position, length);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async readLoop(target: Uint8Array, position: number, length: number): Promise<number> {
    let done = 0;
    try {
      while (done < length) {
        const bytesRead = await readAsync(this.fd, target, done, length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
    } catch (e) {
      throw toArchiveError(e, this.path);
    }
    return done;
  }

  /** Up to `length` bytes at `position` into `target`, read synchronously; returns the count (short only at end of file). */
  readIntoSync(target: Uint8Array, position: number, length = target.length): number {
    this.assertOpen();
    let done = 0;
    try {
      while (done < length) {
        const n = readSync(this.fd, target, done, length - done, position + done);
        if (n === 0) break;
        done += n;
      }
    } catch (e) {
      throw toArchiveError(e, this.path);
    }
    return done;
  }

  /**
   * Exactly `length` bytes at `position`, or a 'truncated' error naming `what`; read synchronously (into
   * `into` when given): for header and entry reads, where a thread-pool round trip costs more than the read.
   */
  readExactSync(position: number, length: number, what: string | Bilingual, into?: Uint8Array): Uint8Array {
    if (position < 0 || length < 0 || position + length > this.size) {
      const w = typeof what === 'string' ? bi(what, what) : what;
      throw new ArchiveError('truncated', bi(
        `${this.path}：${w['zh-TW']}（${position}+${length}）超出檔案結尾（${this.size} 位元組）`,
        `${this.path}: ${w.en} at ${position}+${length} lies beyond the end (${this.size} bytes)`,
      ));
    }
    // Not zero-filled: every byte is overwritten by the read, or the call fails.
    let buf: Uint8Array;
    if (into) {
      buf = into.subarray(0, length);
    } else {
      const raw = Buffer.allocUnsafeSlow(length);
      buf = new Uint8Array(raw.buffer, raw.byteOffset, length);
    }
    if (this.readIntoSync(buf, position, length) < length) {
      const w = typeof what === 'string' ? bi(what, what) : what;
      throw new ArchiveError('truncated', bi(`${this.path}：讀取 ${w['zh-TW']} 時檔案提早結束`, `${this.path}: ${w.en} ends early`));
    }
    return buf;
  }

  /** Closes the file once its pending reads have finished; closing again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    closeQuietly(this.fd);
  }

  private assertOpen(): void {
    if (this.closed) throw new ArchiveError('io', bi(`${this.path}：檔案已關閉後仍在讀取`, `${this.path}: read after close`));
  }
}

function readAsync(fd: number, target: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, target, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))));
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing was written through it: a failed close loses nothing.
  }
}

/** What RangeReader reads from: an open file, or bytes already in memory. */
export interface ByteSource {
  readonly path: string;
  readonly size: number;
  readInto(target: Uint8Array, position: number, length?: number): Promise<number>;
}

/** Bytes in memory as a ByteSource: a packed 7z header read in one go is decoded without a read per chunk. */
export class BytesSource implements ByteSource {
  constructor(
    readonly path: string,
    private readonly bytes: Uint8Array,
  ) {}

  get size(): number {
    return this.bytes.length;
  }

  async readInto(target: Uint8Array, position: number, length = target.length): Promise<number> {
    const n = Math.max(0, Math.min(length, this.bytes.length - position));
    target.set(this.bytes.subarray(position, position + n));
    return n;
  }
}

/**
 * Sequential reading of the byte range [start, end) through one reusable buffer; `take(n)` returns a
 * view valid until the next call. The buffer is never larger than the range needs.
 */
export class RangeReader {
  private buf: Uint8Array;
  private bufStart = 0;
  private bufEnd = 0;
  private filePos: number;

  constructor(
    private readonly source: ByteSource,
    start: number,
    private readonly end: number,
    chunk = 1 << 20,
  ) {
    this.filePos = start;
    this.buf = new Uint8Array(Math.max(1, Math.min(chunk, end - start)));
  }

  get remaining(): number {
    return this.end - this.filePos + (this.bufEnd - this.bufStart);
  }

  /** Ensures `n` bytes are buffered (fewer only at the end of the range) and returns them without consuming. */
  async peek(n: number): Promise<Uint8Array> {
    if (n > this.remaining) n = this.remaining;
    if (this.bufEnd - this.bufStart < n) await this.fill(n);
    return this.buf.subarray(this.bufStart, Math.min(this.bufEnd, this.bufStart + n));
  }

  skip(n: number): void {
    this.bufStart += n;
  }

  /** Up to `n` bytes (at least 1 unless the range is exhausted), consumed. */
  async takeSome(n: number): Promise<Uint8Array> {
    if (this.bufEnd === this.bufStart) await this.fill(1);
    const len = Math.min(n, this.bufEnd - this.bufStart);
    const out = this.buf.subarray(this.bufStart, this.bufStart + len);
    this.bufStart += len;
    return out;
  }

  private async fill(n: number): Promise<void> {
    const have = this.bufEnd - this.bufStart;
    if (n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(n, this.buf.length * 2));
      bigger.set(this.buf.subarray(this.bufStart, this.bufEnd));
      this.buf = bigger;
    } else if (have > 0) {
      this.buf.copyWithin(0, this.bufStart, this.bufEnd);
    }
    this.bufStart = 0;
    this.bufEnd = have;
    const want = Math.min(this.buf.length - have, this.end - this.filePos);
    if (want <= 0) return;
    const got = await this.source.readInto(this.buf.subarray(have), this.filePos, want);
    this.filePos += got;
    this.bufEnd += got;
  }
}
