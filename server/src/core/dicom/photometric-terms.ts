/**
 * The Photometric Interpretation terms an IOD's image module takes in each transfer syntax, as dciodvfy (dicom3tools)
 * answered for every defined term in every syntax listed (it reports every other term an Error, or for MONOCHROME1 in
 * an Ultrasound image a Warning). Transfer syntaxes not listed are not judged: dciodvfy took every term of a Deflated
 * one, and was not asked of the others. Image-pixel-attributes.ts judges a file's term by these tables.
 */
import { SOP_CLASS, TS } from './uids';

export interface PhotometricTerms {
  /** The IOD, as a message names it, and its section of PS3.3. */
  iod: string;
  section: string;
  /** Per transfer syntax UID, the terms taken. */
  byTransferSyntax: ReadonlyMap<string, readonly string[]>;
}

const M1 = 'MONOCHROME1';
const M2 = 'MONOCHROME2';
const PAL = 'PALETTE COLOR';

const NATIVE = [TS.ImplicitVRLittleEndian, TS.ExplicitVRLittleEndian, TS.ExplicitVRBigEndian];
const JPEG_LOSSY = ['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51'];
const JPEG_LOSSLESS = ['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'];
const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';
const JPEG_LS_NEAR_LOSSLESS = '1.2.840.10008.1.2.4.81';
const RLE = '1.2.840.10008.1.2.5';
const J2K_LOSSLESS = '1.2.840.10008.1.2.4.90';
const J2K = '1.2.840.10008.1.2.4.91';

/** A table from [transfer syntaxes, terms] pairs. */
function bySyntax(...pairs: (readonly [readonly string[], readonly string[]])[]): ReadonlyMap<string, readonly string[]> {
  return new Map(pairs.flatMap(([syntaxes, terms]) => syntaxes.map((ts) => [ts, terms] as const)));
}

/** Secondary Capture Image (PS3.3 A.8.1): the SC Image module leaves the term to the Image Pixel module. */
const SECONDARY_CAPTURE: PhotometricTerms = {
  iod: 'Secondary Capture',
  section: 'A.8.1',
  byTransferSyntax: bySyntax(
    [NATIVE, [M1, M2, PAL, 'RGB', 'YBR_FULL', 'YBR_ICT', 'YBR_RCT']],
    [JPEG_LOSSY, [M1, M2, 'RGB', 'YBR_FULL_422']],
    [[...JPEG_LOSSLESS, JPEG_LS_LOSSLESS, RLE], [M1, M2, PAL, 'RGB', 'YBR_FULL']],
    [[JPEG_LS_NEAR_LOSSLESS], [M1, M2, 'RGB', 'YBR_FULL']],
    [[J2K_LOSSLESS], [M1, M2, PAL, 'RGB', 'YBR_FULL', 'YBR_RCT']],
    [[J2K], [M1, M2, 'RGB', 'YBR_FULL', 'YBR_ICT', 'YBR_RCT']],
  ),
};

/** The US Image module's enumerated values (PS3.3 C.8.5.6), by transfer syntax. */
const ULTRASOUND_TERMS = bySyntax(
  [NATIVE, [M2, PAL, 'RGB']],
  [JPEG_LOSSY, [M2, 'YBR_FULL_422']],
  [[...JPEG_LOSSLESS, RLE], [M2, PAL, 'RGB', 'YBR_FULL']],
  [[JPEG_LS_LOSSLESS], [M2, PAL, 'RGB']],
  [[JPEG_LS_NEAR_LOSSLESS], [M2, 'RGB', 'YBR_FULL']],
  [[J2K_LOSSLESS], [M2, PAL, 'YBR_RCT']],
  [[J2K], [M2, 'YBR_ICT', 'YBR_RCT']],
);

/** The VL Image module's (PS3.3 C.8.12.1) and the Ophthalmic Photography Image module's enumerated values, by transfer syntax. */
const VISIBLE_LIGHT_TERMS = bySyntax(
  [[...NATIVE, ...JPEG_LOSSLESS, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS, RLE], [M2, 'RGB']],
  [JPEG_LOSSY, [M2, 'YBR_FULL_422']],
  [[J2K_LOSSLESS], [M2, 'YBR_RCT']],
  [[J2K], [M2, 'YBR_ICT', 'YBR_RCT']],
);

/** Per SOP Class UID, the terms its IOD takes. */
export const PHOTOMETRIC_TERMS: ReadonlyMap<string, PhotometricTerms> = new Map([
  [SOP_CLASS.SecondaryCapture, SECONDARY_CAPTURE],
  [SOP_CLASS.UltrasoundImage, { iod: 'Ultrasound', section: 'A.6', byTransferSyntax: ULTRASOUND_TERMS }],
  [SOP_CLASS.UltrasoundMultiFrameImage, { iod: 'Ultrasound Multi-frame', section: 'A.7', byTransferSyntax: ULTRASOUND_TERMS }],
  [SOP_CLASS.VLEndoscopicImage, { iod: 'VL Endoscopic', section: 'A.32.1', byTransferSyntax: VISIBLE_LIGHT_TERMS }],
  [SOP_CLASS.VLMicroscopicImage, { iod: 'VL Microscopic', section: 'A.32.2', byTransferSyntax: VISIBLE_LIGHT_TERMS }],
  [SOP_CLASS.VLSlideCoordinatesMicroscopicImage, { iod: 'VL Slide-Coordinates Microscopic', section: 'A.32.3', byTransferSyntax: VISIBLE_LIGHT_TERMS }],
  [SOP_CLASS.VLPhotographicImage, { iod: 'VL Photographic', section: 'A.32.4', byTransferSyntax: VISIBLE_LIGHT_TERMS }],
  [SOP_CLASS.OphthalmicPhotography8BitImage, { iod: 'Ophthalmic Photography 8 Bit', section: 'A.39.1', byTransferSyntax: VISIBLE_LIGHT_TERMS }],
]);
