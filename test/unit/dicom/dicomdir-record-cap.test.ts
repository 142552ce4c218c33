/**
 * A DICOMDIR of millions of tiny directory records packs into a few kilobytes (a 64 MB one into a
 * 10 KB 7z) and would take gigabytes of memory to read record by record: beyond a cap on the records a
 * file set can need, it is reported and not read.
 */
import { strict as assert } from 'node:assert';
import { MAX_DICOMDIR_RECORDS, readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import { RULE_FOR_PROBLEM } from '../../../server/src/core/archive/rules';
import { SOP_CLASS, TS } from '../../../server/src/core/dicom/uids';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { encodeElement, EXPLICIT_LE } from '../../fixtures/dicom';

/** A Part 10 DICOMDIR whose record sequence holds `count` records of one element (Directory Record Type). */
function tinyRecords(count: number): Uint8Array {
  const el = (tag: number, vr: DicomElement['vr'], value: DicomElement['value']) => encodeElement({ tag, vr, value }, EXPLICIT_LE);
  const meta = Buffer.concat([el(0x00020001, 'OB', Uint8Array.from([0, 1])), el(0x00020002, 'UI', SOP_CLASS.MediaStorageDirectory), el(0x00020003, 'UI', '1.2.3.4'), el(0x00020010, 'UI', TS.ExplicitVRLittleEndian)]);
  const item = Buffer.concat([Buffer.from([0xfe, 0xff, 0x00, 0xe0, 14, 0, 0, 0]), el(0x00041430, 'CS', 'IMAGE')]);
  const items = Buffer.alloc(item.length * count);
  for (let i = 0; i < count; i++) item.copy(items, i * item.length);
  const sequence = Buffer.alloc(12);
  sequence.writeUInt32LE(0x12200004, 0);
  sequence.write('SQ', 4, 'latin1');
  sequence.writeUInt32LE(items.length, 8);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, el(0x00020000, 'UL', meta.length), meta, el(0x00041200, 'UL', 0), sequence, items]);
}

describe('dicom/dicomdir: the number of records read is capped', function () {
  this.timeout(60_000);

  it(`more than ${MAX_DICOMDIR_RECORDS.toLocaleString('en-US')} records: one finding, read in bounded time and memory`, () => {
    const bytes = tinyRecords(1_000_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    for (const walker of [true, false]) {
      const info = readDicomdir(bytes, { walker });
      assert.deepEqual(info.problems.map((p) => p.code), ['dicomdir-too-many-records'], `walker ${walker}`);
      assert.equal(RULE_FOR_PROBLEM['dicomdir-too-many-records'], 'A14-dicomdir');
      assert.match(info.problems[0].message.en, /1,000,000/);
      assert.match(info.problems[0].message['zh-TW'], /1,000,000/);
      assert.equal(info.roots.length, 0);
    }
    // Read record by record, a million records took 500 MB of heap and half a minute.
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024, 'heap');
  });

  it('at the cap the records are read as before', () => {
    const info = readDicomdir(tinyRecords(MAX_DICOMDIR_RECORDS));
    assert.ok(!info.problems.some((p) => p.code === 'dicomdir-too-many-records'));
    assert.ok(info.problems.length > 0, 'records of only a type are not a file set');
  });
});
