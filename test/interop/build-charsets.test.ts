// Names in the character sets of PS3.5 Annexes H, I, J, written by pydicom, reach the builder's UTF-8
// DICOMDIR as they were written, read back by pydicom.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch } from '../../server/src/core/build/batch';
import { writeSampleDraft, SAMPLE_ROWS } from '../../samples/draft/generate';
import { makeInstance } from '../fixtures/dicom';

const CASES: [id: string, charset: string[], name: string, description: string][] = [
  ['LATIN1', ['ISO_IR 100'], 'Müller^Jürgen', 'Thorax ärztlich'],
  ['LATIN2022', ['ISO 2022 IR 100'], 'Müller^Jürgen', 'Thorax ärztlich'],
  ['JAPANESE', ['', 'ISO 2022 IR 87'], 'Yamada^Tarou=山田^太郎=やまだ^たろう', '胸部'],
  ['KANA', ['ISO 2022 IR 13', 'ISO 2022 IR 87'], 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう', 'ｷｮｳﾌﾞ'],
  ['KOREAN', ['', 'ISO 2022 IR 149'], 'Hong^Gildong=洪^吉洞=홍^길동', '흉부'],
  ['CHINESE', ['', 'ISO 2022 IR 58'], 'Zhang^XiaoDong=张^小东', '胸部'],
  ['GB18030', ['GB18030'], '王^小明', '胸部'],
];

const WRITE_PY = `
import sys, os, json, pydicom
from pydicom.uid import generate_uid
src, out, cases = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ds = pydicom.dcmread(src)
for name, cs, pn, desc in cases:
    ds.SpecificCharacterSet = cs
    ds.PatientName = pn
    ds.PatientID = name
    ds.StudyDescription = desc
    ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid(); ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(os.path.join(out, name), write_like_original=False)
`;

/** Each PATIENT record's ID with its name and its study's description. */
const READ_PY = `
import sys, json, pydicom
got = {}
for r in pydicom.dcmread(sys.argv[1]).DirectoryRecordSequence:
    if r.DirectoryRecordType == 'PATIENT': patient = got[r.PatientID] = [str(r.PatientName)]
    if r.DirectoryRecordType == 'STUDY': patient.append(str(r.StudyDescription))
print(json.dumps(got))
`;

describe('built DICOMDIR text in other character sets, with pydicom', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-build-charsets-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the names and descriptions of ISO 2022 and other sources as they were written (Latin-1, Japanese, Korean, Chinese)', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const src = join(dir, 'ct1');
    const base = join(dir, 'base.dcm');
    writeFileSync(base, makeInstance({ studyDate: '20251125' }).bytes);
    for (const f of readdirSync(src)) rmSync(join(src, f));
    const py = (script: string, ...args: string[]): string => {
      const r = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    py(WRITE_PY, base, src, JSON.stringify(CASES));
    const s = await buildBatch(draft, { date: '20261125', validation: { now: Date.parse('2025-11-25T12:00:00+08:00') }, onDecision: () => 'continue' });
    const out = join(dir, 'x');
    mkdirSync(out);
    const x = spawnSync('7zz', ['x', '-y', `-o${out}`, s.rows[0].archivePath], { encoding: 'utf8' });
    assert.equal(x.status, 0, x.stderr);
    const got = JSON.parse(py(READ_PY, join(out, 'DICOMDIR'))) as Record<string, string[]>;
    assert.deepEqual(got, Object.fromEntries(CASES.map(([id, , name, description]) => [id, [name, description]])));
  });
});
