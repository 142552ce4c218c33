/**
 * DICOM tags used by the reader, the checks and the writers, as numbers 0xGGGGEEEE.
 * `tagKey` gives dicom-parser's key form "xggggeeee".
 */

export const TAG = {
  // File meta information (group 0002)
  FileMetaInformationGroupLength: 0x00020000,
  FileMetaInformationVersion: 0x00020001,
  MediaStorageSOPClassUID: 0x00020002,
  MediaStorageSOPInstanceUID: 0x00020003,
  TransferSyntaxUID: 0x00020010,
  ImplementationClassUID: 0x00020012,
  ImplementationVersionName: 0x00020013,

  // Directory (group 0004)
  FileSetID: 0x00041130,
  FileSetDescriptorFileID: 0x00041141,
  SpecificCharacterSetOfFileSetDescriptorFile: 0x00041142,
  OffsetOfFirstRootRecord: 0x00041200,
  OffsetOfLastRootRecord: 0x00041202,
  FileSetConsistencyFlag: 0x00041212,
  DirectoryRecordSequence: 0x00041220,
  OffsetOfNextRecord: 0x00041400,
  RecordInUseFlag: 0x00041410,
  OffsetOfLowerLevelEntity: 0x00041420,
  DirectoryRecordType: 0x00041430,
  ReferencedFileID: 0x00041500,
  ReferencedSOPClassUIDInFile: 0x00041510,
  ReferencedSOPInstanceUIDInFile: 0x00041511,
  ReferencedTransferSyntaxUIDInFile: 0x00041512,

  SpecificCharacterSet: 0x00080005,
  ImageType: 0x00080008,
  SOPClassUID: 0x00080016,
  SOPInstanceUID: 0x00080018,
  StudyDate: 0x00080020,
  SeriesDate: 0x00080021,
  ContentDate: 0x00080023,
  StudyTime: 0x00080030,
  AccessionNumber: 0x00080050,
  Modality: 0x00080060,
  Manufacturer: 0x00080070,
  StudyDescription: 0x00081030,
  SeriesDescription: 0x0008103e,

  PatientName: 0x00100010,
  PatientID: 0x00100020,
  PatientBirthDate: 0x00100030,
  PatientSex: 0x00100040,

  StudyInstanceUID: 0x0020000d,
  SeriesInstanceUID: 0x0020000e,
  StudyID: 0x00200010,
  SeriesNumber: 0x00200011,
  InstanceNumber: 0x00200013,

  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  PlanarConfiguration: 0x00280006,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  HighBit: 0x00280102,
  PixelRepresentation: 0x00280103,
  RedPaletteColorLookupTableDescriptor: 0x00281101,
  GreenPaletteColorLookupTableDescriptor: 0x00281102,
  BluePaletteColorLookupTableDescriptor: 0x00281103,
  RedPaletteColorLookupTableData: 0x00281201,
  GreenPaletteColorLookupTableData: 0x00281202,
  BluePaletteColorLookupTableData: 0x00281203,
  SegmentedRedPaletteColorLookupTableData: 0x00281221,
  SegmentedGreenPaletteColorLookupTableData: 0x00281222,
  SegmentedBluePaletteColorLookupTableData: 0x00281223,

  PixelData: 0x7fe00010,

  Item: 0xfffee000,
  ItemDelimitationItem: 0xfffee00d,
  SequenceDelimitationItem: 0xfffee0dd,
} as const;

/**
 * The Red, Green and Blue Palette Color Lookup Table Descriptors, then their Data (PS3.3 C.7.6.3), then their Segmented
 * Data (C.7.9): bit i of DicomHeader.paletteColorLookupTables is set when the i-th is present with a value.
 */
export const PALETTE_TABLE_TAGS: readonly number[] = [
  TAG.RedPaletteColorLookupTableDescriptor, TAG.GreenPaletteColorLookupTableDescriptor, TAG.BluePaletteColorLookupTableDescriptor,
  TAG.RedPaletteColorLookupTableData, TAG.GreenPaletteColorLookupTableData, TAG.BluePaletteColorLookupTableData,
  TAG.SegmentedRedPaletteColorLookupTableData, TAG.SegmentedGreenPaletteColorLookupTableData, TAG.SegmentedBluePaletteColorLookupTableData,
];

/** A value length of 0xFFFFFFFF: the end is marked by a delimitation item. */
export const UNDEFINED_LENGTH = 0xffffffff;
/** The value representations DICOM defines (PS3.5 §6.2). */
export const DICOM_VR: ReadonlySet<string> = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN',
  'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]);

/** The VRs of text, whose values are padded (with a space, UI with a NUL): one of padding alone holds no value. */
export const TEXT_VR: ReadonlySet<string> = new Set([
  'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT',
]);

/** VRs dicom-parser reads with a 4-byte length (its list: OV, SV and UV are not on it). */
export const PARSER_LONG_VR: ReadonlySet<string> = new Set(['OB', 'OD', 'OL', 'OW', 'SQ', 'OF', 'UC', 'UR', 'UT', 'UN']);

export function tag(group: number, element: number): number {
  return ((group & 0xffff) * 0x10000 + (element & 0xffff)) >>> 0;
}

export function tagGroup(t: number): number {
  return Math.floor(t / 0x10000) & 0xffff;
}

export function tagElement(t: number): number {
  return t & 0xffff;
}

const TAG_KEYS = new Map<number, string>();

/**
 * dicom-parser's element key, e.g. 0x00280010 → "x00280010". Cached (up to 4,096 tags): headers look up
 * the same few dozen tags in every file, and building the string each time showed in profiles.
 */
export function tagKey(t: number): string {
  let key = TAG_KEYS.get(t);
  if (key === undefined) {
    key = 'x' + (t >>> 0).toString(16).padStart(8, '0');
    if (TAG_KEYS.size < 4096) TAG_KEYS.set(t, key);
  }
  return key;
}

/** Human form "(0028,0010)" for messages. */
export function tagLabel(t: number): string {
  const hex = (t >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}
