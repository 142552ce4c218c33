import { bi } from '../../i18n';
import { agreeing, counted } from '../../counted';
import { ArchiveError } from '../errors';
import { crc32 } from '../crc32';
import { ByteReader } from './bytes';

/** 7z property ids (7zFormat.txt). */
export const ID = {
  end: 0x00,
  header: 0x01,
  archiveProperties: 0x02,
  additionalStreamsInfo: 0x03,
  mainStreamsInfo: 0x04,
  filesInfo: 0x05,
  packInfo: 0x06,
  unpackInfo: 0x07,
  subStreamsInfo: 0x08,
  size: 0x09,
  crc: 0x0a,
  folder: 0x0b,
  codersUnpackSize: 0x0c,
  numUnpackStream: 0x0d,
  emptyStream: 0x0e,
  emptyFile: 0x0f,
  anti: 0x10,
  name: 0x11,
  ctime: 0x12,
  atime: 0x13,
  mtime: 0x14,
  winAttributes: 0x15,
  comment: 0x16,
  encodedHeader: 0x17,
  startPos: 0x18,
  dummy: 0x19,
} as const;

/** Coder ids as hex, with the method name the reader reports. */
export const CODERS: Record<string, string> = {
  '00': 'copy',
  '030101': 'lzma',
  '21': 'lzma2',
  '06f10701': 'aes',
  '03030103': 'bcj',
  '0303011b': 'bcj2',
  '03': 'delta',
  '040108': 'deflate',
  '040109': 'deflate64',
  '040202': 'bzip2',
  '030401': 'ppmd',
  '04f71101': 'zstd',
  '04f71102': 'brotli',
  '04f71104': 'lz4',
  '04f71105': 'lz5',
  '04f71106': 'lizard',
};

/**
 * The coder ids 7-Zip unpacks 7z archives with, as `7zz i` lists its codecs: the methods of CODERS but the add-ons'
 * and AES, and the filters read through 7-Zip (WebAssembly): Swap2, Swap4, PPC, IA64, ARM, ARMT, SPARC, ARM64, RISCV.
 */
export const SEVEN_ZIP_CODER_IDS: ReadonlySet<string> = new Set([
  '00', '03', '21', '030101', '030401', '040108', '040109', '040202', '06f10701', '03030103', '0303011b',
  '020302', '020304', '03030205', '03030401', '03030501', '03030701', '03030805', '0a', '0b',
]);

/** Methods of 7-Zip add-ons (7-Zip ZS, py7zr) that 7-Zip itself cannot unpack, by their names. */
export const ADD_ON_METHODS: Readonly<Record<string, string>> = { zstd: 'Zstandard', brotli: 'Brotli', lz4: 'LZ4', lz5: 'LZ5', lizard: 'Lizard' };

export const SIGNATURE = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
export const SIGNATURE_HEADER_SIZE = 32;

export interface Coder {
  id: string;
  method: string;
  numIn: number;
  numOut: number;
  props: Uint8Array;
}

export interface Folder {
  coders: Coder[];
  bindPairs: Array<{ inIndex: number; outIndex: number }>;
  packedStreams: number[];
  /** Sizes of every coder output stream, in order. */
  unpackSizes: number[];
  crc: number | null;
  /** Index of the folder's first pack stream in the archive's pack stream list. */
  firstPackStream: number;
  numUnpackStreams: number;
}

export interface StreamsInfo {
  packPos: number;
  packSizes: number[];
  folders: Folder[];
  /** Per substream (file with data), in folder order. */
  subSizes: number[];
  subCrcs: Array<number | null>;
}

export interface FileRecord {
  name: string;
  hasStream: boolean;
  isDir: boolean;
  isAnti: boolean;
  attributes: number | null;
  mtime: number | null;
}

export interface SignatureHeader {
  nextHeaderOffset: number;
  nextHeaderSize: number;
  nextHeaderCrc: number;
}

export function parseSignatureHeader(b: Uint8Array): SignatureHeader {
  if (b.length < SIGNATURE_HEADER_SIZE) throw new ArchiveError('truncated', bi('7z 簽章檔頭', '7z signature header'));
  if (!SIGNATURE.every((x, i) => b[i] === x)) throw new ArchiveError('not-archive', bi('沒有 7z 簽章', 'no 7z signature'));
  if (b[6] !== 0) throw new ArchiveError('unsupported-method', bi(`7z 格式版本 ${b[6]}.${b[7]}`, `7z format version ${b[6]}.${b[7]}`));
  const r = new ByteReader(b);
  r.pos = 8;
  const startCrc = r.u32();
  if (crc32(b.subarray(12, 32)) !== startCrc) throw new ArchiveError('corrupt', bi('7z 起始檔頭 CRC 不符', '7z start header CRC mismatch'));
  return { nextHeaderOffset: r.u64(), nextHeaderSize: r.u64(), nextHeaderCrc: r.u32() };
}

/** The output stream of a folder that no bind pair consumes: the folder's final result. */
export function mainOutStream(f: Folder): number {
  // Asked of every folder (one per file in a store-mode archive) more than once: plain loops, no closure per output.
  const pairs = f.bindPairs;
  for (let i = 0; i < f.unpackSizes.length; i++) {
    let bound = false;
    for (let k = 0; k < pairs.length; k++) {
      if (pairs[k].outIndex === i) {
        bound = true;
        break;
      }
    }
    if (!bound) return i;
  }
  throw new ArchiveError('corrupt', bi('7z 資料夾沒有主要輸出資料流', '7z folder has no main output stream'));
}

export function folderUnpackSize(f: Folder): number {
  return f.unpackSizes[mainOutStream(f)];
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

function readDigests(r: ByteReader, n: number): Array<number | null> {
  const defined = r.definedVector(n);
  return defined.map((d) => (d ? r.u32() : null));
}

function readPackInfo(r: ByteReader, s: StreamsInfo): void {
  s.packPos = r.number();
  const n = r.count(1, bi('封裝資料流', 'pack streams'));
  for (;;) {
    const id = r.number();
    if (id === ID.end) break;
    if (id === ID.size) s.packSizes = Array.from({ length: n }, () => r.number());
    else if (id === ID.crc) readDigests(r, n);
    else throw new ArchiveError('corrupt', bi(`7z PackInfo：非預期的屬性 ${id}`, `7z PackInfo: unexpected property ${id}`));
  }
  if (s.packSizes.length !== n) throw new ArchiveError('corrupt', bi('7z PackInfo 缺少大小', '7z PackInfo without sizes'));
}

const NO_PROPS = new Uint8Array(0);

/** One folder's coders and bindings; its sizes, CRC and streams are filled in by readUnpackInfo. */
function readFolder(r: ByteReader, firstPackStream: number): Folder {
  const numCoders = r.count(2, bi('編碼器', 'coders'));
  if (numCoders === 0 || numCoders > 64) throw new ArchiveError('corrupt', bi(`7z 資料夾有 ${numCoders} 個編碼器`, `7z folder with ${numCoders} coders`));
  const coders: Coder[] = [];
  let totalIn = 0;
  let totalOut = 0;
  for (let i = 0; i < numCoders; i++) {
    const flags = r.byte();
    if (flags & 0x80) throw new ArchiveError('unsupported-method', bi('7z 替代編碼方式', '7z alternative coder methods'));
    const id = hex(r.bytes(flags & 0x0f));
    const complex = (flags & 0x10) !== 0;
    const numIn = complex ? r.number() : 1;
    const numOut = complex ? r.number() : 1;
    if (numIn > 64 || numOut > 64) throw new ArchiveError('corrupt', bi('7z 編碼器的資料流數目', '7z coder stream counts'));
    const props = flags & 0x20 ? r.bytes(r.count(1, bi('屬性位元組', 'property bytes'))) : NO_PROPS;
    coders.push({ id, method: CODERS[id] ?? `other:${id}`, numIn, numOut, props });
    totalIn += numIn;
    totalOut += numOut;
  }
  const bindPairs: Folder['bindPairs'] = [];
  for (let i = 0; i < totalOut - 1; i++) bindPairs.push({ inIndex: r.number(), outIndex: r.number() });
  const numPacked = totalIn - bindPairs.length;
  if (numPacked < 1) throw new ArchiveError('corrupt', bi('7z 資料夾沒有封裝資料流', '7z folder without packed streams'));
  const packedStreams: number[] = [];
  if (numPacked === 1) {
    let free = 0;
    while (free < totalIn && bindPairs.some((bp) => bp.inIndex === free)) free++;
    packedStreams.push(free < totalIn ? free : 0);
  } else {
    for (let i = 0; i < numPacked; i++) packedStreams.push(r.number());
  }
  return { coders, bindPairs, packedStreams, unpackSizes: [], crc: null, firstPackStream, numUnpackStreams: 1 };
}

/** A folder with the coders and bindings of `f` (shared: they are never changed once read), before readUnpackInfo fills in its sizes. */
function folderLike(f: Folder, firstPackStream: number): Folder {
  return { coders: f.coders, bindPairs: f.bindPairs, packedStreams: f.packedStreams, unpackSizes: [], crc: null, firstPackStream, numUnpackStreams: 1 };
}

function readUnpackInfo(r: ByteReader, s: StreamsInfo): void {
  if (r.number() !== ID.folder) throw new ArchiveError('corrupt', bi('7z UnpackInfo 缺少資料夾', '7z UnpackInfo without folders'));
  const n = r.count(3, bi('資料夾', 'folders'));
  if (r.byte() !== 0) throw new ArchiveError('unsupported-method', bi('7z 外部資料夾資料', '7z external folder data'));
  let pack = 0;
  // Folders written by one archiver are mostly alike byte for byte (a store-mode archive: one per file):
  // a folder whose bytes repeat the one before shares its coders and bindings, read once. The one before
  // is known by where its bytes lie, so no view or object is made per folder.
  const folders = s.folders;
  let last: Folder | undefined;
  let lastStart = 0;
  let lastEnd = 0;
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    const f = last && r.skipIfRepeated(lastStart, lastEnd) ? folderLike(last, pack) : readFolder(r, pack);
    folders.push(f);
    pack += f.packedStreams.length;
    last = f;
    lastStart = start;
    lastEnd = r.pos;
  }
  if (r.number() !== ID.codersUnpackSize) throw new ArchiveError('corrupt', bi('7z UnpackInfo 缺少大小', '7z UnpackInfo without sizes'));
  // Indexed loops: run once per folder, mostly before V8 has optimised them, where for...of makes an object per step.
  for (let i = 0; i < folders.length; i++) {
    const f = folders[i];
    for (let j = 0; j < f.coders.length; j++) for (let k = 0; k < f.coders[j].numOut; k++) f.unpackSizes.push(r.number());
  }
  for (;;) {
    const id = r.number();
    if (id === ID.end) break;
    if (id === ID.crc) readDigests(r, n).forEach((c, i) => (s.folders[i].crc = c));
    else throw new ArchiveError('corrupt', bi(`7z UnpackInfo：非預期的屬性 ${id}`, `7z UnpackInfo: unexpected property ${id}`));
  }
}

/** `maxStreams`: every substream is a file, so no more of them than the entries an archive may list. */
function readSubStreamsInfo(r: ByteReader, s: StreamsInfo, maxStreams: number): void {
  const folders = s.folders;
  let id = r.number();
  if (id === ID.numUnpackStream) {
    let total = 0;
    for (let i = 0; i < folders.length; i++) {
      const f = folders[i];
      f.numUnpackStreams = r.number();
      total += f.numUnpackStreams;
      if (total > maxStreams) throw new ArchiveError('limit-exceeded', bi(`7z 壓縮檔列出超過 ${maxStreams} 個資料流，超過項目數上限`, `7z archive lists more than ${maxStreams} streams, the cap on entries`));
    }
    id = r.number();
  }
  const hasSizes = id === ID.size;
  for (let i = 0; i < folders.length; i++) {
    const f = folders[i];
    if (f.numUnpackStreams === 0) continue;
    let sum = 0;
    for (let j = 1; j < f.numUnpackStreams; j++) {
      const size = hasSizes ? r.number() : 0;
      s.subSizes.push(size);
      sum += size;
    }
    const total = folderUnpackSize(f);
    if (sum > total) throw new ArchiveError('corrupt', bi('7z 子資料流大小總和超過其資料夾', '7z substream sizes exceed their folder'));
    s.subSizes.push(total - sum);
  }
  if (hasSizes) id = r.number();
  // CRCs: folders with one substream and a folder CRC keep it; the rest are listed here.
  const crcs: Array<number | null> = [];
  let missing = 0;
  for (let i = 0; i < folders.length; i++) if (!(folders[i].numUnpackStreams === 1 && folders[i].crc !== null)) missing += folders[i].numUnpackStreams;
  while (id !== ID.end) {
    if (id === ID.crc) {
      const digests = readDigests(r, missing);
      let k = 0;
      for (let i = 0; i < folders.length; i++) {
        const f = folders[i];
        if (f.numUnpackStreams === 1 && f.crc !== null) crcs.push(f.crc);
        else for (let j = 0; j < f.numUnpackStreams; j++) crcs.push(digests[k++]);
      }
    } else {
      throw new ArchiveError('corrupt', bi(`7z SubStreamsInfo：非預期的屬性 ${id}`, `7z SubStreamsInfo: unexpected property ${id}`));
    }
    id = r.number();
  }
  s.subCrcs = crcs.length ? crcs : s.folders.flatMap((f) => (f.numUnpackStreams === 1 ? [f.crc] : new Array(f.numUnpackStreams).fill(null)));
}

const STREAMS_INFO_ORDER: Record<number, number> = { [ID.packInfo]: 1, [ID.unpackInfo]: 2, [ID.subStreamsInfo]: 3 };

export function readStreamsInfo(r: ByteReader, maxStreams: number): StreamsInfo {
  const s: StreamsInfo = { packPos: 0, packSizes: [], folders: [], subSizes: [], subCrcs: [] };
  // PackInfo, UnpackInfo, SubStreamsInfo: each at most once and in this order, as 7-Zip reads them.
  let section = 0;
  for (;;) {
    const id = r.number();
    if (id === ID.end) break;
    const order = STREAMS_INFO_ORDER[id];
    if (order === undefined) throw new ArchiveError('corrupt', bi(`7z StreamsInfo：非預期的屬性 ${id}`, `7z StreamsInfo: unexpected property ${id}`));
    if (order <= section) throw new ArchiveError('corrupt', bi(`7z StreamsInfo：屬性 ${id} 重複或順序錯亂`, `7z StreamsInfo: property ${id} repeated or out of order`));
    section = order;
    if (id === ID.packInfo) readPackInfo(r, s);
    else if (id === ID.unpackInfo) readUnpackInfo(r, s);
    else readSubStreamsInfo(r, s, maxStreams);
  }
  if (section !== STREAMS_INFO_ORDER[ID.subStreamsInfo]) {
    s.subSizes = s.folders.map(folderUnpackSize);
    s.subCrcs = s.folders.map((f) => f.crc);
  }
  const packNeeded = s.folders.reduce((t, f) => t + f.packedStreams.length, 0);
  if (packNeeded > s.packSizes.length) throw new ArchiveError('corrupt', bi('7z 資料夾使用的封裝資料流多於所列', '7z folders use more pack streams than listed'));
  return s;
}

/**
 * The names block: UTF-16LE names, each ended by a NUL code unit; decoded at once, then split. It holds exactly the
 * names of the files: 7-Zip reports bytes left after the last one as a header error (`7zz t` fails), while other
 * readers list them, so such an archive is corrupt here too.
 */
function utf16Names(data: Uint8Array, n: number): string[] {
  const parts = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf16le').split('\0');
  // The last part follows the last terminator: a name only if it was terminated too.
  if (parts.length - 1 < n) throw new ArchiveError('corrupt', bi(`7z 檔頭列出 ${n} 個檔案，但只有 ${parts.length - 1} 個檔名`, `7z header lists ${counted(n, 'file')} but ${counted(parts.length - 1, 'name')}`));
  if (parts.length - 1 > n || parts[n] !== '' || data.byteLength % 2 !== 0) {
    throw new ArchiveError('corrupt', {
      'zh-TW': `7z 標頭的檔名區在 ${n} 個檔案的檔名之後還有資料（7-Zip 回報標頭錯誤）`,
      en: `7z header: its names block holds more than the ${agreeing(n, 'name of its one file', `names of its ${n} files`)} (7-Zip reports a headers error)`,
    });
  }
  return parts.slice(0, n);
}

const FILETIME_EPOCH_DIFF_MS = 11644473600000;

export function readFilesInfo(r: ByteReader, maxEntries: number): FileRecord[] {
  const n = r.number();
  if (n > maxEntries) throw new ArchiveError('limit-exceeded', bi(`7z 壓縮檔列出 ${n} 個項目，上限為 ${maxEntries}`, `7z archive lists ${n} entries, the cap is ${maxEntries}`));
  const files: FileRecord[] = Array.from({ length: n }, () => ({ name: '', hasStream: true, isDir: false, isAnti: false, attributes: null, mtime: null }));
  let emptyStream: boolean[] = new Array(n).fill(false);
  let emptyFile: boolean[] = [];
  let anti: boolean[] = [];
  for (;;) {
    const type = r.number();
    if (type === ID.end) break;
    const size = r.number();
    const body = new ByteReader(r.bytes(size));
    switch (type) {
      case ID.emptyStream:
        emptyStream = body.bitVector(n);
        break;
      case ID.emptyFile:
        emptyFile = body.bitVector(emptyStream.filter(Boolean).length);
        break;
      case ID.anti:
        anti = body.bitVector(emptyStream.filter(Boolean).length);
        break;
      case ID.name: {
        if (body.byte() !== 0) throw new ArchiveError('unsupported-method', bi('7z 外部檔名', '7z external names'));
        utf16Names(body.bytes(size - 1), n).forEach((name, i) => (files[i].name = name));
        break;
      }
      case ID.mtime: {
        const defined = body.definedVector(n);
        if (body.byte() !== 0) throw new ArchiveError('unsupported-method', bi('7z 外部時間', '7z external times'));
        defined.forEach((d, i) => {
          if (d) files[i].mtime = body.u64() / 10000 - FILETIME_EPOCH_DIFF_MS;
        });
        break;
      }
      case ID.winAttributes: {
        const defined = body.definedVector(n);
        if (body.byte() !== 0) throw new ArchiveError('unsupported-method', bi('7z 外部屬性', '7z external attributes'));
        defined.forEach((d, i) => {
          if (d) files[i].attributes = body.u32();
        });
        break;
      }
      default:
        break; // ctime, atime, comment, startPos, dummy: not needed
    }
  }
  let k = 0;
  files.forEach((f, i) => {
    if (emptyStream[i]) {
      f.hasStream = false;
      f.isDir = !emptyFile[k];
      f.isAnti = anti[k] ?? false;
      k++;
    }
  });
  return files;
}

export interface ParsedHeader {
  streams: StreamsInfo | null;
  files: FileRecord[];
}

/** Parses a plain (kHeader) header. */
export function parseHeader(buf: Uint8Array, maxEntries: number): ParsedHeader {
  const r = new ByteReader(buf);
  if (r.number() !== ID.header) throw new ArchiveError('corrupt', bi('7z 檔頭不是以 kHeader 開始', '7z header does not start with kHeader'));
  let streams: StreamsInfo | null = null;
  let files: FileRecord[] = [];
  for (;;) {
    const id = r.number();
    if (id === ID.end) break;
    if (id === ID.archiveProperties) {
      for (;;) {
        const t = r.number();
        if (t === ID.end) break;
        r.bytes(r.number());
      }
    } else if (id === ID.additionalStreamsInfo) readStreamsInfo(r, maxEntries);
    else if (id === ID.mainStreamsInfo) streams = readStreamsInfo(r, maxEntries);
    else if (id === ID.filesInfo) files = readFilesInfo(r, maxEntries);
    else throw new ArchiveError('corrupt', bi(`7z 檔頭：非預期的屬性 ${id}`, `7z header: unexpected property ${id}`));
  }
  return { streams, files };
}
