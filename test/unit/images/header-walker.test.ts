/**
 * The quick check reads DICOM headers with a minimal walker (dicom/read.ts) and leaves anything
 * unusual to dicom-parser. Here both readers must give the same result, on well-formed files with
 * sequences, on every prefix length the quick check may hand them, on broken and hostile files and
 * on random byte changes; and the walker must really be the one reading well-formed files.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as dicomParser from 'dicom-parser';
import { headerReaders, readDicomHeader } from '../../../server/src/core/dicom/read';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeInstance } from '../../fixtures/dicom';

function both(bytes: Uint8Array, totalSize = bytes.length, orderAside = false): void {
  for (const untilPixelData of [true, false]) {
    const walked = readDicomHeader(bytes, { totalSize, untilPixelData });
    const parsed = readDicomHeader(bytes, { totalSize, untilPixelData, walker: false });
    assert.deepEqual(orderAside ? withoutTagOrder(walked) : walked, orderAside ? withoutTagOrder(parsed) : parsed);
  }
}

/**
 * A read without its tag-order warning. After random byte changes the two readers need not see the same order:
 * dicom-parser keeps one element of a repeated tag (the last one's place, the first one's turn), and read up to
 * Pixel Data it may place an element of a broken item at the top level, where the walker reads the bytes in file
 * order. Everything else they read must be the same.
 */
function withoutTagOrder<T extends { problems: { code: string }[] }>(read: T): T {
  return { ...read, problems: read.problems.filter((p) => p.code !== 'tag-order') };
}

/** Counts the headers `fn` left to dicom-parser. */
function parserCalls(fn: () => void): number {
  const before = headerReaders.dicomParser;
  fn();
  return headerReaders.dicomParser - before;
}

const sequence = (undefinedLength: boolean): DicomElement => ({
  tag: 0x00081140, // Referenced Image Sequence
  vr: 'SQ',
  undefinedLength,
  value: [
    [{ tag: TAG.SOPClassUID, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' }, { tag: TAG.SOPInstanceUID, vr: 'UI', value: '1.2.3.4' }],
    [{ tag: 0x00400275, vr: 'SQ', undefinedLength, value: [[{ tag: TAG.Modality, vr: 'CS', value: 'MR' }]] }],
  ],
});

function samples(): Uint8Array[] {
  return [
    makeInstance().bytes,
    makeInstance({ modality: 'MR', rows: 64, columns: 64 }).bytes,
    makeInstance({ modality: 'SR' }).bytes,
    makeInstance({ rows: 16, columns: 16, extra: [sequence(false)] }).bytes,
    makeInstance({ rows: 16, columns: 16, extra: [sequence(true)] }).bytes,
    makeInstance({ rows: 16, columns: 16, transferSyntax: TS.ImplicitVRLittleEndian }).bytes,
    makeInstance({ rows: 16, columns: 16, transferSyntax: TS.ExplicitVRBigEndian }).bytes,
    makeInstance({ rows: 16, columns: 16, transferSyntax: '1.2.840.10008.1.2.4.50' }).bytes,
    makeInstance({ rows: 16, columns: 16, transferSyntax: '1.2.3.4.5' }).bytes,
    makeInstance({ rows: 16, columns: 16, noPart10Header: true }).bytes,
    makeInstance({ rows: 16, columns: 16, extra: [{ tag: 0x00091010, vr: 'LO', value: 'x', lengthOverride: 0x7fff }] }).bytes,
    makeInstance({ rows: 16, columns: 16, extra: [{ tag: TAG.PixelData, vr: 'OB', value: new Uint8Array(16), lengthOverride: 0x7ffffff0 }] }).bytes,
    makeInstance({ rows: 16, columns: 16, instanceUid: '1.2.3', extra: [{ tag: TAG.SOPInstanceUID, vr: 'UI', value: '1.2.4' }] }).bytes,
    outOfOrder(),
  ];
}

/** An element in explicit VR little endian with a 2-byte length (an even-length value). */
function element(tag: number, vr: string, value: string): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  view.setUint16(6, value.length, true);
  for (let i = 0; i < value.length; i++) out[8 + i] = value.charCodeAt(i);
  return out;
}

/**
 * A file whose data set, just before Pixel Data, holds values the header needs out of tag order (after a higher
 * tag) and again (Modality, already CT earlier): read as dicom-parser reads it, the last one counts.
 */
function outOfOrder(): Uint8Array {
  const bytes = makeInstance({ rows: 16, columns: 16 }).bytes;
  let at = 132;
  while (!(bytes[at] === 0xe0 && bytes[at + 1] === 0x7f && bytes[at + 2] === 0x10 && bytes[at + 3] === 0x00)) at++;
  const inserted = [element(0x00091010, 'LO', 'x '), element(TAG.Modality, 'CS', 'MR'), element(TAG.PatientID, 'LO', 'A123')];
  const out = new Uint8Array(bytes.length + inserted.reduce((s, e) => s + e.length, 0));
  out.set(bytes.subarray(0, at));
  let p = at;
  for (const e of inserted) {
    out.set(e, p);
    p += e.length;
  }
  out.set(bytes.subarray(at), p);
  return out;
}

/** pydicom's real test files when python3-pydicom is installed (the interop suite needs it). */
function pydicomFiles(): Uint8Array[] {
  const dir = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dcm') && statSync(join(dir, f)).size < 4 << 20)
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
}

describe('dicom/read: header walker against dicom-parser', function () {
  this.timeout(120_000);

  it('reads well-formed explicit VR little endian files without dicom-parser', () => {
    for (const bytes of [makeInstance().bytes, makeInstance({ rows: 16, columns: 16, extra: [sequence(true)] }).bytes]) {
      let r: ReturnType<typeof readDicomHeader> | undefined;
      assert.equal(parserCalls(() => (r = readDicomHeader(bytes))), 0);
      assert.equal(r!.header?.rows !== undefined || r!.header?.modality === 'SR', true);
      // A prefix that holds the header up to Pixel Data is enough; the whole file is read whole too (full check).
      assert.equal(parserCalls(() => readDicomHeader(bytes.subarray(0, 16 * 1024), { totalSize: bytes.length })), 0);
      assert.equal(parserCalls(() => readDicomHeader(bytes, { untilPixelData: false })), 0);
    }
  });

  it("reads a well-formed header up to Pixel Data in one pass, as the quick check reads it", () => {
    const onePass = (fn: () => void): number => {
      const before = headerReaders.onePass;
      fn();
      return headerReaders.onePass - before;
    };
    for (const bytes of [makeInstance().bytes, makeInstance({ rows: 16, columns: 16, extra: [sequence(false)] }).bytes]) {
      assert.equal(onePass(() => readDicomHeader(bytes.subarray(0, 16 * 1024), { totalSize: bytes.length })), 1);
      assert.equal(onePass(() => readDicomHeader(bytes)), 1);
      // The whole data set (full check) and the DICOMDIR reader's data set take the walker's DataSet.
      assert.equal(onePass(() => readDicomHeader(bytes, { untilPixelData: false })), 0);
      assert.equal(onePass(() => readDicomHeader(bytes, { dataSet: true })), 0);
    }
    // Anything the walker leaves to dicom-parser is read as before.
    assert.equal(onePass(() => readDicomHeader(makeInstance({ rows: 16, columns: 16, transferSyntax: TS.ImplicitVRLittleEndian }).bytes)), 0);
  });

  it('finds a value out of tag order and the last of a repeated one in the one-pass read, as dicom-parser does', () => {
    const bytes = outOfOrder();
    assert.equal(readDicomHeader(bytes).header?.modality, 'MR');
    const r = readDicomHeader(bytes.subarray(0, 16 * 1024), { totalSize: bytes.length });
    assert.equal(r.header?.modality, 'MR');
    assert.equal(r.header?.patientId, 'A123');
    both(bytes);
  });

  it('gives the same result as dicom-parser on whole files and on every prefix', () => {
    for (const bytes of [...samples(), ...pydicomFiles()]) {
      both(bytes);
      const step = Math.max(1, Math.floor(Math.min(bytes.length, 4096) / 200));
      for (let n = 0; n < Math.min(bytes.length, 4096); n += step) both(bytes.subarray(0, n), bytes.length);
      // The same prefixes as whole (truncated) files.
      for (let n = 0; n < Math.min(bytes.length, 2048); n += step * 4) both(bytes.subarray(0, n));
    }
  });

  it("reads strings as dicom-parser's DataSet.string does", () => {
    const fields: [keyof NonNullable<ReturnType<typeof readDicomHeader>['header']>, string][] = [
      ['sopInstanceUid', 'x00080018'], ['studyInstanceUid', 'x0020000d'], ['seriesInstanceUid', 'x0020000e'], ['studyDate', 'x00080020'],
      ['patientId', 'x00100020'], ['patientBirthDate', 'x00100030'], ['modality', 'x00080060'], ['transferSyntaxUid', 'x00020010'],
    ];
    let compared = 0;
    for (const bytes of [...samples(), ...pydicomFiles()]) {
      let ds: dicomParser.DataSet;
      try {
        ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
      } catch {
        continue;
      }
      const header = readDicomHeader(bytes).header;
      if (!header || !header.part10) continue;
      for (const [field, key] of fields) {
        let expected: string | undefined;
        try {
          expected = ds.string(key)?.trim() || undefined;
        } catch {
          expected = undefined;
        }
        // Dates in the ACR-NEMA form yyyy.mm.dd are read as yyyymmdd (PS3.5 §6.2).
        if (field === 'studyDate' || field === 'patientBirthDate') expected = expected?.replace(/^(\d{4})\.(\d{2})\.(\d{2})$/, '$1$2$3');
        assert.equal(header[field], field === 'transferSyntaxUid' ? (expected ?? '') : expected, field);
        compared++;
      }
    }
    assert.ok(compared > 50, `${compared} strings compared`);
  });

  it('gives the same result as dicom-parser after random byte changes', () => {
    const bases = [...samples().slice(0, 5).map((b) => b.subarray(0, Math.min(b.length, 2048))), ...pydicomFiles().slice(0, 8).map((b) => b.subarray(0, Math.min(b.length, 4096)))];
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(fc.tuple(fc.nat(4095), fc.nat(255)), { minLength: 1, maxLength: 6 }), fc.boolean(), (which, edits, whole) => {
        const bytes = bases[which].slice();
        for (const [at, value] of edits) if (at >= 128 && at < bytes.length) bytes[at] = value;
        both(bytes, whole ? bytes.length : bytes.length + 100_000, true);
      }),
      { numRuns: 3000 },
    );
  });
});
