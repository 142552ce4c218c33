import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinkedArchives } from '../../../server/src/core/archive/check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { readDicomHeader } from '../../../server/src/core/dicom/read';
import { requiredAttributeFindings, requiredAttributeFindingsOf, type AttributeFinding } from '../../../server/src/core/dicom/required-attributes';
import { TAG } from '../../../server/src/core/dicom/tags';
import { SOP_CLASS, TS } from '../../../server/src/core/dicom/uids';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import { packFileSet } from '../../fixtures/archives';
import { makeInstance, type DirFile, type InstanceSpec } from '../../fixtures/dicom';

const us = (tag: number, value: number | null): DicomElement => ({ tag, vr: 'US', value });
const cs = (tag: number, value: string | null): DicomElement => ({ tag, vr: 'CS', value });
/** A 4 × 4 RGB image, `extra` replacing its elements and `omit` leaving them out. */
function rgb(extra: DicomElement[] = [], omit: number[] = []): Uint8Array {
  const colour = [us(TAG.SamplesPerPixel, 3), cs(TAG.PhotometricInterpretation, 'RGB'), us(TAG.PlanarConfiguration, 0), { tag: TAG.PixelData, vr: 'OB', value: new Uint8Array(48) } as DicomElement];
  const replaced = new Set(extra.map((e) => e.tag));
  return makeInstance({ modality: 'US', rows: 4, columns: 4, omit, extra: [...colour.filter((e) => !replaced.has(e.tag) && !omit.includes(e.tag)), ...extra] }).bytes;
}

/**
 * The findings of every read of a file (the quick check's prefix read by the walker, the full check's, dicom-parser's,
 * and Implicit VR and Big Endian, which the walker leaves to dicom-parser), which must agree; as "severity: message".
 */
function findings(spec: InstanceSpec | Uint8Array): string[] {
  const files = spec instanceof Uint8Array ? [spec] : [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian].map((transferSyntax) => makeInstance({ ...spec, transferSyntax }).bytes);
  const all = files.flatMap((bytes) => [
    readDicomHeader(bytes.subarray(0, 2048), { totalSize: bytes.length }),
    readDicomHeader(bytes, { untilPixelData: false }),
    readDicomHeader(bytes, { walker: false }),
  ]).map((r) => requiredAttributeFindings(r.header!).map(shown));
  for (const other of all.slice(1)) assert.deepEqual(other, all[0], 'every read gives the same findings');
  return all[0];
}

const shown = (f: AttributeFinding): string => `${f.severity}: ${f.message.en}`;

describe('dicom/required-attributes: identifying and Image Pixel attributes', () => {
  it('finds nothing in conformant files: 8- and 16-bit monochrome, RGB, a report without pixels', () => {
    assert.deepEqual(findings({ modality: 'CT', rows: 16, columns: 16, bitsAllocated: 16 }), []);
    assert.deepEqual(findings({ modality: 'US', rows: 16, columns: 16 }), []);
    assert.deepEqual(findings(rgb()), []);
    assert.deepEqual(findings({ modality: 'SR' }), []);
    // Planar Configuration is asked for only when Samples per Pixel is more than 1.
    assert.deepEqual(findings({ rows: 4, columns: 4 }), []);
  });

  it('an error for each identifying UID absent or empty, naming the attribute, its module and type', () => {
    const uids: [number, string][] = [
      [TAG.SOPClassUID, 'SOP Class UID (0008,0016) is absent or empty: a Type 1 attribute of the SOP Common module (PS3.3 C.12.1), which needs a value'],
      [TAG.SOPInstanceUID, 'SOP Instance UID (0008,0018) is absent or empty: a Type 1 attribute of the SOP Common module (PS3.3 C.12.1), which needs a value'],
      [TAG.StudyInstanceUID, 'Study Instance UID (0020,000D) is absent or empty: a Type 1 attribute of the General Study module (PS3.3 C.7.2.1), which needs a value'],
      [TAG.SeriesInstanceUID, 'Series Instance UID (0020,000E) is absent or empty: a Type 1 attribute of the General Series module (PS3.3 C.7.3.1), which needs a value'],
    ];
    for (const [tag, message] of uids) {
      assert.deepEqual(findings({ rows: 4, columns: 4, omit: [tag] }), [`error: ${message}`], tag.toString(16));
      assert.deepEqual(findings({ rows: 4, columns: 4, extra: [{ tag, vr: 'UI', value: null }] }), [`error: ${message}`], tag.toString(16));
    }
    const zh = requiredAttributeFindings(readDicomHeader(makeInstance({ omit: [TAG.SeriesInstanceUID] }).bytes).header!)[0].message['zh-TW'];
    assert.equal(zh, 'Series Instance UID (0020,000E) 缺少或沒有值：General Series 模組（PS3.3 C.7.3.1）的 Type 1 屬性，必須有值');
  });

  it('Modality: an image\'s is left to A14-modality; a report without it is a warning', () => {
    assert.deepEqual(findings({ rows: 4, columns: 4, omit: [TAG.Modality] }), []);
    assert.deepEqual(findings({ rows: 4, columns: 4, extra: [cs(TAG.Modality, null)] }), []);
    const report = findings({ modality: 'SR', omit: [TAG.Modality] });
    assert.equal(report.length, 1);
    assert.match(report[0], /^warning: Modality \(0008,0060\) is absent or empty: a Type 1 attribute of the series module \(General Series, PS3\.3 C\.7\.3\.1; for reports .*SR Document Series, C\.17\.1/);
  });

  it('of an instance with Pixel Data, each Image Pixel attribute absent or empty: an error, High Bit a warning', () => {
    const pixel: [number, string][] = [
      [TAG.SamplesPerPixel, 'Samples per Pixel (0028,0002)'],
      [TAG.PhotometricInterpretation, 'Photometric Interpretation (0028,0004)'],
      [TAG.Rows, 'Rows (0028,0010)'],
      [TAG.Columns, 'Columns (0028,0011)'],
      [TAG.BitsAllocated, 'Bits Allocated (0028,0100)'],
      [TAG.BitsStored, 'Bits Stored (0028,0101)'],
      [TAG.PixelRepresentation, 'Pixel Representation (0028,0103)'],
    ];
    const tail = 'is absent or empty: a Type 1 attribute of the Image Pixel module (PS3.3 C.7.6.3), which needs a value';
    for (const [tag, name] of pixel) {
      const empty = tag === TAG.PhotometricInterpretation ? cs(tag, null) : us(tag, null);
      assert.deepEqual(findings({ rows: 4, columns: 4, omit: [tag] }), [`error: ${name} ${tail}`], name);
      assert.deepEqual(findings({ rows: 4, columns: 4, extra: [empty] }), [`error: ${name} ${tail}`], name);
    }
    assert.deepEqual(findings({ rows: 4, columns: 4, omit: [TAG.HighBit] }), [`warning: High Bit (0028,0102) ${tail}`]);
    assert.deepEqual(findings(rgb([], [TAG.PlanarConfiguration])), [
      'error: Planar Configuration (0028,0006) is absent or empty: a Type 1C attribute of the Image Pixel module (PS3.3 C.7.6.3), which needs a value when Samples per Pixel is more than 1',
    ]);
    // Without Pixel Data the Image Pixel module is not asked for.
    assert.deepEqual(findings({ rows: 4, columns: 4, noPixelData: true, extra: [us(TAG.Rows, 4)] }), []);
  });

  it('values outside those defined: an error where viewers cannot show the image, a warning where they assume one', () => {
    assert.deepEqual(findings({ rows: 4, columns: 4, extra: [us(TAG.SamplesPerPixel, 2)] }), ['error: Samples per Pixel (0028,0002) is 2, where the Image Pixel module (PS3.3 C.7.6.3) expects 1 or 3']);
    assert.deepEqual(findings({ rows: 4, columns: 4, extra: [cs(TAG.PhotometricInterpretation, 'GREY')] }), [
      'error: Photometric Interpretation (0028,0004) is GREY, where the Image Pixel module (PS3.3 C.7.6.3) expects a defined term (MONOCHROME1, MONOCHROME2, PALETTE COLOR, RGB, YBR_FULL, YBR_FULL_422, …)',
    ]);
    assert.deepEqual(findings({ rows: 4, columns: 4, extra: [us(TAG.Rows, 0)] }), ['error: Rows (0028,0010) is 0, where the Image Pixel module (PS3.3 C.7.6.3) expects more than 0']);
    assert.deepEqual(findings({ rows: 4, columns: 4, extra: [us(TAG.BitsStored, 0)] }), ['error: Bits Stored (0028,0101) is 0, where the Image Pixel module (PS3.3 C.7.6.3) expects more than 0']);
    assert.deepEqual(findings({ rows: 4, columns: 4, extra: [us(TAG.PixelRepresentation, 2)] }), ['warning: Pixel Representation (0028,0103) is 2, where the Image Pixel module (PS3.3 C.7.6.3) expects 0 or 1']);
    assert.deepEqual(findings(rgb([us(TAG.PlanarConfiguration, 2)])), ['warning: Planar Configuration (0028,0006) is 2, where the Image Pixel module (PS3.3 C.7.6.3) expects 0 or 1']);
    // The retired ARGB (4 samples) is no defined term any more.
    assert.deepEqual(findings(rgb([cs(TAG.PhotometricInterpretation, 'ARGB')])).length, 1);
    const zh = requiredAttributeFindings(readDicomHeader(makeInstance({ extra: [us(TAG.PixelRepresentation, 2)] }).bytes).header!)[0].message['zh-TW'];
    assert.equal(zh, 'Pixel Representation (0028,0103) 為 2：Image Pixel 模組（PS3.3 C.7.6.3）規定應為 0 或 1');
  });

  it('Samples per Pixel against Photometric Interpretation: 1 for monochrome and palette, 3 for RGB and YBR', () => {
    assert.deepEqual(findings(rgb([cs(TAG.PhotometricInterpretation, 'MONOCHROME2')])), [
      'error: Samples per Pixel (0028,0002) 3, Photometric Interpretation (0028,0004) MONOCHROME2: Samples per Pixel is expected to be 1 for MONOCHROME2 (PS3.3 C.7.6.3.1.2)',
    ]);
    assert.deepEqual(findings({ rows: 4, columns: 4, extra: [cs(TAG.PhotometricInterpretation, 'RGB')] }), [
      'error: Samples per Pixel (0028,0002) 1, Photometric Interpretation (0028,0004) RGB: Samples per Pixel is expected to be 3 for RGB (PS3.3 C.7.6.3.1.2)',
    ]);
    // Uncompressed YBR_FULL: a Secondary Capture image takes it, an Ultrasound image does not (image-pixel-attributes.ts).
    assert.deepEqual(findings(rgb([cs(TAG.PhotometricInterpretation, 'YBR_FULL'), { tag: TAG.SOPClassUID, vr: 'UI', value: SOP_CLASS.SecondaryCapture }])), []);
    assert.deepEqual(findings(rgb([cs(TAG.PhotometricInterpretation, 'PALETTE COLOR')])).length, 1);
  });

  it('Bits Stored, High Bit and Bits Allocated as dciodvfy holds them (PS3.5 §8.1.1)', () => {
    const bits = (stored: number, high: number, allocated: 8 | 16 = 16) => findings({ rows: 4, columns: 4, bitsAllocated: allocated, extra: [us(TAG.BitsStored, stored), us(TAG.HighBit, high)] });
    assert.deepEqual(bits(12, 11), []);
    assert.deepEqual(bits(16, 15), []);
    // High Bit above Bits Stored − 1 and within Bits Allocated: dciodvfy warns, viewers show the image.
    assert.deepEqual(bits(12, 15), ['warning: High Bit (0028,0102) 15, Bits Stored (0028,0101) 12, Bits Allocated (0028,0100) 16: High Bit is expected to be Bits Stored − 1 = 11 (PS3.5 §8.1.1)']);
    // Below Bits Stored − 1, or past Bits Allocated: an error.
    assert.deepEqual(bits(12, 10), ['error: High Bit (0028,0102) 10, Bits Stored (0028,0101) 12, Bits Allocated (0028,0100) 16: High Bit is expected to be Bits Stored − 1 = 11 (PS3.5 §8.1.1)']);
    assert.deepEqual(bits(8, 8, 8), ['error: High Bit (0028,0102) 8, Bits Stored (0028,0101) 8, Bits Allocated (0028,0100) 8: High Bit is expected to be Bits Stored − 1 = 7 (PS3.5 §8.1.1)']);
    // Bits Stored over Bits Allocated is said once, not again as a wrong High Bit.
    assert.deepEqual(bits(12, 11, 8), ['error: Bits Stored (0028,0101) 12, Bits Allocated (0028,0100) 8: Bits Stored is expected to be at most Bits Allocated (PS3.5 §8.1.1)']);
    const zh = requiredAttributeFindings(readDicomHeader(makeInstance({ bitsAllocated: 16, extra: [us(TAG.HighBit, 15)] }).bytes).header!)[0].message['zh-TW'];
    assert.equal(zh, 'High Bit (0028,0102) 15, Bits Stored (0028,0101) 12, Bits Allocated (0028,0100) 16：High Bit 應為 Bits Stored − 1 = 11（PS3.5 §8.1.1）');
  });
});

describe('dicom/required-attributes: reads that stopped', () => {
  it('judges nothing after a read that stopped: what follows the failure was not read (A14-dicom-corrupt says so)', () => {
    // An absurd length in Study Description: the UIDs after it are never read.
    const absurd = makeInstance({ extra: [{ tag: TAG.StudyDescription, vr: 'UT', value: 'x', lengthOverride: 0x7ffffff0 }] }).bytes;
    const read = readDicomHeader(absurd, { untilPixelData: false });
    assert.deepEqual(read.problems.map((p) => p.code), ['absurd-length']);
    assert.ok(requiredAttributeFindings(read.header!).length > 0, 'the partial header lacks the UIDs');
    assert.deepEqual(requiredAttributeFindingsOf(read), []);
    // A whole header is judged.
    assert.equal(requiredAttributeFindingsOf(readDicomHeader(makeInstance({ omit: [TAG.StudyInstanceUID] }).bytes)).length, 1);
  });
});

describe('archive check: A14-dicom-attribute and A14-dicom-attribute-minor', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-required-attributes-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names each file once a severity, its faults joined, with what to do, in the quick and the full check', async () => {
    const good: InstanceSpec = { modality: 'CT', studyDate: '20251125', birthDate: '19860312', rows: 512, columns: 512, bitsAllocated: 16 };
    const first = makeInstance(good);
    const same = { ...good, studyUid: first.studyUid, seriesUid: first.seriesUid };
    const files: DirFile[] = [
      { fileId: ['IMG', 'IM0'], instance: first },
      { fileId: ['IMG', 'IM1'], instance: makeInstance({ ...same, instanceNumber: 2, omit: [TAG.SeriesInstanceUID, TAG.PixelRepresentation], extra: [us(TAG.HighBit, 15)] }) },
    ];
    const name = 'DCF3501200000_C00000000001.7z';
    await packFileSet(dir, name, files);
    const csv = EXAMPLE_ROW.map((v, i) => (i === 13 ? name : v)).join(',') + '\r\n';
    for (const mode of ['quick', 'full'] as const) {
      const { findings: all } = await checkLinkedArchives(join(dir, '3501200000_20251125_001.csv'), parseCsv(csv), { options: defaultOptions({ lang: 'en' }), mode });
      const error = all.filter((f) => f.ruleId === 'A14-dicom-attribute');
      const warning = all.filter((f) => f.ruleId === 'A14-dicom-attribute-minor');
      assert.equal(error.length, 1, `${mode}: ${all.map((f) => f.ruleId).join()}`);
      assert.equal(warning.length, 1, mode);
      assert.equal(error[0].severity, 'error');
      assert.equal(warning[0].severity, 'warning');
      assert.equal(
        error[0].message.en,
        'IMG/IM1: Series Instance UID (0020,000E) is absent or empty: a Type 1 attribute of the General Series module (PS3.3 C.7.3.1), which needs a value; Pixel Representation (0028,0103) is absent or empty: a Type 1 attribute of the Image Pixel module (PS3.3 C.7.6.3), which needs a value: export it again from the PACS or the modality and pack it again',
      );
      assert.match(warning[0].message.en, /^IMG\/IM1: High Bit \(0028,0102\) 15, Bits Stored \(0028,0101\) 12, .*: export it again from the PACS or the modality and pack it again$/);
      assert.ok(!all.some((f) => /IMG\/IM0/.test(f.message.en) && f.ruleId.startsWith('A14-dicom-attribute')), 'the conformant file has no finding');
    }
    const zh = await checkLinkedArchives(join(dir, '3501200000_20251125_001.csv'), parseCsv(csv), { options: defaultOptions({ lang: 'zh-TW' }), mode: 'quick' });
    assert.match(zh.findings.find((f) => f.ruleId === 'A14-dicom-attribute')!.message['zh-TW'], /^IMG\/IM1: Series Instance UID \(0020,000E\) 缺少或沒有值：.*；Pixel Representation \(0028,0103\) 缺少或沒有值：.*；請從 PACS 或影像設備重新匯出此檔後再打包$/);
  });
});
