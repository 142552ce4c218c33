/** UIDs the reader and writers need: transfer syntaxes and a few SOP classes. */

export const TS = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
} as const;

export const SOP_CLASS = {
  MediaStorageDirectory: '1.2.840.10008.1.3.10',
  CTImage: '1.2.840.10008.5.1.4.1.1.2',
  MRImage: '1.2.840.10008.5.1.4.1.1.4',
  UltrasoundImage: '1.2.840.10008.5.1.4.1.1.6.1',
  UltrasoundMultiFrameImage: '1.2.840.10008.5.1.4.1.1.3.1',
  DigitalXRayForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
  DigitalIntraOralXRayForPresentation: '1.2.840.10008.5.1.4.1.1.1.3',
  ComputedRadiography: '1.2.840.10008.5.1.4.1.1.1',
  VLEndoscopicImage: '1.2.840.10008.5.1.4.1.1.77.1.1',
  VLMicroscopicImage: '1.2.840.10008.5.1.4.1.1.77.1.2',
  VLSlideCoordinatesMicroscopicImage: '1.2.840.10008.5.1.4.1.1.77.1.3',
  VLPhotographicImage: '1.2.840.10008.5.1.4.1.1.77.1.4',
  OphthalmicPhotography8BitImage: '1.2.840.10008.5.1.4.1.1.77.1.5.1',
  SecondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  BasicTextSR: '1.2.840.10008.5.1.4.1.1.88.11',
  XRayRadiationDoseSR: '1.2.840.10008.5.1.4.1.1.88.67',
} as const;

/** How a transfer syntax lays out the data set after the meta group. */
export interface TransferSyntaxInfo {
  explicitVR: boolean;
  littleEndian: boolean;
  /** Retired by DICOM (PS3.5 2004 onwards): still readable, not to be produced. */
  retired: boolean;
  /** Pixel data encapsulated (compressed); the header before it is Explicit VR LE. */
  encapsulated: boolean;
  name: string;
}

const NATIVE: Record<string, TransferSyntaxInfo> = {
  [TS.ImplicitVRLittleEndian]: { explicitVR: false, littleEndian: true, retired: false, encapsulated: false, name: 'Implicit VR Little Endian' },
  [TS.ExplicitVRLittleEndian]: { explicitVR: true, littleEndian: true, retired: false, encapsulated: false, name: 'Explicit VR Little Endian' },
  [TS.DeflatedExplicitVRLittleEndian]: { explicitVR: true, littleEndian: true, retired: false, encapsulated: false, name: 'Deflated Explicit VR Little Endian' },
  [TS.ExplicitVRBigEndian]: { explicitVR: true, littleEndian: false, retired: true, encapsulated: false, name: 'Explicit VR Big Endian (retired)' },
};

/** Encapsulated (compressed pixel data) transfer syntaxes of PS3.5 Table A-1 and PS3.6 Annex A. */
const ENCAPSULATED: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, First-Order Prediction',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 High Profile For 2D Video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 High Profile For 3D Video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo High Profile',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/**
 * Retired encapsulated JPEG processes (PS3.6 Annex A), still met in old archives and written by converters
 * today: img2dcm keeps a progressive JPEG as .55, dcmcjpeg +es and +ep write .53 and .55.
 */
const RETIRED_ENCAPSULATED: Record<string, string> = {
  '1.2.840.10008.1.2.4.52': 'JPEG Extended (Process 3 & 5)',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)',
  '1.2.840.10008.1.2.4.54': 'JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9)',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12)',
  '1.2.840.10008.1.2.4.56': 'JPEG Full Progression, Non-Hierarchical (Process 11 & 13)',
  '1.2.840.10008.1.2.4.58': 'JPEG Lossless, Hierarchical (Process 15)',
  '1.2.840.10008.1.2.4.59': 'JPEG Extended, Hierarchical (Process 16 & 18)',
  '1.2.840.10008.1.2.4.60': 'JPEG Extended, Hierarchical (Process 17 & 19)',
  '1.2.840.10008.1.2.4.61': 'JPEG Spectral Selection, Hierarchical (Process 20 & 22)',
  '1.2.840.10008.1.2.4.62': 'JPEG Spectral Selection, Hierarchical (Process 21 & 23)',
  '1.2.840.10008.1.2.4.63': 'JPEG Full Progression, Hierarchical (Process 24 & 26)',
  '1.2.840.10008.1.2.4.64': 'JPEG Full Progression, Hierarchical (Process 25 & 27)',
  '1.2.840.10008.1.2.4.65': 'JPEG Lossless, Hierarchical (Process 28)',
  '1.2.840.10008.1.2.4.66': 'JPEG Lossless, Hierarchical (Process 29)',
};

export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  const native = NATIVE[uid];
  if (native) return native;
  const name = ENCAPSULATED[uid];
  if (name) return { explicitVR: true, littleEndian: true, retired: false, encapsulated: true, name };
  const retired = RETIRED_ENCAPSULATED[uid];
  if (retired) return { explicitVR: true, littleEndian: true, retired: true, encapsulated: true, name: retired };
  return undefined;
}
