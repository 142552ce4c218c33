import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomHeader, type DicomRead } from '../../../server/src/core/dicom/read';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { packFileSet } from '../../fixtures/archives';
import { makeInstance, type DirFile, type InstanceSpec } from '../../fixtures/dicom';
import { pixelLengthFindings } from '../../fixtures/pixel-findings';
import type { DicomElement } from '../../../server/src/core/dicom/encode';

const codes = (r: DicomRead) => r.problems.map((p) => p.code);
const pixelCodes = (r: DicomRead) => codes(r).filter((c) => c.startsWith('pixel-data'));

/** The three reads of a file: the quick check's (a prefix, walker), the full check's (whole file) and dicom-parser's. */
function reads(bytes: Uint8Array): DicomRead[] {
  return [
    readDicomHeader(bytes.subarray(0, 2048), { totalSize: bytes.length }),
    readDicomHeader(bytes, { untilPixelData: false }),
    readDicomHeader(bytes, { walker: false }),
  ];
}

/** The pixel findings every read gives, which must agree. */
function pixelFindings(bytes: Uint8Array): string[] {
  const all = reads(bytes).map(pixelCodes);
  for (const r of all.slice(1)) assert.deepEqual(r, all[0], 'quick, full and dicom-parser reads agree');
  return all[0];
}

const pixels = (n: number, vr: 'OB' | 'OW' = 'OB'): DicomElement => ({ tag: TAG.PixelData, vr, value: new Uint8Array(n).fill(0x40) });
const us = (tag: number, value: number): DicomElement => ({ tag, vr: 'US', value });

describe('dicom/read: Pixel Data length against the image its header describes', () => {
  it('says nothing of a file whose native Pixel Data fits, 8 and 16 bits, odd sizes padded to even', () => {
    assert.deepEqual(pixelFindings(makeInstance({ rows: 512, columns: 512, bitsAllocated: 16 }).bytes), []);
    assert.deepEqual(pixelFindings(makeInstance({ modality: 'US', rows: 256, columns: 256 }).bytes), []);
    // 3 × 5 = 15 bytes, written as 16 (PS3.5 §7.1.1).
    assert.deepEqual(pixelFindings(makeInstance({ rows: 3, columns: 5 }).bytes), []);
  });

  it('an error when Rows says more rows than the pixel data holds, naming lengths and values in both languages', () => {
    const inst = makeInstance({ rows: 512, columns: 512, bitsAllocated: 16, extra: [us(TAG.Rows, 600)] });
    for (const r of reads(inst.bytes)) {
      const p = r.problems.find((x) => x.code === 'pixel-data-short');
      assert.ok(p, codes(r).join());
      assert.equal(p.severity, 'error');
      assert.equal(
        p.message.en,
        'Pixel Data (7FE0,0010) declares 524288 bytes but the image its header describes needs 614400 (Rows 600 × Columns 512 × Samples per Pixel 1 × Bits Allocated 16 / 8 × Number of Frames 1 (absent)): pixels are missing, and viewers show no image or a wrong one',
      );
      assert.equal(
        p.message['zh-TW'],
        '像素資料 (7FE0,0010) 宣告 524288 位元組，但檔頭所述影像需要 614400 位元組（Rows 600 × Columns 512 × Samples per Pixel 1 × Bits Allocated 16 / 8 × Number of Frames 1（未提供））：缺少像素資料，檢視軟體無法正確顯示影像',
      );
    }
  });

  it('an error when the pixel bytes were cut and the length mended, in every native transfer syntax', () => {
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      const inst = makeInstance({ rows: 64, columns: 64, bitsAllocated: 16, transferSyntax, extra: [pixels(64 * 64 * 2 - 512, 'OW')] });
      assert.deepEqual(pixelFindings(inst.bytes), ['pixel-data-short'], transferSyntax);
    }
    const deflated = makeInstance({ rows: 64, columns: 64, transferSyntax: TS.DeflatedExplicitVRLittleEndian, extra: [pixels(64 * 60)] });
    assert.deepEqual(pixelCodes(readDicomHeader(deflated.bytes)), ['pixel-data-short']);
    assert.deepEqual(pixelCodes(readDicomHeader(makeInstance({ rows: 64, columns: 64, transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes)), []);
  });

  it('counts every frame: Number of Frames 4 with one frame of pixels is short; the same bytes as 4 frames fit', () => {
    const frames = (n: string, bytes: number) => makeInstance({ rows: 32, columns: 32, extra: [{ tag: TAG.NumberOfFrames, vr: 'IS', value: n }, pixels(bytes)] }).bytes;
    assert.deepEqual(pixelFindings(frames('4', 32 * 32)), ['pixel-data-short']);
    assert.match(readDicomHeader(frames('4', 32 * 32)).problems.find((p) => p.code === 'pixel-data-short')!.message.en, /needs 4096 \(.* × Number of Frames 4\)/);
    assert.deepEqual(pixelFindings(frames('4', 4 * 32 * 32)), []);
  });

  it('a warning, not an error, for bytes beyond the image and its one pad byte', () => {
    const inst = makeInstance({ rows: 500, columns: 512, extra: [pixels(512 * 512)] });
    assert.deepEqual(pixelFindings(inst.bytes), ['pixel-data-long']);
    const p = readDicomHeader(inst.bytes).problems.find((x) => x.code === 'pixel-data-long')!;
    assert.equal(p.severity, 'warning');
    assert.match(p.message.en, /^Pixel Data \(7FE0,0010\) declares 262144 bytes, 6144 more than the 256000 the image its header describes needs \(Rows 500 × Columns 512 /);
    assert.match(p.message['zh-TW'], /^像素資料 \(7FE0,0010\) 宣告 262144 位元組，比檔頭所述影像需要的 256000 位元組多 6144（Rows 500 × Columns 512 /);
    // 15 bytes of image: 16 is its padded length, 18 is two bytes too many.
    assert.deepEqual(pixelFindings(makeInstance({ rows: 3, columns: 5, extra: [pixels(16)] }).bytes), []);
    assert.deepEqual(pixelFindings(makeInstance({ rows: 3, columns: 5, extra: [pixels(18)] }).bytes), ['pixel-data-long']);
    assert.match(readDicomHeader(makeInstance({ rows: 3, columns: 5, extra: [pixels(18)] }).bytes).problems.at(-1)!.message.en, /= 15, padded to an even length\)/);
  });

  it('Bits Allocated 1: frames packed bit after bit, ⌈all bits / 8⌉ bytes padded to even (PS3.5 §8.1.1)', () => {
    // 3 frames of 10 × 10 one-bit pixels: 300 bits, 37.5 → 38 bytes; a byte-aligned frame each (13 × 3 = 39 → 40) is two too many.
    const seg = (bytes: number, frames = '3') =>
      makeInstance({ rows: 10, columns: 10, extra: [us(TAG.BitsAllocated, 1), us(TAG.BitsStored, 1), us(TAG.HighBit, 0), { tag: TAG.NumberOfFrames, vr: 'IS', value: frames }, pixels(bytes)] }).bytes;
    assert.deepEqual(pixelFindings(seg(38)), []);
    assert.deepEqual(pixelFindings(seg(40)), ['pixel-data-long']);
    assert.deepEqual(pixelFindings(seg(36)), ['pixel-data-short']);
    assert.match(readDicomHeader(seg(36)).problems.at(-1)!.message.en, /needs 38 \(⌈Rows 10 × Columns 10 × Samples per Pixel 1 × Number of Frames 3 \/ 8⌉, Bits Allocated 1\)/);
    // One frame of 3 × 3: 9 bits, 2 bytes.
    assert.deepEqual(pixelFindings(makeInstance({ rows: 3, columns: 3, extra: [us(TAG.BitsAllocated, 1), us(TAG.BitsStored, 1), us(TAG.HighBit, 0), pixels(2)] }).bytes), []);
  });

  it('YBR_FULL_422 keeps two samples a pixel (PS3.3 C.7.6.3.1.2); RGB three', () => {
    const color = (pi: string, bytes: number) =>
      makeInstance({ modality: 'US', rows: 4, columns: 4, extra: [us(TAG.SamplesPerPixel, 3), { tag: TAG.PhotometricInterpretation, vr: 'CS', value: pi }, us(0x00280006, 0), pixels(bytes)] }).bytes;
    assert.deepEqual(pixelFindings(color('YBR_FULL_422', 32)), []);
    assert.deepEqual(pixelFindings(color('RGB', 48)), []);
    assert.deepEqual(pixelFindings(color('RGB', 32)), ['pixel-data-short']);
    assert.deepEqual(pixelFindings(color('YBR_FULL_422', 48)), ['pixel-data-long']);
    assert.match(readDicomHeader(color('YBR_FULL_422', 48)).problems.at(-1)!.message.en, /× 2\/3, YBR_FULL_422\)/);
  });

  it('says nothing when a value it needs is absent or invalid, rather than guess', () => {
    const without = (tag: number) => removeElement(makeInstance({ rows: 64, columns: 64, extra: [pixels(100)] }), tag);
    for (const tag of [TAG.Rows, TAG.Columns, TAG.SamplesPerPixel, TAG.BitsAllocated]) assert.deepEqual(pixelFindings(without(tag)), [], tag.toString(16));
    const odd = (extra: DicomElement[]) => makeInstance({ rows: 64, columns: 64, extra: [...extra, pixels(100)] }).bytes;
    assert.deepEqual(pixelFindings(odd([us(TAG.BitsAllocated, 12)])), [], 'Bits Allocated neither 1 nor a multiple of 8');
    assert.deepEqual(pixelFindings(odd([us(TAG.SamplesPerPixel, 2)])), [], 'Samples per Pixel 2');
    assert.deepEqual(pixelFindings(odd([us(TAG.Rows, 0)])), [], 'Rows 0');
    assert.deepEqual(pixelFindings(odd([{ tag: TAG.NumberOfFrames, vr: 'IS', value: '' }])), [], 'Number of Frames empty');
    assert.deepEqual(pixelFindings(odd([{ tag: TAG.NumberOfFrames, vr: 'IS', value: 'x' }])), [], 'Number of Frames no integer');
    assert.deepEqual(pixelFindings(odd([{ tag: TAG.NumberOfFrames, vr: 'IS', value: '0' }])), [], 'Number of Frames 0');
    assert.deepEqual(pixelFindings(odd([{ tag: TAG.PhotometricInterpretation, vr: 'CS', value: 'YBR_PARTIAL_420' }, us(TAG.SamplesPerPixel, 3)])), [], '4:2:0');
  });

  it('does not judge encapsulated pixel data, files without pixel data, or pixel data cut off by the end of the file', () => {
    // A compressed syntax: the length is that of the compressed stream (here even a defined one), not of the image.
    assert.deepEqual(pixelFindings(makeInstance({ rows: 64, columns: 64, transferSyntax: '1.2.840.10008.1.2.4.50', extra: [pixels(1000)] }).bytes), []);
    const encapsulated = makeInstance({ rows: 64, columns: 64, transferSyntax: '1.2.840.10008.1.2.4.50', extra: [{ tag: TAG.PixelData, vr: 'OB', value: new Uint8Array(0), lengthOverride: 0xffffffff }] });
    const quick = readDicomHeader(encapsulated.bytes, { totalSize: encapsulated.bytes.length + 10000 });
    assert.equal(quick.header?.pixelData?.length, null);
    assert.deepEqual(pixelCodes(quick), []);
    assert.deepEqual(pixelFindings(makeInstance({ modality: 'SR' }).bytes), []);
    assert.deepEqual(pixelFindings(makeInstance({ rows: 64, columns: 64, noPixelData: true, extra: [us(TAG.Rows, 64), us(TAG.Columns, 64)] }).bytes), []);
    // Cut inside Pixel Data: A14-dicom-corrupt says so; the length it declares is the image's.
    const cut = makeInstance({ rows: 64, columns: 64, extra: [us(TAG.Rows, 80)] });
    const r = readDicomHeader(cut.bytes.subarray(0, cut.bytes.length - 100));
    assert.deepEqual(codes(r), ['truncated']);
  });
});

/** The instance's bytes without the element `tag` (a top-level one of 2-byte length, Explicit VR LE). */
function removeElement(inst: { bytes: Uint8Array }, tag: number): Uint8Array {
  const b = Buffer.from(inst.bytes);
  const head = Buffer.alloc(4);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  const at = b.indexOf(head, 132);
  assert.ok(at > 0);
  const length = b.readUInt16LE(at + 6);
  return Buffer.concat([b.subarray(0, at), b.subarray(at + 8 + length)]);
}

describe('archive check: A14-dicom-pixel-length and A14-dicom-pixel-excess', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-pixel-length-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file in the archive, quick and full, an error for short pixel data and a warning for long', async () => {
    const good: InstanceSpec = { modality: 'CT', studyDate: '20251125', birthDate: '19860312', rows: 512, columns: 512, bitsAllocated: 16 };
    const first = makeInstance(good);
    const same = { ...good, studyUid: first.studyUid, seriesUid: first.seriesUid };
    const files: DirFile[] = [
      { fileId: ['IMG', 'IM0'], instance: first },
      { fileId: ['IMG', 'IM1'], instance: makeInstance({ ...same, instanceNumber: 2, extra: [pixels(512 * 512, 'OW')] }) },
      { fileId: ['IMG', 'IM2'], instance: makeInstance({ ...same, instanceNumber: 3, extra: [us(TAG.Rows, 500)] }) },
    ];
    const name = 'DCF3501200000_C00000000001.7z';
    await packFileSet(dir, name, files);
    for (const { short, long, findings } of await pixelLengthFindings(dir, name)) {
      assert.match(short.message.en, /^IMG\/IM1: Pixel Data \(7FE0,0010\) declares 262144 bytes but the image its header describes needs 524288 \(Rows 512 × Columns 512 × Samples per Pixel 1 × Bits Allocated 16 \/ 8 × Number of Frames 1 \(absent\)\).*: export it again from the PACS or the modality and pack it again$/);
      assert.match(short.message['zh-TW'], /^IMG\/IM1: 像素資料 \(7FE0,0010\) 宣告 262144 位元組/);
      assert.match(long.message.en, /^IMG\/IM2: Pixel Data \(7FE0,0010\) declares 524288 bytes, 12288 more than the 512000 /);
      assert.equal(findings.filter((f) => f.ruleId.startsWith('A14-dicom')).length, 2, findings.map((f) => f.ruleId).join());
    }
  });
});
