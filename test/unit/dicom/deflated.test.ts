/**
 * Deflated Explicit VR Little Endian (PS3.5 A.5): the data set is read through our inflater, from the
 * whole file or from a prefix, and a data set that inflates to gigabytes is stopped early.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DicomScanError, scanDicomHeader } from '../../../server/src/core/dicom/dicomdir-build-scan';
import { readDicomHeader, readDicomHeaderFromNow } from '../../../server/src/core/dicom/read';
import { encodeDataSet, encodePart10Header, EXPLICIT_LE } from '../../../server/src/core/dicom/encode';
import { INFLATED_HEADER_LIMIT, namesDeflatedSyntax } from '../../../server/src/core/dicom/inflate';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { afterMetaGroup } from '../../../server/src/core/dicom/structure-scan';
import { deflatedSpellingMetaElement, deflatedSpellingSq, deflatedStored, makeInstance, withGroupLength, withoutGroupLength } from '../../fixtures/dicom';

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

/** The findings of `bytes` read quick, full and from prefixes (the first of 600 bytes), each as [code, English]; and what the build's scan reads of it. */
async function readEveryWay(bytes: Uint8Array) {
  const said = (r: { problems: { code: string; message: { en: string } }[] }) => r.problems.map((p) => [p.code, p.message.en]);
  const quick = readDicomHeader(bytes);
  const full = readDicomHeader(bytes, { untilPixelData: false });
  const prefix = readDicomHeaderFromNow((n) => bytes.subarray(0, n), bytes.length, { firstRead: 600 })!;
  const dir = mkdtempSync(join(tmpdir(), 'nhi-deflated-'));
  try {
    writeFileSync(join(dir, 'IM1'), bytes);
    const build = await scanDicomHeader(join(dir, 'IM1')).then((info) => [info.sopInstanceUid, info.rows, info.keyProblems], (e: DicomScanError) => e.why.en);
    return { quick: said(quick), full: said(full), prefix: said(prefix), headers: [quick, full, prefix].map((r) => r.header), build };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function deflatedCt() {
  // Noise: the pixel data does not deflate, so the file is as long as a real CT slice.
  const pixels = new Uint8Array(randomBytes(512 * 512 * 2));
  return makeInstance({ modality: 'CT', rows: 512, columns: 512, bitsAllocated: 16, pixels, transferSyntax: TS.DeflatedExplicitVRLittleEndian });
}

describe('dicom/read: deflated transfer syntax', () => {
  it('reads the header of a whole deflated file', () => {
    const inst = deflatedCt();
    assert.ok(namesDeflatedSyntax(inst.bytes));
    const r = readDicomHeader(inst.bytes);
    assert.deepEqual(codes(r), []);
    assert.equal(r.header?.transferSyntaxUid, TS.DeflatedExplicitVRLittleEndian);
    assert.equal(r.header?.rows, 512);
    assert.equal(r.header?.columns, 512);
    assert.equal(r.header?.modality, 'CT');
    assert.equal(r.header?.sopInstanceUid, inst.sopInstanceUid);
  });

  it('reads it from a prefix, as the quick check does, asking for more only while the header is cut', () => {
    const inst = deflatedCt();
    const asked: number[] = [];
    const r = readDicomHeaderFromNow((n) => (asked.push(n), inst.bytes.subarray(0, n)), inst.bytes.length, { firstRead: 600 });
    assert.deepEqual(codes(r!), []);
    assert.equal(r!.header?.rows, 512);
    assert.ok(asked.length >= 2, 'the first 600 bytes do not reach the pixel data');
    assert.ok(asked[asked.length - 1] < inst.bytes.length, `read ${asked.join(', ')} of ${inst.bytes.length} bytes`);
  });

  it('reads a file whose deflate stream starts with bytes that spell an element header ("SQ" in bytes 4 and 5), as dcmtk and pydicom do, quick, full and for the build', async () => {
    // dicom-parser reads the element after the meta group before it sees it is not in group 0002: here a "sequence"
    // made of deflate bytes, whose items it failed to find (a sequence holds something other than items).
    const inst = deflatedSpellingSq();
    const start = 132 + 12 + Buffer.from(inst.bytes).readUInt32LE(140);
    assert.equal(Buffer.from(inst.bytes.subarray(start + 4, start + 6)).toString('latin1'), 'SQ');
    for (const options of [{}, { untilPixelData: false }]) {
      const r = readDicomHeader(inst.bytes, options);
      assert.deepEqual(codes(r), [], JSON.stringify(options));
      assert.equal(r.header?.rows, 512);
      assert.equal(r.header?.sopInstanceUid, inst.sopInstanceUid);
    }
    const prefix = readDicomHeaderFromNow((n) => inst.bytes.subarray(0, n), inst.bytes.length, { firstRead: 600 });
    assert.deepEqual(codes(prefix!), []);
    assert.equal(prefix!.header?.modality, 'CT');
    const dir = mkdtempSync(join(tmpdir(), 'nhi-deflated-sq-'));
    try {
      writeFileSync(join(dir, 'IM1'), inst.bytes);
      const info = await scanDicomHeader(join(dir, 'IM1'));
      assert.deepEqual([info.sopInstanceUid, info.modality, info.rows, info.keyProblems], [inst.sopInstanceUid, 'CT', 512, []]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends the meta group where (0002,0000) says when the deflate stream starts like a group-0002 element, as dcmtk reads it, quick, full and for the build, and warns that readers ending the group where it changes cannot', async () => {
    const inst = deflatedSpellingMetaElement();
    const b = Buffer.from(inst.bytes);
    const end = 144 + b.readUInt32LE(140);
    assert.deepEqual([b.readUInt16LE(end), b.readUInt16LE(end + 2), b.toString('latin1', end + 4, end + 6)], [0x0002, 0xb3aa, 'UL']);
    assert.deepEqual(afterMetaGroup(inst.bytes), { start: end, transferSyntaxUid: TS.DeflatedExplicitVRLittleEndian });
    const lookalike = ['warning', 'deflated-meta-lookalike', `the deflate stream of the deflated data set, from byte ${end}, starts with bytes that read as a meta group element, (0002,B3AA); (0002,0000) File Meta Information Group Length ends the meta group before them and dcmtk reads the file by it, but readers that end the meta group where its group changes (pydicom, dciodvfy) take those bytes for a meta element and cannot inflate the data set (PS3.10 §7.1, PS3.5 §A.5). Deflate the data set again (dcmconv +td, for one)`];
    const said = (r: { problems: { severity: string; code: string; message: { en: string } }[] }) => r.problems.map((p) => [p.severity, p.code, p.message.en]);
    for (const options of [{}, { untilPixelData: false }]) {
      const r = readDicomHeader(inst.bytes, options);
      assert.deepEqual(said(r), [lookalike], JSON.stringify(options));
      assert.deepEqual([r.header?.rows, r.header?.modality, r.header?.sopInstanceUid], [512, 'CT', inst.sopInstanceUid]);
    }
    const prefix = readDicomHeaderFromNow((n) => inst.bytes.subarray(0, n), inst.bytes.length, { firstRead: 600 });
    assert.deepEqual(said(prefix!), [lookalike]);
    // A stream that does not read as a group-0002 element: nothing to say.
    assert.deepEqual(codes(readDicomHeader(makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes)), []);
    const dir = mkdtempSync(join(tmpdir(), 'nhi-deflated-meta-'));
    try {
      writeFileSync(join(dir, 'IM1'), inst.bytes);
      const info = await scanDicomHeader(join(dir, 'IM1'));
      assert.deepEqual([info.sopInstanceUid, info.rows, info.keyProblems], [inst.sopInstanceUid, 512, []]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a deflated file without (0002,0000) from where its meta group ends, as dcmtk and pydicom do: only the missing group length is said, quick, full, from a prefix and for the build', async () => {
    // dicom-parser read a deflated data set from byte 0, the preamble and the meta group again: without (0002,0000) it ran
    // out of step through the data set and called the file truncated inside an element (0201,0200) of its own making.
    const inst = makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian });
    const bytes = withoutGroupLength(inst.bytes);
    const r = await readEveryWay(bytes);
    const lacks = [['meta-group-length', 'the Part 10 meta group lacks its group length (0002,0000) (PS3.10 §7.1)']];
    assert.deepEqual([r.quick, r.full, r.prefix], [lacks, lacks, lacks]);
    for (const header of r.headers) assert.deepEqual([header?.rows, header?.modality, header?.sopInstanceUid], [512, 'CT', inst.sopInstanceUid]);
    assert.deepEqual(r.build, [inst.sopInstanceUid, 512, []]);
    assert.equal(readDicomHeader(bytes).problems[0].message['zh-TW'], 'Part 10 檔頭缺少 (0002,0000) 群組長度（PS3.10 §7.1）');
  });

  it('ends the meta group of a deflated file without (0002,0000) before its deflate stream where that reads as a group-0002 element, and says that dcmtk and pydicom cannot inflate it', async () => {
    const inst = deflatedSpellingMetaElement();
    const bytes = withoutGroupLength(inst.bytes);
    const start = 132 + Buffer.from(inst.bytes).readUInt32LE(140);
    assert.deepEqual([bytes.readUInt16LE(start), bytes.readUInt16LE(start + 2), bytes.toString('latin1', start + 4, start + 6)], [0x0002, 0xb3aa, 'UL']);
    assert.deepEqual(afterMetaGroup(bytes), { start, transferSyntaxUid: TS.DeflatedExplicitVRLittleEndian });
    const r = await readEveryWay(bytes);
    const expected = [
      ['meta-group-length', 'the Part 10 meta group lacks its group length (0002,0000) (PS3.10 §7.1)'],
      ['deflated-meta-end', `the deflate stream of the deflated data set, from byte ${start}, starts with bytes that read as a meta group element, (0002,B3AA), and (0002,0000) File Meta Information Group Length is missing; only the group length tells where the meta group ends (PS3.10 §7.1, PS3.5 §A.5), so dcmtk and pydicom read those bytes as a meta element and cannot inflate the data set. Write the file again with the right group length (dcmconv +td, for one)`],
    ];
    assert.deepEqual([r.quick, r.full, r.prefix], [expected, expected, expected]);
    for (const header of r.headers) assert.deepEqual([header?.rows, header?.sopInstanceUid], [512, inst.sopInstanceUid]);
    // The build refuses what the batch's check calls an error.
    assert.equal(r.build, expected[1][1]);
    const zh = readDicomHeader(bytes).problems[1];
    assert.deepEqual([zh.severity, zh.message['zh-TW']], ['error', `壓縮（Deflated）的資料集自位元組 ${start} 起的 deflate 資料流，開頭可讀成檔頭群組元素 (0002,B3AA)，而缺少 (0002,0000) 檔頭群組長度；檔頭在何處結束只能由群組長度得知（PS3.10 §7.1、PS3.5 §A.5），dcmtk 與 pydicom 把這些位元組當成檔頭元素，無法解壓資料集。請以正確的群組長度重新寫出檔案（例如 dcmconv +td）`]);
  });

  it('reads a deflated file whose (0002,0000) runs past the end of the file (0x7FFFFFFF) by where its group changes, and calls it an error that dcmtk cannot read; where the stream reads as a group-0002 element, also that dcmtk and pydicom cannot inflate it', async () => {
    // dicom-parser's read from byte 0 took the group length's high bytes for a length (the element "(4C55,0004)").
    const plain = makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian });
    const bytes = withGroupLength(plain.bytes, 0x7fffffff);
    const left = bytes.length - 144;
    const metaBytes = Buffer.from(plain.bytes).readUInt32LE(140);
    const past = ['meta-group-overrun', `group length (0002,0000) says 2147483647, past the end of the file (${left} bytes follow it), the meta group has ${metaBytes} bytes (PS3.10 §7.1); dcmtk reads on by it into the Deflated data set, takes its first bytes for Explicit VR Little Endian meta elements and fails`];
    const r = await readEveryWay(bytes);
    assert.deepEqual([r.quick, r.full, r.prefix], [[past], [past], [past]]);
    for (const header of r.headers) assert.deepEqual([header?.rows, header?.sopInstanceUid], [512, plain.sopInstanceUid]);
    // The build refuses what the batch's check calls an error.
    assert.equal(r.build, past[1]);
    assert.equal(readDicomHeader(bytes).problems[0].message['zh-TW'], `(0002,0000) 群組長度為 2147483647，超過檔案結尾（其後只有 ${left} 位元組），檔頭群組實際為 ${metaBytes} 位元組（PS3.10 §7.1）；dcmtk 依此長度把壓縮（Deflated）資料集的開頭當成檔頭元素（Explicit VR Little Endian）讀，讀不下去`);
    const spelling = deflatedSpellingMetaElement();
    const spelled = withGroupLength(spelling.bytes, 0x7fffffff);
    const s = await readEveryWay(spelled);
    assert.deepEqual(s.full.map(([code]) => code), ['meta-group-overrun', 'deflated-meta-end']);
    // The meta group's length varies with the instance's generated UIDs.
    const streamAt = 144 + Buffer.from(spelling.bytes).readUInt32LE(140);
    assert.ok(s.full[1][1].includes(`from byte ${streamAt}, starts with bytes that read as a meta group element, (0002,B3AA), and (0002,0000) File Meta Information Group Length says 2147483647, which does not end the meta group there;`), s.full[1][1]);
    // The build refuses it for both errors, joined as the check's finding joins them.
    assert.deepEqual([s.quick, s.prefix, s.build], [s.full, s.full, s.full.map(([, message]) => message).join('; ')]);
  });

  it('reads a deflate stream of stored blocks, whose first bytes read as a tag in group 0001, as a deflate stream, not as a data set in a forbidden group', async () => {
    const inst = deflatedStored();
    const start = afterMetaGroup(inst.bytes).start;
    assert.equal(Buffer.from(inst.bytes).toString('hex', start, start + 4), '010006ff');
    const r = await readEveryWay(inst.bytes);
    assert.deepEqual([r.quick, r.full, r.prefix, r.build], [[], [], [], [inst.sopInstanceUid, 16, []]]);
  });

  it('ends the meta group where its group changes when (0002,0000) is wrong: short of elements PS3.10 defines, inside an element, past the group (an error where the data set is not Explicit VR Little Endian and dcmtk, by the length, reads meta elements as data set or data set as meta elements: it fails)', () => {
    for (const syntax of [TS.DeflatedExplicitVRLittleEndian, TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian]) {
      const b = Buffer.from(makeInstance({ modality: 'CT', transferSyntax: syntax }).bytes);
      const walked = afterMetaGroup(b);
      const right = b.readUInt32LE(140);
      assert.equal(walked.start, 144 + right);
      // The last meta element: (0002,0013) Implementation Version Name "NHI_IMAGING_01".
      const last = 8 + 14;
      assert.deepEqual([b.readUInt16LE(walked.start - last + 2), b.readUInt16LE(walked.start - last + 6)], [0x0013, 14]);
      for (const wrong of [right - last, right - 2, right + 8]) {
        const c = Buffer.from(b);
        c.writeUInt32LE(wrong, 140);
        assert.deepEqual(afterMetaGroup(c), walked, `${syntax} ${wrong}`);
        for (const options of [{}, { untilPixelData: false }]) {
          const r = readDicomHeader(c, options);
          // right - 2 ends inside the last meta element, which dcmtk reads whole: it reads the file.
          const fails = wrong !== right - 2 && syntax !== TS.ExplicitVRLittleEndian;
          const code = !fails ? 'meta-group-length' : wrong > right ? 'meta-group-overrun' : 'meta-group-short';
          assert.deepEqual(codes(r).filter((c) => c !== 'implicit-vr'), [code], `${syntax} ${wrong} ${JSON.stringify(options)}`);
          assert.equal(r.header?.rows, 512);
        }
      }
    }
  });

  it('calls a file cut inside its deflate stream truncated, though what it inflates to holds every pixel, quick and full', () => {
    // A constant image deflates to a few bytes: the last one ends the stream, no pixel is lost with it (two cut lose pixels,
    // which the Pixel Data's length says already).
    const whole = makeInstance({ modality: 'CT', rows: 512, columns: 512, transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes;
    assert.deepEqual(codes(readDicomHeader(whole, { untilPixelData: false })), []);
    for (const cut of [1, 2]) {
      const bytes = whole.subarray(0, whole.length - cut);
      for (const options of [{}, { untilPixelData: false }]) {
        const r = readDicomHeader(bytes, options);
        assert.deepEqual(codes(r), ['truncated'], `${cut} ${JSON.stringify(options)}`);
        if (cut === 1) {
          assert.equal(r.problems[0].message.en, 'the deflated data set ends before its deflate stream does (PS3.5 A.5): the file is truncated');
          assert.equal(r.problems[0].message['zh-TW'], '壓縮（Deflated）的資料集在 deflate 資料流結束前就中斷（PS3.5 A.5）：檔案不完整');
        }
        assert.equal(r.header?.rows, 512);
      }
    }
  });

  it('calls a data set with a stray byte or few after its Pixel Data truncated in the full check, as it does a file not deflated', () => {
    const inst = makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian });
    const metaEnd = afterMetaGroup(inst.bytes).start;
    const dataSet = inflateRawSync(inst.bytes.subarray(metaEnd));
    const plain = makeInstance({ modality: 'CT' }).bytes;
    for (const extra of [1, 3, 7]) {
      const bytes = Buffer.concat([inst.bytes.subarray(0, metaEnd), deflateRawSync(Buffer.concat([dataSet, Buffer.alloc(extra, 0x5a)]))]);
      const r = readDicomHeader(bytes, { untilPixelData: false });
      const end = metaEnd + dataSet.length;
      assert.deepEqual(r.problems.map((p) => [p.code, p.severity, p.message.en]), [['truncated', 'error', `the DICOM file is truncated or corrupt, after (7FE0,0010): the ${extra === 1 ? 'byte' : `${extra} bytes`} left from byte ${end} cannot form an element`]], String(extra));
      assert.equal(r.problems[0].message['zh-TW'], `DICOM 檔案不完整或毀損，在 (7FE0,0010) 之後：位元組 ${end} 起剩下的 ${extra} 位元組不足以構成一個元素`);
      assert.equal(r.header?.rows, 512);
      // The quick check reads to the Pixel Data's header, of any file.
      assert.deepEqual(codes(readDicomHeader(bytes)), []);
      const notDeflated = Buffer.concat([plain, Buffer.alloc(extra, 0x5a)]);
      assert.deepEqual(readDicomHeader(notDeflated, { untilPixelData: false }).problems.map((p) => [p.code, p.severity]), [['truncated', 'error']], String(extra));
    }
  });

  it('calls 8 or more stray bytes after the Pixel Data of a deflated data set truncated in the full check, as dcmdump does; elements that fit there are read', () => {
    const inst = makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian });
    const metaEnd = afterMetaGroup(inst.bytes).start;
    const dataSet = inflateRawSync(inst.bytes.subarray(metaEnd));
    const deflatedWith = (tail: Buffer) => Buffer.concat([inst.bytes.subarray(0, metaEnd), deflateRawSync(Buffer.concat([dataSet, tail]))]);
    for (const extra of [8, 12, 20]) {
      // (5A5A,5A5A), VR "ZZ", 23,130 bytes: more than follow.
      const bytes = deflatedWith(Buffer.alloc(extra, 0x5a));
      const r = readDicomHeader(bytes, { untilPixelData: false });
      assert.deepEqual(r.problems.map((p) => [p.code, p.severity, p.message.en]), [['truncated', 'error', 'the DICOM file is truncated or corrupt, after (7FE0,0010): an element or item declares more bytes than follow it']], String(extra));
      assert.equal(r.problems[0].message['zh-TW'], 'DICOM 檔案不完整或毀損，在 (7FE0,0010) 之後：某個元素或項目宣告的長度超過其後的資料');
      assert.equal(r.header?.rows, 512);
      assert.deepEqual(codes(readDicomHeader(bytes)), [], 'the quick check reads to the Pixel Data\'s header');
    }
    // Data Set Trailing Padding (FFFC,FFFC) OB of 8 bytes after the Pixel Data.
    const padding = Buffer.from([0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(codes(readDicomHeader(deflatedWith(padding), { untilPixelData: false })), []);
    // A million empty elements after it are counted before any is built.
    const many = Buffer.alloc(8 * 1_000_000);
    for (let i = 0; i < many.length; i += 8) {
      // (FFFC,4F4C) LO, empty.
      many.writeUInt32LE(0x4f4c_fffc, i);
      many.writeUInt32LE(0x0000_4f4c, i + 4);
    }
    assert.deepEqual(codes(readDicomHeader(deflatedWith(many), { untilPixelData: false })), ['header-too-large']);
  });

  it('warns of bytes after the end of the deflate stream, which dcmtk and pydicom pass over (PS3.5 §A.5), of a whole file, quick and full; not of NULs, nor of a gzip trailer', () => {
    const inst = makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian });
    const start = afterMetaGroup(inst.bytes).start;
    // pydicom pads a stream of odd length with one NUL; Orthanc leaves the rest of a buffer the size of the data set zero.
    for (const zeros of [1, 8, 500_000]) assert.deepEqual(codes(readDicomHeader(Buffer.concat([inst.bytes, Buffer.alloc(zeros)]), { untilPixelData: false })), [], String(zeros));
    // GDCM writes a gzip trailer after the stream: its CRC-32, then the length of the inflated data set.
    const trailer = Buffer.alloc(8, 0x21);
    trailer.writeUInt32LE(inflateRawSync(inst.bytes.subarray(start)).length, 4);
    assert.deepEqual(codes(readDicomHeader(Buffer.concat([inst.bytes, trailer]), { untilPixelData: false })), [], 'GDCM writes so');
    trailer.writeUInt32LE(trailer.readUInt32LE(4) + 1, 4);
    assert.deepEqual(codes(readDicomHeader(Buffer.concat([inst.bytes, trailer]), { untilPixelData: false })), ['deflate-trailing'], 'another length');
    for (const extra of [1, 8, 16]) {
      const bytes = Buffer.concat([inst.bytes, Buffer.alloc(extra, 0x5a)]);
      for (const options of [{}, { untilPixelData: false }]) {
        const r = readDicomHeader(bytes, options);
        assert.deepEqual(r.problems.map((p) => [p.code, p.severity, p.message.en]), [['deflate-trailing', 'warning', `${extra === 1 ? '1 byte follows' : `${extra} bytes follow`} the end of the deflated data set's deflate stream, from byte ${inst.bytes.length}; the stream is the data set (PS3.5 §A.5), so they belong to no element, and dcmtk and pydicom pass over them`]], `${extra} ${JSON.stringify(options)}`);
        assert.equal(r.problems[0].message['zh-TW'], `壓縮（Deflated）的資料集的 deflate 資料流結束後，自位元組 ${inst.bytes.length} 起還有 ${extra} 位元組；資料集就是該資料流（PS3.5 §A.5），這些位元組不屬於任何元素，dcmtk 與 pydicom 都略過不讀`);
        assert.equal(r.header?.rows, 512);
      }
    }
  });

  it('reports a corrupt deflate stream as unreadable, in words', () => {
    const inst = deflatedCt();
    const bytes = inst.bytes.slice();
    const dataStart = bytes.length - deflateRawSync(new Uint8Array(0)).length; // keep the meta group
    for (let i = 400; i < 440 && i < dataStart; i++) bytes[i] ^= 0xff;
    const r = readDicomHeader(bytes);
    assert.ok(r.problems.some((p) => p.severity === 'error'), JSON.stringify(r.problems));
    assert.ok(!r.problems.some((p) => /is not a function/.test(p.message.en)), r.problems.map((p) => p.message.en).join('; '));
  });

  it('stops a data set that inflates past the limit before its pixel data (a deflate bomb)', () => {
    const header = encodePart10Header({ mediaStorageSopClassUid: '1.2.840.10008.5.1.4.1.1.2', mediaStorageSopInstanceUid: '1.2.3.4', transferSyntaxUid: TS.DeflatedExplicitVRLittleEndian });
    const start = encodeDataSet([
      { tag: TAG.SOPInstanceUID, vr: 'UI', value: '1.2.3.4' },
      { tag: TAG.Modality, vr: 'CS', value: 'CT' },
    ], EXPLICIT_LE);
    // A private OB element of 64 MiB of zeros, declared and then written: deflates to about 64 KiB.
    const big = 64 * 1024 * 1024;
    const ob = new Uint8Array(12);
    new DataView(ob.buffer).setUint16(0, 0x0009, true);
    new DataView(ob.buffer).setUint16(2, 0x1010, true);
    ob.set([0x4f, 0x42], 4);
    new DataView(ob.buffer).setUint32(8, big, true);
    const inflatedSet = new Uint8Array(start.length + ob.length + big);
    inflatedSet.set(start);
    inflatedSet.set(ob, start.length);
    const deflated = deflateRawSync(inflatedSet);
    const file = new Uint8Array(header.length + deflated.length);
    file.set(header);
    file.set(deflated, header.length);
    assert.ok(file.length < 1024 * 1024);
    const r = readDicomHeader(file, { untilPixelData: false });
    assert.deepEqual(codes(r), ['header-too-large']);
    assert.match(r.problems[0].message.en, new RegExp(`inflates past ${INFLATED_HEADER_LIMIT / 1048576} MiB before the pixel data`));
  });

  it('finds the deflated UID only whole, after the preamble, within the first 4096 bytes, in a view at any offset', () => {
    const uid = new TextEncoder().encode(TS.DeflatedExplicitVRLittleEndian);
    const at = (pos: number, after: number, length = 5000) => {
      const b = new Uint8Array(length);
      b.set(uid, pos);
      b[pos + uid.length] = after;
      return b;
    };
    assert.ok(namesDeflatedSyntax(at(200, 0)));
    assert.ok(!namesDeflatedSyntax(at(200, 0x2e)), 'a longer UID');
    assert.ok(!namesDeflatedSyntax(at(200, 0x37)), 'a longer UID');
    assert.ok(namesDeflatedSyntax(at(4096 - uid.length, 0)));
    assert.ok(!namesDeflatedSyntax(at(4097 - uid.length, 0)), 'past the first 4096 bytes');
    assert.ok(!namesDeflatedSyntax(at(100, 0)), 'inside the preamble');
    const twice = at(300, 0x2e);
    twice.set(uid, 600);
    assert.ok(namesDeflatedSyntax(twice), 'the second of two occurrences');
    const shifted = new Uint8Array(5050);
    shifted.set(at(200, 0), 50);
    assert.ok(namesDeflatedSyntax(shifted.subarray(50)));
    assert.ok(!namesDeflatedSyntax(shifted.subarray(50, 200 + 50 + uid.length - 1)), 'cut before its end');
  });
});
