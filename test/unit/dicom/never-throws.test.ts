/**
 * Bad input never crashes the readers: whatever bytes a DICOMDIR, a DICOM instance or a JPEG holds after
 * random byte changes, 4-byte overwrites (corrupt lengths and offsets), truncations, insertions and
 * deletions, readDicomdir, readDicomHeader(From) and readJpegFrame return problems, never an exception,
 * and each problem has a rule for the archive check. The crashes found are kept as fixed cases.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkLinkedArchives } from '../../../server/src/core/archive/check';
import { RULE_FOR_PROBLEM } from '../../../server/src/core/archive/rules';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import type { DicomProblem } from '../../../server/src/core/dicom/problems';
import { readDicomHeader, readDicomHeaderFrom } from '../../../server/src/core/dicom/read';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { readJpegFrame } from '../../../server/src/core/images/jpeg';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import { packFiles } from '../../fixtures/archives';
import { encapsulatedInstance, makeDicomdir, makeInstance, offsetTable, pixelItem, withoutGroupLength } from '../../fixtures/dicom';
import type { DicomdirSpec, DirFile } from '../../fixtures/dicom';
import { makeJpeg } from '../../fixtures/jpeg';

const PYDICOM = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const SEED = 0x5eed;

/** pydicom's test files whose name passes `pick`, when python3-pydicom is installed. */
function pydicomFiles(pick: (name: string) => boolean, dir = PYDICOM): Uint8Array[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return pydicomFiles(pick, path);
    return pick(f) ? [new Uint8Array(readFileSync(path))] : [];
  });
}

function files(count: number): DirFile[] {
  const first = makeInstance({ rows: 8, columns: 8 });
  return Array.from({ length: count }, (_, i) => ({
    fileId: ['S0', `IM${i}`],
    instance: i === 0 ? first : makeInstance({ rows: 8, columns: 8, studyUid: first.studyUid, seriesUid: first.seriesUid }),
  }));
}

/** One change to the bytes; positions are taken modulo the length, most of them past the preamble. */
type Edit =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'word'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number };

const position = fc.tuple(fc.boolean(), fc.nat()).map(([anywhere, n]) => (anywhere ? -1 - n : n));
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: position, value: fc.nat(255) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('word' as const), at: position, value: fc.oneof(fc.nat(0xffff), fc.nat(0xffffffff), fc.constant(0xffffffff)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 12 }) }) },
);
const edits = fc.array(edit, { minLength: 1, maxLength: 4 });

/** A position in `bytes`: non-negative `at` lands past `skip` bytes (the DICOM preamble), negative ones anywhere. */
function place(at: number, length: number, skip: number): number {
  if (length === 0) return 0;
  if (at < 0 || length <= skip) return (-1 - at) % length;
  return skip + (at % (length - skip));
}

function applyEdits(base: Uint8Array, list: readonly Edit[], skip = 128): Uint8Array {
  let bytes = base.slice();
  for (const e of list) {
    const at = place(e.at, bytes.length, skip);
    if (e.kind === 'set') {
      if (bytes.length) bytes[at] = e.value;
    } else if (e.kind === 'word') {
      for (let i = 0; i < 4 && at + i < bytes.length; i++) bytes[at + i] = (e.value >>> (8 * i)) & 0xff;
    } else if (e.kind === 'cut') {
      bytes = bytes.slice(0, at);
    } else if (e.kind === 'insert') {
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...e.bytes, ...bytes.subarray(at)]);
    } else {
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + e.count)]);
    }
  }
  return bytes;
}

/** Every problem is one the archive check can report: a known code, a severity and both languages. */
function reportable(problems: readonly DicomProblem[]): void {
  for (const p of problems) {
    assert.ok(RULE_FOR_PROBLEM[p.code], `no rule for ${p.code}`);
    assert.ok(p.severity && p.message['zh-TW'] && p.message.en, JSON.stringify(p));
  }
}

/** fast-check's report names the counterexample; the exception is what a reader must not raise. */
function neverThrows<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    assert.fail(`${what} threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/**
 * A crash found by the fuzz comparison, kept byte for byte: a Part 10 implicit VR DICOMDIR whose one
 * record's Referenced File ID (0004,1500) declares 0x30303030 bytes ("0000", as a byte change makes it)
 * in a record and a sequence of correct lengths. dicom-parser skips past the end unchecked; readDicomdir
 * then read the value with readFixedString and threw "attempt to read past end of buffer".
 */
const CORRUPT_IMPLICIT_DICOMDIR = Uint8Array.from([
  ...new Uint8Array(128),
  ...Buffer.from(
    '4449434d02000000554c04009c000000020001004f4200000200000000010200020055491400312e322e3834302e31303030382e312e332e313002' +
      '00030055490600312e322e33000200100055491200312e322e3834302e31303030382e312e32000200120055492c00322e32352e32303034313138' +
      '37343339313436363338373435323038313731323338353031333634303230310200130053480e004e48495f494d4147494e475f30310400001204' +
      '0000004c01000004000212040000004c0100000400201246000000feff00e03e0000000400001404000000000000000400101402000000ffff0400' +
      '20140400000000000000040030140800000050415449454e54200400001530303030494d3120',
    'hex',
  ),
]);

/** Each IMAGE record's Referenced File ID with `length` declared instead of its own. */
function corruptFileIds(length: number, which: (index: number) => boolean): DicomdirSpec['mapRecords'] {
  return (roots) => {
    let index = 0;
    const visit = (r: (typeof roots)[number]) => {
      if (r.type === 'IMAGE' && which(index++)) {
        r.elements = r.elements.map((e) => (e.tag === TAG.ReferencedFileID ? { ...e, lengthOverride: length } : e));
      }
      r.children.forEach(visit);
    };
    roots.forEach(visit);
    return roots;
  };
}

describe('dicom: bad input never throws out of the readers', function () {
  this.timeout(60_000);

  const dicomdirs = [
    makeDicomdir({ files: files(4) }),
    makeDicomdir({ files: files(4), transferSyntax: TS.ImplicitVRLittleEndian }),
    makeDicomdir({ files: files(4), transferSyntax: TS.ExplicitVRBigEndian }),
    ...pydicomFiles((f) => f.startsWith('DICOMDIR')),
  ];
  const instances = [
    makeInstance({ rows: 4, columns: 4 }).bytes,
    makeInstance({ rows: 4, columns: 4, transferSyntax: TS.ImplicitVRLittleEndian }).bytes,
    makeInstance({ rows: 4, columns: 4, transferSyntax: TS.ExplicitVRBigEndian }).bytes,
    makeInstance({ rows: 4, columns: 4, noPart10Header: true }).bytes,
    makeInstance({ modality: 'SR' }).bytes,
    makeInstance({ rows: 4, columns: 4, transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes,
    withoutGroupLength(makeInstance({ rows: 4, columns: 4, transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes),
    encapsulatedInstance([offsetTable([0, 16]), pixelItem(8), pixelItem(8)], 2).bytes,
    ...pydicomFiles((f) => /^(CT_small|MR_small_implicit|MR_small_bigendian|ExplVR_BigEndNoMeta|no_meta|nested_priv_SQ|UN_sequence|rtplan)\.dcm$/.test(f)),
  ];
  const jpegs = [makeJpeg({ width: 64, height: 48 }), makeJpeg({ width: 640, height: 480, process: 2, components: 3, appPadding: 200 })];

  it('readDicomdir, explicit and implicit VR and big endian DICOMDIRs with random changes (both readers)', () => {
    fc.assert(
      fc.property(fc.nat(dicomdirs.length - 1), edits, (which, list) => {
        const bytes = applyEdits(dicomdirs[which], list);
        for (const walker of [true, false]) reportable(neverThrows(`readDicomdir (walker ${walker})`, () => readDicomdir(bytes, { walker })).problems);
      }),
      { numRuns: 8000, seed: SEED },
    );
  });

  it('readDicomHeader and readDicomHeaderFrom, instances with random changes, whole and as prefixes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(instances.length - 1), edits, fc.nat(), fc.integer({ min: 1, max: 600 }), async (which, list, cut, firstRead) => {
        const bytes = applyEdits(instances[which], list);
        const prefix = bytes.subarray(0, cut % (bytes.length + 1));
        reportable(neverThrows('readDicomHeader (quick)', () => readDicomHeader(bytes)).problems);
        reportable(neverThrows('readDicomHeader (whole)', () => readDicomHeader(bytes, { untilPixelData: false, dataSet: true })).problems);
        reportable(neverThrows('readDicomHeader (dicom-parser)', () => readDicomHeader(bytes, { untilPixelData: false, walker: false })).problems);
        reportable(neverThrows('readDicomHeader (prefix)', () => readDicomHeader(prefix, { totalSize: bytes.length })).problems);
        let from;
        try {
          from = await readDicomHeaderFrom(async (n) => bytes.subarray(0, n), bytes.length, { firstRead });
        } catch (e) {
          assert.fail(`readDicomHeaderFrom threw: ${String(e)}`);
        }
        reportable(from.problems);
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('readJpegFrame, JPEGs with random changes and arbitrary bytes, whole and as prefixes', () => {
    const soi = fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.from([0xff, 0xd8, 0xff, ...b]));
    const input = fc.oneof(
      fc.tuple(fc.nat(jpegs.length - 1), edits).map(([which, list]) => applyEdits(jpegs[which], list, 2)),
      soi,
      fc.uint8Array({ maxLength: 64 }),
    );
    fc.assert(
      fc.property(input, fc.nat(), fc.nat(5000), (bytes, cut, more) => {
        reportable(neverThrows('readJpegFrame', () => readJpegFrame(bytes)).problems);
        const prefix = bytes.subarray(0, cut % (bytes.length + 1));
        reportable(neverThrows('readJpegFrame (prefix)', () => readJpegFrame(prefix, bytes.length + more)).problems);
      }),
      { numRuns: 4000, seed: SEED },
    );
  });

  it('regression: a record value running past the end of an implicit VR DICOMDIR is one finding (fixed bytes)', () => {
    for (const walker of [true, false]) {
      const info = readDicomdir(CORRUPT_IMPLICIT_DICOMDIR, { walker });
      assert.deepEqual(info.instances, []);
      const truncated = info.problems.filter((p) => p.code === 'truncated');
      assert.equal(truncated.length, 1);
      assert.equal(truncated[0].severity, 'error');
      assert.match(truncated[0].message.en, /^DICOMDIR directory record @ 332: .*\(0004,1500\).*declares 808464432 bytes/);
      assert.match(truncated[0].message['zh-TW'], /^DICOMDIR 目錄紀錄 @ 332：.*\(0004,1500\)/);
    }
  });

  it('regression: a corrupt Referenced File ID length in a full implicit VR DICOMDIR, in the middle and in the last record', () => {
    for (const which of [1, 3]) {
      const bytes = makeDicomdir({ files: files(4), transferSyntax: TS.ImplicitVRLittleEndian, mapRecords: corruptFileIds(0x30303030, (i) => i === which) });
      const info = readDicomdir(bytes);
      assert.deepEqual(info.problems.map((p) => p.code), ['dicomdir-not-directory', 'truncated'], `IMAGE ${which}`);
      assert.match(info.problems[1].message.en, /directory record @ \d+: .*\(0004,1500\)/);
    }
  });

  it('regression: records nested 10,000 deep through (0004,1420) are a hierarchy finding, not a stack overflow', () => {
    const one = makeInstance({ rows: 2, columns: 2 });
    const bytes = makeDicomdir({
      files: Array.from({ length: 10_000 }, (_, i) => ({ fileId: ['S0', `IM${i}`], instance: { ...one, sopInstanceUid: `${one.sopInstanceUid}.${i}` } })),
      patchOffsets: (laid) =>
        laid.forEach((r, i) => {
          r.next = 0;
          r.lower = i + 1 < laid.length ? laid[i + 1].offset : 0;
        }),
    });
    const info = neverThrows('readDicomdir', () => readDicomdir(bytes));
    const hierarchy = info.problems.find((p) => p.code === 'dicomdir-hierarchy');
    assert.ok(hierarchy, JSON.stringify(info.problems));
    assert.match(hierarchy.message.en, /more than 64 levels deep/);
    assert.ok(info.problems.some((p) => p.code === 'dicomdir-orphan-records'));
  });

  it('an exception nobody foresaw becomes an "unreadable" problem', () => {
    const hostile = new Proxy(new Uint8Array(200), {
      get(target, key) {
        if (key === 'length') throw new Error('the bytes cannot be read');
        return Reflect.get(target, key);
      },
    });
    const info = readDicomdir(hostile);
    assert.deepEqual(info.problems.map((p) => [p.code, p.severity]), [['unreadable', 'error']]);
    // A failure the parser's texts do not explain: its own words, quoted.
    assert.deepEqual(info.problems[0].message, { 'zh-TW': '無法判讀 DICOMDIR：解析程式回報「the bytes cannot be read」', en: 'cannot read the DICOMDIR: the parser reported "the bytes cannot be read"' });
  });
});

describe('archive check: a corrupt DICOMDIR inside an archive', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-never-throws-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['7z', 'cab'] as const) {
    it(`finishes the check of a DCF ${format} whose implicit VR DICOMDIR has a record running past its end, with a finding on that archive`, async () => {
      const set = files(3).map((f) => ({ ...f, fileId: ['IMG', f.fileId[1]] }));
      const content: Record<string, Uint8Array> = {
        DICOMDIR: makeDicomdir({ files: set, transferSyntax: TS.ImplicitVRLittleEndian, mapRecords: corruptFileIds(0x30303030, (i) => i === 1) }),
      };
      for (const f of set) content[f.fileId.join('/')] = f.instance.bytes;
      const name = `DCF3501200000_C0000000000${format === '7z' ? 1 : 2}.${format === '7z' ? '7z' : 'CAB'}`;
      await packFiles(dir, name, content, format);
      const csv = EXAMPLE_ROW.map((v, i) => (i === 13 ? name : v)).join(',') + '\r\n';
      for (const mode of ['quick', 'full'] as const) {
        const r = await checkLinkedArchives(join(dir, '3501200000_20251125_001.csv'), parseCsv(csv), { options: defaultOptions({ lang: 'en' }), mode });
        const finding = r.findings.find((f) => f.ruleId === 'A14-dicomdir' && /directory record @ \d+: .*\(0004,1500\)/.test(f.message.en));
        assert.ok(finding, `${mode}: ${JSON.stringify(r.findings.map((f) => [f.ruleId, f.message.en]))}`);
        assert.equal(finding.row, 0);
        assert.equal(finding.severity, 'error');
        assert.equal(r.summaries.length, 1);
      }
    });
  }
});
