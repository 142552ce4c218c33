import type { Bilingual } from '../types';
import { agreeing, counted } from '../counted';
import { bi } from '../i18n';

/**
 * The words of A14-empty for DICOM files without an image (no Pixel Data, Rows or Columns: reports, RT plans,
 * waveforms), said alike by the check of an archive and by the build that refuses such a row before packing it.
 */
export function withoutPixelsText(count: number): Bilingual {
  return bi(`${count} 個 DICOM 檔沒有影像資料（Pixel Data、Rows、Columns）`, `${counted(count, 'DICOM file')} ${agreeing(count, 'holds', 'hold')} no pixel data (Pixel Data, Rows, Columns)`);
}
