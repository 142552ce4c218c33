/**
 * JPEG frame size by content (ITU T.81 §B.2): SOI, then marker segments up to the first SOFn,
 * whose frame header gives the number of lines and samples per line. The file name's
 * extension plays no part. Works on a prefix: when the SOF lies beyond the bytes given and
 * the file is longer, the result asks for more.
 */
import { problem } from '../dicom/problems';
import type { DicomProblem } from '../dicom/problems';
import type { Bilingual } from '../types';

export interface JpegFrame {
  width: number;
  height: number;
  /** n of SOFn: 0 baseline, 1 extended, 2 progressive, 3 lossless, … */
  process: number;
  components: number;
  precision: number;
}

export interface JpegRead {
  frame: JpegFrame | null;
  problems: DicomProblem[];
  needMore?: number;
  /** For content that is not JPEG: the image or document format its first bytes show, when known. */
  format?: Bilingual;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const image = (name: string): Bilingual => ({ 'zh-TW': `${name} 影像`, en: `a ${name} image` });

/** A PDF's format: a document, not an image. */
export const PDF_DOCUMENT: Bilingual = { 'zh-TW': 'PDF 文件', en: 'a PDF document' };

/**
 * What a file saved as .jpg holds instead, by its first bytes: a modality console's PNG or BMP, a phone's
 * HEIC, a scanner's TIFF, a web page's WebP or GIF, a JPEG 2000, a PDF report. `null` matches any byte.
 */
const OTHER_FORMATS: { at: number; bytes: (number | null)[]; format: Bilingual }[] = [
  { at: 0, bytes: [0x89, ...ascii('PNG')], format: image('PNG') },
  { at: 0, bytes: ascii('BM'), format: image('BMP') },
  { at: 0, bytes: ascii('GIF8'), format: image('GIF') },
  { at: 0, bytes: [...ascii('II'), 0x2a, 0x00], format: image('TIFF') },
  { at: 0, bytes: [...ascii('MM'), 0x00, 0x2a], format: image('TIFF') },
  { at: 0, bytes: [0x00, 0x00, 0x00, 0x0c, ...ascii('jP  ')], format: image('JPEG 2000') },
  { at: 0, bytes: [0xff, 0x4f, 0xff, 0x51], format: image('JPEG 2000') },
  { at: 0, bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')], format: image('WebP') },
  ...['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif'].map((brand) => ({ at: 4, bytes: ascii(`ftyp${brand}`), format: image(brand === 'avif' ? 'AVIF' : 'HEIF/HEIC') })),
  { at: 0, bytes: ascii('%PDF-'), format: PDF_DOCUMENT },
];

/** The format `head` shows by its first bytes (OTHER_FORMATS), or undefined. */
export function otherFormat(head: Uint8Array): Bilingual | undefined {
  return OTHER_FORMATS.find(({ at, bytes }) => head.length >= at + bytes.length && bytes.every((b, i) => b === null || head[at + i] === b))?.format;
}

/** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers without a length field: TEM, RSTn, SOI, EOI. */
function standalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
}

export function isJpeg(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
}

/**
 * Whether the JPEG's markers lead to its EOI (FF D9): segments are skipped by their lengths and
 * entropy-coded data up to its next marker (FF 00 stuffing, fill bytes and RST0-7 belong to the data),
 * so an EOI inside an EXIF thumbnail does not count and bytes after EOI (vendor trailers, padding) do
 * not hide it. Stray bytes between segments are passed over, as decoders do.
 */
export function hasEoi(bytes: Uint8Array): boolean {
  let p = 2;
  for (;;) {
    const ff = bytes.indexOf(0xff, p);
    if (ff < 0 || ff + 1 >= bytes.length) return false;
    const marker = bytes[ff + 1];
    if (marker === 0xd9) return true;
    if (marker === 0xff) p = ff + 1;
    else if (marker === 0x00 || standalone(marker)) p = ff + 2;
    else {
      if (ff + 4 > bytes.length) return false;
      p = ff + 2 + ((bytes[ff + 2] << 8) | bytes[ff + 3]);
    }
  }
}

function truncated(at: number): DicomProblem {
  return problem('jpeg-truncated', 'error', `JPEG 檔在第 ${at} 位元組處中斷，找不到框架標頭（SOF）`, `the JPEG file ends at byte ${at} before its frame header (SOF)`);
}

export function readJpegFrame(bytes: Uint8Array, totalSize = bytes.length): JpegRead {
  const complete = bytes.length >= totalSize;
  if (!isJpeg(bytes)) {
    if (!complete && bytes.length < 3) return { frame: null, problems: [], needMore: Math.min(totalSize, 3) };
    const format = otherFormat(bytes);
    const notJpeg = problem('jpeg-not-jpeg', 'error', '內容不是 JPEG（開頭沒有 SOI 標記 FF D8）', 'the content is not JPEG (no SOI marker FF D8 at the start)');
    return format ? { frame: null, problems: [notJpeg], format } : { frame: null, problems: [notJpeg] };
  }
  let p = 2;
  const more = (need: number): JpegRead =>
    complete || need > totalSize
      ? { frame: null, problems: [truncated(Math.min(bytes.length, totalSize))] }
      : { frame: null, problems: [], needMore: Math.min(totalSize, Math.max(need, bytes.length * 4)) };
  for (;;) {
    // Markers may be preceded by fill bytes 0xFF.
    while (p < bytes.length && bytes[p] === 0xff && p + 1 < bytes.length && bytes[p + 1] === 0xff) p++;
    if (p + 2 > bytes.length) return more(p + 4);
    if (bytes[p] !== 0xff) {
      return { frame: null, problems: [problem('jpeg-no-frame', 'error', `JPEG 結構錯誤：第 ${p} 位元組應為標記`, `malformed JPEG: a marker was expected at byte ${p}`)] };
    }
    const marker = bytes[p + 1];
    if (marker === 0xd9 || marker === 0xda) {
      return { frame: null, problems: [problem('jpeg-no-frame', 'error', 'JPEG 在影像資料前沒有框架標頭（SOF）', 'the JPEG has no frame header (SOF) before its image data')] };
    }
    if (standalone(marker)) {
      p += 2;
      continue;
    }
    if (p + 4 > bytes.length) return more(p + 4);
    const length = (bytes[p + 2] << 8) | bytes[p + 3];
    if (length < 2) {
      return { frame: null, problems: [problem('jpeg-no-frame', 'error', `JPEG 標記段長度錯誤（第 ${p} 位元組）`, `malformed JPEG: bad segment length at byte ${p}`)] };
    }
    if (isSof(marker)) {
      if (p + 10 > bytes.length) return more(p + 10);
      const frame: JpegFrame = {
        precision: bytes[p + 4],
        height: (bytes[p + 5] << 8) | bytes[p + 6],
        width: (bytes[p + 7] << 8) | bytes[p + 8],
        components: bytes[p + 9],
        process: marker - 0xc0,
      };
      return { frame, problems: [] };
    }
    p += 2 + length;
  }
}
