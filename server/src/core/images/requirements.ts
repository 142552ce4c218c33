/**
 * What an order's family asks of its images: the minimum size (NOTES: X-ray both sides ≥ 1400;
 * MRI the longer side ≥ 256 and the shorter ≥ 192) and the DICOM Modality values expected.
 */
import type { FamilySpec } from '../spec/orders';

export interface ImageSize {
  width: number;
  height: number;
}

/** True when the image meets the family's minimum, or the family has none. */
export function meetsMinimumSize(family: FamilySpec, size: ImageSize): boolean {
  const min = family.minSize;
  if (!min) return true;
  if (min.rule === 'long-short') {
    const long = Math.max(size.width, size.height);
    const short = Math.min(size.width, size.height);
    return long >= Math.max(min.width, min.height) && short >= Math.min(min.width, min.height);
  }
  return size.width >= min.width && size.height >= min.height;
}

/** "512x512", or for long-short rules "256x192 (long x short side)". */
export function minimumSizeText(family: FamilySpec): { 'zh-TW': string; en: string } | null {
  const min = family.minSize;
  if (!min) return null;
  if (min.rule === 'long-short') {
    return { 'zh-TW': `${min.width}x${min.height}（長邊 x 短邊）`, en: `${min.width}x${min.height} (longer x shorter side)` };
  }
  return { 'zh-TW': `${min.width}x${min.height}`, en: `${min.width}x${min.height}` };
}

export function modalityExpected(family: FamilySpec, modality: string | undefined): boolean {
  if (!modality) return false;
  return family.modalities.includes(modality.trim().toUpperCase());
}
