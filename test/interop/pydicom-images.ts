/**
 * Small images written by pydicom (python3-pydicom, installed by .ci/run) for the suites that ask dciodvfy and dcmtk
 * about one attribute at a time: a 4 × 4 8-bit image of a SOP class, a Photometric Interpretation and a transfer
 * syntax, its pixels zero (a 4-byte stand-in for the compressed frame of an encapsulated syntax), with palette lookup
 * tables as asked. Only the attributes the Image Pixel module needs and the four UIDs are written: the suites compare
 * the tools' lines about the attributes they change, not the whole IOD.
 */
import { spawnSync } from 'node:child_process';

export interface PydicomImage {
  /** Where to write it. */
  file: string;
  sopClassUid: string;
  photometric: string;
  transferSyntaxUid: string;
  /**
   * Palette lookup tables: the descriptors (entries, bits) with plain data of `words` 16-bit words (a ramp), or with
   * Segmented Palette Color Lookup Table Data (0028,1221–1223) instead of the plain data (one discrete and one linear
   * segment over `entries`).
   */
  palette?: { entries: number; bits: 8 | 16; words: number } | { entries: number; bits: 8 | 16; segmented: true };
}

const SCRIPT = String.raw`
import json, struct, sys
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import generate_uid
NATIVE = ('1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2')
for spec in json.load(sys.stdin):
    ts = spec['transferSyntaxUid']
    term = spec['photometric']
    uid = generate_uid()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = spec['sopClassUid']
    meta.MediaStorageSOPInstanceUID = uid
    meta.TransferSyntaxUID = ts
    ds = Dataset()
    ds.file_meta = meta
    ds.preamble = bytes(128)
    ds.is_little_endian = ts != '1.2.840.10008.1.2.2'
    ds.is_implicit_VR = ts == '1.2.840.10008.1.2'
    ds.SOPClassUID = spec['sopClassUid']
    ds.SOPInstanceUID = uid
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    samples = 1 if term in ('MONOCHROME1', 'MONOCHROME2', 'PALETTE COLOR') else 3
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = term
    if samples > 1:
        ds.PlanarConfiguration = 0
    ds.Rows = 4
    ds.Columns = 4
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    palette = spec.get('palette')
    if palette:
        for tag in (0x1101, 0x1102, 0x1103):
            ds.add_new((0x0028, tag), 'US', [palette['entries'], 0, palette['bits']])
        if palette.get('segmented'):
            entries = palette['entries'] or 65536
            data = struct.pack('<6H', 0, 1, 0, 1, entries - 1, 65535 if palette['bits'] == 16 else 255)
            for tag in (0x1221, 0x1222, 0x1223):
                ds.add_new((0x0028, tag), 'OW', data)
        else:
            data = struct.pack('<%dH' % palette['words'], *[(i * 257) % 65536 for i in range(palette['words'])])
            for tag in (0x1201, 0x1202, 0x1203):
                ds.add_new((0x0028, tag), 'OW', data)
    if ts in NATIVE:
        ds.PixelData = bytes(16 * (2 if term == 'YBR_FULL_422' else samples))
    else:
        ds.PixelData = encapsulate([b'\xff\xd8\xff\xd9'])
        ds['PixelData'].VR = 'OB'
    ds.save_as(spec['file'], write_like_original=False)
`;

/** Writes `images` with one run of pydicom. */
export function writePydicomImages(images: readonly PydicomImage[]): void {
  const r = spawnSync('/usr/bin/python3', ['-c', SCRIPT], { input: JSON.stringify(images), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pydicom failed: ${r.stderr}`);
}
