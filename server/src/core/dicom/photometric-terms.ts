/**
 * The Photometric Interpretation terms an IOD's image module takes in each transfer syntax, as dciodvfy (dicom3tools)
 * answered for every defined term in every syntax listed (it reports every other term an Error, or for MONOCHROME1 in
 * an Ultrasound image a Warning; of a one-sample term in a Multi-frame True Color Secondary Capture image it reports
 * Samples per Pixel instead). Transfer syntaxes not listed are not judged: dciodvfy took every term of a Deflated
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

/** Every transfer syntax the tables list. */
const EVERY_SYNTAX = [...NATIVE, ...JPEG_LOSSY, ...JPEG_LOSSLESS, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS, RLE, J2K_LOSSLESS, J2K];

/** SOP classes uids.ts does not name. */
const SOP = {
  EnhancedCTImage: '1.2.840.10008.5.1.4.1.1.2.1',
  EnhancedMRImage: '1.2.840.10008.5.1.4.1.1.4.1',
  DigitalXRayForProcessing: '1.2.840.10008.5.1.4.1.1.1.1.1',
  DigitalMammographyXRayForPresentation: '1.2.840.10008.5.1.4.1.1.1.2',
  DigitalMammographyXRayForProcessing: '1.2.840.10008.5.1.4.1.1.1.2.1',
  DigitalIntraOralXRayForProcessing: '1.2.840.10008.5.1.4.1.1.1.3.1',
  XRayAngiographicImage: '1.2.840.10008.5.1.4.1.1.12.1',
  XRayRadiofluoroscopicImage: '1.2.840.10008.5.1.4.1.1.12.2',
  NuclearMedicineImage: '1.2.840.10008.5.1.4.1.1.20',
  MultiFrameSingleBitSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.1',
  MultiFrameGrayscaleByteSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.2',
  MultiFrameGrayscaleWordSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.3',
  MultiFrameTrueColorSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.4',
} as const;

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

/** CT, MR, CR and the DX, MG and IO images (their image modules): monochrome only. */
const MONOCHROME_TERMS = bySyntax([EVERY_SYNTAX, [M1, M2]]);

/** XA, RF, Enhanced CT and MR, and the grey multi-frame Secondary Capture images: MONOCHROME2 only. */
const MONOCHROME2_TERMS = bySyntax([EVERY_SYNTAX, [M2]]);

/** NM images: MONOCHROME2, and PALETTE COLOR but in the lossy syntaxes. */
const NUCLEAR_MEDICINE_TERMS = bySyntax(
  [[...NATIVE, ...JPEG_LOSSLESS, JPEG_LS_LOSSLESS, RLE, J2K_LOSSLESS], [M2, PAL]],
  [[...JPEG_LOSSY, JPEG_LS_NEAR_LOSSLESS, J2K], [M2]],
);

/** Multi-frame True Color Secondary Capture images: colour only, by transfer syntax. */
const TRUE_COLOR_SECONDARY_CAPTURE_TERMS = bySyntax(
  [NATIVE, ['RGB', 'YBR_ICT', 'YBR_RCT']],
  [[JPEG_LOSSY[0]], ['YBR_FULL_422']],
  [[JPEG_LOSSY[1]], ['RGB', 'YBR_FULL_422']],
  [[...JPEG_LOSSLESS, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS, RLE], ['RGB']],
  [[J2K_LOSSLESS], ['YBR_RCT']],
  [[J2K], ['YBR_ICT', 'YBR_RCT']],
);

const iod = (name: string, section: string, byTransferSyntax: ReadonlyMap<string, readonly string[]>): PhotometricTerms => ({ iod: name, section, byTransferSyntax });

/** Per SOP Class UID, the terms its IOD takes. */
export const PHOTOMETRIC_TERMS: ReadonlyMap<string, PhotometricTerms> = new Map([
  [SOP_CLASS.SecondaryCapture, SECONDARY_CAPTURE],
  [SOP_CLASS.UltrasoundImage, iod('Ultrasound', 'A.6', ULTRASOUND_TERMS)],
  [SOP_CLASS.UltrasoundMultiFrameImage, iod('Ultrasound Multi-frame', 'A.7', ULTRASOUND_TERMS)],
  [SOP_CLASS.VLEndoscopicImage, iod('VL Endoscopic', 'A.32.1', VISIBLE_LIGHT_TERMS)],
  [SOP_CLASS.VLMicroscopicImage, iod('VL Microscopic', 'A.32.2', VISIBLE_LIGHT_TERMS)],
  [SOP_CLASS.VLSlideCoordinatesMicroscopicImage, iod('VL Slide-Coordinates Microscopic', 'A.32.3', VISIBLE_LIGHT_TERMS)],
  [SOP_CLASS.VLPhotographicImage, iod('VL Photographic', 'A.32.4', VISIBLE_LIGHT_TERMS)],
  [SOP_CLASS.OphthalmicPhotography8BitImage, iod('Ophthalmic Photography 8 Bit', 'A.39.1', VISIBLE_LIGHT_TERMS)],
  [SOP_CLASS.CTImage, iod('CT', 'A.3', MONOCHROME_TERMS)],
  [SOP_CLASS.MRImage, iod('MR', 'A.4', MONOCHROME_TERMS)],
  [SOP_CLASS.ComputedRadiography, iod('Computed Radiography', 'A.2', MONOCHROME_TERMS)],
  [SOP_CLASS.DigitalXRayForPresentation, iod('Digital X-Ray', 'A.26', MONOCHROME_TERMS)],
  [SOP.DigitalXRayForProcessing, iod('Digital X-Ray', 'A.26', MONOCHROME_TERMS)],
  [SOP.DigitalMammographyXRayForPresentation, iod('Digital Mammography X-Ray', 'A.27', MONOCHROME_TERMS)],
  [SOP.DigitalMammographyXRayForProcessing, iod('Digital Mammography X-Ray', 'A.27', MONOCHROME_TERMS)],
  [SOP_CLASS.DigitalIntraOralXRayForPresentation, iod('Digital Intra-Oral X-Ray', 'A.28', MONOCHROME_TERMS)],
  [SOP.DigitalIntraOralXRayForProcessing, iod('Digital Intra-Oral X-Ray', 'A.28', MONOCHROME_TERMS)],
  [SOP.EnhancedCTImage, iod('Enhanced CT', 'A.38.1', MONOCHROME2_TERMS)],
  [SOP.EnhancedMRImage, iod('Enhanced MR', 'A.36.2', MONOCHROME2_TERMS)],
  [SOP.XRayAngiographicImage, iod('X-Ray Angiographic', 'A.14', MONOCHROME2_TERMS)],
  [SOP.XRayRadiofluoroscopicImage, iod('X-Ray Radiofluoroscopic', 'A.16', MONOCHROME2_TERMS)],
  [SOP.NuclearMedicineImage, iod('Nuclear Medicine', 'A.5', NUCLEAR_MEDICINE_TERMS)],
  [SOP.MultiFrameSingleBitSecondaryCapture, iod('Multi-frame Single Bit Secondary Capture', 'A.8.2', MONOCHROME2_TERMS)],
  [SOP.MultiFrameGrayscaleByteSecondaryCapture, iod('Multi-frame Grayscale Byte Secondary Capture', 'A.8.3', MONOCHROME2_TERMS)],
  [SOP.MultiFrameGrayscaleWordSecondaryCapture, iod('Multi-frame Grayscale Word Secondary Capture', 'A.8.4', MONOCHROME2_TERMS)],
  [SOP.MultiFrameTrueColorSecondaryCapture, iod('Multi-frame True Color Secondary Capture', 'A.8.5', TRUE_COLOR_SECONDARY_CAPTURE_TERMS)],
]);
