/**
 * The attributes a DICOM instance needs to be filed and, with Pixel Data, shown: the identifying Type 1 attributes
 * of every composite instance and the Image Pixel module's (PS3.3 C.7.6.3), present, valid and consistent as
 * dicom3tools' dciodvfy checks them (and, image-pixel-attributes.ts, the Type 1C attributes Photometric Interpretation and
 * Samples per Pixel call for, and a Secondary Capture image's colour terms). Judged from the header the reader already
 * gave (DicomHeader): no byte more is read.
 *
 * Severities (docs/decisions/dicom-required-attributes.md): an error where dciodvfy reports an Error and a viewer
 * cannot show or file the instance (dcmtk's dcm2pnm refuses the image, or shows a wrong one; a PACS and the build
 * file an instance by its UIDs); a warning where dciodvfy reports one, or where viewers still show the image.
 */
import { bi } from '../i18n';
import type { Bilingual } from '../types';
import type { DicomProblemCode } from './problems';
import { imagePixelFindings, PHOTOMETRIC_SAMPLES } from './image-pixel-attributes';
import type { DicomHeader, DicomRead } from './read';

export type AttributeSeverity = 'error' | 'warning';

export interface AttributeFinding {
  severity: AttributeSeverity;
  message: Bilingual;
}

/** One attribute of the tables: where the header holds it, its tag and name, the module that asks for it and its type there. */
interface AttributeSpec {
  key: keyof DicomHeader;
  tag: string;
  name: string;
  module: Bilingual;
  type: '1' | '1C';
  /** Absent or empty. */
  absent: AttributeSeverity;
}

const SOP_COMMON = bi('SOP Common 模組（PS3.3 C.12.1）', 'SOP Common module (PS3.3 C.12.1)');
const GENERAL_STUDY = bi('General Study 模組（PS3.3 C.7.2.1）', 'General Study module (PS3.3 C.7.2.1)');
const GENERAL_SERIES = bi('General Series 模組（PS3.3 C.7.3.1）', 'General Series module (PS3.3 C.7.3.1)');
/** Modality is said only of objects without an image, whose series modules hold it as Type 1 too. */
const SERIES = bi(
  '系列模組（General Series PS3.3 C.7.3.1；報告等物件為其系列模組，如 SR Document Series C.17.1、Key Object Document Series C.17.6.1）',
  'series module (General Series, PS3.3 C.7.3.1; for reports and other objects their own, such as SR Document Series, C.17.1, or Key Object Document Series, C.17.6.1)',
);
const IMAGE_PIXEL = bi('Image Pixel 模組（PS3.3 C.7.6.3）', 'Image Pixel module (PS3.3 C.7.6.3)');

/**
 * Every composite instance's. Modality is said only of objects without an image (reports, key objects, …): an image's
 * absent Modality is A14-modality's, judged against the order (row-rules.ts). An instance without SOP Class UID in its
 * data set is said to lack it even when its meta group names one (0002,0002): dciodvfy cannot tell its IOD either.
 */
const IDENTIFYING: readonly AttributeSpec[] = [
  { key: 'sopClassUid', tag: '(0008,0016)', name: 'SOP Class UID', module: SOP_COMMON, type: '1', absent: 'error' },
  { key: 'sopInstanceUid', tag: '(0008,0018)', name: 'SOP Instance UID', module: SOP_COMMON, type: '1', absent: 'error' },
  { key: 'studyInstanceUid', tag: '(0020,000D)', name: 'Study Instance UID', module: GENERAL_STUDY, type: '1', absent: 'error' },
  { key: 'seriesInstanceUid', tag: '(0020,000E)', name: 'Series Instance UID', module: GENERAL_SERIES, type: '1', absent: 'error' },
  { key: 'modality', tag: '(0008,0060)', name: 'Modality', module: SERIES, type: '1', absent: 'warning' },
];

/** An Image Pixel attribute, and the values it may take. */
interface PixelSpec extends AttributeSpec {
  valid?: (value: number | string) => boolean;
  expected?: Bilingual;
  /** A value other than `valid` allows. */
  invalid?: AttributeSeverity;
}

const positive = (v: number | string): boolean => typeof v === 'number' && v > 0;
const zeroOrOne = (v: number | string): boolean => v === 0 || v === 1;
const MORE_THAN_ZERO = bi('大於 0', 'more than 0');
const ZERO_OR_ONE = bi('0 或 1', '0 or 1');

/** Of an instance with Pixel Data (7FE0,0010). High Bit's own value is judged against Bits Stored and Bits Allocated (PIXEL_CONSISTENCY). */
const PIXEL: readonly PixelSpec[] = [
  { key: 'samplesPerPixel', tag: '(0028,0002)', name: 'Samples per Pixel', module: IMAGE_PIXEL, type: '1', absent: 'error', valid: (v) => v === 1 || v === 3, expected: bi('1 或 3', '1 or 3'), invalid: 'error' },
  {
    key: 'photometricInterpretation', tag: '(0028,0004)', name: 'Photometric Interpretation', module: IMAGE_PIXEL, type: '1', absent: 'error',
    valid: (v) => typeof v === 'string' && PHOTOMETRIC_SAMPLES.has(v),
    expected: bi('定義的值（MONOCHROME1、MONOCHROME2、PALETTE COLOR、RGB、YBR_FULL、YBR_FULL_422 等）', 'a defined term (MONOCHROME1, MONOCHROME2, PALETTE COLOR, RGB, YBR_FULL, YBR_FULL_422, …)'),
    invalid: 'error',
  },
  { key: 'rows', tag: '(0028,0010)', name: 'Rows', module: IMAGE_PIXEL, type: '1', absent: 'error', valid: positive, expected: MORE_THAN_ZERO, invalid: 'error' },
  { key: 'columns', tag: '(0028,0011)', name: 'Columns', module: IMAGE_PIXEL, type: '1', absent: 'error', valid: positive, expected: MORE_THAN_ZERO, invalid: 'error' },
  { key: 'bitsAllocated', tag: '(0028,0100)', name: 'Bits Allocated', module: IMAGE_PIXEL, type: '1', absent: 'error', valid: positive, expected: MORE_THAN_ZERO, invalid: 'error' },
  { key: 'bitsStored', tag: '(0028,0101)', name: 'Bits Stored', module: IMAGE_PIXEL, type: '1', absent: 'error', valid: positive, expected: MORE_THAN_ZERO, invalid: 'error' },
  // dcmtk takes Bits Stored − 1 for an absent High Bit and shows the image.
  { key: 'highBit', tag: '(0028,0102)', name: 'High Bit', module: IMAGE_PIXEL, type: '1', absent: 'warning' },
  // dcmtk takes 0 (unsigned, colour-by-pixel) for another value and shows the image.
  { key: 'pixelRepresentation', tag: '(0028,0103)', name: 'Pixel Representation', module: IMAGE_PIXEL, type: '1', absent: 'error', valid: zeroOrOne, expected: ZERO_OR_ONE, invalid: 'warning' },
  { key: 'planarConfiguration', tag: '(0028,0006)', name: 'Planar Configuration', module: IMAGE_PIXEL, type: '1C', absent: 'error', valid: zeroOrOne, expected: ZERO_OR_ONE, invalid: 'warning' },
];

const SPEC_BY_KEY = new Map<keyof DicomHeader, AttributeSpec>([...IDENTIFYING, ...PIXEL].map((s) => [s.key, s]));
const PIXEL_BY_KEY = new Map<keyof DicomHeader, PixelSpec>(PIXEL.map((s) => [s.key, s]));
const SAMPLES = PIXEL_BY_KEY.get('samplesPerPixel')!;
const PHOTOMETRIC = PIXEL_BY_KEY.get('photometricInterpretation')!;

/** "Rows (0028,0010) 512" as a message names an attribute and its value. */
function named(key: keyof DicomHeader, h: DicomHeader): string {
  const spec = SPEC_BY_KEY.get(key)!;
  return `${spec.name} ${spec.tag} ${String(h[key])}`;
}

/** The Image Pixel values the consistency rules compare, each present and valid. */
type PixelValues = Required<Pick<DicomHeader, 'samplesPerPixel' | 'photometricInterpretation' | 'bitsAllocated' | 'bitsStored' | 'highBit'>>;

interface ConsistencyRule {
  /** The values the rule compares: it is judged only when each is present and valid. */
  uses: readonly (keyof PixelValues)[];
  /** The finding, or undefined when the values agree. */
  judge: (h: DicomHeader & PixelValues) => AttributeFinding | undefined;
}

/** How the Image Pixel values must agree with each other (PS3.3 C.7.6.3.1, PS3.5 §8.1.1), as dciodvfy checks them. */
const PIXEL_CONSISTENCY: readonly ConsistencyRule[] = [
  {
    uses: ['samplesPerPixel', 'photometricInterpretation'],
    judge: (h) => {
      const want = PHOTOMETRIC_SAMPLES.get(h.photometricInterpretation)!;
      if (h.samplesPerPixel === want) return undefined;
      const what = `${named('samplesPerPixel', h)}, ${named('photometricInterpretation', h)}`;
      return { severity: 'error', message: bi(`${what}：${h.photometricInterpretation} 的 Samples per Pixel 應為 ${want}（PS3.3 C.7.6.3.1.2）`, `${what}: Samples per Pixel is expected to be ${want} for ${h.photometricInterpretation} (PS3.3 C.7.6.3.1.2)`) };
    },
  },
  {
    uses: ['bitsAllocated', 'bitsStored'],
    judge: (h) => {
      if (h.bitsStored <= h.bitsAllocated) return undefined;
      const what = `${named('bitsStored', h)}, ${named('bitsAllocated', h)}`;
      return { severity: 'error', message: bi(`${what}：Bits Stored 應不大於 Bits Allocated（PS3.5 §8.1.1）`, `${what}: Bits Stored is expected to be at most Bits Allocated (PS3.5 §8.1.1)`) };
    },
  },
  {
    // dciodvfy: an Error when High Bit leaves stored bits out of the allocated ones, a Warning when it only sits higher than Bits Stored − 1.
    uses: ['bitsAllocated', 'bitsStored', 'highBit'],
    judge: (h) => {
      const want = h.bitsStored - 1;
      if (h.highBit === want || h.bitsStored > h.bitsAllocated) return undefined;
      const severity: AttributeSeverity = h.highBit < want || h.highBit >= h.bitsAllocated ? 'error' : 'warning';
      const what = `${named('highBit', h)}, ${named('bitsStored', h)}, ${named('bitsAllocated', h)}`;
      return { severity, message: bi(`${what}：High Bit 應為 Bits Stored − 1 = ${want}（PS3.5 §8.1.1）`, `${what}: High Bit is expected to be Bits Stored − 1 = ${want} (PS3.5 §8.1.1)`) };
    },
  },
];

function absentMessage(spec: AttributeSpec, when?: Bilingual): Bilingual {
  const zhWhen = when ? `，${when['zh-TW']}時必須有值` : '，必須有值';
  const enWhen = when ? `, which needs a value ${when.en}` : ', which needs a value';
  return bi(
    `${spec.name} ${spec.tag} 缺少或沒有值：${spec.module['zh-TW']}的 Type ${spec.type} 屬性${zhWhen}`,
    `${spec.name} ${spec.tag} is absent or empty: a Type ${spec.type} attribute of the ${spec.module.en}${enWhen}`,
  );
}

function invalidMessage(spec: PixelSpec, value: number | string): Bilingual {
  return bi(
    `${spec.name} ${spec.tag} 為 ${value}：${spec.module['zh-TW']}規定應為 ${spec.expected!['zh-TW']}`,
    `${spec.name} ${spec.tag} is ${value}, where the ${spec.module.en} expects ${spec.expected!.en}`,
  );
}

const PLANAR_WHEN = bi('Samples per Pixel 大於 1', 'when Samples per Pixel is more than 1');

/** Whether the header describes an image: Pixel Data with Rows and Columns (what the size and modality rules judge). */
export function hasImagePixels(h: DicomHeader): boolean {
  return h.pixelData !== null && h.rows !== undefined && h.columns !== undefined;
}

/** A value of the header an Image Pixel spec allows: present and valid. */
function validValue(spec: PixelSpec, h: DicomHeader): boolean {
  const value = h[spec.key] as number | string | undefined;
  return value !== undefined && value !== '' && (!spec.valid || spec.valid(value));
}

const NONE: readonly AttributeFinding[] = [];

/**
 * What the instance whose header `h` is lacks or holds inconsistent among the attributes of the tables above. Run for
 * every instance of a check: no allocation unless something is found, and indexed loops (see row-rules.ts `tally`).
 */
export function requiredAttributeFindings(h: DicomHeader): readonly AttributeFinding[] {
  let out: AttributeFinding[] | undefined;
  for (let i = 0; i < IDENTIFYING.length; i++) {
    const spec = IDENTIFYING[i];
    if (spec.key === 'modality' && hasImagePixels(h)) continue;
    if (!h[spec.key]) (out ??= []).push({ severity: spec.absent, message: absentMessage(spec) });
  }
  if (h.pixelData === null) return out ?? NONE;
  for (let i = 0; i < PIXEL.length; i++) {
    const spec = PIXEL[i];
    // Planar Configuration is asked for by a valid Samples per Pixel over 1.
    if (spec.key === 'planarConfiguration' && !(validValue(SAMPLES, h) && h.samplesPerPixel! > 1)) continue;
    const value = h[spec.key] as number | string | undefined;
    if (value === undefined || value === '') (out ??= []).push({ severity: spec.absent, message: absentMessage(spec, spec.type === '1C' ? PLANAR_WHEN : undefined) });
    else if (spec.valid && !spec.valid(value)) (out ??= []).push({ severity: spec.invalid!, message: invalidMessage(spec, value) });
  }
  for (let i = 0; i < PIXEL_CONSISTENCY.length; i++) {
    const rule = PIXEL_CONSISTENCY[i];
    if (!usable(rule, h)) continue;
    const found = rule.judge(h as DicomHeader & PixelValues);
    if (found) (out ??= []).push(found);
  }
  // The Type 1C attributes and colour terms are judged of an image whose samples and photometric term agree.
  if (validValue(SAMPLES, h) && validValue(PHOTOMETRIC, h) && PHOTOMETRIC_SAMPLES.get(h.photometricInterpretation!) === h.samplesPerPixel) out = imagePixelFindings(h, out);
  return out ?? NONE;
}

/** Whether each value the rule compares is present and valid. */
function usable(rule: ConsistencyRule, h: DicomHeader): boolean {
  for (let i = 0; i < rule.uses.length; i++) if (!validValue(PIXEL_BY_KEY.get(rule.uses[i])!, h)) return false;
  return true;
}

/** Findings of one file as one message, their faults joined. */
export function joinedFindings(found: readonly { message: Bilingual }[]): Bilingual {
  return bi(found.map((f) => f.message['zh-TW']).join('；'), found.map((f) => f.message.en).join('; '));
}

/**
 * Problems after which the header is not known whole: the read stopped at a cut, an absurd length or a failure, and
 * what follows was not read. Their file is A14-dicom-corrupt already; it is not said to lack what was not read.
 */
const HEADER_NOT_WHOLE: ReadonlySet<DicomProblemCode> = new Set(['truncated', 'absurd-length', 'unreadable', 'header-too-large']);

/** `requiredAttributeFindings` of a read's header, when it was read whole. */
export function requiredAttributeFindingsOf(read: DicomRead): readonly AttributeFinding[] {
  if (!read.header) return NONE;
  for (let i = 0; i < read.problems.length; i++) if (HEADER_NOT_WHOLE.has(read.problems[i].code)) return NONE;
  return requiredAttributeFindings(read.header);
}
