/**
 * The DICOMDIR reader reads the file once: a well-formed DICOMDIR through the header walker
 * (dicom/read.ts), which notes where the records' values lie in an item table (or, asked for the
 * data set alone, keeps the records' items as dicom-parser shapes them), anything else through
 * dicom-parser. Both readers must give the same record tree and problems.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DataSet, Element } from 'dicom-parser';
import { readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import { ItemTable } from '../../../server/src/core/dicom/item-table';
import { headerReaders, readDicomHeader } from '../../../server/src/core/dicom/read';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';
import type { DicomdirSpec, DirFile } from '../../fixtures/dicom';

function filesOf(series: number, perSeries: number): DirFile[] {
  const files: DirFile[] = [];
  const study = makeInstance({ rows: 8, columns: 8 });
  for (let s = 0; s < series; s++) {
    const first = makeInstance({ rows: 8, columns: 8, studyUid: study.studyUid, modality: s % 2 ? 'MR' : 'CT' });
    for (let i = 0; i < perSeries; i++) {
      const instance = i === 0 ? first : makeInstance({ rows: 8, columns: 8, studyUid: study.studyUid, seriesUid: first.seriesUid, modality: first.modality });
      files.push({ fileId: [`S${s}`, `IM${i}`], instance });
    }
  }
  return files;
}

/** A sequence inside each IMAGE record (the walker skips it; the records must read the same). */
const nestedSequence: DicomdirSpec['mapRecords'] = (roots) => {
  const visit = (r: (typeof roots)[number]) => {
    if (r.type === 'IMAGE') r.elements.push({ tag: 0x00081140, vr: 'SQ', undefinedLength: true, value: [[{ tag: TAG.SOPInstanceUID, vr: 'UI', value: '1.2.3' }]] });
    r.children.forEach(visit);
  };
  roots.forEach(visit);
  return roots;
};

/** Each record's offset once every item before it has gained an 8-byte item delimiter. */
const shiftForDelimiters: DicomdirSpec['patchOffsets'] = (laid) => {
  const moved = new Map(laid.map((r, i) => [r.offset, r.offset + 8 * i]));
  for (const r of laid) {
    r.next = moved.get(r.next) ?? r.next;
    r.lower = moved.get(r.lower) ?? r.lower;
  }
};

/** The DICOMDIR with (0004,1220) and its items rewritten in undefined length (made with shiftForDelimiters). */
function undefinedLengths(bytes: Uint8Array): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sq = Buffer.from(bytes).indexOf(Buffer.from([0x04, 0x00, 0x20, 0x12, 0x53, 0x51]));
  assert.ok(sq > 132);
  const head = (group: number, element: number, length: number) => {
    const h = new DataView(new ArrayBuffer(8));
    h.setUint16(0, group, true);
    h.setUint16(2, element, true);
    h.setUint32(4, length, true);
    return new Uint8Array(h.buffer);
  };
  const sqHead = bytes.slice(sq, sq + 12);
  new DataView(sqHead.buffer).setUint32(8, 0xffffffff, true);
  const parts = [bytes.subarray(0, sq), sqHead];
  const end = sq + 12 + dv.getUint32(sq + 8, true);
  let pos = sq + 12;
  while (pos < end) {
    const length = dv.getUint32(pos + 4, true);
    parts.push(head(0xfffe, 0xe000, 0xffffffff), bytes.subarray(pos + 8, pos + 8 + length), head(0xfffe, 0xe00d, 0));
    pos += 8 + length;
  }
  parts.push(head(0xfffe, 0xe0dd, 0), bytes.subarray(pos));
  return new Uint8Array(Buffer.concat(parts));
}

/** pydicom's DICOMDIRs when python3-pydicom is installed. */
function pydicomDicomdirs(dir = '/usr/lib/python3/dist-packages/pydicom/data/test_files'): Uint8Array[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return pydicomDicomdirs(path);
    return f.startsWith('DICOMDIR') ? [new Uint8Array(readFileSync(path))] : [];
  });
}

function fixtureDicomdirs(): Uint8Array[] {
  const files = filesOf(3, 4);
  return [
    makeDicomdir({ files: filesOf(1, 100) }),
    makeDicomdir({ files }),
    makeDicomdir({ files, mapRecords: nestedSequence }),
    undefinedLengths(makeDicomdir({ files, patchOffsets: shiftForDelimiters })),
    makeDicomdir({ files, patchOffsets: (laid) => void (laid[laid.length - 1].next = laid[1].offset) }),
    makeDicomdir({ files, patchOffsets: (laid) => void (laid[2].lower = 0x7fff0000) }),
    makeDicomdir({ files, transferSyntax: TS.ImplicitVRLittleEndian }),
    makeDicomdir({ files, transferSyntax: TS.ExplicitVRBigEndian }),
  ];
}

/** `outcome` without a tag-order warning. */
function withoutTagOrder(result: unknown): unknown {
  const r = result as { problems?: { code: string }[] };
  return r.problems ? { ...r, problems: r.problems.filter((p) => p.code !== 'tag-order') } : result;
}

/** The reader's result, or what it threw (some corrupt files make both readers throw). */
function outcome(bytes: Uint8Array, walker: boolean): unknown {
  try {
    return readDicomdir(bytes, { walker });
  } catch (e) {
    return { threw: String(e) };
  }
}

function parserCalls(fn: () => void): number {
  const before = headerReaders.dicomParser;
  fn();
  return headerReaders.dicomParser - before;
}

const pick = (el: Element) => ({ tag: el.tag, vr: el.vr, length: el.length, dataOffset: el.dataOffset, hadUndefinedLength: el.hadUndefinedLength });

/** The walker's elements against dicom-parser's (which also keeps nested sequences and item delimiters). */
function sameElements(walked: DataSet, parsed: DataSet, inItem: boolean): void {
  const expected = Object.keys(parsed.elements).filter((k) => !inItem || (parsed.elements[k].vr !== 'SQ' && k !== 'xfffee00d'));
  assert.deepEqual(Object.keys(walked.elements).sort(), expected.sort());
  for (const key of expected) {
    const [w, p] = [walked.elements[key], parsed.elements[key]];
    assert.deepEqual(pick(w), pick(p), key);
    assert.equal(w.items?.length, p.items?.length, key);
    (p.items ?? []).forEach((item, i) => {
      assert.deepEqual(pick(w.items![i]), pick(item), `${key} item ${i}`);
      sameElements(w.items![i].dataSet!, item.dataSet!, true);
    });
  }
}

describe('dicom/dicomdir: one parse', function () {
  this.timeout(120_000);

  it('reads a well-formed DICOMDIR without dicom-parser, and with it once when asked to', () => {
    for (const bytes of [makeDicomdir({ files: filesOf(1, 100) }), undefinedLengths(makeDicomdir({ files: filesOf(2, 3), patchOffsets: shiftForDelimiters }))]) {
      let info: ReturnType<typeof readDicomdir> | undefined;
      assert.equal(parserCalls(() => (info = readDicomdir(bytes))), 0);
      assert.deepEqual(info!.problems, []);
      assert.ok(info!.instances.length >= 6);
      assert.equal(parserCalls(() => readDicomdir(bytes, { walker: false })), 1);
    }
  });

  it("notes a well-formed DICOMDIR's records in an item table instead of building a data set for each", () => {
    const bytes = makeDicomdir({ files: filesOf(2, 5), mapRecords: nestedSequence });
    const table = new ItemTable(TAG.DirectoryRecordSequence, new Map([[TAG.DirectoryRecordType, 0]]));
    const ds = readDicomHeader(bytes, { untilPixelData: false, dataSet: true, itemTable: table }).dataSet!;
    assert.equal(table.walked, true);
    // PATIENT, STUDY, two SERIES and ten IMAGE records.
    assert.equal(table.items, 14);
    assert.equal(ds.elements.x00041220.items, undefined);
    const types = Array.from({ length: table.items }, (_, i) => String.fromCharCode(...bytes.subarray(table.offset(i, TAG.DirectoryRecordType), table.offset(i, TAG.DirectoryRecordType) + table.length(i, TAG.DirectoryRecordType))).trim());
    assert.deepEqual(types.filter((t) => t === 'IMAGE').length, 10);
    // Left to dicom-parser, the items are in the data set and the table is not walked.
    const parsed = readDicomHeader(bytes, { untilPixelData: false, dataSet: true, itemTable: table, walker: false }).dataSet!;
    assert.equal(table.walked, false);
    assert.equal(parsed.elements.x00041220.items?.length, 14);
  });

  it("keeps the records' items as dicom-parser shapes them", () => {
    let compared = 0;
    for (const bytes of [...fixtureDicomdirs().slice(0, 4), ...pydicomDicomdirs()]) {
      const walked = readDicomHeader(bytes, { untilPixelData: false, dataSet: true }).dataSet;
      const parsed = readDicomHeader(bytes, { untilPixelData: false, dataSet: true, walker: false }).dataSet;
      if (!walked || !parsed) continue;
      sameElements(walked, parsed, false);
      compared += parsed.elements.x00041220?.items?.length ?? 0;
    }
    assert.ok(compared > 100, `${compared} records compared`);
  });

  it('gives the same record tree and problems with the walker as with dicom-parser alone, on pydicom and fixture DICOMDIRs and their prefixes', () => {
    let records = 0;
    for (const bytes of [...fixtureDicomdirs(), ...pydicomDicomdirs()]) {
      const walked = readDicomdir(bytes);
      assert.deepEqual(walked, readDicomdir(bytes, { walker: false }));
      records += walked.instances.length;
      const step = Math.max(1, Math.floor(bytes.length / 150));
      for (let n = 0; n < bytes.length; n += step) assert.deepEqual(outcome(bytes.subarray(0, n), true), outcome(bytes.subarray(0, n), false), `prefix ${n}`);
    }
    assert.ok(records > 150, `${records} instance records compared`);
  });

  it('gives the same result with the walker as with dicom-parser alone after random byte changes', () => {
    const bases = [...fixtureDicomdirs().slice(1), ...pydicomDicomdirs().slice(0, 3)];
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(fc.tuple(fc.nat(1 << 16), fc.nat(255)), { minLength: 1, maxLength: 4 }), (which, edits) => {
        const bytes = bases[which].slice();
        for (const [at, value] of edits) bytes[128 + (at % (bytes.length - 128))] = value;
        // dicom-parser keeps one element of a repeated tag, so the order it shows may differ from the file's.
        assert.deepEqual(withoutTagOrder(outcome(bytes, true)), withoutTagOrder(outcome(bytes, false)));
      }),
      { numRuns: 2000 },
    );
  });

  it('still reads a DICOMDIR the walker leaves to dicom-parser (implicit VR)', () => {
    const bytes = makeDicomdir({ files: filesOf(1, 3), transferSyntax: TS.ImplicitVRLittleEndian });
    let info: ReturnType<typeof readDicomdir> | undefined;
    assert.equal(parserCalls(() => (info = readDicomdir(bytes))), 1);
    assert.equal(info!.instances.length, 3);
    assert.deepEqual(info!.problems.map((p) => p.code), ['dicomdir-not-directory']);
  });
});
