import { strict as assert } from 'node:assert';
import { readDicomHeader, readDicomHeaderFrom, readDicomHeaderFromNow } from '../../../server/src/core/dicom/read';
import { explainFailure, parserFailure } from '../../../server/src/core/dicom/parser-errors';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { delimiterForElement, encapsulatedInstance, makeInstance, withMetaElementInDataSet, offsetTable, pixelItem, privateSequenceWithWrongDelimiter, withOddLength, withPrivateInformation } from '../../fixtures/dicom';

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);
const errors = (r: { problems: { code: string; severity: string }[] }) => r.problems.filter((p) => p.severity === 'error').map((p) => p.code);
const EACH_READER = [{}, { untilPixelData: false }, { walker: false }, { untilPixelData: false, walker: false }];

describe('dicom/read', () => {
  it('reads the header of a valid Part 10 CT instance without problems', () => {
    const inst = makeInstance({ modality: 'CT', rows: 512, columns: 512, studyDate: '20261125', birthDate: '19860312' });
    const r = readDicomHeader(inst.bytes);
    assert.deepEqual(r.problems, []);
    assert.ok(r.header);
    assert.equal(r.header.part10, true);
    assert.equal(r.header.transferSyntaxUid, TS.ExplicitVRLittleEndian);
    assert.equal(r.header.modality, 'CT');
    assert.equal(r.header.rows, 512);
    assert.equal(r.header.columns, 512);
    assert.equal(r.header.studyDate, '20261125');
    assert.equal(r.header.patientBirthDate, '19860312');
    assert.equal(r.header.sopInstanceUid, inst.sopInstanceUid);
    assert.equal(r.header.studyInstanceUid, inst.studyUid);
    assert.deepEqual(r.header.pixelData?.length, 512 * 512);
  });

  it('names an Implicit VR data set starting in group 0001 (PS3.5 §7.1) as the cause, with tag and offset, not as truncation', () => {
    const implicit = makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian, extra: [{ tag: 0x00010010, vr: 'LO', value: 'ACME' }] });
    const r = readDicomHeader(implicit.bytes);
    assert.deepEqual(codes(r), ['unreadable']);
    assert.equal(r.problems[0].severity, 'error');
    const start = Buffer.from(implicit.bytes).indexOf(Buffer.from([0x01, 0x00, 0x10, 0x00, 0x04, 0x00, 0x00, 0x00]), 132);
    assert.match(r.problems[0].message.en, new RegExp(`starts at byte ${start} with \\(0001,0010\\), in group 0001, which DICOM does not allow \\(PS3\\.5 §7\\.1\\)`));
    assert.match(r.problems[0].message['zh-TW'], /群組 0001 是 DICOM 不允許使用的群組/);
  });

  it('names an Explicit VR data set starting in group 0001 or 0000 (PS3.5 §7.1) as an error, with tag and offset, and reads the rest, quick and full', () => {
    for (const [transferSyntax, tag, label, vr] of [
      [TS.ExplicitVRLittleEndian, 0x00010010, '(0001,0010)', 'LO'],
      [TS.ExplicitVRLittleEndian, 0x00000902, '(0000,0902)', 'LO'],
      [TS.ExplicitVRBigEndian, 0x00010010, '(0001,0010)', 'LO'],
      [TS.ExplicitVRBigEndian, 0x00000902, '(0000,0902)', 'LO'],
    ] as const) {
      const bytes = Buffer.from(makeInstance({ transferSyntax, extra: [{ tag, vr, value: 'ACME' }] }).bytes);
      const start = bytes.indexOf(Buffer.from('DICM')) + 4 + 12 + bytes.readUInt32LE(bytes.indexOf(Buffer.from('DICM')) + 12);
      for (const options of EACH_READER) {
        const r = readDicomHeader(bytes, options);
        const what = `${transferSyntax} ${label} ${JSON.stringify(options)}`;
        assert.deepEqual(codes(r).filter((c) => c !== 'big-endian'), ['forbidden-group'], what);
        const p = r.problems[0];
        assert.equal(p.severity, 'error', what);
        assert.equal(p.message.en, `the data set starts at byte ${start} with ${label}, in group ${label.slice(1, 5)}, which DICOM does not allow (PS3.5 §7.1); dcmtk reads past it with a warning, but dciodvfy finds the tags out of order and reads no image. Remove the element and export the file again`, what);
        assert.match(p.message['zh-TW'], new RegExp(`^資料集在位元組 ${start} 以 \\${label.slice(0, -1)}\\) 開始，群組 ${label.slice(1, 5)} 是 DICOM 不允許使用的群組（PS3\\.5 §7\\.1）`), what);
        assert.equal(r.header?.rows, 512, what);
        assert.equal(r.header?.modality, 'CT', what);
      }
    }
  });

  it('warns of a File Meta Information element (group 0002) inside the data set, naming its tag and byte, with each reader, and does not count it into the meta group', () => {
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      for (const tag of [0x00020016, TAG.TransferSyntaxUID]) {
        const { bytes, at } = withMetaElementInDataSet(transferSyntax, tag);
        const label = tag === TAG.TransferSyntaxUID ? '(0002,0010)' : '(0002,0016)';
        for (const options of EACH_READER) {
          const r = readDicomHeader(bytes, options);
          const what = `${transferSyntax} ${label} ${JSON.stringify(options)}`;
          const found = r.problems.filter((p) => p.code === 'meta-element-in-data-set');
          assert.equal(found.length, 1, what);
          assert.equal(found[0].severity, 'warning', what);
          assert.equal(found[0].message.en, `element ${label} at byte ${at} is a File Meta Information element (group 0002) inside the data set, where group 0002 is the meta group before the data set only (PS3.10 §7.1); dcmtk reads it with a warning, dciodvfy finds the tags out of order`, what);
          assert.match(found[0].message['zh-TW'], new RegExp(`^位元組 ${at} 的資料元素 \\${label.slice(0, -1)}\\) 屬於檔頭群組 0002`), what);
          // The meta group's length is right: the element is no part of it.
          assert.deepEqual(codes(r).filter((c) => c.startsWith('meta-group')), [], what);
          assert.deepEqual(errors(r), [], what);
          assert.equal(r.header?.rows, 512, what);
          assert.equal(r.header?.transferSyntaxUid, transferSyntax, what);
        }
      }
    }
    // After Pixel Data: only a read past it sees it.
    const { bytes } = withMetaElementInDataSet(TS.ExplicitVRLittleEndian, 0x00020016, true);
    assert.deepEqual(codes(readDicomHeader(bytes)), []);
    assert.deepEqual(codes(readDicomHeader(bytes, { untilPixelData: false })), ['tag-order', 'meta-element-in-data-set']);
  });

  it('warns of an element whose value length is odd (PS3.5 §7.1.1), naming its tag, byte and length, with each reader, and reads the file', () => {
    const readers = [{}, { untilPixelData: false }, { walker: false }, { walker: false, untilPixelData: false }];
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian]) {
      const implicit = transferSyntax === TS.ImplicitVRLittleEndian;
      const { bytes, elementAt } = withOddLength(makeInstance({ transferSyntax, patientId: 'A12345678' }).bytes, TAG.PatientID, implicit);
      for (const options of readers) {
        const r = readDicomHeader(bytes, options);
        const what = `${transferSyntax} ${JSON.stringify(options)}`;
        assert.deepEqual(codes(r).filter((c) => c !== 'implicit-vr'), ['odd-length'], what);
        const odd = r.problems.find((p) => p.code === 'odd-length')!;
        assert.equal(odd.severity, 'warning', what);
        assert.equal(odd.message.en, `element (0010,0020) at byte ${elementAt} has an odd value length, 9 bytes, where DICOM value lengths are even (PS3.5 §7.1.1)`, what);
        assert.equal(odd.message['zh-TW'], `位元組 ${elementAt} 的資料元素 (0010,0020) 值長度為奇數 9 位元組，DICOM 的值長度須為偶數（PS3.5 §7.1.1）`, what);
        assert.equal(r.header?.patientId, 'A12345678', what);
        assert.equal(r.header?.rows, 512, what);
      }
    }
  });

  it('warns of an odd value length inside a sequence of undefined length, and counts the others', () => {
    const extra = [
      { tag: 0x00090010, vr: 'LO' as const, value: 'ACME' },
      { tag: 0x00091002, vr: 'SQ' as const, undefinedLength: true, value: [[{ tag: 0x00091001, vr: 'LO' as const, value: 'ABCD' }]] },
    ];
    const nested = withOddLength(makeInstance({ extra }).bytes, 0x00091001);
    const both = withOddLength(nested.bytes, TAG.PatientName);
    for (const options of [{}, { untilPixelData: false }, { walker: false }]) {
      const one = readDicomHeader(nested.bytes, options).problems;
      assert.deepEqual(one.map((p) => p.message.en), [`element (0009,1001) at byte ${nested.elementAt} has an odd value length, 3 bytes, where DICOM value lengths are even (PS3.5 §7.1.1)`], JSON.stringify(options));
      const two = readDicomHeader(both.bytes, options).problems;
      assert.deepEqual(two.map((p) => p.message.en), [`element (0009,1001) at byte ${nested.elementAt} has an odd value length, 3 bytes, where DICOM value lengths are even (PS3.5 §7.1.1); so has 1 more element`], JSON.stringify(options));
      assert.match(two[0].message['zh-TW'], /；另有 1 個元素亦同$/);
    }
  });

  const saidOf = (bytes: Uint8Array, options: object) => readDicomHeader(bytes, options).problems.map((p) => `${p.severity} ${p.code}: ${p.message.en}`);

  it('warns of fragments of encapsulated Pixel Data of odd length (PS3.5 §A.4), by position, in the full check; a Basic Offset Table of odd length is an error of its own', () => {
    const item = pixelItem;
    const encapsulated = (items: Buffer[]) => encapsulatedInstance(items);
    const said = saidOf;
    const even = encapsulated([item(0), item(6), item(4)]);
    const odd = encapsulated([item(0), item(6), item(5), item(3)]);
    const oddTable = encapsulated([item(3), item(6)]);
    for (const options of [{ untilPixelData: false }, { walker: false, untilPixelData: false }]) {
      assert.deepEqual(said(even.bytes, options), [], JSON.stringify(options));
      const fragmentAt = odd.valueAt + 8 + 14;
      assert.deepEqual(said(odd.bytes, options), [`warning odd-fragment: fragment 2 of the encapsulated Pixel Data (7FE0,0010), the item at byte ${fragmentAt}, has an odd length, 5 bytes, where its items have even lengths (PS3.5 §A.4); so has 1 more item`], JSON.stringify(options));
      assert.equal(readDicomHeader(odd.bytes, options).problems[0].message['zh-TW'], `封裝的像素資料 (7FE0,0010) 中位元組 ${fragmentAt} 的第 2 個片段（fragment）長度為奇數 5 位元組，其項目長度須為偶數（PS3.5 §A.4）；另有 1 個項目亦同`);
      assert.deepEqual(said(oddTable.bytes, options).map((p) => p.split(':')[0]), ['error bad-offset-table'], JSON.stringify(options));
    }
    // The quick check reads up to the Pixel Data's header, not its fragments.
    assert.deepEqual(said(odd.bytes, {}), []);
  });

  it('calls a Basic Offset Table that cannot find the frames an error (PS3.5 §A.4), in the full check: a length no multiple of 4, an offset where no fragment starts or not above the one before', () => {
    const table = (items: Buffer[], frames = 1) => {
      const { bytes, valueAt } = encapsulatedInstance(items, frames);
      const full = saidOf(bytes, { untilPixelData: false });
      assert.deepEqual(saidOf(bytes, { untilPixelData: false, walker: false }), full);
      assert.deepEqual(saidOf(bytes, {}), [], 'the quick check stops at the Pixel Data\'s header');
      return { full, valueAt, problems: readDicomHeader(bytes, { untilPixelData: false }).problems };
    };
    const rule = 'the table holds a 4-byte offset a frame, each to the start of the item of its frame\'s first fragment, ascending (PS3.5 §A.4)';
    assert.deepEqual(table([offsetTable([0, 108]), pixelItem(100), pixelItem(100)], 2).full, []);
    assert.deepEqual(table([offsetTable([]), pixelItem(100), pixelItem(100)], 2).full, [], 'an empty table');
    const six = table([pixelItem(6), pixelItem(100)]);
    assert.deepEqual(six.full, [`error bad-offset-table: the Basic Offset Table of the encapsulated Pixel Data (7FE0,0010), the item at byte ${six.valueAt}, is 6 bytes long, not a multiple of 4; ${rule}: readers that find the frames by it (pydicom) find none`]);
    assert.equal(six.problems[0].message['zh-TW'], `封裝的像素資料 (7FE0,0010) 中位元組 ${six.valueAt} 的基本偏移表（Basic Offset Table）長度為 6 位元組，不是 4 的倍數；該表每張影像（frame）存一個 4 位元組的偏移，指向該影像第一個片段的項目開頭，依序遞增（PS3.5 §A.4）。依表找影像的程式（pydicom）找不到影像`);
    // dicom-parser reads 8 bytes of offsets from a table of 5 and its fragments out of step: they are walked again, in step.
    const five = table([pixelItem(5), pixelItem(6), pixelItem(5)]);
    const fragment2 = five.valueAt + 8 + 5 + 8 + 6;
    assert.deepEqual(five.full, [
      `error bad-offset-table: the Basic Offset Table of the encapsulated Pixel Data (7FE0,0010), the item at byte ${five.valueAt}, is 5 bytes long, not a multiple of 4; ${rule}: readers that find the frames by it (pydicom) find none, and dcmtk reads no further than the table`,
      `warning odd-fragment: fragment 2 of the encapsulated Pixel Data (7FE0,0010), the item at byte ${fragment2}, has an odd length, 5 bytes, where its items have even lengths (PS3.5 §A.4)`,
    ]);
    const between = table([offsetTable([0, 50]), pixelItem(100), pixelItem(100)], 2);
    assert.deepEqual(between.full, [`error bad-offset-table: offset 2 of the Basic Offset Table of the encapsulated Pixel Data (7FE0,0010), the item at byte ${between.valueAt}, is 50, where no fragment starts; ${rule}: readers that split the frames by it can take the wrong bytes for a frame`]);
    assert.equal(between.problems[0].message['zh-TW'], `封裝的像素資料 (7FE0,0010) 中位元組 ${between.valueAt} 的基本偏移表（Basic Offset Table）第 2 個偏移為 50，此處不是任何片段的開頭；該表每張影像（frame）存一個 4 位元組的偏移，指向該影像第一個片段的項目開頭，依序遞增（PS3.5 §A.4）。依表切分影像的程式可能把錯的位元組讀成影像`);
    assert.match(table([offsetTable([8]), pixelItem(100)]).full[0], /: offset 1 of the Basic Offset Table .* is 8, not 0 \(the first frame starts with the first fragment\);/);
    assert.match(table([offsetTable([0, 5000]), pixelItem(100), pixelItem(100)], 2).full[0], /: offset 2 of .* is 5000, where no fragment starts;/);
    assert.match(table([offsetTable([108, 0]), pixelItem(100), pixelItem(100)], 2).full[0], /: offset 1 of .* is 108, not 0 \(the first frame starts with the first fragment\);/, 'though the second fragment starts there');
    assert.match(table([offsetTable([0, 108, 108]), pixelItem(100), pixelItem(100), pixelItem(100)], 3).full[0], /: offset 3 of .* is 108, not above the offset before it, 108;/);
    // One offset a frame: pydicom makes one frame of two fragments, three of three, two of a single-frame image's two.
    const one = table([offsetTable([0]), pixelItem(100), pixelItem(100)], 2);
    assert.deepEqual(one.full, [`error bad-offset-table: the Basic Offset Table of the encapsulated Pixel Data (7FE0,0010), the item at byte ${one.valueAt}, holds 1 offset where Number of Frames (0028,0008) is 2; ${rule}: readers that split the frames by it can take the wrong bytes for a frame`]);
    assert.equal(one.problems[0].message['zh-TW'], `封裝的像素資料 (7FE0,0010) 中位元組 ${one.valueAt} 的基本偏移表（Basic Offset Table）有 1 個偏移，Number of Frames (0028,0008) 卻是 2 張；該表每張影像（frame）存一個 4 位元組的偏移，指向該影像第一個片段的項目開頭，依序遞增（PS3.5 §A.4）。依表切分影像的程式可能把錯的位元組讀成影像`);
    assert.match(table([offsetTable([0, 108, 216]), pixelItem(100), pixelItem(100), pixelItem(100)], 2).full[0], /holds 3 offsets where Number of Frames \(0028,0008\) is 2;/);
    assert.match(table([offsetTable([0, 108]), pixelItem(100), pixelItem(100)]).full[0], /holds 2 offsets where Number of Frames \(0028,0008\) is 1;/, 'Number of Frames absent: one frame');
    assert.deepEqual(table([offsetTable([0]), pixelItem(100), pixelItem(100)], 1).full, [], 'a frame of two fragments');
  });

  it('names an element written with a VR DICOM does not define (a bit flipped in "UI") as an error, with tag and byte, with each reader', () => {
    const bytes = Buffer.from(makeInstance({}).bytes);
    const at = bytes.indexOf(Buffer.from([0x20, 0x00, 0x0d, 0x00, 0x55, 0x49]), 132);
    bytes[at + 5] = 0x48; // "UI" -> "UH"
    for (const options of [{}, { untilPixelData: false }, { walker: false }]) {
      const r = readDicomHeader(bytes, options);
      assert.deepEqual(codes(r), ['unknown-vr'], JSON.stringify(options));
      assert.equal(r.problems[0].severity, 'error');
      assert.equal(r.problems[0].message.en, `element (0020,000D) at byte ${at} is written with the VR "UH", which DICOM does not define (PS3.5 §6.2); dcmtk and dciodvfy stop reading the file there`);
      assert.equal(r.problems[0].message['zh-TW'], `位元組 ${at} 的資料元素 (0020,000D) 以 DICOM 未定義的值表示法（VR）「UH」寫成（PS3.5 §6.2）；dcmtk 與 dciodvfy 讀到此處即無法再讀`);
    }
  });

  it('warns of elements out of tag order (PS3.5 §7.1), at the top level and in an item, naming the element, its byte and the tag before it', () => {
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian]) {
      const bytes = Buffer.from(makeInstance({ transferSyntax }).bytes);
      // A flipped bit: SOP Instance UID (0008,0018) read as (0008,0058), before Study Date (0008,0020).
      const at = bytes.indexOf(Buffer.from([0x08, 0x00, 0x18, 0x00]), 132);
      bytes[at + 2] = 0x58;
      const studyDateAt = bytes.indexOf(Buffer.from([0x08, 0x00, 0x20, 0x00]), at);
      for (const options of [{}, { untilPixelData: false }, { walker: false }]) {
        const r = readDicomHeader(bytes, options);
        const what = `${transferSyntax} ${JSON.stringify(options)}`;
        assert.deepEqual(codes(r).filter((c) => c !== 'implicit-vr'), ['tag-order'], what);
        const p = r.problems.find((x) => x.code === 'tag-order')!;
        assert.equal(p.severity, 'warning', what);
        assert.equal(p.message.en, `element (0008,0020) at byte ${studyDateAt} comes after (0008,0058), where the elements of a data set ascend by tag (PS3.5 §7.1)`, what);
        assert.equal(p.message['zh-TW'], `位元組 ${studyDateAt} 的資料元素 (0008,0020) 排在 (0008,0058) 之後，資料集的元素須依標籤遞增排列（PS3.5 §7.1）`, what);
      }
    }
    const extra = [
      { tag: 0x00090010, vr: 'LO' as const, value: 'ACME' },
      { tag: 0x00091002, vr: 'SQ' as const, value: [[{ tag: 0x00091001, vr: 'LO' as const, value: 'ABCD' }, { tag: 0x00091003, vr: 'LO' as const, value: 'EFGH' }]] },
    ];
    const nested = Buffer.from(makeInstance({ extra }).bytes);
    const inner = nested.indexOf(Buffer.from([0x09, 0x00, 0x03, 0x10]), 132);
    nested[inner + 2] = 0x00; // (0009,1003) -> (0009,1000), after (0009,1001)
    for (const options of [{}, { untilPixelData: false }, { walker: false }]) {
      const r = readDicomHeader(nested, options);
      assert.deepEqual(r.problems.map((p) => p.message.en), [`element (0009,1000) at byte ${inner} comes after (0009,1001), where the elements of a data set ascend by tag (PS3.5 §7.1)`], JSON.stringify(options));
    }
  });

  it('warns of elements in groups 0003, 0005, 0007 and FFFF (PS3.5 §7.1), at the top level and in an item, naming the first, its byte and group, and counting the others', () => {
    const readers = [{}, { untilPixelData: false }, { walker: false }, { walker: false, untilPixelData: false }];
    const message = (label: string, at: number, more: string) => `element ${label} at byte ${at} is in group ${label.slice(1, 5)}, which DICOM does not allow (PS3.5 §7.1)${more}`;
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      const other = (c: string) => c !== 'implicit-vr' && c !== 'big-endian';
      for (const [tag, label, pattern] of [
        [0x00030010, '(0003,0010)', [0x03, 0x00, 0x10, 0x00]],
        [0x00050010, '(0005,0010)', [0x05, 0x00, 0x10, 0x00]],
        [0x00070010, '(0007,0010)', [0x07, 0x00, 0x10, 0x00]],
      ] as const) {
        const bytes = Buffer.from(makeInstance({ transferSyntax, extra: [{ tag, vr: 'LO', value: 'ACME' }] }).bytes);
        const be = transferSyntax === TS.ExplicitVRBigEndian;
        const at = bytes.indexOf(Buffer.from(be ? [pattern[1], pattern[0], pattern[3], pattern[2]] : pattern), 132);
        for (const options of readers) {
          const r = readDicomHeader(bytes, options);
          const what = `${transferSyntax} ${label} ${JSON.stringify(options)}`;
          assert.deepEqual(codes(r).filter(other), ['bad-group'], what);
          const p = r.problems.find((x) => x.code === 'bad-group')!;
          assert.equal(p.severity, 'warning', what);
          assert.equal(p.message.en, message(label, at, ''), what);
          assert.equal(p.message['zh-TW'], `位元組 ${at} 的資料元素 ${label} 屬於 DICOM 不允許使用的群組 ${label.slice(1, 5)}（PS3.5 §7.1）`, what);
          assert.equal(r.header?.rows, 512, what);
        }
      }
    }
    // (FFFF,0010) after the Pixel Data is seen by a read of the whole file; (0005,0010) inside an item, by every read.
    const extra = [
      { tag: 0x00090010, vr: 'LO' as const, value: 'ACME' },
      { tag: 0x00091002, vr: 'SQ' as const, undefinedLength: true, value: [[{ tag: 0x00050010, vr: 'LO' as const, value: 'ABCD' }]] },
      { tag: 0xffff0010, vr: 'LO' as const, value: 'EFGH' },
    ];
    const bytes = Buffer.from(makeInstance({ extra }).bytes);
    const inItem = bytes.indexOf(Buffer.from([0x05, 0x00, 0x10, 0x00]), 132);
    for (const options of readers) {
      const whole = options.untilPixelData === false;
      const r = readDicomHeader(bytes, options);
      assert.deepEqual(r.problems.map((p) => p.message.en), [message('(0005,0010)', inItem, whole ? '; so is 1 more element' : '')], JSON.stringify(options));
      if (whole) assert.match(r.problems[0].message['zh-TW'], /；另有 1 個元素亦同$/);
    }
    const alone = Buffer.from(makeInstance({ extra: [{ tag: 0xffff0010, vr: 'LO', value: 'EFGH' }] }).bytes);
    const last = alone.lastIndexOf(Buffer.from([0xff, 0xff, 0x10, 0x00]));
    assert.deepEqual(readDicomHeader(alone, { untilPixelData: false }).problems.map((p) => p.message.en), [message('(FFFF,0010)', last, '')]);
    assert.deepEqual(readDicomHeader(alone).problems, [], 'the quick read stops at the Pixel Data');
  });

  it('names the sequence, the offset and the tag found where a private sequence lacks its delimiter, in either VR', () => {
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian]) {
      const { bytes, sequenceAt: seqAt, delimiterAt: end } = privateSequenceWithWrongDelimiter(transferSyntax);
      for (const untilPixelData of [true, false]) {
        const r = readDicomHeader(bytes, { untilPixelData });
        assert.deepEqual(codes(r).filter((c) => c !== 'implicit-vr'), ['unreadable'], transferSyntax);
        assert.equal(r.problems.find((p) => p.code === 'unreadable')!.message.en, `cannot read the DICOM file: in the sequence (0009,1002) at byte ${seqAt}, byte ${end} holds (FFFE,E00D) where an item (FFFE,E000) or the sequence delimiter (FFFE,E0DD) belongs`);
        assert.match(r.problems.find((p) => p.code === 'unreadable')!.message['zh-TW'], new RegExp(`從位元組 ${seqAt} 起的序列 \\(0009,1002\\) 中，位元組 ${end} 是 \\(FFFE,E00D\\)`));
      }
    }
  });

  it('reads dates in the ACR-NEMA form yyyy.mm.dd as yyyymmdd (PS3.5 §6.2)', () => {
    const r = readDicomHeader(makeInstance({ studyDate: '2025.11.25', birthDate: '1986.03.12' }).bytes);
    assert.equal(r.header?.studyDate, '20251125');
    assert.equal(r.header?.patientBirthDate, '19860312');
  });

  it('keeps an ACR-NEMA date that names no day as the file writes it (XMedCon writes 0000.00.00 for an unknown date)', () => {
    const r = readDicomHeader(makeInstance({ studyDate: '0000.00.00', birthDate: '1986.02.30' }).bytes);
    assert.equal(r.header?.studyDate, '0000.00.00');
    assert.equal(r.header?.patientBirthDate, '1986.02.30');
  });

  it('accepts implicit VR with an information note, warns on big endian', () => {
    const imp = readDicomHeader(makeInstance({ modality: 'MR', transferSyntax: TS.ImplicitVRLittleEndian }).bytes);
    assert.deepEqual(codes(imp), ['implicit-vr']);
    assert.equal(imp.problems[0].severity, 'information');
    assert.equal(imp.header?.rows, 256);
    const be = readDicomHeader(makeInstance({ modality: 'MR', rows: 300, transferSyntax: TS.ExplicitVRBigEndian }).bytes);
    assert.deepEqual(codes(be), ['big-endian']);
    assert.equal(be.problems[0].severity, 'warning');
    assert.equal(be.header?.rows, 300);
  });

  it('reports a data set without Part 10 header as an error but still reads it', () => {
    for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      const r = readDicomHeader(makeInstance({ modality: 'US', noPart10Header: true, transferSyntax: ts }).bytes);
      assert.equal(r.problems[0].code, 'not-part10', ts);
      assert.equal(r.problems[0].severity, 'error');
      assert.equal(r.header?.modality, 'US', ts);
      assert.equal(r.header?.rows, 256, ts);
    }
  });

  // A writer that leaves the preamble out: dcmdump reads "DICM" as a tag and fails ("premature end of stream"), dciodvfy finds the tags out of order.
  it('names a file whose "DICM" and meta group start at its first byte as a Part 10 file without its preamble, not as "not DICOM"', () => {
    const whole = makeInstance({ modality: 'CT' }).bytes.subarray(128);
    for (const read of [readDicomHeader(whole), readDicomHeader(whole, { untilPixelData: false }), readDicomHeader(whole.subarray(0, 600), { totalSize: whole.length })]) {
      assert.equal(read.header, null);
      assert.deepEqual(read.problems.map((p) => [p.code, p.severity, p.message.en]), [['not-part10', 'error', 'not a DICOM Part 10 file: "DICM" and the meta group (0002) start at its first byte, without the 128-byte preamble before them (PS3.10 §7.1); dcmtk and dciodvfy cannot read it']]);
      assert.match(read.problems[0].message['zh-TW'], /前面缺少 128 位元組前導/);
    }
    assert.deepEqual(codes(readDicomHeader(Buffer.from('DICM is a word in this note, not a file'))), ['not-dicom']);
  });

  it('says "not DICOM" for text, JPEG or random bytes', () => {
    for (const bytes of [Buffer.from('hello world, this is not DICOM at all'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0, 0, 0, 0])]) {
      assert.deepEqual(codes(readDicomHeader(bytes)), ['not-dicom']);
    }
  });

  it('finds truncation inside the pixel data from the size alone', () => {
    const inst = makeInstance({ modality: 'CT' });
    const cut = inst.bytes.subarray(0, inst.bytes.length - 1000);
    const r = readDicomHeader(cut);
    assert.deepEqual(codes(r), ['truncated']);
    assert.match(r.problems[0].message.en, /\(7FE0,0010\)/);
    // The quick check sees the same from a 64 KiB prefix and the true entry size.
    const quick = readDicomHeader(cut.subarray(0, 65536), { totalSize: cut.length });
    assert.deepEqual(codes(quick), ['truncated']);
  });

  it('a file cut inside its pixel data, read whole (the full check), keeps the transfer syntax and meta UIDs of its meta group', () => {
    for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      const inst = makeInstance({ modality: 'CT', transferSyntax: ts });
      const cut = inst.bytes.subarray(0, inst.bytes.length - 1000);
      for (const r of [readDicomHeader(cut), readDicomHeader(cut, { untilPixelData: false })]) {
        assert.ok(codes(r).includes('truncated'), `${ts}: ${codes(r)}`);
        assert.equal(r.header?.transferSyntaxUid, ts);
        assert.equal(r.header?.mediaStorageSopInstanceUid, inst.sopInstanceUid, ts);
        assert.equal(r.header?.mediaStorageSopClassUid, inst.sopClassUid, ts);
        assert.equal(r.header?.rows, 512, ts);
      }
    }
  });

  it('finds truncation inside the header, in explicit and implicit VR', () => {
    for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian]) {
      const r = readDicomHeader(makeInstance({ modality: 'CT', transferSyntax: ts, truncateAt: 420 }).bytes);
      assert.ok(codes(r).some((c) => c === 'truncated' || c === 'absurd-length'), `${ts}: ${codes(r)}`);
      assert.ok(r.problems.every((p) => p.severity === 'error' || p.code === 'implicit-vr'));
    }
  });

  it('reports an absurd element length without reading further', () => {
    const inst = makeInstance({
      modality: 'CT',
      extra: [{ tag: TAG.StudyDescription, vr: 'UT', value: 'x', lengthOverride: 0x7ffffff0 }],
    });
    const r = readDicomHeader(inst.bytes);
    assert.equal(codes(r)[0], 'absurd-length');
    assert.match(r.problems[0].message.en, /\(0008,1030\) declares 2147483632 bytes/);
    // From a prefix: answered at once, no request for 2 GiB more.
    const q = readDicomHeader(inst.bytes.subarray(0, 4096), { totalSize: inst.bytes.length });
    assert.equal(q.needMore, undefined);
    assert.equal(codes(q)[0], 'absurd-length');
  });

  it('asks for more bytes when a prefix ends inside a long header', async () => {
    const big = 'A'.repeat(200_000);
    const inst = makeInstance({ modality: 'CT', extra: [{ tag: TAG.StudyDescription, vr: 'UT', value: big }] });
    const first = readDicomHeader(inst.bytes.subarray(0, 65536), { totalSize: inst.bytes.length });
    assert.ok(first.needMore && first.needMore > 65536);
    const reads: number[] = [];
    const r = await readDicomHeaderFrom(async (n) => {
      reads.push(n);
      return inst.bytes.subarray(0, n);
    }, inst.bytes.length);
    assert.deepEqual(r.problems, []);
    assert.equal(r.header?.rows, 512);
    assert.ok(reads.length >= 2 && reads[reads.length - 1] < inst.bytes.length, `reads ${reads}`);
  });

  it('reads the same header through a prefix reader that answers at once, and gives up when it cannot', async () => {
    const inst = makeInstance({ modality: 'CT', extra: [{ tag: TAG.StudyDescription, vr: 'UT', value: 'A'.repeat(200_000) }] });
    const reads: number[] = [];
    const now = readDicomHeaderFromNow((n) => (reads.push(n), inst.bytes.subarray(0, n)), inst.bytes.length, { firstRead: 16 * 1024 });
    const later = await readDicomHeaderFrom(async (n) => inst.bytes.subarray(0, n), inst.bytes.length, { firstRead: 16 * 1024 });
    assert.deepEqual(now, later);
    assert.equal(now?.header?.rows, 512);
    assert.ok(reads.length >= 2, `reads ${reads}`);
    // The first prefix at once, the longer one not: the caller is told to read through the asynchronous reader.
    assert.equal(readDicomHeaderFromNow((n) => (n <= 16 * 1024 ? inst.bytes.subarray(0, n) : undefined), inst.bytes.length, { firstRead: 16 * 1024 }), undefined);
  });

  it('flags meta group problems and SOP instance mismatches', () => {
    const inst = makeInstance({ modality: 'CT', extra: [{ tag: TAG.SOPInstanceUID, vr: 'UI', value: '1.2.3.999' }] });
    assert.deepEqual(codes(readDicomHeader(inst.bytes)), ['sop-mismatch']);
    const unknown = readDicomHeader(makeInstance({ transferSyntax: '1.2.3.4.5' as string, noPixelData: true }).bytes.slice());
    assert.ok(codes(unknown).includes('unknown-transfer-syntax'));
  });

  it('says once that an unknown transfer syntax whose data set is not Explicit VR LE cannot be read, quick and full, instead of calling the file corrupt', () => {
    // GE's private Implicit VR Little Endian with big-endian pixel data, as dcmconv +tg writes it: the
    // Implicit VR file's meta group names it (both UIDs take 18 bytes, so nothing else moves).
    const implicit = Buffer.from(makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian }).bytes);
    const at = implicit.indexOf(Buffer.from(`${TS.ImplicitVRLittleEndian}\0`, 'latin1'));
    implicit.write('1.2.840.113619.5.2', at, 'latin1');
    const expected = [{ code: 'unknown-transfer-syntax', severity: 'error' }];
    const shape = (r: ReturnType<typeof readDicomHeader>) => ({ header: r.header, needMore: r.needMore, problems: r.problems.map((p) => ({ code: p.code, severity: p.severity })) });
    for (const r of [readDicomHeader(implicit, { untilPixelData: false }), readDicomHeader(implicit), readDicomHeader(implicit.subarray(0, 4096), { totalSize: implicit.length })]) {
      assert.deepEqual(shape(r), { header: null, needMore: undefined, problems: expected });
      assert.match(r.problems[0].message.en, /^unknown transfer syntax 1\.2\.840\.113619\.5\.2: not a DICOM standard transfer syntax, and the data set is not Explicit VR Little Endian, so it cannot be read/);
    }
  });

  it('names a retired JPEG process by its PS3.6 name (img2dcm keeps a progressive JPEG as .55)', () => {
    const read = (ts: string) => readDicomHeader(makeInstance({ transferSyntax: ts }).bytes).problems;
    const [progressive] = read('1.2.840.10008.1.2.4.55');
    assert.equal(progressive.code, 'retired-transfer-syntax');
    assert.equal(progressive.message.en, 'transfer syntax 1.2.840.10008.1.2.4.55 (JPEG Full Progression, Non-Hierarchical (Process 10 & 12)) is retired');
    assert.match(read('1.2.840.10008.1.2.4.66')[0].message.en, /\(JPEG Lossless, Hierarchical \(Process 29\)\) is retired$/);
    // Process 14 (.57) is current; a UID of the retired range's form that PS3.6 never assigned is unknown.
    assert.deepEqual(read('1.2.840.10008.1.2.4.57'), []);
    assert.deepEqual(read('1.2.840.10008.1.2.4.055').map((p) => p.code), ['unknown-transfer-syntax']);
  });

  it('normalises the three dicom-parser failure shapes', () => {
    assert.deepEqual(parserFailure('dicomParser.readFixedString: attempt to read past end of buffer').overread, true);
    assert.equal(parserFailure(new Error('boom')).detail, 'boom');
    const wrapped = parserFailure({ exception: 'dicomParser:parseDicomDataSetExplicit: buffer overrun', dataSet: { elements: {} } });
    assert.equal(wrapped.overread, true);
    assert.ok(wrapped.partial);
    assert.equal(parserFailure({ odd: 1 }).detail, '{"odd":1}');
  });

  it('says in both languages what a dicom-parser failure means, the library text kept only for one not known', () => {
    // Texts dicom-parser throws (node_modules/dicom-parser/dist/dicomParser.js) and the engine errors reading past an array.
    const known: [string, string, string][] = [
      ['dicomParser.readPart10Header: DICM prefix not found at location 132 - this is not a valid DICOM P10 file.', '第 128 位元組起沒有「DICM」，不是 DICOM Part 10 檔案', 'there is no "DICM" at byte 128: it is not a DICOM Part 10 file'],
      ['dicomParser.parseDicom: missing required meta header attribute 0002,0010', 'Part 10 檔頭缺少 (0002,0010) Transfer Syntax UID', 'the Part 10 meta group lacks (0002,0010) Transfer Syntax UID'],
      ['dicomParser.parseDicom: no inflater available to handle deflate transfer syntax', '以 Deflate 壓縮的資料毀損，無法解壓', 'the deflated data set is damaged and cannot be inflated'],
      ['incorrect header check', '以 Deflate 壓縮的資料毀損，無法解壓', 'the deflated data set is damaged and cannot be inflated'],
      ["invalid DA '20261399'", '日期（DA）「20261399」不是有效的日期', 'the date (DA) "20261399" is not a valid date'],
      ["invalid TM '256000'", '時間（TM）「256000」不是有效的時間', 'the time (TM) "256000" is not a valid time'],
      ['pixel data element x7fe00010 missing sequence delimiter tag xfffee0dd', '序列缺少結束標記', 'a sequence of undefined length has no delimiter'],
      ["dicomParser.ByteStream: parameter 'position' cannot be greater than or equal to 'byteArray' length", '某個元素或項目宣告的長度超出其所在範圍', 'an element or item declares a length beyond what contains it'],
      ['dicomParser.readFixedString - length cannot be less than 0', '某個元素或項目宣告的長度超出其所在範圍', 'an element or item declares a length beyond what contains it'],
      ["dicomParser.parseDicomDataSetExplicit: invalid value for parameter 'maxP osition'", '某個元素或項目宣告的長度超過其後的資料', 'an element or item declares more bytes than follow it'],
      ['littleEndianByteArrayParser.readUint32: attempt to read past end of buffer', '某個元素或項目宣告的長度超過其後的資料', 'an element or item declares more bytes than follow it'],
      ['dicomParser:parseDicomDataSetExplicit: buffer overrun', '某個元素或項目宣告的長度超過其後的資料', 'an element or item declares more bytes than follow it'],
      ['Offset is outside the bounds of the DataView', '某個元素或項目宣告的長度超過其後的資料', 'an element or item declares more bytes than follow it'],
      ['dicomParser.readSequenceItem: item tag (FFFE,E000) not found at offset 1024', '序列中的項目標記不正確', 'a sequence holds something other than items'],
      ['Maximum call stack size exceeded', '序列一層套一層，深到無法判讀', 'sequences are nested too deep to read'],
    ];
    for (const [detail, zh, en] of known) assert.deepEqual(explainFailure(detail), { 'zh-TW': zh, en }, detail);
    assert.deepEqual(explainFailure('boom'), { 'zh-TW': '解析程式回報「boom」', en: 'the parser reported "boom"' });
  });

  it('names a sequence item that is not one (A14-dicom-corrupt) in Traditional Chinese alone, without the parser\'s English', () => {
    const inst = Buffer.from(makeInstance().bytes);
    const pixels = inst.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]), 132);
    // (0008,1140) SQ of undefined length whose first "item" is (0008,0016).
    const sequence = Buffer.from([0x08, 0x00, 0x40, 0x11, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x08, 0x00, 0x16, 0x00, 4, 0, 0, 0, 0x41, 0x42, 0x43, 0x44]);
    const bytes = new Uint8Array(Buffer.concat([inst.subarray(0, pixels), sequence, inst.subarray(pixels)]));
    const r = readDicomHeader(bytes, { totalSize: bytes.length });
    assert.deepEqual(r.problems.map((p) => [p.code, p.message]), [['unreadable', {
      'zh-TW': `無法判讀 DICOM：從位元組 ${pixels} 起的序列 (0008,1140) 中，位元組 ${pixels + 12} 是 (0008,0016)，此處應是項目 (FFFE,E000) 或序列結束標記 (FFFE,E0DD)`,
      en: `cannot read the DICOM file: in the sequence (0008,1140) at byte ${pixels}, byte ${pixels + 12} holds (0008,0016) where an item (FFFE,E000) or the sequence delimiter (FFFE,E0DD) belongs`,
    }]]);
  });

  it('asks for more bytes when a prefix ends inside a meta group longer than the first read (Private Information (0002,0102)), instead of calling the file unreadable', () => {
    const bytes = withPrivateInformation(makeInstance({}).bytes, 6000);
    assert.deepEqual(readDicomHeader(bytes).problems, []);
    for (const firstRead of [4096, 6000, 6200]) {
      const prefix = readDicomHeader(bytes.subarray(0, firstRead), { totalSize: bytes.length });
      assert.deepEqual([prefix.problems, prefix.header, (prefix.needMore ?? 0) > firstRead], [[], null, true], `${firstRead}`);
      assert.deepEqual(readDicomHeaderFromNow((n) => bytes.subarray(0, n), bytes.length, { firstRead }), readDicomHeader(bytes), `${firstRead}`);
    }
  });

  it('calls a file that ends inside a sequence or item of undefined length, or inside the delimiter closing it, truncated, with each reader (dcmdump and pydicom fail on it)', () => {
    const sequence: DicomElement = { tag: 0x00400275, vr: 'SQ', value: [[{ tag: 0x00401001, vr: 'SH', value: 'RP1' }]], undefinedLength: true };
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian]) {
      // The sequence is the file's last element: its item delimiter, then its sequence delimiter, end the file.
      const whole = Buffer.from(makeInstance({ transferSyntax, noPixelData: true, extra: [sequence] }).bytes);
      const n = whole.length;
      assert.deepEqual(errors(readDicomHeader(whole)), [], transferSyntax);
      const cuts = {
        'before the sequence delimiter': whole.subarray(0, n - 8),
        'inside the sequence delimiter': whole.subarray(0, n - 3),
        'without the item delimiter': Buffer.concat([whole.subarray(0, n - 16), whole.subarray(n - 8)]),
      };
      for (const [name, bytes] of Object.entries(cuts)) {
        for (const options of EACH_READER) {
          const r = readDicomHeader(bytes, options);
          assert.deepEqual(errors(r), ['truncated'], `${transferSyntax} ${name} ${JSON.stringify(options)}`);
          // dicom-parser fails on a delimiter cut short in Explicit VR itself: that message is the older one.
          const why = name === 'inside the sequence delimiter' && transferSyntax === TS.ExplicitVRLittleEndian ? ', after (0040,0275): an element or item declares more bytes than follow it' : ': the file ends inside a sequence or item of undefined length, before its delimiter';
          assert.equal(r.problems.find((p) => p.code === 'truncated')?.message.en, `the DICOM file is truncated or corrupt${why}`);
        }
      }
    }
  });

  it('calls encapsulated Pixel Data holding something other than an item or its delimiter (a fragment length off by 2, the delimiter written as an item delimiter) corrupt in the full check, naming what it holds', () => {
    const { bytes, valueAt } = encapsulatedInstance([offsetTable([]), pixelItem(100)]);
    assert.deepEqual(errors(readDicomHeader(bytes, { untilPixelData: false })), []);
    const shorter = Buffer.from(bytes);
    shorter.writeUInt32LE(shorter.readUInt32LE(valueAt + 12) - 2, valueAt + 12);
    const wrongDelimiter = Buffer.from(bytes);
    wrongDelimiter.writeUInt16LE(0xe00d, bytes.length - 6);
    // Read 2 bytes early, the fragment's last two (0xAB) and the delimiter's group make a tag.
    for (const [file, found] of [[shorter, '(ABAB,FFFE)'], [wrongDelimiter, '(FFFE,E00D)']] as const) {
      assert.deepEqual(errors(readDicomHeader(file)), [], 'the quick check stops at the Pixel Data');
      for (const options of [{ untilPixelData: false }, { untilPixelData: false, walker: false }]) {
        const r = readDicomHeader(file, options);
        assert.deepEqual(errors(r), ['truncated']);
        assert.equal(r.problems[0].message.en, `the DICOM file is truncated or corrupt: the encapsulated Pixel Data (7FE0,0010) holds ${found} where an item (FFFE,E000) or the sequence delimiter (FFFE,E0DD) belongs`);
      }
    }
  });

  it('calls an element of undefined length that is no sequence and no encapsulated Pixel Data (PS3.5 §7.1.2) an error, naming it, with each reader; a private sequence of undefined length in Implicit VR is none', () => {
    const undefinedText: DicomElement = { tag: TAG.StudyDescription, vr: 'UT', value: 'CHEST', lengthOverride: 0xffffffff };
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian]) {
      const bytes = Buffer.from(makeInstance({ transferSyntax, extra: [undefinedText] }).bytes);
      const at = bytes.indexOf(Buffer.from([0x08, 0x00, 0x30, 0x10]), 132);
      for (const options of EACH_READER) {
        const r = readDicomHeader(bytes, options);
        assert.deepEqual(errors(r), ['undefined-length'], `${transferSyntax} ${JSON.stringify(options)}`);
        const found = r.problems.find((p) => p.code === 'undefined-length')!;
        assert.equal(found.message.en, `element (0008,1030) at byte ${at} has an undefined length (FFFFFFFFH) but is neither a sequence (SQ) nor encapsulated Pixel Data, the only elements that may (PS3.5 §7.1.2, §7.5, §A.4); the elements after it cannot be read, and dcmtk fails there`);
        assert.match(found.message['zh-TW'], new RegExp(`^位元組 ${at} 的資料元素 \\(0008,1030\\) 長度為未定`));
      }
    }
    const privateSequence: DicomElement[] = [
      { tag: 0x00090010, vr: 'LO', value: 'ACME' },
      { tag: 0x00091010, vr: 'SQ', value: [[{ tag: 0x00091011, vr: 'LO', value: 'X' }]], undefinedLength: true },
    ];
    const implicit = makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian, extra: privateSequence }).bytes;
    for (const options of EACH_READER) assert.deepEqual(errors(readDicomHeader(implicit, options)), [], JSON.stringify(options));
  });

  it('calls an Implicit VR element the data dictionary makes a sequence (SQ) whose value holds no item an error, naming it and its byte, quick, full, without the walker and through prefixes', () => {
    // A flipped bit: SOP Class UID (0008,0016) read as (0008,0096) Referring Physician Identification Sequence.
    const bytes = Buffer.from(makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian }).bytes);
    const at = bytes.indexOf(Buffer.from([0x08, 0x00, 0x16, 0x00]), 132);
    bytes[at + 2] ^= 0x80;
    // Its value, "1.2.840...", read as a tag: (2E31,2E32).
    const reads = [
      ...EACH_READER.map((options) => [JSON.stringify(options), readDicomHeader(bytes, options)] as const),
      ['through prefixes', readDicomHeaderFromNow((n) => bytes.subarray(0, n), bytes.length, { firstRead: 200 })!] as const,
    ];
    for (const [what, r] of reads) {
      assert.deepEqual(errors(r), ['sequence-without-items'], what);
      const p = r.problems.find((x) => x.code === 'sequence-without-items')!;
      assert.equal(p.message.en, `element (0008,0096) at byte ${at} is a sequence (SQ) by the DICOM data dictionary (PS3.6), but its value holds no items: it starts with (2E31,2E32), not the item tag (FFFE,E000) (PS3.5 §7.5). An Implicit VR element carries no VR, so readers take it for a sequence by the dictionary, and dcmtk fails there; most likely a bit of its tag is damaged`, what);
      assert.match(p.message['zh-TW'], new RegExp(`^位元組 ${at} 的資料元素 \\(0008,0096\\) 依 DICOM 資料字典（PS3\\.6）是序列（SQ），其值卻沒有項目：以 \\(2E31,2E32\\) 開始`), what);
    }
  });

  it('finds an Implicit VR element the dictionary makes a sequence that holds no item in an item too, and of undefined length says it once', () => {
    const text: DicomElement = { tag: 0x00080006, vr: 'LO', value: 'ABCD' };
    const nested = makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian, extra: [{ tag: 0x00081111, vr: 'SQ', value: [[text, { tag: 0x00081150, vr: 'UI', value: '1.2' }]] }] }).bytes;
    const undefinedLength = makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian, extra: [{ ...text, lengthOverride: 0xffffffff }] }).bytes;
    for (const bytes of [nested, undefinedLength]) {
      const at = Buffer.from(bytes).indexOf(Buffer.from([0x08, 0x00, 0x06, 0x00]), 132);
      for (const options of EACH_READER) {
        const r = readDicomHeader(bytes, options);
        assert.deepEqual(errors(r), ['sequence-without-items'], JSON.stringify(options));
        assert.match(r.problems.find((x) => x.code === 'sequence-without-items')!.message.en, new RegExp(`^element \\(0008,0006\\) at byte ${at} is a sequence \\(SQ\\) by the DICOM data dictionary \\(PS3\\.6\\), but its value holds no items: it starts with \\(4241,4443\\)`));
      }
    }
  });

  it('finds an element the dictionary makes a sequence that holds no item inside a UN of undefined length (read as Implicit VR) of an Explicit VR file, with each reader', () => {
    const bytesOf = (element: number[]): Uint8Array => {
      // (0008,1111) UN of undefined length: one item of defined length holding `element` (Implicit VR), then the sequence delimiter.
      const item = Buffer.from([0xfe, 0xff, 0x00, 0xe0, element.length, 0, 0, 0]);
      const value = new Uint8Array(Buffer.concat([item, Buffer.from(element), Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0])]));
      return makeInstance({ extra: [{ tag: 0x00081111, vr: 'UN', value, lengthOverride: 0xffffffff }] }).bytes;
    };
    // (0008,0006) Language Code Sequence holding "ABCD"; (0008,1150) Referenced SOP Class UID "1.2".
    const bad = bytesOf([0x08, 0x00, 0x06, 0x00, 4, 0, 0, 0, 0x41, 0x42, 0x43, 0x44]);
    const good = bytesOf([0x08, 0x00, 0x50, 0x11, 4, 0, 0, 0, 0x31, 0x2e, 0x32, 0x00]);
    for (const options of EACH_READER) {
      assert.deepEqual(errors(readDicomHeader(bad, options)), ['sequence-without-items'], JSON.stringify(options));
      assert.deepEqual(errors(readDicomHeader(good, options)), [], JSON.stringify(options));
    }
  });

  it('reads an Implicit VR sequence that is empty, of undefined length, or holds items, and a private element, without an error', () => {
    const item = [{ tag: 0x00080100, vr: 'SH', value: 'eng' }] as DicomElement[];
    const valid: DicomElement[][] = [
      [{ tag: 0x00080006, vr: 'SQ', value: [] }],
      [{ tag: 0x00080006, vr: 'SQ', value: [], undefinedLength: true }],
      [{ tag: 0x00080006, vr: 'SQ', value: [item] }],
      [{ tag: 0x00080006, vr: 'SQ', value: [item], undefinedLength: true }],
      [{ tag: 0x00090010, vr: 'LO', value: 'ACME' }, { tag: 0x00090006, vr: 'LO', value: 'ABCD' }],
    ];
    for (const extra of valid) {
      const bytes = makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian, extra }).bytes;
      for (const options of EACH_READER) assert.deepEqual(errors(readDicomHeader(bytes, options)), [], `${JSON.stringify(extra)} ${JSON.stringify(options)}`);
    }
  });

  it('calls an Implicit VR file truncated whose length read out of step makes a (0002,0000) of the data set run past the end (dicom-parser puts the meta group\'s over it), with each reader and through prefixes', () => {
    // Accession Number (0008,0050), empty, given a length of 4: its value is the next tag, then Modality's length
    // 02 00 00 00 reads as (0002,0000), whose length, "CT" and the next group, runs past the end.
    const bytes = Buffer.from(makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian }).bytes);
    bytes[bytes.indexOf(Buffer.from([0x08, 0x00, 0x50, 0x00, 0, 0, 0, 0]), 132) + 4] = 4;
    const reads = [
      ...EACH_READER.map((options) => [JSON.stringify(options), readDicomHeader(bytes, options)] as const),
      ['through prefixes', readDicomHeaderFromNow((n) => bytes.subarray(0, n), bytes.length, { firstRead: 256 })!] as const,
    ];
    for (const [what, r] of reads) {
      assert.deepEqual(errors(r), ['truncated'], what);
      assert.match(r.problems.find((p) => p.code === 'truncated')!.message.en, /^the file ends inside element \(0002,0000\) \(declares 1070147 bytes, \d+ remain\)/, what);
    }
  });

  it('calls an item tag or sequence delimiter where an element belongs, or an item delimiter inside an item of defined length, truncated, naming it and its byte, in each syntax, with each reader and through prefixes', () => {
    const cases = [
      // Accession Number (0008,0050), empty (8 bytes in every syntax), its tag overwritten.
      { tag: TAG.Item, inItem: false, words: 'an item tag, (FFFE,E000), stands at byte' },
      { tag: TAG.SequenceDelimitationItem, inItem: false, words: 'a sequence delimiter, (FFFE,E0DD), stands at byte' },
      // Referenced SOP Instance UID (0008,1155), the last element of an item of defined length.
      { tag: TAG.Item, inItem: true, words: 'an item tag, (FFFE,E000), stands at byte' },
      { tag: TAG.ItemDelimitationItem, inItem: true, words: 'an item delimiter, (FFFE,E00D), at byte' },
    ];
    for (const transferSyntax of [TS.ImplicitVRLittleEndian, TS.ExplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      for (const c of cases) {
        const { bytes, at } = delimiterForElement(transferSyntax, c.tag, c.inItem);
        const reads = [
          ...EACH_READER.map((options) => [JSON.stringify(options), readDicomHeader(bytes, options)] as const),
          ['through prefixes', readDicomHeaderFromNow((n) => bytes.subarray(0, n), bytes.length, { firstRead: 256 })!] as const,
        ];
        for (const [how, r] of reads) {
          const what = `${transferSyntax} ${c.words} ${c.inItem ? 'in an item' : ''} ${how}`;
          assert.deepEqual(errors(r), ['truncated'], what);
          const p = r.problems.find((x) => x.code === 'truncated')!;
          assert.ok(p.message.en.startsWith(`the DICOM file is truncated or corrupt: ${c.words} ${at} `), `${what}: ${p.message.en}`);
          assert.match(p.message.en, /\(PS3\.5 §7\.5\), most likely after a damaged length; dcmtk fails there$/, what);
          assert.match(p.message['zh-TW'], new RegExp(`^DICOM 檔案不完整或毀損：位元組 ${at} `), what);
        }
      }
    }
  });

  it('reads OV, SV and UV elements with the 4-byte length DICOM gives them (PS3.5 §7.1.2; dicom-parser reads them with 2 bytes), in every Explicit VR syntax, with each reader', () => {
    const extra: DicomElement[] = [
      { tag: 0x00090010, vr: 'LO', value: 'ACME' },
      { tag: 0x00091001, vr: 'UV', value: [1, 2] },
      { tag: 0x00091002, vr: 'SV', value: [-5] },
      { tag: 0x00091003, vr: 'OV', value: new Uint8Array(8).fill(3) },
      { tag: 0x00400275, vr: 'SQ', value: [[{ tag: 0x00091004, vr: 'UV', value: 7 }]], undefinedLength: true },
    ];
    for (const transferSyntax of [TS.ExplicitVRLittleEndian, TS.ExplicitVRBigEndian, TS.DeflatedExplicitVRLittleEndian]) {
      const bytes = makeInstance({ transferSyntax, extra }).bytes;
      for (const options of EACH_READER) {
        const r = readDicomHeader(bytes, options);
        assert.deepEqual(errors(r), [], `${transferSyntax} ${JSON.stringify(options)}`);
        assert.deepEqual([r.header?.rows, r.header?.pixelData?.length], [512, 512 * 512]);
      }
      // A Buffer (as an archive's entry is read) is left as it was: its own slice() is no copy.
      const buffer = Buffer.from(bytes);
      readDicomHeader(buffer, { walker: false });
      assert.ok(buffer.equals(Buffer.from(bytes)), `${transferSyntax}: the caller's bytes changed`);
    }
  });

  it('calls a file that ends inside its meta group or right after it truncated, saying it holds no data set (dcmdump reads an empty one)', () => {
    const bytes = Buffer.from(makeInstance({}).bytes);
    const metaEnd = 144 + bytes.readUInt32LE(140);
    // The meta group's last element is (0002,0013) Implementation Version Name, 22 bytes.
    const cuts = [[metaEnd, 'right after its meta group (0002), at byte'], [metaEnd - 22, 'inside its meta group (0002), at byte']] as const;
    for (const [at, where] of cuts) {
      for (const options of EACH_READER) {
        const r = readDicomHeader(bytes.subarray(0, at), options);
        assert.deepEqual([r.header, r.problems.map((p) => `${p.severity} ${p.code} ${p.message.en}`)], [null, [`error truncated the DICOM file is truncated or corrupt: the file ends ${where} ${at}, and holds no data set`]]);
      }
    }
  });

  it('never throws on random bytes or random cuts of a valid file', () => {
    const inst = makeInstance({ modality: 'MR', transferSyntax: TS.ImplicitVRLittleEndian });
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from(inst.bytes.subarray(0, 2000));
      for (let k = 0; k < 4; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      const cut = bytes.subarray(0, Math.floor(rand() * bytes.length));
      const r = readDicomHeader(cut, { totalSize: rand() < 0.5 ? cut.length : inst.bytes.length });
      assert.ok(Array.isArray(r.problems));
    }
  });
});
