/**
 * Referenced File IDs (PS3.10 8.2, PS3.12): at most 8 components, each 1-8 characters of
 * A-Z, 0-9 and underscore. Built archives lay instances out as
 * `DICOM/PA000001/ST000001/SE000001/IM000001`: patient, study, series, image, each numbered from 1
 * in the order of the DICOMDIR's records, so the tree mirrors the directory and never collides.
 */

export const MAX_COMPONENTS = 8;
export const MAX_COMPONENT_LENGTH = 8;
const COMPONENT = /^[A-Z0-9_]{1,8}$/;

export const FILE_ID_ROOT = 'DICOM';

const LEVEL_PREFIX = { patient: 'PA', study: 'ST', series: 'SE', image: 'IM' } as const;
const NUMBER_DIGITS = MAX_COMPONENT_LENGTH - 2;
export const MAX_PER_LEVEL = 10 ** NUMBER_DIGITS - 1;

export function isConformantFileId(components: readonly string[]): boolean {
  return components.length >= 1 && components.length <= MAX_COMPONENTS && components.every((c) => COMPONENT.test(c));
}

/** 1-based indexes of the patient, study within patient, series within study, image within series. */
export function fileIdFor(patient: number, study: number, series: number, image: number): string[] {
  return [
    FILE_ID_ROOT,
    component('patient', patient),
    component('study', study),
    component('series', series),
    component('image', image),
  ];
}

function component(level: keyof typeof LEVEL_PREFIX, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PER_LEVEL) throw new RangeError(`${level} index ${n} out of range 1..${MAX_PER_LEVEL}`);
  return LEVEL_PREFIX[level] + String(n).padStart(NUMBER_DIGITS, '0');
}

/** The path inside an archive for a File ID (archives use `/`; the DICOMDIR uses `\`). */
export function archivePathOf(components: readonly string[]): string {
  return components.join('/');
}
