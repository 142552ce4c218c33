import type { Bilingual } from '../../types';
import { bi } from '../../i18n';
import { ArchiveError } from '../errors';
import { CAB_ATTR_NAME_IS_UTF, cabNameText } from './stored-name';
import { cabSignatureArea, type CabSignatureArea } from './signature';

/** CFFOLDER.typeCompress low nibble (MS-CAB 2.2). */
export const CAB_COMPRESSION = { none: 0, mszip: 1, quantum: 2, lzx: 3 } as const;

export const CAB_FLAGS = { prevCabinet: 0x0001, nextCabinet: 0x0002, reservePresent: 0x0004 } as const;

/** CFFILE.iFolder values for files continued across cabinets. */
export const CONTINUED_FOLDER = { fromPrev: 0xfffd, toNext: 0xfffe, prevAndNext: 0xffff } as const;

export { CAB_ATTR_NAME_IS_UTF } from './stored-name';
export const CAB_HEADER_SIZE = 36;
export const CFFOLDER_SIZE = 8;
export const CFFILE_FIXED_SIZE = 16;
export const CFDATA_HEADER_SIZE = 8;
/** Uncompressed bytes per CFDATA block. */
export const CAB_BLOCK_SIZE = 32768;
/** Largest compressed block a decoder accepts (libmspack's CAB_INPUTMAX). */
export const CAB_MAX_BLOCK_INPUT = 32768 + 6144;
/** A cabinet's size field is 32 bits, and the format caps it at 2^31 - 1 bytes. */
export const CAB_MAX_SIZE = 0x7fffffff;

export interface CabHeader {
  cbCabinet: number;
  coffFiles: number;
  cFolders: number;
  cFiles: number;
  flags: number;
  setId: number;
  iCabinet: number;
  cbCFFolder: number;
  cbCFData: number;
  /** Where the header reserve (cbCFHeader) says an Authenticode signature lies, past cbCabinet. */
  signature: CabSignatureArea | undefined;
  prevCabinet: string | null;
  nextCabinet: string | null;
  /** Offset of the first CFFOLDER. */
  foldersOffset: number;
}

export interface CabFolder {
  index: number;
  coffCabStart: number;
  cCFData: number;
  /** Full typeCompress (low nibble = method, bits 8-12 = LZX/Quantum window). */
  typeCompress: number;
}

export interface CabFile {
  cbFile: number;
  uoffFolderStart: number;
  iFolder: number;
  date: number;
  time: number;
  attribs: number;
  rawName: string;
}

function readCString(buf: Uint8Array, pos: number, max: number, utf8: boolean, what: Bilingual): { text: string; next: number } {
  let end = pos;
  const limit = Math.min(buf.length, pos + max);
  while (end < limit && buf[end] !== 0) end++;
  if (end >= limit) throw new ArchiveError('corrupt', bi(`${what['zh-TW']}：名稱沒有結尾`, `${what.en}: unterminated name`));
  const bytes = buf.subarray(pos, end);
  return { text: cabNameText(bytes, utf8), next: end + 1 };
}

/** Parses CFHEADER; `head` holds at least the first CAB_HEADER_SIZE bytes (more when reserves and names follow). */
export function parseCabHeader(head: Uint8Array, fileSize: number): CabHeader {
  if (head.length < CAB_HEADER_SIZE) throw new ArchiveError('truncated', bi(`CAB 檔頭需要 ${CAB_HEADER_SIZE} 位元組，檔案只有 ${head.length} 位元組`, `CAB header needs ${CAB_HEADER_SIZE} bytes, file has ${head.length}`));
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (dv.getUint32(0, true) !== 0x4643534d) throw new ArchiveError('not-archive', bi('沒有 MSCF 簽章', 'no MSCF signature'));
  const cbCabinet = dv.getUint32(8, true);
  const coffFiles = dv.getUint32(16, true);
  const versionMinor = head[24];
  const versionMajor = head[25];
  const cFolders = dv.getUint16(26, true);
  const cFiles = dv.getUint16(28, true);
  const flags = dv.getUint16(30, true);
  const setId = dv.getUint16(32, true);
  const iCabinet = dv.getUint16(34, true);
  if (versionMajor !== 1 || versionMinor !== 3) {
    throw new ArchiveError('corrupt', bi(`CAB 版本為 ${versionMajor}.${versionMinor}，應為 1.3`, `CAB version ${versionMajor}.${versionMinor}, expected 1.3`));
  }
  if (cbCabinet > fileSize) throw new ArchiveError('truncated', bi(`CAB 檔頭記載 ${cbCabinet} 位元組，檔案只有 ${fileSize} 位元組`, `CAB header says ${cbCabinet} bytes, file has ${fileSize}`));
  let pos = CAB_HEADER_SIZE;
  let cbCFFolder = 0;
  let cbCFData = 0;
  let signature: CabSignatureArea | undefined;
  if (flags & CAB_FLAGS.reservePresent) {
    if (head.length < pos + 4) throw new ArchiveError('truncated', bi('CAB 保留區大小', 'CAB reserve sizes'));
    const cbCFHeader = dv.getUint16(pos, true);
    cbCFFolder = head[pos + 2];
    cbCFData = head[pos + 3];
    signature = cabSignatureArea(head.subarray(pos + 4, pos + 4 + cbCFHeader));
    pos += 4 + cbCFHeader;
  }
  let prevCabinet: string | null = null;
  let nextCabinet: string | null = null;
  if (flags & CAB_FLAGS.prevCabinet) {
    const a = readCString(head, pos, 256, false, bi('前一個 CAB 檔名', 'previous cabinet'));
    const b = readCString(head, a.next, 256, false, bi('前一片磁片名稱', 'previous disk'));
    prevCabinet = a.text;
    pos = b.next;
  }
  if (flags & CAB_FLAGS.nextCabinet) {
    const a = readCString(head, pos, 256, false, bi('下一個 CAB 檔名', 'next cabinet'));
    const b = readCString(head, a.next, 256, false, bi('下一片磁片名稱', 'next disk'));
    nextCabinet = a.text;
    pos = b.next;
  }
  if (coffFiles < pos + cFolders * (CFFOLDER_SIZE + cbCFFolder) || coffFiles > cbCabinet) {
    throw new ArchiveError('corrupt', bi(`CAB 檔案表位移 ${coffFiles} 位置不對`, `CAB file table offset ${coffFiles} is out of place`));
  }
  return { cbCabinet, coffFiles, cFolders, cFiles, flags, setId, iCabinet, cbCFFolder, cbCFData, signature, prevCabinet, nextCabinet, foldersOffset: pos };
}

export function parseCabFolders(head: Uint8Array, h: CabHeader): CabFolder[] {
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const folders: CabFolder[] = [];
  const stride = CFFOLDER_SIZE + h.cbCFFolder;
  for (let i = 0; i < h.cFolders; i++) {
    const p = h.foldersOffset + i * stride;
    if (p + CFFOLDER_SIZE > head.length) throw new ArchiveError('truncated', bi('CAB 資料夾表', 'CAB folder table'));
    const coffCabStart = dv.getUint32(p, true);
    if (coffCabStart > h.cbCabinet) throw new ArchiveError('corrupt', bi(`CAB 資料夾 ${i} 的起點超出壓縮檔範圍`, `CAB folder ${i} starts beyond the cabinet`));
    folders.push({ index: i, coffCabStart, cCFData: dv.getUint16(p + 4, true), typeCompress: dv.getUint16(p + 6, true) });
  }
  return folders;
}

/** Parses the CFFILE table; `table` starts at coffFiles. */
export function parseCabFiles(table: Uint8Array, count: number): CabFile[] {
  const dv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const files: CabFile[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + CFFILE_FIXED_SIZE > table.length) throw new ArchiveError('truncated', bi(`CAB 檔案項目 ${i}`, `CAB file entry ${i}`));
    const attribs = dv.getUint16(p + 14, true);
    const name = readCString(table, p + CFFILE_FIXED_SIZE, 257, (attribs & CAB_ATTR_NAME_IS_UTF) !== 0, bi(`CAB 檔案項目 ${i}`, `CAB file entry ${i}`));
    files.push({
      cbFile: dv.getUint32(p, true),
      uoffFolderStart: dv.getUint32(p + 4, true),
      iFolder: dv.getUint16(p + 8, true),
      date: dv.getUint16(p + 10, true),
      time: dv.getUint16(p + 12, true),
      attribs,
      rawName: name.text,
    });
    p = name.next;
  }
  return files;
}

/** MS-DOS date and time (local) to ms since epoch; null when the fields are not a valid date. */
export function dosDateTimeToMs(date: number, time: number): number | null {
  const year = 1980 + (date >>> 9);
  const month = (date >>> 5) & 0x0f;
  const day = date & 0x1f;
  if (month < 1 || month > 12 || day < 1) return null;
  return new Date(year, month - 1, day, time >>> 11, (time >>> 5) & 0x3f, (time & 0x1f) * 2).getTime();
}

/** MS-DOS date and time (local) of `ms`; a time before 1980 or after 2107, which they cannot hold, as the nearest they can. */
export function msToDosDateTime(ms: number): { date: number; time: number } {
  let d = new Date(ms);
  if (d.getFullYear() < 1980) d = new Date(1980, 0, 1);
  else if (d.getFullYear() > 2107) d = new Date(2107, 11, 31, 23, 59, 58);
  const year = d.getFullYear();
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >>> 1),
  };
}
