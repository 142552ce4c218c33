import type { Bilingual } from '../../types';
import { bi } from '../../i18n';
import { ArchiveError } from '../errors';

function tooLarge(): ArchiveError {
  return new ArchiveError('corrupt', bi('7z 檔頭中的數值過大', '7z header number too large'));
}

/** Reads the 7z header's encodings: bytes, 7z NUMBERs, little-endian integers, bit vectors. */
export class ByteReader {
  pos = 0;
  readonly buf: Uint8Array;
  constructor(buf: Uint8Array) {
    // A plain view: subarray() of a Node Buffer goes through Buffer's constructor on every call.
    this.buf = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ArchiveError('corrupt', bi(`7z 檔頭在第 ${this.pos} 位元組提早結束`, `7z header ends early at byte ${this.pos}`));
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Steps past the next bytes when they repeat those at [start, end) of the buffer; false (staying) otherwise. */
  skipIfRepeated(start: number, end: number): boolean {
    const b = this.buf;
    const p = this.pos;
    const n = end - start;
    if (p + n > b.length) return false;
    for (let i = 0; i < n; i++) if (b[p + i] !== b[start + i]) return false;
    this.pos += n;
    return true;
  }

  u32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  u64(): number {
    const lo = this.u32();
    const hi = this.u32();
    return hi * 0x100000000 + lo;
  }

  /** The 7z variable-length NUMBER: leading 1-bits of the first byte count the extra bytes. */
  number(): number {
    const first = this.byte();
    let mask = 0x80;
    let value = 0;
    for (let i = 0; i < 8; i++) {
      if ((first & mask) === 0) {
        const high = first & (mask - 1);
        value += high * 2 ** (8 * i);
        if (!Number.isSafeInteger(value)) throw tooLarge();
        return value;
      }
      value += this.byte() * 2 ** (8 * i);
      mask >>>= 1;
    }
    if (!Number.isSafeInteger(value)) throw tooLarge();
    return value;
  }

  /** A count that must fit the remaining header (guards against absurd declared counts). */
  count(perItemMinBytes: number, what: Bilingual): number {
    const n = this.number();
    if (n * perItemMinBytes > this.buf.length - this.pos + 1 && n > 0 && perItemMinBytes > 0) {
      throw new ArchiveError('corrupt', bi(`7z 檔頭宣稱有 ${n} 個${what['zh-TW']}，超過其剩餘空間所能容納`, `7z header declares ${n} ${what.en}, more than it can hold`));
    }
    return n;
  }

  bitVector(n: number): boolean[] {
    const out: boolean[] = new Array(n);
    let mask = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (mask === 0) {
        b = this.byte();
        mask = 0x80;
      }
      out[i] = (b & mask) !== 0;
      mask >>>= 1;
    }
    return out;
  }

  /** "allAreDefined" byte, then a bit vector unless it is 1. */
  definedVector(n: number): boolean[] {
    const all = this.byte();
    return all ? new Array<boolean>(n).fill(true) : this.bitVector(n);
  }
}
