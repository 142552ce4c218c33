/**
 * Headers built to exhaust the reader, in each transfer syntax: hundreds of thousands of empty elements
 * or items (8 bytes each) and sequences nested 100,000 deep. dicom-parser builds an object per element
 * and item (explicit VR reaches no callback where they could be counted) and recurses per sequence
 * level; the explicit VR little endian walker kept every item of a DICOMDIR. Each is now a clear
 * finding, in bounded time, for instances and DICOMDIRs alike.
 */
import { strict as assert } from 'node:assert';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import type { DicomProblem } from '../../../server/src/core/dicom/problems';
import { MAX_PARSED_ELEMENTS, MAX_SEQUENCE_DEPTH, readDicomHeader, readDicomHeaderFrom } from '../../../server/src/core/dicom/read';
import { TS } from '../../../server/src/core/dicom/uids';
import { encodePart10Header } from '../../../server/src/core/dicom/encode';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';

type Syntax = typeof TS.ImplicitVRLittleEndian | typeof TS.ExplicitVRLittleEndian | typeof TS.ExplicitVRBigEndian;
const SYNTAXES: readonly [string, Syntax][] = [
  ['Implicit VR Little Endian', TS.ImplicitVRLittleEndian],
  ['Explicit VR Little Endian', TS.ExplicitVRLittleEndian],
  ['Explicit VR Big Endian', TS.ExplicitVRBigEndian],
];
const UNDEFINED = 0xffffffff;
const OVER_CAP = MAX_PARSED_ELEMENTS + 50_000;
const DEEP = 100_000;

/** Raw element, sequence and item headers in one transfer syntax. */
class Writer {
  private readonly chunks: Buffer[] = [];
  constructor(private readonly syntax: Syntax) {}

  private get little(): boolean {
    return this.syntax !== TS.ExplicitVRBigEndian;
  }

  private tag(group: number, element: number, length: number, vr?: string): this {
    const explicit = vr !== undefined && this.syntax !== TS.ImplicitVRLittleEndian;
    const long = explicit && vr === 'SQ';
    const b = Buffer.alloc(explicit ? (long ? 12 : 8) : 8);
    const u16 = (v: number, at: number) => (this.little ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
    const u32 = (v: number, at: number) => (this.little ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
    u16(group, 0);
    u16(element, 2);
    if (!explicit) u32(length, 4);
    else {
      b.write(vr, 4, 'latin1');
      if (long) u32(length, 8);
      else u16(length, 6);
    }
    this.chunks.push(b);
    return this;
  }

  emptyElement(i: number): this {
    return this.tag(0x0009 + 2 * Math.floor(i / 0xefff), 0x1000 + (i % 0xefff), 0, 'LO');
  }

  sequence(length = UNDEFINED): this {
    return this.tag(0x0040, 0xa730, length, 'SQ');
  }

  item(length = UNDEFINED): this {
    return this.tag(0xfffe, 0xe000, length);
  }

  itemEnd(): this {
    return this.tag(0xfffe, 0xe00d, 0);
  }

  sequenceEnd(): this {
    return this.tag(0xfffe, 0xe0dd, 0);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A valid instance in `syntax` with `body` put before its Pixel Data. */
function withBody(syntax: Syntax, body: Buffer, dicomdir = false): Uint8Array {
  const bytes = Buffer.from(dicomdir ? makeDicomdir({ files: [], transferSyntax: syntax }) : makeInstance({ rows: 2, columns: 2, transferSyntax: syntax }).bytes);
  if (dicomdir) return Buffer.concat([bytes, body]);
  const pixelTag = syntax === TS.ExplicitVRBigEndian ? [0x7f, 0xe0, 0x00, 0x10] : [0xe0, 0x7f, 0x10, 0x00];
  const at = bytes.indexOf(Buffer.from(pixelTag), 132);
  assert.ok(at > 0);
  return Buffer.concat([bytes.subarray(0, at), body, bytes.subarray(at)]);
}

const manyElements = (s: Syntax) => {
  const w = new Writer(s);
  for (let i = 0; i < OVER_CAP; i++) w.emptyElement(i);
  return w.bytes();
};
const manyItems = (s: Syntax) => {
  const w = new Writer(s).sequence();
  for (let i = 0; i < OVER_CAP; i++) w.item(0);
  return w.sequenceEnd().bytes();
};
const manyInOneItem = (s: Syntax) => {
  const w = new Writer(s).sequence().item();
  for (let i = 0; i < OVER_CAP; i++) w.emptyElement(i % 0xefff);
  return w.itemEnd().sequenceEnd().bytes();
};
const deepDelimited = (s: Syntax) => {
  const w = new Writer(s);
  for (let i = 0; i < DEEP; i++) w.sequence().item();
  for (let i = 0; i < DEEP; i++) w.itemEnd().sequenceEnd();
  return w.bytes();
};
const deepUndelimited = (s: Syntax) => {
  const w = new Writer(s);
  for (let i = 0; i < DEEP; i++) w.sequence().item();
  return w.bytes();
};
const deepDefined = (s: Syntax) => {
  const sqHeader = s === TS.ImplicitVRLittleEndian ? 8 : 12;
  const w = new Writer(s);
  for (let i = 0; i < DEEP; i++) {
    const itemLength = (DEEP - 1 - i) * (sqHeader + 8);
    w.sequence(itemLength + 8).item(itemLength);
  }
  return w.bytes();
};
const undelimitedItems = (s: Syntax) => {
  const w = new Writer(s).sequence();
  for (let i = 0; i < DEEP; i++) w.item();
  return w.bytes();
};

const tooMany = (p: DicomProblem) => p.code === 'header-too-large' && /elements/.test(p.message.en) && /元素/.test(p.message['zh-TW']);
const tooDeep = (p: DicomProblem) => p.severity === 'error' && /nests sequences more than \d+ deep/.test(p.message.en) && /序列/.test(p.message['zh-TW']);

async function assertFinding(bytes: Uint8Array, finding: (p: DicomProblem) => boolean): Promise<void> {
  const started = Date.now();
  for (const options of [{}, { untilPixelData: false }]) {
    const read = readDicomHeader(bytes, options);
    assert.ok(read.problems.some(finding), JSON.stringify(read.problems));
  }
  const prefixed = await readDicomHeaderFrom(async (n) => bytes.subarray(0, n), bytes.length, { firstRead: 16384 });
  assert.ok(prefixed.problems.some(finding), JSON.stringify(prefixed.problems));
  assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
}

describe('dicom/read: headers built to exhaust the reader are refused in every transfer syntax', function () {
  this.timeout(120_000);

  for (const [name, syntax] of SYNTAXES) {
    describe(name, () => {
      it(`${OVER_CAP.toLocaleString('en-US')} empty elements: header-too-large`, () => assertFinding(withBody(syntax, manyElements(syntax)), tooMany));
      it(`${OVER_CAP.toLocaleString('en-US')} empty items in one sequence: header-too-large`, () => assertFinding(withBody(syntax, manyItems(syntax)), tooMany));
      if (syntax === TS.ExplicitVRLittleEndian) {
        it(`${OVER_CAP.toLocaleString('en-US')} empty elements in one item: skipped by the walker, not built, so read`, () => {
          const started = Date.now();
          const read = readDicomHeader(withBody(syntax, manyInOneItem(syntax)));
          assert.equal(read.header?.rows, 2, JSON.stringify(read.problems));
          assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
        });
      } else {
        it(`${OVER_CAP.toLocaleString('en-US')} empty elements in one item: header-too-large`, () => assertFinding(withBody(syntax, manyInOneItem(syntax)), tooMany));
      }
      it(`sequences nested ${DEEP.toLocaleString('en-US')} deep, delimited: nested too deep, no stack overflow`, () => assertFinding(withBody(syntax, deepDelimited(syntax)), tooDeep));
      it(`sequences nested ${DEEP.toLocaleString('en-US')} deep without delimiters: nested too deep`, () => assertFinding(withBody(syntax, deepUndelimited(syntax)), tooDeep));
      it(`sequences nested ${DEEP.toLocaleString('en-US')} deep with defined lengths: nested too deep`, () => assertFinding(withBody(syntax, deepDefined(syntax)), tooDeep));
      it(`${DEEP.toLocaleString('en-US')} items of undefined length without delimiters: a finding, no stack overflow`, () => {
        const read = readDicomHeader(withBody(syntax, undelimitedItems(syntax)), { untilPixelData: false });
        assert.ok(read.problems.some((p) => p.severity === 'error'), JSON.stringify(read.problems));
        assert.ok(!read.problems.some((p) => /call stack/i.test(p.message.en)), JSON.stringify(read.problems));
      });
      it('a DICOMDIR with more items than the cap: header-too-large, in bounded time', () => {
        const started = Date.now();
        const info = readDicomdir(withBody(syntax, manyItems(syntax), true));
        assert.ok(info.problems.some(tooMany), JSON.stringify(info.problems));
        assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
      });
      it('a DICOMDIR nesting sequences 100,000 deep: nested too deep', () => {
        const info = readDicomdir(withBody(syntax, deepDelimited(syntax), true));
        assert.ok(info.problems.some(tooDeep), JSON.stringify(info.problems));
      });
    });
  }

  it('Deflated Explicit VR Little Endian: too many elements and too deep nesting inside the inflated data set', async () => {
    const inst = makeInstance({ rows: 2, columns: 2, transferSyntax: TS.DeflatedExplicitVRLittleEndian });
    const header = encodePart10Header({ mediaStorageSopClassUid: inst.sopClassUid, mediaStorageSopInstanceUid: inst.sopInstanceUid, transferSyntaxUid: TS.DeflatedExplicitVRLittleEndian });
    const dataSet = inflateRawSync(inst.bytes.subarray(header.length));
    const pixelAt = dataSet.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
    assert.ok(pixelAt > 0);
    const deflated = (body: Buffer) => Buffer.concat([header, deflateRawSync(Buffer.concat([dataSet.subarray(0, pixelAt), body, dataSet.subarray(pixelAt)]))]);
    await assertFinding(deflated(manyElements(TS.ExplicitVRLittleEndian)), tooMany);
    await assertFinding(deflated(deepDelimited(TS.ExplicitVRLittleEndian)), tooDeep);
  });

  it('an enhanced multi-frame header (10,000 per-frame items of 30 elements, Explicit VR Little Endian) is read, not refused', () => {
    const w = new Writer(TS.ExplicitVRLittleEndian).sequence();
    for (let frame = 0; frame < 10_000; frame++) {
      w.item();
      for (let i = 0; i < 30; i++) w.emptyElement(i);
      w.itemEnd();
    }
    const bytes = withBody(TS.ExplicitVRLittleEndian, w.sequenceEnd().bytes());
    for (const options of [{}, { untilPixelData: false }]) {
      const read = readDicomHeader(bytes, options);
      assert.equal(read.header?.rows, 2, JSON.stringify(read.problems));
      assert.deepEqual(read.problems, []);
    }
  });

  it(`sequences nested ${MAX_SEQUENCE_DEPTH} deep are still read`, () => {
    for (const [, syntax] of SYNTAXES) {
      const w = new Writer(syntax);
      for (let i = 0; i < MAX_SEQUENCE_DEPTH; i++) w.sequence().item();
      for (let i = 0; i < MAX_SEQUENCE_DEPTH; i++) w.itemEnd().sequenceEnd();
      const read = readDicomHeader(withBody(syntax, w.bytes()), { untilPixelData: false });
      assert.equal(read.header?.rows, 2, JSON.stringify(read.problems));
      assert.ok(!read.problems.some((p) => p.severity === 'error'), JSON.stringify(read.problems));
    }
  });
});
