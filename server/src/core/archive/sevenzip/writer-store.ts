import { AtomicOutput } from '../atomic';
import { crc32 } from '../crc32';
import { pipeFile } from '../copy-pipeline';
import { toArchiveError } from '../errors';
import { statInputs, type ArchiveInput, type WriteProgress, type WriteResult } from '../inputs';
import { ID, SIGNATURE, SIGNATURE_HEADER_SIZE } from './header';

const FILE_ATTRIBUTE_ARCHIVE = 0x20;
/** 100-nanosecond intervals from 1601-01-01 (FILETIME's epoch) to 1970-01-01. */
const FILETIME_EPOCH_DIFF = 116444736000000000n;

/** Builds the bytes of a 7z header. */
class HeaderWriter {
  private parts: number[] = [];

  byte(b: number): this {
    this.parts.push(b & 0xff);
    return this;
  }

  /** 7z NUMBER: as many leading 1-bits in the first byte as extra little-endian bytes follow. */
  number(v: number): this {
    for (let i = 0; i < 8; i++) {
      if (v < 2 ** (7 * (i + 1))) {
        const high = Math.floor(v / 2 ** (8 * i));
        this.byte((0xff00 >>> i) & 0xff | high);
        for (let k = 0; k < i; k++) this.byte(Math.floor(v / 2 ** (8 * k)));
        return this;
      }
    }
    this.byte(0xff);
    for (let k = 0; k < 8; k++) this.byte(Math.floor(v / 2 ** (8 * k)));
    return this;
  }

  u32(v: number): this {
    for (let k = 0; k < 4; k++) this.byte(v >>> (8 * k));
    return this;
  }

  u64(v: number): this {
    this.u32(v % 0x100000000);
    return this.u32(Math.floor(v / 0x100000000));
  }

  /** A FILETIME or other unsigned 64-bit value beyond a double's 53 bits. */
  u64n(v: bigint): this {
    this.u32(Number(v & 0xffffffffn));
    return this.u32(Number((v >> 32n) & 0xffffffffn));
  }

  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }

  bits(flags: boolean[]): this {
    for (let i = 0; i < flags.length; i += 8) {
      let b = 0;
      for (let k = 0; k < 8 && i + k < flags.length; k++) if (flags[i + k]) b |= 0x80 >>> k;
      this.byte(b);
    }
    return this;
  }

  property(id: number, body: HeaderWriter): this {
    this.number(id).number(body.length);
    for (const x of body.parts) this.parts.push(x);
    return this;
  }

  get length(): number {
    return this.parts.length;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** The header of a store-mode archive: one Copy folder per non-empty file, CRCs in SubStreamsInfo. */
function storeHeader(entries: Array<{ name: string; size: number; crc: number; mtimeNs: bigint }>): Uint8Array {
  const streams = entries.filter((e) => e.size > 0);
  const h = new HeaderWriter().number(ID.header);
  if (streams.length) {
    h.number(ID.mainStreamsInfo);
    h.number(ID.packInfo).number(0).number(streams.length).number(ID.size);
    for (const s of streams) h.number(s.size);
    h.number(ID.end);
    h.number(ID.unpackInfo).number(ID.folder).number(streams.length).byte(0);
    for (let i = 0; i < streams.length; i++) h.number(1).byte(0x01).byte(0x00); // one coder, id 00 (Copy)
    h.number(ID.codersUnpackSize);
    for (const s of streams) h.number(s.size);
    h.number(ID.end);
    h.number(ID.subStreamsInfo).number(ID.crc).byte(1);
    for (const s of streams) h.u32(s.crc);
    h.number(ID.end);
    h.number(ID.end);
  }
  h.number(ID.filesInfo).number(entries.length);
  const empty = entries.map((e) => e.size === 0);
  if (empty.some(Boolean)) {
    h.property(ID.emptyStream, new HeaderWriter().bits(empty));
    h.property(ID.emptyFile, new HeaderWriter().bits(empty.filter(Boolean).map(() => true)));
  }
  const names = new HeaderWriter().byte(0);
  for (const e of entries) names.bytes(Buffer.from(e.name + '\0', 'utf16le'));
  h.property(ID.name, names);
  const times = new HeaderWriter().byte(1).byte(0);
  // To the 100 ns, truncated as 7-Zip records a file's time: through milliseconds (a double) it was off by up to 1.6 µs.
  for (const e of entries) times.u64n(e.mtimeNs / 100n + FILETIME_EPOCH_DIFF);
  h.property(ID.mtime, times);
  const attrs = new HeaderWriter().byte(1).byte(0);
  for (let i = 0; i < entries.length; i++) attrs.u32(FILE_ATTRIBUTE_ARCHIVE);
  h.property(ID.winAttributes, attrs);
  h.number(ID.end);
  h.number(ID.end);
  return h.toBytes();
}

/** The 32-byte start header of a 7z whose (plain or packed) header of these bytes starts `nextOffset` bytes after it. */
export function signatureHeader(nextOffset: number, header: Uint8Array): Uint8Array {
  const tail = new HeaderWriter().u64(nextOffset).u64(header.length).u32(crc32(header)).toBytes();
  const out = new Uint8Array(SIGNATURE_HEADER_SIZE);
  out.set(SIGNATURE, 0);
  out[6] = 0;
  out[7] = 4;
  out.set(new HeaderWriter().u32(crc32(tail)).toBytes(), 8);
  out.set(tail, 12);
  return out;
}

/** Writes a store-mode (no compression) 7z archive in JS, atomically. */
export async function write7zStore(
  files: readonly ArchiveInput[],
  outPath: string,
  options: { signal?: AbortSignal; onProgress?: (p: WriteProgress) => void } = {},
): Promise<WriteResult> {
  const inputs = await statInputs(files);
  const bytesTotal = inputs.reduce((t, f) => t + f.size, 0);
  const out = await AtomicOutput.create(outPath);
  try {
    let pos = SIGNATURE_HEADER_SIZE;
    let bytesDone = 0;
    const entries: Array<{ name: string; size: number; crc: number; mtimeNs: bigint }> = [];
    for (const [i, f] of inputs.entries()) {
      let crc = 0;
      await pipeFile(
        f.sourcePath,
        f.size,
        async (chunk) => {
          crc = crc32(chunk, crc);
          let written = 0;
          while (written < chunk.length) {
            const { bytesWritten } = await out.handle.write(chunk, written, chunk.length - written, pos + written);
            written += bytesWritten;
          }
          pos += chunk.length;
          bytesDone += chunk.length;
          options.onProgress?.({ bytesDone, bytesTotal, filesDone: i, filesTotal: inputs.length });
        },
        options.signal,
      );
      entries.push({ name: f.archivePath, size: f.size, crc, mtimeNs: f.mtimeNs });
    }
    const header = storeHeader(entries);
    await out.handle.write(header, 0, header.length, pos);
    await out.handle.write(signatureHeader(pos - SIGNATURE_HEADER_SIZE, header), 0, SIGNATURE_HEADER_SIZE, 0);
    await out.commit();
    options.onProgress?.({ bytesDone, bytesTotal, filesDone: inputs.length, filesTotal: inputs.length });
    return { path: outPath, bytes: pos + header.length, entries: inputs.length };
  } catch (e) {
    await out.abort();
    throw toArchiveError(e, outPath);
  }
}
