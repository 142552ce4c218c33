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
  /** Needed only when Samples per Pixel is 3. */
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

/** The bytes the header asks for, unpadded; undefined when it cannot be judged. */
export function expectedPixelBytes(h: PixelLayout): number | undefined {
  const { rows, columns, samplesPerPixel: samples, bitsAllocated: bits, numberOfFrames } = h;
  const info = transferSyntaxInfo(h.transferSyntaxUid);
  if (!info || info.encapsulated) return undefined;
  if (!rows || !columns || !samples || !bits) return undefined;
  if (samples !== 1 && samples !== 3 && samples !== 4) return undefined;
  if (bits !== 1 && bits % 8 !== 0) return undefined;
  if (numberOfFrames === null || numberOfFrames === 0) return undefined;
  const frames = numberOfFrames ?? 1;
  if (bits === 1) return Math.ceil((rows * columns * samples * frames) / 8);
  const pi = h.photometricInterpretation;
  if (pi?.endsWith('_420')) return undefined;
  return rows * columns * (subsampled(h) ? 2 : samples) * (bits / 8) * frames;
}

/** 4:2:2 colour: two samples a pixel (PS3.3 C.7.6.3.1.2). */
function subsampled(h: PixelLayout): boolean {
  return h.samplesPerPixel === 3 && h.bitsAllocated !== 1 && h.photometricInterpretation?.endsWith('_422') === true;
}

/** How `expectedPixelBytes` counted its `bytes`, for a message; built only for a file that does not fit. */
function formulaOf(h: PixelLayout, bytes: number): Bilingual {
  const sizes = `Rows ${h.rows} × Columns ${h.columns} × Samples per Pixel ${h.samplesPerPixel}`;
  const formula = (absent: string, pad: string): string => {
    const frames = h.numberOfFrames === undefined ? `Number of Frames 1${absent}` : `Number of Frames ${h.numberOfFrames}`;
    const odd = bytes % 2 ? pad : '';
    if (h.bitsAllocated === 1) return `⌈${sizes} × ${frames} / 8⌉, Bits Allocated 1${odd}`;
    return `${sizes} × Bits Allocated ${h.bitsAllocated} / 8 × ${frames}${subsampled(h) ? ` × 2/3, ${h.photometricInterpretation}` : ''}${odd}`;
  };
  return { 'zh-TW': formula('（未提供）', ` = ${bytes}，補 1 位元組成偶數長度`), en: formula(' (absent)', ` = ${bytes}, padded to an even length`) };
}

/**
 * `declared`: Pixel Data's declared length, null for an undefined (encapsulated) one. A native Pixel Data shorter than
 * its image needs (an error: pixels are missing, viewers show none or a wrong image) or longer than it needs beyond the
 * one pad byte (a warning: the image shows, bytes past it are ignored by some readers and taken as a further frame by others).
 */
export function pixelLengthProblem(h: PixelLayout, declared: number | null): DicomProblem | undefined {
  const bytes = declared === null ? undefined : expectedPixelBytes(h);
  if (declared === null || bytes === undefined) return undefined;
  const padded = bytes + (bytes % 2);
  if (declared >= bytes && declared <= padded) return undefined;
  const formula = formulaOf(h, bytes);
  if (declared < bytes) {
    return problem(
      'pixel-data-short',
      'error',
      `像素資料 (7FE0,0010) 宣告 ${declared} 位元組，但檔頭所述影像需要 ${padded} 位元組（${formula['zh-TW']}）：缺少像素資料，檢視軟體無法正確顯示影像`,
      `Pixel Data (7FE0,0010) declares ${declared} bytes but the image its header describes needs ${padded} (${formula.en}): pixels are missing, and viewers show no image or a wrong one`,
    );
  }
  if (declared > padded) {
    return problem(
      'pixel-data-long',
      'warning',
      `像素資料 (7FE0,0010) 宣告 ${declared} 位元組，比檔頭所述影像需要的 ${padded} 位元組多 ${declared - padded}（${formula['zh-TW']}）：檔頭的影像大小或張數可能有誤`,
      `Pixel Data (7FE0,0010) declares ${declared} bytes, ${declared - padded} more than the ${padded} the image its header describes needs (${formula.en}): the header's image size or frame count may be wrong`,
    );
  }
  return undefined;
}
