/**
 * The Image Pixel checks beyond each attribute's values (image-pixel-attributes.ts): Planar Configuration present with
 * one sample, a PALETTE COLOR image's lookup tables, and the Photometric Interpretation terms of each IOD
 * photometric-terms.ts lists by transfer syntax.
 */
import { strict as assert } from 'node:assert';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { readDicomHeader, type DicomHeader } from '../../../server/src/core/dicom/read';
import { PHOTOMETRIC_SAMPLES } from '../../../server/src/core/dicom/image-pixel-attributes';
import { requiredAttributeFindings } from '../../../server/src/core/dicom/required-attributes';
import { PALETTE_TABLE_TAGS, TAG } from '../../../server/src/core/dicom/tags';
import { SOP_CLASS, TS } from '../../../server/src/core/dicom/uids';
import { makeInstance } from '../../fixtures/dicom';

const us = (tag: number, value: number | number[]): DicomElement => ({ tag, vr: 'US', value });
const lut = (tag: number): DicomElement => ({ tag, vr: 'OW', value: new Uint8Array(512) });
const PALETTE: DicomElement[] = [
  { tag: TAG.PhotometricInterpretation, vr: 'CS', value: 'PALETTE COLOR' },
  ...PALETTE_TABLE_TAGS.slice(0, 3).map((t) => us(t, [256, 0, 16])),
  ...PALETTE_TABLE_TAGS.slice(3, 6).map(lut),
];
/** Descriptors as PALETTE's, segmented data (one discrete and one linear segment) instead of the data. */
const SEGMENTED: DicomElement[] = [
  ...PALETTE.slice(0, 4),
  ...PALETTE_TABLE_TAGS.slice(6).map((tag): DicomElement => ({ tag, vr: 'OW', value: new Uint8Array(new Uint16Array([0, 1, 0, 1, 255, 65535]).buffer) })),
];

/** The findings of a 4 × 4 8-bit image with `extra`, the same from the walker, the full check and dicom-parser, in each syntax dicom-parser or the walker reads. */
function findings(extra: DicomElement[], omit: number[] = []): string[] {
  const all = [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian].flatMap((transferSyntax) => {
    const bytes = makeInstance({ modality: 'US', rows: 4, columns: 4, transferSyntax, extra, omit }).bytes;
    return [readDicomHeader(bytes), readDicomHeader(bytes, { untilPixelData: false }), readDicomHeader(bytes, { walker: false })];
  }).map((r) => requiredAttributeFindings(r.header!).map((f) => `${f.severity}: ${f.message.en}`));
  for (const other of all.slice(1)) assert.deepEqual(other, all[0], 'every read gives the same findings');
  return all[0];
}

/** A Secondary Capture header (or of `sopClassUid`) in `transferSyntaxUid` with Photometric Interpretation `term`, its samples and palette tables as the term needs. */
function secondaryCapture(term: string, transferSyntaxUid: string, sopClassUid: string = SOP_CLASS.SecondaryCapture): DicomHeader {
  const samplesPerPixel = PHOTOMETRIC_SAMPLES.get(term)!;
  return {
    part10: true, transferSyntaxUid, sopClassUid, sopInstanceUid: '1.2.3', studyInstanceUid: '1.2.4', seriesInstanceUid: '1.2.5',
    rows: 4, columns: 4, samplesPerPixel, photometricInterpretation: term, planarConfiguration: samplesPerPixel === 3 ? 0 : undefined,
    paletteColorLookupTables: term === 'PALETTE COLOR' ? 0b111111 : 0,
    bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0, pixelData: { offset: 1000, length: null },
  };
}
const severities = (h: DicomHeader) => requiredAttributeFindings(h).map((f) => f.severity);

/** Every defined term, grouped by what is said of an image of `sopClassUid` in `transferSyntaxUid` with it: 'none', 'warning' or 'error'. */
function judged(sopClassUid: string, transferSyntaxUid: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const term of PHOTOMETRIC_SAMPLES.keys()) (out[severities(secondaryCapture(term, transferSyntaxUid, sopClassUid)).join() || 'none'] ??= []).push(term);
  return out;
}
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const J2K_LOSSLESS = '1.2.840.10008.1.2.4.90';
const J2K = '1.2.840.10008.1.2.4.91';
/** The terms dcm2pnm shows no image of, an error wherever the IOD does not take them. */
const NOT_SHOWN = ['YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT', 'XYB'];

describe('dicom/image-pixel-attributes: Type 1C presence and each IOD\'s Photometric Interpretation terms', () => {
  it('warns of Planar Configuration present where Samples per Pixel is 1 (dciodvfy errs, dcm2pnm shows the image)', () => {
    assert.deepEqual(findings([us(TAG.PlanarConfiguration, 0)]), [
      'warning: Planar Configuration (0028,0006) 0, Samples per Pixel (0028,0002) 1: Planar Configuration, a Type 1C attribute of the Image Pixel module, may be present only when Samples per Pixel is more than 1 (PS3.3 C.7.6.3)',
    ]);
    assert.deepEqual(findings([]), []);
  });

  it('calls a PALETTE COLOR image without its lookup tables, or with one absent or empty, an error naming those missing', () => {
    assert.deepEqual(findings(PALETTE), []);
    assert.deepEqual(findings(PALETTE.slice(0, 1)), [
      'error: Photometric Interpretation (0028,0004) PALETTE COLOR: Red Palette Color Lookup Table Descriptor (0028,1101), Green Palette Color Lookup Table Descriptor (0028,1102), Blue Palette Color Lookup Table Descriptor (0028,1103), Red Palette Color Lookup Table Data (0028,1201), Green Palette Color Lookup Table Data (0028,1202), Blue Palette Color Lookup Table Data (0028,1203) are absent or empty, where a PALETTE COLOR image needs the descriptor and the data of its red, green and blue palette lookup tables (Type 1C, PS3.3 C.7.6.3)',
    ]);
    const emptyBlueData = [...PALETTE.slice(0, 6), { tag: TAG.BluePaletteColorLookupTableData, vr: 'OW', value: new Uint8Array(0) } as DicomElement];
    assert.deepEqual(findings(emptyBlueData), [
      'error: Photometric Interpretation (0028,0004) PALETTE COLOR: Blue Palette Color Lookup Table Data (0028,1203) is absent or empty, where a PALETTE COLOR image needs the descriptor and the data of its red, green and blue palette lookup tables (Type 1C, PS3.3 C.7.6.3)',
    ]);
    assert.deepEqual(findings(PALETTE.filter((e) => e.tag !== TAG.GreenPaletteColorLookupTableDescriptor)).length, 1);
  });

  it('takes segmented palette data for the data: none said of an Ultrasound image (its IOD takes it), a warning of other IODs (dciodvfy reports the data missing, dcmtk shows no segmented palette)', () => {
    assert.deepEqual(findings(SEGMENTED), []);
    const sc = { tag: TAG.SOPClassUID, vr: 'UI', value: SOP_CLASS.SecondaryCapture } as DicomElement;
    assert.deepEqual(findings([...SEGMENTED, sc]), [
      'warning: Photometric Interpretation (0028,0004) PALETTE COLOR: the palette is given only as Segmented Red Palette Color Lookup Table Data (0028,1221), Segmented Green Palette Color Lookup Table Data (0028,1222), Segmented Blue Palette Color Lookup Table Data (0028,1223); segmented palettes (PS3.3 C.7.9) are taken by the IODs of Ultrasound images, not by this one, which asks for the data (0028,1201–1203) (dciodvfy reports it missing), and dcmtk shows no segmented palette; software that reads segmented tables, pydicom for one, shows the image',
    ]);
    // The plain data of one colour and the segmented data of the others; a colour with neither is still missing.
    assert.deepEqual(findings([...SEGMENTED.filter((e) => e.tag !== TAG.SegmentedRedPaletteColorLookupTableData), lut(TAG.RedPaletteColorLookupTableData)]), []);
    assert.deepEqual(findings(SEGMENTED.filter((e) => e.tag !== TAG.SegmentedBluePaletteColorLookupTableData)), [
      'error: Photometric Interpretation (0028,0004) PALETTE COLOR: Blue Palette Color Lookup Table Data (0028,1203) is absent or empty, where a PALETTE COLOR image needs the descriptor and the data of its red, green and blue palette lookup tables (Type 1C, PS3.3 C.7.6.3)',
    ]);
  });

  it('warns of a palette descriptor that disagrees with its data\'s length, as dciodvfy errs and dcm2pnm shows the image', () => {
    const descriptors = (value: number[]) => PALETTE_TABLE_TAGS.slice(0, 3).map((t) => us(t, value));
    const withDescriptors = (value: number[]) => [...descriptors(value), ...PALETTE.slice(4), PALETTE[0]];
    assert.deepEqual(findings(withDescriptors([256, 0, 16])), []);
    // 8-bit entries: one byte each, 256 of them in 512 bytes is twice too many.
    assert.deepEqual(findings(withDescriptors([256, 0, 8])), [
      'warning: Palette Color Lookup Table: the red descriptor (0028,1101) gives 256 entries of 8 bits, 256 bytes of data, where (0028,1201) holds 512; the green descriptor (0028,1102) gives 256 entries of 8 bits, 256 bytes of data, where (0028,1202) holds 512; the blue descriptor (0028,1103) gives 256 entries of 8 bits, 256 bytes of data, where (0028,1203) holds 512 (PS3.3 C.7.6.3.1.5; 0 entries means 65536; dciodvfy reports it, dcmtk shows the image by the data\'s length)',
    ]);
    assert.deepEqual(findings(withDescriptors([512, 0, 8])), []);
    // An odd number of 8-bit entries: the pad byte of the last word reads as one more entry (dciodvfy, pydicom).
    assert.deepEqual(findings(withDescriptors([511, 0, 8])), [
      'warning: Palette Color Lookup Table: the red descriptor (0028,1101) gives 511 entries of 8 bits, 511 bytes of data, where (0028,1201) holds 512; the green descriptor (0028,1102) gives 511 entries of 8 bits, 511 bytes of data, where (0028,1202) holds 512; the blue descriptor (0028,1103) gives 511 entries of 8 bits, 511 bytes of data, where (0028,1203) holds 512 (PS3.3 C.7.6.3.1.5; 0 entries means 65536; of an odd number of 8-bit entries, the byte that pads the data to whole 16-bit words reads as one more entry, in dciodvfy and pydicom; dciodvfy reports it, dcmtk shows the image by the data\'s length)',
    ]);
    assert.equal(findings(withDescriptors([128, 0, 16])).length, 1);
    // 0 entries: 65536.
    assert.equal(findings(withDescriptors([0, 0, 16])).length, 1);
    assert.deepEqual(findings([...descriptors([0, 0, 16]), ...PALETTE_TABLE_TAGS.slice(3, 6).map((tag): DicomElement => ({ tag, vr: 'OW', value: new Uint8Array(131072) })), PALETTE[0]]), []);
  });

  it('holds a Secondary Capture image to the colour terms dciodvfy takes in its transfer syntax: an error where dcm2pnm shows nothing, else a warning', () => {
    assert.deepEqual(severities(secondaryCapture('RGB', TS.ExplicitVRLittleEndian)), []);
    assert.deepEqual(severities(secondaryCapture('YBR_FULL', TS.ExplicitVRLittleEndian)), []);
    assert.deepEqual(severities(secondaryCapture('YBR_FULL_422', TS.ExplicitVRLittleEndian)), ['warning']);
    assert.deepEqual(severities(secondaryCapture('YBR_PARTIAL_420', TS.ImplicitVRLittleEndian)), ['error']);
    assert.deepEqual(severities(secondaryCapture('YBR_FULL_422', '1.2.840.10008.1.2.4.50')), []);
    assert.deepEqual(severities(secondaryCapture('YBR_FULL', '1.2.840.10008.1.2.4.50')), ['warning']);
    assert.deepEqual(severities(secondaryCapture('YBR_ICT', '1.2.840.10008.1.2.4.90')), ['error']);
    assert.deepEqual(severities(secondaryCapture('YBR_ICT', '1.2.840.10008.1.2.4.91')), []);
    const [found] = requiredAttributeFindings(secondaryCapture('YBR_FULL', '1.2.840.10008.1.2.4.50'));
    assert.equal(found.message.en, 'Photometric Interpretation (0028,0004) YBR_FULL: a Secondary Capture image (PS3.3 A.8.1) encoded in JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50) is expected to be RGB, YBR_FULL_422 (as dciodvfy checks it)');
    assert.deepEqual(severities(secondaryCapture('PALETTE COLOR', '1.2.840.10008.1.2.4.50')), ['warning']);
    assert.deepEqual(severities(secondaryCapture('PALETTE COLOR', TS.ExplicitVRLittleEndian)), []);
    // Classes photometric-terms.ts does not list, and transfer syntaxes dciodvfy was not asked of, are not judged.
    assert.deepEqual(severities(secondaryCapture('YBR_FULL_422', TS.ExplicitVRLittleEndian, '1.2.840.10008.5.1.4.1.1.128')), [], 'PET');
    assert.deepEqual(severities(secondaryCapture('YBR_FULL_422', TS.DeflatedExplicitVRLittleEndian)), []);
  });

  it('holds Ultrasound images to the US Image module\'s terms by transfer syntax', () => {
    for (const sop of [SOP_CLASS.UltrasoundImage, SOP_CLASS.UltrasoundMultiFrameImage]) {
      for (const term of ['MONOCHROME2', 'PALETTE COLOR', 'RGB']) assert.deepEqual(severities(secondaryCapture(term, TS.ExplicitVRLittleEndian, sop)), [], term);
      // Secondary Capture takes uncompressed YBR_FULL; an Ultrasound image does not.
      assert.deepEqual(severities(secondaryCapture('YBR_FULL', TS.ExplicitVRLittleEndian, sop)), ['warning']);
      assert.deepEqual(severities(secondaryCapture('MONOCHROME1', TS.ImplicitVRLittleEndian, sop)), ['warning']);
      assert.deepEqual(severities(secondaryCapture('YBR_ICT', TS.ExplicitVRLittleEndian, sop)), ['error']);
      assert.deepEqual(severities(secondaryCapture('YBR_FULL_422', '1.2.840.10008.1.2.4.50', sop)), []);
      assert.deepEqual(severities(secondaryCapture('RGB', '1.2.840.10008.1.2.4.50', sop)), ['warning']);
      assert.deepEqual(severities(secondaryCapture('YBR_FULL', '1.2.840.10008.1.2.4.70', sop)), []);
      assert.deepEqual(severities(secondaryCapture('RGB', '1.2.840.10008.1.2.4.91', sop)), ['warning']);
    }
    const [found] = requiredAttributeFindings(secondaryCapture('YBR_FULL', TS.ExplicitVRLittleEndian, SOP_CLASS.UltrasoundImage));
    assert.equal(found.message.en, 'Photometric Interpretation (0028,0004) YBR_FULL: an Ultrasound image (PS3.3 A.6) encoded in Explicit VR Little Endian (1.2.840.10008.1.2.1) is expected to be RGB (as dciodvfy checks it)');
  });

  it('holds visible light images (endoscopic, photographic, microscopic, ophthalmic) to the VL Image module\'s terms by transfer syntax', () => {
    for (const sop of [SOP_CLASS.VLEndoscopicImage, SOP_CLASS.VLPhotographicImage, SOP_CLASS.VLMicroscopicImage, SOP_CLASS.VLSlideCoordinatesMicroscopicImage, SOP_CLASS.OphthalmicPhotography8BitImage]) {
      assert.deepEqual(severities(secondaryCapture('RGB', TS.ExplicitVRLittleEndian, sop)), []);
      assert.deepEqual(severities(secondaryCapture('MONOCHROME2', TS.ExplicitVRLittleEndian, sop)), []);
      assert.deepEqual(severities(secondaryCapture('MONOCHROME1', TS.ExplicitVRLittleEndian, sop)), ['warning']);
      assert.deepEqual(severities(secondaryCapture('PALETTE COLOR', TS.ExplicitVRLittleEndian, sop)), ['warning']);
      assert.deepEqual(severities(secondaryCapture('YBR_FULL', TS.ExplicitVRLittleEndian, sop)), ['warning']);
      assert.deepEqual(severities(secondaryCapture('YBR_RCT', TS.ExplicitVRLittleEndian, sop)), ['error']);
      assert.deepEqual(severities(secondaryCapture('YBR_FULL_422', '1.2.840.10008.1.2.4.50', sop)), []);
      assert.deepEqual(severities(secondaryCapture('YBR_RCT', '1.2.840.10008.1.2.4.90', sop)), []);
      assert.match(requiredAttributeFindings(secondaryCapture('PALETTE COLOR', TS.ExplicitVRLittleEndian, sop))[0].message.en, /image \(PS3\.3 A\.[\d.]+\) encoded in Explicit VR Little Endian \(1\.2\.840\.10008\.1\.2\.1\) is expected to be MONOCHROME2 \(as dciodvfy checks it\)$/);
      assert.deepEqual(severities(secondaryCapture('RGB', '1.2.840.10008.1.2.4.90', sop)), ['warning']);
    }
  });

  it('holds CT, MR, CR and the DX, MG and IO images (for presentation and for processing) to MONOCHROME1 and MONOCHROME2 in every transfer syntax', () => {
    const monochrome = [
      SOP_CLASS.CTImage, SOP_CLASS.MRImage, SOP_CLASS.ComputedRadiography, SOP_CLASS.DigitalXRayForPresentation, '1.2.840.10008.5.1.4.1.1.1.1.1',
      '1.2.840.10008.5.1.4.1.1.1.2', '1.2.840.10008.5.1.4.1.1.1.2.1', SOP_CLASS.DigitalIntraOralXRayForPresentation, '1.2.840.10008.5.1.4.1.1.1.3.1',
    ];
    for (const sop of monochrome) {
      for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, JPEG_BASELINE, '1.2.840.10008.1.2.4.70', J2K]) {
        assert.deepEqual(judged(sop, ts), {
          none: ['MONOCHROME1', 'MONOCHROME2'],
          warning: ['PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_422'],
          error: NOT_SHOWN,
        }, `${sop} ${ts}`);
      }
    }
    const [found] = requiredAttributeFindings(secondaryCapture('RGB', JPEG_BASELINE, SOP_CLASS.MRImage));
    assert.equal(found.message.en, 'Photometric Interpretation (0028,0004) RGB: an MR image (PS3.3 A.4) encoded in JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50) is expected to be MONOCHROME1, MONOCHROME2 (as dciodvfy checks it)');
    assert.match(found.message['zh-TW'], /^Photometric Interpretation \(0028,0004\) RGB：以 .* 編碼的 MR 影像（PS3\.3 A\.4）只可為 MONOCHROME1、MONOCHROME2（dciodvfy 的檢查）$/);
  });

  it('holds XA, RF, Enhanced CT and MR, and the grey multi-frame Secondary Capture images to MONOCHROME2', () => {
    const xa = '1.2.840.10008.5.1.4.1.1.12.1';
    for (const sop of [xa, '1.2.840.10008.5.1.4.1.1.12.2', '1.2.840.10008.5.1.4.1.1.2.1', '1.2.840.10008.5.1.4.1.1.4.1', '1.2.840.10008.5.1.4.1.1.7.1', '1.2.840.10008.5.1.4.1.1.7.2', '1.2.840.10008.5.1.4.1.1.7.3']) {
      for (const ts of [TS.ExplicitVRLittleEndian, JPEG_BASELINE, J2K_LOSSLESS]) {
        assert.deepEqual(judged(sop, ts), {
          none: ['MONOCHROME2'],
          warning: ['MONOCHROME1', 'PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_422'],
          error: NOT_SHOWN,
        }, `${sop} ${ts}`);
      }
    }
    const [found] = requiredAttributeFindings(secondaryCapture('MONOCHROME1', TS.ExplicitVRLittleEndian, xa));
    assert.equal(found.message.en, 'Photometric Interpretation (0028,0004) MONOCHROME1: an X-Ray Angiographic image (PS3.3 A.14) encoded in Explicit VR Little Endian (1.2.840.10008.1.2.1) is expected to be MONOCHROME2 (as dciodvfy checks it)');
  });

  it('holds NM images to MONOCHROME2, and PALETTE COLOR but in a lossy transfer syntax', () => {
    const nm = '1.2.840.10008.5.1.4.1.1.20';
    const colour = ['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_422'];
    for (const ts of [TS.ExplicitVRLittleEndian, '1.2.840.10008.1.2.5', J2K_LOSSLESS]) {
      assert.deepEqual(judged(nm, ts), { none: ['MONOCHROME2', 'PALETTE COLOR'], warning: ['MONOCHROME1', ...colour], error: NOT_SHOWN }, ts);
    }
    for (const ts of [JPEG_BASELINE, '1.2.840.10008.1.2.4.81', J2K]) {
      assert.deepEqual(judged(nm, ts), { none: ['MONOCHROME2'], warning: ['MONOCHROME1', 'PALETTE COLOR', ...colour], error: NOT_SHOWN }, ts);
    }
    assert.match(requiredAttributeFindings(secondaryCapture('PALETTE COLOR', J2K, nm))[0].message.en, /: a Nuclear Medicine image \(PS3\.3 A\.5\) encoded in .* is expected to be MONOCHROME2 \(as dciodvfy checks it\)$/);
  });

  it('holds Multi-frame True Color Secondary Capture images to the colour terms of their transfer syntax', () => {
    const trueColour = '1.2.840.10008.5.1.4.1.1.7.4';
    const oneSample = ['MONOCHROME1', 'MONOCHROME2', 'PALETTE COLOR'];
    assert.deepEqual(judged(trueColour, TS.ExplicitVRLittleEndian), {
      none: ['RGB', 'YBR_ICT', 'YBR_RCT'], warning: [...oneSample, 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_422'], error: ['YBR_PARTIAL_420', 'XYB'],
    });
    assert.deepEqual(judged(trueColour, JPEG_BASELINE), {
      none: ['YBR_FULL_422'], warning: [...oneSample, 'RGB', 'YBR_FULL', 'YBR_PARTIAL_422'], error: NOT_SHOWN,
    });
    assert.deepEqual(judged(trueColour, '1.2.840.10008.1.2.4.51').none, ['RGB', 'YBR_FULL_422']);
    assert.deepEqual(judged(trueColour, '1.2.840.10008.1.2.4.80').none, ['RGB']);
    assert.deepEqual(judged(trueColour, J2K_LOSSLESS).none, ['YBR_RCT']);
    assert.deepEqual(judged(trueColour, J2K).none, ['YBR_ICT', 'YBR_RCT']);
    // A one-sample image is expected to be one of the colour terms all the same.
    const [found] = requiredAttributeFindings(secondaryCapture('MONOCHROME2', TS.ExplicitVRLittleEndian, trueColour));
    assert.equal(found.message.en, 'Photometric Interpretation (0028,0004) MONOCHROME2: a Multi-frame True Color Secondary Capture image (PS3.3 A.8.5) encoded in Explicit VR Little Endian (1.2.840.10008.1.2.1) is expected to be RGB, YBR_ICT, YBR_RCT (as dciodvfy checks it)');
  });

  it('reads the class and the term from the file: nothing of a monochrome CT, MR, DX, CR or intra-oral image, a warning of a colour one', () => {
    const colour = [us(TAG.SamplesPerPixel, 3), { tag: TAG.PhotometricInterpretation, vr: 'CS', value: 'RGB' } as DicomElement, us(TAG.PlanarConfiguration, 0), { tag: TAG.PixelData, vr: 'OB', value: new Uint8Array(48) } as DicomElement];
    const intraOral = { tag: TAG.SOPClassUID, vr: 'UI', value: SOP_CLASS.DigitalIntraOralXRayForPresentation } as DicomElement;
    const said = (['CT', 'MR', 'DX', 'CR', 'PX'] as const).flatMap((modality) => [[], colour].map((extra) => {
      const bytes = makeInstance({ modality, rows: 4, columns: 4, extra: modality === 'PX' ? [...extra, intraOral] : extra }).bytes;
      return `${modality} ${requiredAttributeFindings(readDicomHeader(bytes).header!).map((f) => f.severity).join() || 'none'}`;
    }));
    assert.deepEqual(said, ['CT none', 'CT warning', 'MR none', 'MR warning', 'DX none', 'DX warning', 'CR none', 'CR warning', 'PX none', 'PX warning']);
  });

  it('reads the Secondary Capture class and the colour term from the file', () => {
    const bytes = makeInstance({
      modality: 'US', rows: 4, columns: 4,
      extra: [{ tag: TAG.SOPClassUID, vr: 'UI', value: SOP_CLASS.SecondaryCapture }, us(TAG.SamplesPerPixel, 3), { tag: TAG.PhotometricInterpretation, vr: 'CS', value: 'YBR_PARTIAL_422' }, us(TAG.PlanarConfiguration, 0), { tag: TAG.PixelData, vr: 'OB', value: new Uint8Array(32) }],
    }).bytes;
    assert.deepEqual(requiredAttributeFindings(readDicomHeader(bytes).header!).map((f) => f.severity), ['warning']);
  });
});
