/**
 * The build's scan of a source DICOM header (dicomdir-build-scan.ts): one read by the check's reader feeds both its
 * refusals and the values its DICOMDIR records.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflatedSpellingMetaElement, makeInstance, withoutGroupLength } from '../../fixtures/dicom';
import { srKeys } from '../dicom/non-image-objects';
import { DicomScanError, scanDicomHeader, type InstanceInfo, type ScanSeverities } from '../../../server/src/core/dicom/dicomdir-build-scan';
import { recordKeysOf, recordKeyVr } from '../../../server/src/core/dicom/dicomdir-build-records';
import { headerReaders, readDicomHeader } from '../../../server/src/core/dicom/read';
import { parsePart10 } from '../../../server/src/core/dicom/inflate';
import { decoderFor } from '../../../server/src/core/dicom/charset';
import { RULE_FOR_PROBLEM } from '../../../server/src/core/archive/rules';
import type { DicomProblemCode } from '../../../server/src/core/dicom/problems';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';

describe('build: the source DICOM header scan', () => {
  let dir: string;
  let n = 0;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'build-scan-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function fileOf(bytes: Uint8Array): string {
    const path = join(dir, `f${++n}.dcm`);
    writeFileSync(path, bytes);
    return path;
  }

  async function refusalOf(path: string, severities?: ScanSeverities): Promise<DicomScanError> {
    const e = await scanDicomHeader(path, severities).then(() => assert.fail(`${path} read`), (err: unknown) => err);
    assert.ok(e instanceof DicomScanError, String(e));
    return e;
  }

  /** Headers the check's reader has parsed so far, by the walker and by dicom-parser. */
  const reads = () => headerReaders.walker + headerReaders.dicomParser;

  async function countedScan(path: string): Promise<{ reads: number; outcome: InstanceInfo | DicomScanError }> {
    const before = reads();
    const outcome = await scanDicomHeader(path).catch((e: unknown) => {
      if (e instanceof DicomScanError) return e;
      throw e;
    });
    return { reads: reads() - before, outcome };
  }

  it('reads a header once, whether it plans the file or refuses it; an SR whose record copies its content items by dicom-parser again, unless dicom-parser made the first read', async () => {
    const sr = makeInstance({ modality: 'SR', extra: srKeys() }).bytes;
    const files: [string, Uint8Array, boolean, number][] = [
      ['Explicit VR', makeInstance().bytes, true, 1],
      ['Implicit VR', makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian }).bytes, true, 1],
      ['Deflated', makeInstance({ transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes, true, 1],
      // The walker's data set leaves out the sequences nested in the Content Sequence's items, which its record copies.
      ['an SR', sr, true, 2],
      // Deflated, dicom-parser reads it at first (the walker leaves deflated data sets to it), nested sequences and all.
      ['a deflated SR', makeInstance({ modality: 'SR', transferSyntax: TS.DeflatedExplicitVRLittleEndian, extra: srKeys() }).bytes, true, 1],
      ['a pixel data too short', makeInstance({ rows: 16, columns: 16, extra: [{ tag: TAG.Rows, vr: 'US', value: 32 }] }).bytes, false, 1],
      ['a file cut short', makeInstance({ rows: 16, columns: 16 }).bytes.subarray(0, -100), false, 1],
    ];
    for (const [label, bytes, planned, reads] of files) {
      const { reads: count, outcome } = await countedScan(fileOf(bytes));
      assert.equal(count, reads, label);
      assert.equal(outcome instanceof DicomScanError, !planned, label);
    }
    // That one read gave the deflated SR the record the plain one gets, the content items' nested sequences included.
    const deflated = makeInstance({ modality: 'SR', transferSyntax: TS.DeflatedExplicitVRLittleEndian, extra: srKeys() }).bytes;
    const [plain, inflated] = await Promise.all([sr, deflated].map((b) => scanDicomHeader(fileOf(b))));
    assert.deepEqual(inflated.record, plain.record);
  });

  it('reads on from a longer prefix while the header runs past the first 16 KiB, and refuses one that runs past 16 MiB', async () => {
    const privateBlob = (bytes: number) => [{ tag: 0x00091010, vr: 'OB' as const, value: new Uint8Array(bytes) }];
    const long = makeInstance({ rows: 16, columns: 16, extra: [{ tag: 0x00090010, vr: 'LO', value: 'ACME' }, ...privateBlob(300 * 1024)] });
    const { reads: count, outcome } = await countedScan(fileOf(long.bytes));
    assert.equal(count, 3, 'the first 16 KiB, eight times that, then the whole header');
    assert.ok(!(outcome instanceof DicomScanError), String(outcome));
    assert.deepEqual([outcome.sopInstanceUid, outcome.rows, outcome.columns], [long.sopInstanceUid, 16, 16]);
    const huge = makeInstance({ rows: 16, columns: 16, extra: [{ tag: 0x00090010, vr: 'LO', value: 'ACME' }, ...privateBlob(17 * 1024 * 1024)] });
    const e = await refusalOf(fileOf(huge.bytes));
    assert.deepEqual(e.why, { 'zh-TW': 'DICOM 檔頭超過 16 MiB 仍未到影像資料', en: 'the DICOM header runs past 16 MiB before the pixel data' });
  });

  /**
   * The faults the scan used to find by its own test of the check reader's problem (its twins), each made from a valid
   * instance: refused by default for that one problem, in the reader's words, and let through when the problem's rule
   * is made a warning or turned off, as the check of the built batch then lets the file through.
   */
  const FORMER_TWINS: { code: DicomProblemCode; bytes: () => Uint8Array; advice: string }[] = [
    {
      code: 'unknown-transfer-syntax',
      // An Explicit VR Little Endian data set under a UID DICOM does not define (as long as the real one).
      bytes: () => {
        const b = Buffer.from(makeInstance({ rows: 16, columns: 16 }).bytes);
        b.write('1.2.840.10009.1.2.1', b.indexOf(Buffer.from(`${TS.ExplicitVRLittleEndian}\0`, 'latin1'), 132), 'latin1');
        return b;
      },
      advice: 'Convert the file to a standard one (e.g. dcmconv +te), then build again',
    },
    {
      code: 'forbidden-group',
      bytes: () => makeInstance({ rows: 16, columns: 16, extra: [{ tag: 0x00010010, vr: 'LO', value: 'ACME' }] }).bytes,
      advice: 'Mend it, then build again',
    },
    { code: 'deflated-meta-end', bytes: () => withoutGroupLength(deflatedSpellingMetaElement().bytes), advice: 'Mend it, then build again' },
    {
      code: 'pixel-data-short',
      bytes: () => makeInstance({ rows: 16, columns: 16, extra: [{ tag: TAG.Rows, vr: 'US', value: 32 }] }).bytes,
      advice: 'Export it again from the PACS or the modality, then build again',
    },
    { code: 'truncated', bytes: () => makeInstance({ rows: 16, columns: 16 }).bytes.subarray(0, -100), advice: 'Copy or export it again, then build again' },
  ];

  for (const twin of FORMER_TWINS) {
    it(`refuses a file with ${twin.code} for that one reason, in the check's words; plans it when ${RULE_FOR_PROBLEM[twin.code]} is a warning or off`, async () => {
      const bytes = twin.bytes();
      const errors = readDicomHeader(bytes).problems.filter((p) => p.severity === 'error');
      assert.deepEqual(errors.map((p) => p.code), [twin.code]);
      const path = fileOf(bytes);
      const e = await refusalOf(path);
      assert.deepEqual(e.why, errors[0].message);
      assert.equal(e.whole?.en, `${path}: ${errors[0].message.en}. ${twin.advice}`);
      assert.ok(e.whole?.['zh-TW'].startsWith(`${path}：${errors[0].message['zh-TW']}。`), e.whole?.['zh-TW']);
      assert.ok(e.whole?.['zh-TW'].endsWith('後再建置'), e.whole?.['zh-TW']);
      // Planned for a re-send, the advice names the re-send.
      const resent = await scanDicomHeader(path, {}, 'resend').then(() => assert.fail(path), (err: DicomScanError) => err.whole!);
      assert.equal(resent.en, `${path}: ${errors[0].message.en}. ${twin.advice.replace(/build again$/, 're-send the row again')}`);
      assert.ok(resent['zh-TW'].endsWith('後再重送'), resent['zh-TW']);
      await refusalOf(path, { [RULE_FOR_PROBLEM[twin.code]]: 'error' });
      for (const severity of ['warning', 'off'] as const) {
        const info = await scanDicomHeader(path, { [RULE_FOR_PROBLEM[twin.code]]: severity });
        assert.equal(info.modality, 'CT', `${twin.code} ${severity}`);
        assert.ok(info.sopInstanceUid.startsWith('2.25.'), `${twin.code} ${severity}`);
      }
    });
  }

  it('refuses whatever the severities a file the reader reads no data set from, or one without Part 10 header: the DICOMDIR cannot list it', async () => {
    const allOff: ScanSeverities = Object.fromEntries(Object.values(RULE_FOR_PROBLEM).map((rule) => [rule, 'off']));
    // GE's private syntax over an Implicit VR data set (dcmconv +tg): the UIDs take 18 bytes both.
    const ge = Buffer.from(makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian }).bytes);
    ge.write('1.2.840.113619.5.2', ge.indexOf(Buffer.from(`${TS.ImplicitVRLittleEndian}\0`, 'latin1'), 132), 'latin1');
    const files: [string, Uint8Array, RegExp][] = [
      ['an unknown syntax not written as Explicit VR', ge, /^unknown transfer syntax 1\.2\.840\.113619\.5\.2: .*so it cannot be read/],
      [
        'an Implicit VR data set starting in group 0001',
        makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian, extra: [{ tag: 0x00010010, vr: 'LO', value: 'ACME' }] }).bytes,
        /^cannot read the DICOM file: the data set starts at byte \d+ with \(0001,0010\), in group 0001/,
      ],
      ['a data set without Part 10 header', makeInstance({ noPart10Header: true }).bytes, /^not a DICOM Part 10 file: /],
    ];
    for (const [label, bytes, why] of files) {
      const path = fileOf(bytes);
      for (const severities of [{}, allOff]) assert.match((await refusalOf(path, severities)).why.en, why, label);
    }
  });

  it('gives an Implicit VR file\'s record keys the values the VR callback gave them: sequences, nested ones, the verifier\'s time, an item element only the key dictionary names', async () => {
    const keys = srKeys();
    const content = keys.find((k) => k.tag === 0x0040a730)!;
    // Content Date in the HAS CONCEPT MOD item: no item element's VR, a record key's.
    (content.value as { tag: number; vr: string; value: string }[][])[0].push({ tag: 0x00080023, vr: 'DA', value: '20261124' });
    for (const transferSyntax of [TS.ImplicitVRLittleEndian, TS.ExplicitVRLittleEndian]) {
      const sr = makeInstance({ modality: 'SR', transferSyntax, extra: keys });
      const info = await scanDicomHeader(fileOf(sr.bytes));
      // As the scan used to parse the file: dicom-parser told each key's VR by recordKeyVr.
      const before = parsePart10(sr.bytes, { untilTag: 'x7fe00010', vrCallback: recordKeyVr }, false);
      const expected = recordKeysOf(before, sr.sopClassUid, decoderFor('ISO_IR 100'));
      assert.deepEqual(info.record, expected, transferSyntax);
      assert.equal(info.record.type, 'SR DOCUMENT');
      const item = (info.record.keys.find((k) => k.tag === 0x0040a730)!.value as { tag: number; vr: string; value: unknown }[][])[0];
      assert.deepEqual(item.map((e) => [e.tag, e.vr]), [[0x00080023, 'DA'], [0x0040a010, 'CS'], [0x0040a040, 'CS'], [0x0040a043, 'SQ'], [0x0040a168, 'SQ']], transferSyntax);
      assert.equal(info.record.keys.find((k) => k.tag === 0x0040a030)?.value, '20261125103000', 'Verification DateTime from the Verifying Observer Sequence');
    }
  });

  it('plans an Implicit VR file whose copied sequence holds a UI value longer than a call takes arguments, leaving that value out of the record', async () => {
    // An Implicit VR length has 32 bits: a UI of 200,000 bytes, which is no UID (64 characters at most).
    const keys = srKeys();
    const title = keys.find((k) => k.tag === 0x0040a043)!;
    (title.value as { tag: number; vr: string; value: string }[][])[0].push({ tag: 0x0008010d, vr: 'UI', value: '1.2.'.padEnd(200_000, '3') });
    const sr = makeInstance({ modality: 'SR', transferSyntax: TS.ImplicitVRLittleEndian, extra: keys });
    const info = await scanDicomHeader(fileOf(sr.bytes));
    const item = (info.record.keys.find((k) => k.tag === 0x0040a043)!.value as { tag: number; value: unknown }[][])[0];
    assert.deepEqual(item.map((e) => [e.tag, e.value]), [[0x00080100, '18748-4'], [0x00080102, 'LN'], [0x00080104, 'Diagnostic imaging report']]);
  });
});
