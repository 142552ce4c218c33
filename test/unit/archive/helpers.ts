import { strict as assert } from 'node:assert';
import { closeSync, mkdtempSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cfdataChecksum } from '../../../server/src/core/archive/cab/checksum';
import { crc32 } from '../../../server/src/core/archive/crc32';
import { lzxCabinetOfFrames } from '../../fixtures/lzx';
import { signatureHeader } from '../../../server/src/core/archive/sevenzip/writer-store';
import { write7zStore, writeCab, type ArchiveInput } from '../../../server/src/core/archive/write';

/** A temporary folder removed by `cleanup()`. */
export function tempDir(prefix = 'nhi-archive-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A DICOM-looking file: 128-byte preamble, "DICM", then random (incompressible) bytes. */
export function dicomLike(size: number): Buffer {
  const b = randomBytes(Math.max(size, 132));
  b.fill(0, 0, 128);
  b.write('DICM', 128, 'latin1');
  return b.subarray(0, size);
}

/** Writes the given contents under `dir/src` and returns the inputs for a writer, in order. */
export function makeSources(dir: string, contents: Record<string, Buffer>): ArchiveInput[] {
  return Object.entries(contents).map(([archivePath, data]) => {
    const sourcePath = join(dir, 'src', archivePath);
    mkdirSync(dirname(sourcePath), { recursive: true });
    writeFileSync(sourcePath, data);
    return { archivePath, sourcePath };
  });
}

/** A small varied set: an empty file, a tiny one, one spanning several 32 KiB CAB blocks, compressible text. */
export function sampleContents(): Record<string, Buffer> {
  return {
    DICOMDIR: dicomLike(3000),
    'DICOM/ST1/SE1/IM1': dicomLike(200_000),
    'DICOM/ST1/SE1/IM2': dicomLike(1),
    'DICOM/ST1/SE1/EMPTY': Buffer.alloc(0),
    'NOTES.TXT': Buffer.from('PatientName^Test '.repeat(5000)),
  };
}

/**
 * A cabinet with one LZX folder (window 2^15) holding `data` (≤ 32 KiB) as one uncompressed LZX block:
 * no program in Debian writes LZX cabinets, and this is a valid one (cabextract -t accepts it).
 */
export function lzxCabinet(name: string, data: Buffer): Buffer {
  if (data.length > 32768) throw new Error('one frame only');
  // Bits, most significant first in 16-bit little-endian words: 0 (no E8 translation), 011
  // (uncompressed block), the 24-bit block length, then padding to the word boundary.
  const bits = ((3 << 24) | data.length) << 4;
  const head = Buffer.alloc(4);
  head.writeUInt16LE((bits >>> 16) & 0xffff, 0);
  head.writeUInt16LE(bits & 0xffff, 2);
  const repeats = Buffer.alloc(12);
  for (let i = 0; i < 3; i++) repeats.writeUInt32LE(1, i * 4); // R0, R1, R2
  const lzx = Buffer.concat([head, repeats, data, Buffer.alloc(data.length & 1)]);
  return lzxCabinetOfFrames([{ name, data }], [{ compressed: lzx, uncompressed: data.length }], 15);
}

/** A 7z NUMBER of 5 bytes (values below 2^35): 0xF0 with the value's bits 32-34, then its low 4 bytes. */
function number5(v: number): Buffer {
  const out = Buffer.alloc(5);
  out[0] = 0xf0 | Math.floor(v / 2 ** 32);
  out.writeUInt32LE(v % 2 ** 32, 1);
  return out;
}

/**
 * Rewrites a store 7z made by write7z (header: kHeader, MainStreamsInfo, PackInfo, packPos 0) into `out`
 * with a hole of `hole` bytes before its packed data: PackInfo's packPos and the start header's next-header
 * offset move by as much, and the file system leaves the hole unallocated.
 */
export function sevenZipWithHole(original: Buffer, out: string, hole: number): void {
  const nextOffset = Number(original.readBigUInt64LE(12));
  const header = original.subarray(32 + nextOffset);
  assert.deepEqual([...header.subarray(0, 4)], [0x01, 0x04, 0x06, 0x00], 'a plain header whose PackInfo starts at packPos 0');
  const moved = Buffer.concat([header.subarray(0, 3), number5(hole), header.subarray(4)]);
  const start = signatureHeader(nextOffset + hole, moved);
  const fd = openSync(out, 'w');
  try {
    writeSync(fd, start, 0, 32, 0);
    writeSync(fd, original, 32, nextOffset, 32 + hole);
    writeSync(fd, moved, 0, moved.length, 32 + hole + nextOffset);
  } finally {
    closeSync(fd);
  }
}

/**
 * The cabinet `cab` (one made without reserved fields, as writeCab and gcab make them) rewritten with reserved
 * areas: `header` bytes after CFHEADER (as code signing leaves), `folder` bytes after each CFFOLDER and `data`
 * bytes in each CFDATA. Block checksums cover the data reserve (MS-CAB, 7-Zip) or leave it out (libmspack).
 */
export function withReserves(cab: Buffer, reserve: { header: number; folder: number; data: number; checksum: 'with-reserve' | 'without-reserve' }): Buffer {
  const folders = cab.readUInt16LE(26);
  if (cab.readUInt16LE(30) !== 0) throw new Error('a cabinet without flags is expected');
  const coffFiles = cab.readUInt32LE(16);
  const headLen = 36 + 4 + reserve.header + folders * (8 + reserve.folder);
  const files = cab.subarray(coffFiles, cab.readUInt32LE(36));
  const folderEntries: Buffer[] = [];
  const blocks: Buffer[] = [];
  let at = headLen + files.length;
  for (let f = 0; f < folders; f++) {
    const entry = Buffer.alloc(8 + reserve.folder, 0xa5);
    cab.copy(entry, 0, 36 + 8 * f, 36 + 8 * f + 8);
    entry.writeUInt32LE(at, 0);
    folderEntries.push(entry);
    let pos = cab.readUInt32LE(36 + 8 * f);
    for (let b = 0; b < cab.readUInt16LE(36 + 8 * f + 4); b++) {
      const cbData = cab.readUInt16LE(pos + 4);
      const data = cab.subarray(pos + 8, pos + 8 + cbData);
      const res = Buffer.from(Array.from({ length: reserve.data }, (_, k) => k + 1));
      const head = Buffer.alloc(8);
      cab.copy(head, 4, pos + 4, pos + 8);
      const covered = reserve.checksum === 'with-reserve' ? Buffer.concat([res, data]) : data;
      head.writeUInt32LE(cfdataChecksum(head.subarray(4, 8), covered), 0);
      blocks.push(head, res, data);
      at += 8 + reserve.data + cbData;
      pos += 8 + cbData;
    }
  }
  const header = Buffer.from(cab.subarray(0, 36));
  header.writeUInt32LE(at, 8);
  header.writeUInt32LE(headLen, 16);
  header.writeUInt16LE(0x0004, 30);
  const sizes = Buffer.alloc(4);
  sizes.writeUInt16LE(reserve.header, 0);
  sizes[2] = reserve.folder;
  sizes[3] = reserve.data;
  return Buffer.concat([header, sizes, Buffer.alloc(reserve.header, 0x5a), ...folderEntries, files, ...blocks]);
}

/** A 7z NUMBER below 128: one byte. */
function small(v: number): number[] {
  if (v >= 128) throw new Error(`${v}: one byte holds below 128`);
  return [v];
}

function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}

/**
 * A store 7z: one Copy folder per stream in `streams` (each under 128 bytes), then FilesInfo listing `names`
 * (none of them empty streams), its names block followed by `afterNames` bytes, and their Windows `attributes` if given.
 * `declaredSizes` are the sizes its header gives the streams (packed and unpacked) instead of theirs.
 */
export function storeSevenZip(streams: Buffer[], names: string[], afterNames: number[] = [], attributes?: number[], declaredSizes?: number[]): Buffer {
  const size = (s: Buffer, i: number) => (declaredSizes ? number7z(declaredSizes[i]) : small(s.length));
  const h: number[] = [0x01, 0x04];
  h.push(0x06, 0x00, ...small(streams.length), 0x09, ...streams.flatMap(size), 0x00);
  h.push(0x07, 0x0b, ...small(streams.length), 0x00, ...streams.flatMap(() => [0x01, 0x01, 0x00]));
  h.push(0x0c, ...streams.flatMap(size), 0x00);
  h.push(0x08, 0x0a, 0x01, ...streams.flatMap((s) => u32(crc32(s))), 0x00, 0x00);
  const nameBytes = [0x00, ...names.flatMap((n) => [...Buffer.from(n + '\0', 'utf16le')]), ...afterNames];
  h.push(0x05, ...small(names.length), 0x11, ...small(nameBytes.length), ...nameBytes);
  if (attributes) h.push(0x15, ...small(2 + 4 * attributes.length), 0x01, 0x00, ...attributes.flatMap(u32));
  h.push(0x00, 0x00);
  const header = Uint8Array.from(h);
  const data = Buffer.concat(streams);
  return Buffer.concat([signatureHeader(data.length, header), data, header]);
}

/** A 7z NUMBER of any size below 2^56. */
function number7z(v: number): number[] {
  for (let i = 0; i < 8; i++) {
    if (v < 2 ** (7 * (i + 1))) {
      const high = Math.floor(v / 2 ** (8 * i));
      return [((0xff00 >>> i) & 0xff) | high, ...Array.from({ length: i }, (_, k) => Math.floor(v / 2 ** (8 * k)) & 0xff)];
    }
  }
  throw new Error(`${v}: too large`);
}

/**
 * `archive` (a 7z of a plain header, such as storeSevenZip's) with its header packed by the coder `coderId` into
 * `pack(header)`, as a kEncodedHeader: how 7-Zip writes headers with LZMA, here with any method.
 */
export function withEncodedHeader(archive: Buffer, coderId: number[], pack: (header: Buffer) => Buffer): Buffer {
  const dataSize = Number(archive.readBigUInt64LE(12));
  const header = archive.subarray(32 + dataSize, 32 + dataSize + Number(archive.readBigUInt64LE(20)));
  const packed = pack(header);
  const encoded = Uint8Array.from([
    0x17,
    ...[0x06, ...number7z(dataSize), 0x01, 0x09, ...number7z(packed.length), 0x00],
    ...[0x07, 0x0b, 0x01, 0x00, 0x01, coderId.length, ...coderId, 0x0c, ...number7z(header.length), 0x0a, 0x01, ...u32(crc32(header)), 0x00],
    0x00,
  ]);
  const data = archive.subarray(32, 32 + dataSize);
  return Buffer.concat([signatureHeader(dataSize + packed.length, encoded), data, packed, encoded]);
}


/**
 * For each test of the suite it is called in, a temporary folder (`dir`, removed after the test) and archiveBuilders
 * writing in it.
 */
export function archivesEachTest(): { readonly dir: string } & ReturnType<typeof archiveBuilders> {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());
  return {
    get dir() {
      return tmp.dir;
    },
    build7z: (contents) => archiveBuilders(tmp.dir).build7z(contents),
    buildCab: (contents, compression) => archiveBuilders(tmp.dir).buildCab(contents, compression),
  };
}

/** Packs `contents` into a.7z (stored) and a.CAB in `dir`, as the tests of damaged archives start from. */
export function archiveBuilders(dir: string) {
  return {
    build7z: async (contents: Record<string, Buffer>) => (await write7zStore(makeSources(dir, contents), join(dir, 'a.7z'))).path,
    buildCab: async (contents: Record<string, Buffer>, compression: 'mszip' | 'none' = 'mszip') =>
      (await writeCab(makeSources(dir, contents), join(dir, 'a.CAB'), { compression })).path,
  };
}
