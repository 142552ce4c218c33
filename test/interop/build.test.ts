// The batch builder against independent tools: dcmtk (dcmdump, dcmmkdir), dicom3tools (dciodvfy),
// pydicom (FileSet), 7-Zip (7zz t / x), gcab and cabextract, and our own `nhi-imaging check --archives`.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildBatch } from '../../server/src/core/build/batch';
import type { BuildSummary } from '../../server/src/core/build/types';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { scanDicomHeader } from '../../server/src/core/dicom/dicomdir-build-scan';
import { buildDicomdir, planDirectory } from '../../server/src/core/dicom/dicomdir-build';
import { archivePathOf } from '../../server/src/core/build/file-ids';
import { makeKeyObject, makePdf, makeSr } from '../unit/dicom/non-image-objects';
import { makeInstance } from '../fixtures/dicom';
import { writeFileSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';
const ROOT = resolve(__dirname, '../..');

function run(cmd: string, args: string[], cwd?: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}); .ci/run installs it with apt-get`);
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** The findings of `nhi-imaging check --archives` on a built CSV. */
function checkDiagnostics(csvPath: string): { severity: string; code: string; message: string }[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', '--archives', '--format', 'json', '--now', '2025-11-25T12:00', csvPath], { cwd: ROOT, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { files: { diagnostics: { severity: string; code: string; message: string }[] }[] };
  return report.files[0].diagnostics;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile()).sort();
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Records of a DICOMDIR as pydicom reads them: type and identifying key, in file order. */
const RECORDS_PY = `
import sys, json
from pydicom import dcmread
ds = dcmread(sys.argv[1])
out = []
for r in ds.DirectoryRecordSequence:
    t = r.DirectoryRecordType
    key = {'PATIENT': 'PatientID', 'STUDY': 'StudyInstanceUID', 'SERIES': 'SeriesInstanceUID', 'IMAGE': 'ReferencedSOPInstanceUIDInFile'}[t]
    fid = r.get('ReferencedFileID')
    out.append([t, str(r.get(key)), '/'.join(fid) if isinstance(fid, (list, tuple)) or (fid is not None and not isinstance(fid, str)) else (fid or '')])
print(json.dumps(out))
`;

const FILESET_PY = `
import sys, json
from pydicom import dcmread
from pydicom.fileset import FileSet
fs = FileSet(dcmread(sys.argv[1]))
found = []
for inst in fs:
    ds = inst.load()
    found.append([ds.SOPInstanceUID, inst.SOPInstanceUID, inst.path])
print(json.dumps(found))
`;

/** Every record of a DICOMDIR with all its keys (offsets and character set aside), sorted. */
const FULL_RECORDS_PY = `
import sys, json
from pydicom import dcmread
def val(e):
    if e.VR == 'SQ':
        return [{x.keyword or str(x.tag): val(x) for x in item} for item in e.value]
    return str(e.value)
ds = dcmread(sys.argv[1])
types = sys.argv[2].split(',') if len(sys.argv) > 2 else None
out = [{e.keyword or str(e.tag): val(e) for e in r if e.tag not in (0x00041400, 0x00041420, 0x00080005)} for r in ds.DirectoryRecordSequence]
out = [r for r in out if types is None or r['DirectoryRecordType'] in types]
print(json.dumps(sorted(out, key=lambda d: json.dumps(d, sort_keys=True)), sort_keys=True))
`;

describe('built batches with independent tools', function () {
  this.timeout(180_000);
  let dir: string;
  let seven: BuildSummary;
  let cab: BuildSummary;
  const sourceHashes = new Map<string, string>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'build-interop-'));
    const draft = writeSampleDraft(dir);
    for (const folder of ['ct1', 'mr1', 'pano', 'us1']) for (const f of files(join(dir, folder))) sourceHashes.set(sha(join(dir, folder, f)), `${folder}/${f}`);
    const now = Date.parse('2025-11-25T12:00:00+08:00');
    seven = await buildBatch(draft, { date: '20251125', outDir: join(dir, 'out7z'), validation: { now } });
    cab = await buildBatch(draft, { date: '20251125', outDir: join(dir, 'outcab'), format: 'cab', validation: { now } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function extract7z(archive: string, to: string): void {
    const r = run('7zz', ['x', '-y', `-o${to}`, archive]);
    assert.equal(r.code, 0, r.out);
  }

  it('7zz t passes on every 7z we write, and the extracted files are the sources byte for byte', () => {
    for (const row of seven.rows) {
      const t = run('7zz', ['t', row.archivePath]);
      assert.equal(t.code, 0, t.out);
      assert.match(t.out, /Everything is Ok/);
      const to = join(dir, 'x7', String(row.row));
      extract7z(row.archivePath, to);
      for (const f of files(to).filter((n) => n !== 'DICOMDIR')) assert.ok(sourceHashes.has(sha(join(to, f))), `${f} is a source file unchanged`);
    }
  });

  it('cabextract -t, gcab -x and 7zz t pass on every CAB we write; extracted bytes identical', () => {
    for (const row of cab.rows) {
      const ce = run('cabextract', ['-t', row.archivePath]);
      assert.equal(ce.code, 0, ce.out);
      assert.match(ce.out, /All done, no errors/);
      const t = run('7zz', ['t', row.archivePath]);
      assert.equal(t.code, 0, t.out);
      const to = join(dir, 'xcab', String(row.row));
      mkdirSync(to, { recursive: true });
      const g = run('gcab', ['-x', '-C', to, row.archivePath]);
      assert.equal(g.code, 0, g.out);
      const extracted = files(to);
      assert.ok(extracted.length > 0);
      for (const f of extracted.filter((n) => n !== 'DICOMDIR')) assert.ok(sourceHashes.has(sha(join(to, f))), `${f} is a source file unchanged`);
      // and the same tree as the 7z of the same row
      const sevenTree = files(join(dir, 'x7', String(row.row)));
      assert.deepEqual(extracted, sevenTree);
    }
  });

  describe('our DICOMDIRs', () => {
    const dcfRows = (): number[] => seven.rows.filter((r) => /\/DCF/.test(r.archivePath)).map((r) => r.row);

    it('dcmdump reads them without errors', () => {
      for (const i of dcfRows()) {
        const r = run('dcmdump', ['-q', join(dir, 'x7', String(i), 'DICOMDIR')]);
        assert.equal(r.code, 0, r.out);
        assert.doesNotMatch(r.out, /^E: /m);
        assert.match(r.out, /DirectoryRecordSequence/);
      }
    });

    it('dciodvfy reports no errors or warnings', () => {
      for (const i of dcfRows()) {
        const r = run('dciodvfy', [join(dir, 'x7', String(i), 'DICOMDIR')]);
        assert.doesNotMatch(r.out, /Error|Warning/, r.out);
        assert.match(r.out, /BasicDirectory/);
      }
    });

    it('pydicom FileSet finds and loads every instance', () => {
      for (const i of dcfRows()) {
        const root = join(dir, 'x7', String(i));
        const r = run(PYTHON, ['-c', FILESET_PY, join(root, 'DICOMDIR')]);
        assert.equal(r.code, 0, r.out);
        const found = JSON.parse(r.out) as [string, string, string][];
        const onDisk = files(root).filter((f) => f !== 'DICOMDIR');
        assert.equal(found.length, onDisk.length);
        for (const [loaded, recorded] of found) assert.equal(loaded, recorded);
        assert.deepEqual(found.map((f) => f[2].slice(root.length + 1)).sort(), onDisk);
      }
    });

    it('dcmmkdir over the same files lists the same records', () => {
      for (const i of dcfRows()) {
        const ours = join(dir, 'x7', String(i));
        const theirs = join(dir, 'dcmmkdir', String(i));
        mkdirSync(theirs, { recursive: true });
        cpSync(join(ours, 'DICOM'), join(theirs, 'DICOM'), { recursive: true });
        const mk = run('dcmmkdir', ['+r', '-Pgp', '+D', 'DICOMDIR', 'DICOM'], theirs);
        assert.equal(mk.code, 0, mk.out);
        const records = (p: string): string[] => {
          const r = run(PYTHON, ['-c', RECORDS_PY, p]);
          assert.equal(r.code, 0, r.out);
          return (JSON.parse(r.out) as string[][]).map((x) => x.join(' ')).sort();
        };
        assert.deepEqual(records(join(ours, 'DICOMDIR')), records(join(theirs, 'DICOMDIR')));
      }
    });
  });

  it('every batch passes nhi-imaging check --archives with no error', () => {
    for (const s of [seven, cab]) {
      const cli = join(ROOT, 'dist/cli.js');
      assert.ok(existsSync(cli), `${cli} missing: run npm run build (npm test does)`);
      const r = spawnSync(process.execPath, [cli, 'check', '--archives', '--format', 'json', '--now', '2025-11-25T12:00', s.csvPath], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
      const report = JSON.parse(r.stdout) as { files: { diagnostics: { severity: string }[] }[] };
      assert.deepEqual(report.files[0].diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'), []);
    }
  });
});

describe('JPEG files named without .jpg in a built ATT archive', function () {
  this.timeout(180_000);
  let dir: string;
  let csvPath: string;
  let archive: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'build-interop-jpg-'));
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[2]]);
    const pano = join(dir, 'pano');
    const jpeg = readFileSync(join(pano, 'pano1.jpg'));
    rmSync(join(pano, 'pano1.jpg'));
    for (const name of ['IMG0001', 'scan.jpe', 'x.jpeg']) writeFileSync(join(pano, name), jpeg);
    const s = await buildBatch(draft, { date: '20251125', outDir: join(dir, 'out'), validation: { now: Date.parse('2025-11-25T12:00:00+08:00') } });
    csvPath = s.csvPath;
    archive = s.rows[0].archivePath;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('7zz lists every entry under a name ending in .jpg', () => {
    const r = run('7zz', ['l', '-slt', archive]);
    assert.equal(r.code, 0, r.out);
    const paths = [...r.out.matchAll(/^Path = (.*)$/gm)].map((m) => m[1]).filter((p) => p !== archive).sort();
    assert.deepEqual(paths, ['IMG0001.jpg', 'scan.jpg', 'x.jpg']);
  });

  it('the batch passes nhi-imaging check --archives with no error and no finding on its JPG names', () => {
    assert.deepEqual(checkDiagnostics(csvPath).filter((d) => d.severity === 'error' || d.code.startsWith('A14-att')), []);
  });
});

describe('DICOMDIR records of non-image objects (SR, key object, PDF) in a built batch', function () {
  this.timeout(180_000);
  let dir: string;
  let root: string;
  let csvPath: string;
  const SR_PY = '/usr/lib/python3/dist-packages/pydicom/data/test_files/test-SR.dcm';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'build-interop-sr-'));
    const draft = writeSampleDraft(dir);
    const ct = join(dir, 'ct1');
    const { studyUid, patientId, patientName, studyDate } = await scanDicomHeader(join(ct, files(ct)[0]));
    const same = { studyUid, patientId, patientName, studyDate };
    writeFileSync(join(ct, 'sr.dcm'), makeSr({ ...same, seriesNumber: 7 }));
    writeFileSync(join(ct, 'ko.dcm'), makeKeyObject({ ...same, seriesNumber: 8 }));
    writeFileSync(join(ct, 'pdf.dcm'), makePdf({ ...same, seriesNumber: 9 }));
    const now = Date.parse('2025-11-25T12:00:00+08:00');
    // SR, KO and DOC are not the CT order's modality: accepted like any image problem.
    const s = await buildBatch(draft, { date: '20251125', outDir: join(dir, 'out'), validation: { now }, onDecision: () => 'continue' });
    csvPath = s.csvPath;
    root = join(dir, 'x');
    const r = run('7zz', ['x', '-y', `-o${root}`, s.rows[0].archivePath]);
    assert.equal(r.code, 0, r.out);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const records = (p: string, types?: string): unknown[] => {
    const r = run(PYTHON, ['-c', FULL_RECORDS_PY, p, ...(types ? [types] : [])]);
    assert.equal(r.code, 0, r.out);
    return JSON.parse(r.out) as unknown[];
  };

  it('dcmdump shows SR DOCUMENT, KEY OBJECT DOC and ENCAP DOC records with their keys; dciodvfy reports nothing', () => {
    const d = run('dcmdump', ['-q', join(root, 'DICOMDIR')]);
    assert.equal(d.code, 0, d.out);
    assert.doesNotMatch(d.out, /^E: /m);
    for (const t of ['SR DOCUMENT', 'KEY OBJECT DOC', 'ENCAP DOC', 'IMAGE']) assert.match(d.out, new RegExp(`CS \\[${t}\\]`));
    for (const k of ['CompletionFlag', 'VerificationFlag', 'ConceptNameCodeSequence', 'ContentDate', 'ContentTime', 'VerificationDateTime', 'MIMETypeOfEncapsulatedDocument']) assert.match(d.out, new RegExp(k));
    const v = run('dciodvfy', [join(root, 'DICOMDIR')]);
    assert.doesNotMatch(v.out, /Error|Warning/, v.out);
  });

  it('pydicom FileSet finds every instance under its record type', () => {
    const r = run(PYTHON, ['-c', 'import sys, json\nfrom pydicom import dcmread\nfrom pydicom.fileset import FileSet\nfs = FileSet(dcmread(sys.argv[1]))\nprint(json.dumps(sorted([i.node.record_type, i.load().SOPInstanceUID == i.SOPInstanceUID] for i in fs)))', join(root, 'DICOMDIR')]);
    assert.equal(r.code, 0, r.out);
    const found = JSON.parse(r.out) as [string, boolean][];
    assert.deepEqual([...new Set(found.map((f) => f[0]))].sort(), ['ENCAP DOC', 'IMAGE', 'KEY OBJECT DOC', 'SR DOCUMENT']);
    assert.ok(found.every((f) => f[1]));
  });

  it('dcmmkdir (general-purpose profile) over the same files writes the same records, keys and all', () => {
    const theirs = join(dir, 'dcmmkdir');
    mkdirSync(theirs, { recursive: true });
    cpSync(join(root, 'DICOM'), join(theirs, 'DICOM'), { recursive: true });
    const mk = run('dcmmkdir', ['+r', '-Pgp', '+D', 'DICOMDIR', 'DICOM'], theirs);
    assert.equal(mk.code, 0, mk.out);
    assert.doesNotMatch(mk.out, /cannot be added/, mk.out);
    assert.deepEqual(records(join(root, 'DICOMDIR')), records(join(theirs, 'DICOMDIR')));
  });

  it('an SR made by dcmtk (pydicom\'s test-SR.dcm, verified, Verifying Observer Sequence) gets the record dcmmkdir gives it', async () => {
    const set = join(dir, 'test-sr');
    const { patients } = planDirectory([await scanDicomHeader(SR_PY)]);
    const id = archivePathOf(patients[0].studies[0].series[0].images[0].fileId);
    mkdirSync(join(set, id, '..'), { recursive: true });
    cpSync(SR_PY, join(set, id));
    writeFileSync(join(set, 'DICOMDIR'), buildDicomdir(patients));
    const theirs = join(dir, 'test-sr-dcmmkdir');
    mkdirSync(theirs);
    cpSync(join(set, 'DICOM'), join(theirs, 'DICOM'), { recursive: true });
    // +I: the file's empty Patient ID and Study Date would stop dcmmkdir; they are not the SR keys.
    const mk = run('dcmmkdir', ['+r', '-Pgp', '+I', '+D', 'DICOMDIR', 'DICOM'], theirs);
    assert.equal(mk.code, 0, mk.out);
    const ours = records(join(set, 'DICOMDIR'), 'SR DOCUMENT');
    assert.equal(ours.length, 1);
    assert.deepEqual(ours, records(join(theirs, 'DICOMDIR'), 'SR DOCUMENT'));
  });

  it('the batch passes nhi-imaging check --archives with no error', () => {
    assert.deepEqual(checkDiagnostics(csvPath).filter((d) => d.severity === 'error'), []);
  });
});

describe('DICOMDIR of files whose keys hold several values or a name too long for PN', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-interop-vm-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('dciodvfy finds no error in ours, where dcmmkdir copies the values as they are', async () => {
    const study = makeInstance({ modality: 'CT' });
    const sources = [
      makeInstance({ modality: 'CT', studyUid: study.studyUid, extra: [{ tag: 0x00080050, vr: 'SH', value: '1\\2' }, { tag: 0x00081030, vr: 'LO', value: 'HEAD\\NECK' }] }),
      makeInstance({ modality: 'CT', studyUid: study.studyUid, extra: [{ tag: 0x00200011, vr: 'IS', value: '1\\2' }, { tag: 0x00200013, vr: 'IS', value: '3\\4' }] }),
      makeInstance({ modality: 'CT', patientId: 'B223456789', patientName: 'X'.repeat(70) }),
    ];
    const infos = [];
    for (const [i, inst] of sources.entries()) {
      writeFileSync(join(dir, `src${i}.dcm`), inst.bytes);
      infos.push(await scanDicomHeader(join(dir, `src${i}.dcm`)));
    }
    const { patients } = planDirectory(infos);
    for (const [set, writer] of [['ours', 'nhi'], ['theirs', 'dcmmkdir']] as const) {
      for (const p of patients) for (const st of p.studies) for (const se of st.series) for (const im of se.images) {
        const to = join(dir, set, archivePathOf(im.fileId));
        mkdirSync(join(to, '..'), { recursive: true });
        cpSync(im.instance.sourcePath, to);
      }
      if (writer === 'nhi') writeFileSync(join(dir, set, 'DICOMDIR'), buildDicomdir(patients));
      else assert.equal(run('dcmmkdir', ['+r', '-Pgp', '+D', 'DICOMDIR', 'DICOM'], join(dir, set)).code, 0);
    }
    const theirs = run('dciodvfy', [join(dir, 'theirs', 'DICOMDIR')]).out;
    for (const name of ['AccessionNumber', 'StudyDescription', 'SeriesNumber', 'InstanceNumber']) assert.match(theirs, new RegExp(`Error - Bad attribute Value Multiplicity.*${name}`), theirs);
    assert.match(theirs, /Error - Value invalid for this VR - \(0x0010,0x0010\) PN/, theirs);
    const ours = run('dciodvfy', [join(dir, 'ours', 'DICOMDIR')]).out;
    assert.doesNotMatch(ours, /Error|Warning/, ours);
  });
});
