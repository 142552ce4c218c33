/**
 * Whether a native (uncompressed) Pixel Data (7FE0,0010) holds the bytes its header says the image needs.
 *
 * PS3.5 §8.1.1 and PS3.3 C.7.6.3: Rows × Columns × Samples per Pixel × Bits Allocated / 8 bytes a frame,
 * times Number of Frames (1 when absent), the whole value padded to an even length (PS3.5 §7.1.1). With
 * Bits Allocated 1 the pixel cells are packed eight to a byte, and the frames of a multi-frame image follow
 * each other bit after bit, a frame not starting on a byte boundary: the value needs ⌈all bits / 8⌉ bytes
 * (pydicom's get_expected_length counts so, and dcmtk's segmentation module realigns frames that start
 * mid-byte). YBR_FULL_422 and YBR_PARTIAL_422 (PS3.3 C.7.6.3.1.2) keep two chrominance samples per two pixels
 * of a row: two samples a pixel, not three.
 *
 * Said only of what can be judged (docs/decisions/dicom-pixel-length.md): a native transfer syntax, a
 * defined length, Rows, Columns, Samples per Pixel and Bits Allocated present and valid, Number of Frames
 * absent or a positive integer, and no 4:2:0 subsampling (no native layout of it is defined).
 */
import { problem } from './problems';
import type { DicomProblem } from './problems';
import { transferSyntaxInfo } from './uids';
import type { Bilingual } from '../types';

/** The header values the judgement needs, as the header reader gives them. */
export interface PixelLayout {
  transferSyntaxUid: string;
  rows?: number;
  columns?: number;
  samplesPerPixel?: number;
  bitsAllocated?: number;
  /** Absent: undefined; present but no integer: null. */
  numberOfFrames?: number | null;
  photometricInterpretation?: string;
}

/**
 * Number of Frames (0028,0008) as the judgement takes it, from its value and whether the element is there:
 * a non-negative integer; null when present but empty or no integer; undefined when absent.
 */
export function framesValue(frames: string | undefined, present: boolean): number | null | undefined {
  if (frames !== undefined && /^\s*\d+\s*$/.test(frames)) return Number(frames);
  return present ? null : undefined;
}

/** The bytes the header asks for, unpadded, and how they were counted (both languages); undefined when it cannot be judged. */
export function expectedPixelBytes(h: PixelLayout): { bytes: number; formula: Bilingual } | undefined {
  const { rows, columns, samplesPerPixel: samples, bitsAllocated: bits, numberOfFrames } = h;
  const info = transferSyntaxInfo(h.transferSyntaxUid);
  if (!info || info.encapsulated) return undefined;
  if (!rows || !columns || !samples || !bits) return undefined;
  if (samples !== 1 && samples !== 3 && samples !== 4) return undefined;
  if (bits !== 1 && bits % 8 !== 0) return undefined;
  if (numberOfFrames === null || numberOfFrames === 0) return undefined;
  const frames = numberOfFrames ?? 1;
  const pi = h.photometricInterpretation ?? '';
  if (pi.endsWith('_420')) return undefined;
  const subsampled = pi.endsWith('_422') && samples === 3 && bits !== 1;
  const sizes = `Rows ${rows} × Columns ${columns} × Samples per Pixel ${samples}`;
  const formula = (absent: string): string => {
    const framesText = numberOfFrames === undefined ? `Number of Frames 1${absent}` : `Number of Frames ${frames}`;
    if (bits === 1) return `⌈${sizes} × ${framesText} / 8⌉, Bits Allocated 1`;
    return `${sizes} × Bits Allocated ${bits} / 8 × ${framesText}${subsampled ? ` × 2/3, ${pi}` : ''}`;
  };
  const bytes = bits === 1 ? Math.ceil((rows * columns * samples * frames) / 8) : rows * columns * (subsampled ? 2 : samples) * (bits / 8) * frames;
  return { bytes, formula: { 'zh-TW': formula('（未提供）'), en: formula(' (absent)') } };
}

/**
 * `declared`: Pixel Data's declared length, null for an undefined (encapsulated) one. A native Pixel Data shorter than its image needs (an error: pixels are missing, viewers show none or a wrong
 * image) or longer than it needs beyond the one pad byte (a warning: the image shows, bytes past it are ignored
 * by some readers and taken as a further frame by others).
 */
export function pixelLengthProblem(h: PixelLayout, declared: number | null): DicomProblem | undefined {
  const expected = declared === null ? undefined : expectedPixelBytes(h);
  if (declared === null || !expected) return undefined;
  const { bytes, formula } = expected;
  const padded = bytes + (bytes % 2);
  const pad = bytes % 2 ? { zh: ` = ${bytes}，補 1 位元組成偶數長度`, en: ` = ${bytes}, padded to an even length` } : { zh: '', en: '' };
  if (declared < bytes) {
    return problem(
      'pixel-data-short',
      'error',
      `像素資料 (7FE0,0010) 宣告 ${declared} 位元組，但檔頭所述影像需要 ${padded} 位元組（${formula['zh-TW']}${pad.zh}）：缺少像素資料，檢視軟體無法正確顯示影像`,
      `Pixel Data (7FE0,0010) declares ${declared} bytes but the image its header describes needs ${padded} (${formula.en}${pad.en}): pixels are missing, and viewers show no image or a wrong one`,
    );
  }
  if (declared > padded) {
    return problem(
      'pixel-data-long',
      'warning',
      `像素資料 (7FE0,0010) 宣告 ${declared} 位元組，比檔頭所述影像需要的 ${padded} 位元組多 ${declared - padded}（${formula['zh-TW']}${pad.zh}）：檔頭的影像大小或張數可能有誤`,
      `Pixel Data (7FE0,0010) declares ${declared} bytes, ${declared - padded} more than the ${padded} the image its header describes needs (${formula.en}${pad.en}): the header's image size or frame count may be wrong`,
    );
  }
  return undefined;
}
