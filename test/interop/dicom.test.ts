/**
 * Interoperability of the DICOM side with independent tools:
 * - DICOMDIRs written by dcmtk's dcmmkdir over our fixtures are read correctly;
 * - the DICOM files and DICOMDIRs that python3-pydicom ships are read without a crash and with
 *   the same Rows/Columns/Modality/transfer syntax as pydicom reads;
 * - archives made by `7zz a` (store and LZMA2), libarchive's bsdtar and py7zr (store, LZMA2, Deflate)
 *   and `gcab -c -z` (MSZIP) are checked end to end.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinkedArchives } from '../../server/src/core/archive/check';
import { parseCsv } from '../../server/src/core/csv/parse';
import { readDicomdir } from '../../server/src/core/dicom/dicomdir';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { defaultOptions } from '../../server/src/core/options';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { makeInstance, privateSequenceWithWrongDelimiter } from '../fixtures/dicom';
import { lzxCompressedCabinet } from '../fixtures/lzx';

const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const DICOMDIR_TESTS = join(PYDICOM_FILES, 'dicomdirtests');
const PYTHON = '/usr/bin/python3';
const options = defaultOptions({ lang: 'en' });

function tool(name: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${name} is missing: apt-get install dcmtk 7zip gcab libarchive-tools python3-pydicom python3-py7zr (see .ci/run)`);
  }
}

function csvFor(rows: Record<number, string>[]): string {
  return rows.map((patch) => EXAMPLE_ROW.map((v, i) => patch[i + 1] ?? v).join(',')).join('\r\n') + '\r\n';
}

async function checkOne(dir: string, patch: Record<number, string>, mode: 'quick' | 'full' = 'quick') {
  return checkLinkedArchives(join(dir, '3501200000_20251125_001.csv'), parseCsv(csvFor([patch])), { options, mode });
}

describe('interop: DICOM and DICOMDIR with dcmtk, pydicom, 7zz and gcab', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    for (const t of ['dcmmkdir', '7zz', 'gcab', 'bsdtar']) tool(t);
    assert.ok(existsSync(PYTHON) && existsSync(PYDICOM_FILES), 'python3-pydicom test files are missing');
    dir = mkdtempSync(join(tmpdir(), 'nhi-dicom-interop-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function fileSet(name: string): string {
    const root = join(dir, name);
    mkdirSync(join(root, 'IMG'), { recursive: true });
    const first = makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312' });
    writeFileSync(join(root, 'IMG', 'IM0'), first.bytes);
    for (let i = 1; i < 4; i++) {
      writeFileSync(join(root, 'IMG', `IM${i}`), makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312', studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: i + 1 }).bytes);
    }
    const second = makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312', studyUid: first.studyUid, rows: 512, columns: 640 });
    writeFileSync(join(root, 'IMG', 'SE2IM0'), second.bytes);
    execFileSync('dcmmkdir', ['--recurse', 'IMG'], { cwd: root, stdio: 'pipe' });
    return root;
  }

  /**
   * A fileSet() and a sixth instance whose header passes the first 64 KiB (a private block of 100 KB before the
   * pixels): a quick read of it through 7-Zip (WebAssembly) extracts the file alone, by name.
   */
  function fileSetWithLargeHeader(name: string): string {
    const root = fileSet(name);
    const first = readDicomHeader(readFileSync(join(root, 'IMG', 'IM0'))).header!;
    const big = makeInstance({
      modality: 'CT', studyDate: '20251125', birthDate: '19860312', studyUid: first.studyInstanceUid, seriesUid: first.seriesInstanceUid, instanceNumber: 9,
      extra: [{ tag: 0x00090010, vr: 'LO', value: 'NHI TEST' }, { tag: 0x00091010, vr: 'OB', value: new Uint8Array(100_000).fill(0x5a) }],
    });
    writeFileSync(join(root, 'IMG', 'BIG'), big.bytes);
    rmSync(join(root, 'DICOMDIR'));
    execFileSync('dcmmkdir', ['--recurse', 'IMG'], { cwd: root, stdio: 'pipe' });
    return root;
  }

  it('reads a DICOMDIR written by dcmmkdir over our files', () => {
    const root = fileSet('mkdir');
    const info = readDicomdir(readFileSync(join(root, 'DICOMDIR')));
    assert.deepEqual(info.problems, []);
    assert.equal(info.roots.length, 1);
    assert.equal(info.instances.length, 5);
    assert.deepEqual(info.instances.map((r) => r.fileId!.join('/')).sort(), ['IMG/IM0', 'IMG/IM1', 'IMG/IM2', 'IMG/IM3', 'IMG/SE2IM0']);
    const series = info.roots[0].children[0].children;
    assert.equal(series.length, 2);
  });

  /**
   * The quick and the full check of archive `name`, packed from a fileSet() (five instances) or a
   * fileSetWithLargeHeader() (six), find nothing and see its instances.
   */
  async function expectClean(name: string, instances: 5 | 6 = 5): Promise<void> {
    for (const mode of ['quick', 'full'] as const) {
      const r = await checkOne(dir, { 14: name }, mode);
      assert.deepEqual(r.findings, [], `${mode}: ${JSON.stringify(r.findings.map((f) => f.message.en))}`);
      assert.equal(r.summaries[0].instances, instances);
      assert.equal(r.summaries[0].series, 2);
      assert.deepEqual(r.summaries[0].sizes, [{ width: 512, height: 512, count: instances - 1 }, { width: 640, height: 512, count: 1 }]);
    }
  }

  // Other 7z writers than 7-Zip lay out their headers differently: libarchive names entries "./DICOMDIR"
  // when given ".", adds directory entries and may leave the header unpacked; py7zr writes its own header.
  const PY7ZR = `import py7zr, sys
filters = {'copy': [{'id': py7zr.FILTER_COPY}], 'lzma2': [{'id': py7zr.FILTER_LZMA2}], 'deflate': [{'id': py7zr.FILTER_DEFLATE}], 'zstd': [{'id': py7zr.FILTER_ZSTD}]}[sys.argv[2]]
with py7zr.SevenZipFile(sys.argv[1], 'w', filters=filters) as z:
    z.write('DICOMDIR')
    z.writeall('IMG')
`;
  const writers: Array<[string, (out: string) => [string, string[]]]> = [
    ['7zz store', (out: string) => ['7zz', ['a', '-mx=0', out, 'DICOMDIR', 'IMG']]],
    ['7zz LZMA2', (out: string) => ['7zz', ['a', '-m0=lzma2', '-mx=1', out, 'DICOMDIR', 'IMG']]],
    ['bsdtar (libarchive) store, from "."', (out: string) => ['bsdtar', ['-cf', out, '--format', '7zip', '--options', '7zip:compression=store', '.']]],
    ['bsdtar (libarchive) LZMA2', (out: string) => ['bsdtar', ['-cf', out, '--format', '7zip', '--options', '7zip:compression=lzma2', 'DICOMDIR', 'IMG']]],
    ['bsdtar (libarchive) Deflate', (out: string) => ['bsdtar', ['-cf', out, '--format', '7zip', '--options', '7zip:compression=deflate', 'DICOMDIR', 'IMG']]],
    ['bsdtar (libarchive) LZMA', (out: string) => ['bsdtar', ['-cf', out, '--format', '7zip', '--options', '7zip:compression=lzma1', 'DICOMDIR', 'IMG']]],
    ['bsdtar (libarchive) BZip2', (out: string) => ['bsdtar', ['-cf', out, '--format', '7zip', '--options', '7zip:compression=bzip2', 'DICOMDIR', 'IMG']]],
    ['bsdtar (libarchive) PPMd', (out: string) => ['bsdtar', ['-cf', out, '--format', '7zip', '--options', '7zip:compression=ppmd', 'DICOMDIR', 'IMG']]],
    ['py7zr copy', (out: string) => [PYTHON, ['-c', PY7ZR, out, 'copy']]],
    ['py7zr LZMA2', (out: string) => [PYTHON, ['-c', PY7ZR, out, 'lzma2']]],
    ['py7zr Deflate', (out: string) => [PYTHON, ['-c', PY7ZR, out, 'deflate']]],
  ];
  for (const [i, [label, pack]] of writers.entries()) {
    it(`checks a dcmmkdir file-set packed by ${label}, quick and full`, async () => {
      const root = fileSetWithLargeHeader(`set-${label.replace(/\W/g, '')}`);
      const name = `DCF3501200000_C000000001${String(i).padStart(2, '0')}.7z`;
      const [cmd, args] = pack(join(dir, name));
      execFileSync(cmd, args, { cwd: root, stdio: 'pipe' });
      await expectClean(name, 6);
    });
  }

  it('names a Zstandard 7z (py7zr) once as an unsupported method, quick and full', async () => {
    const root = fileSet('set-zstd');
    const name = 'DCF3501200000_C00000000030.7z';
    execFileSync(PYTHON, ['-c', PY7ZR, join(dir, name), 'zstd'], { cwd: root, stdio: 'pipe' });
    for (const mode of ['quick', 'full'] as const) {
      const r = await checkOne(dir, { 14: name }, mode);
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['A14-unreadable'], mode);
      assert.match(r.findings[0].message.en, /^Unsupported compression method: Zstandard \(coder 04F71101\), a method of 7-Zip add-ons .* cannot unpack: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which packs 7z with LZMA2 or none and CAB with MSZIP$/, mode);
    }
  });

  it('reads a dcmmkdir DICOMDIR written with undefined lengths and group lengths (-e +g), and checks its archive', async () => {
    const root = join(dir, 'set-undefined-lengths');
    mkdirSync(join(root, 'IMG'), { recursive: true });
    const first = makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312' });
    writeFileSync(join(root, 'IMG', 'IM0'), first.bytes);
    writeFileSync(join(root, 'IMG', 'IM1'), makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312', studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: 2 }).bytes);
    execFileSync('dcmmkdir', ['-e', '+g', '--recurse', 'IMG'], { cwd: root, stdio: 'pipe' });
    const dump = execFileSync('dcmdump', [join(root, 'DICOMDIR')], { encoding: 'utf8' });
    assert.match(dump, /DirectoryRecordSequence/);
    assert.match(dump, /Sequence with undefined length/, 'the records are in a sequence of undefined length');
    assert.match(dump, /GenericGroupLength/);
    const info = readDicomdir(readFileSync(join(root, 'DICOMDIR')));
    assert.deepEqual(info.problems, []);
    assert.deepEqual(info.instances.map((r) => r.fileId!.join('/')).sort(), ['IMG/IM0', 'IMG/IM1']);
    const name = 'DCF3501200000_C00000000021.7z';
    execFileSync('7zz', ['a', '-mx=0', join(dir, name), 'DICOMDIR', 'IMG'], { cwd: root, stdio: 'pipe' });
    const r = await checkOne(dir, { 14: name }, 'full');
    assert.deepEqual(r.findings, [], JSON.stringify(r.findings.map((f) => f.message.en)));
    assert.equal(r.summaries[0].instances, 2);
  });

  it('checks a file-set written by pydicom FileSet (PT000000/ST000000/SE000000/IM000000 layout), packed by 7zz', async () => {
    const source = fileSet('set-pydicom-source');
    const out = join(dir, 'set-pydicom');
    const script = `import sys, os, pydicom
from pydicom.fileset import FileSet
fs = FileSet()
img = os.path.join(sys.argv[1], 'IMG')
for name in sorted(os.listdir(img)):
    fs.add(pydicom.dcmread(os.path.join(img, name)))
fs.write(sys.argv[2])
`;
    execFileSync(PYTHON, ['-c', script, source, out], { stdio: 'pipe' });
    assert.ok(existsSync(join(out, 'PT000000', 'ST000000')), 'pydicom lays the file-set out by patient and study');
    const name = 'DCF3501200000_C00000000020.7z';
    execFileSync('7zz', ['a', '-mx=0', join(dir, name), '.'], { cwd: out, stdio: 'pipe' });
    await expectClean(name);
  });

  it('checks a dcmmkdir file-set whose file names one SOP class in its meta group and another in its data set: the record holds the data set\'s', async () => {
    const root = fileSet('set-meta-class');
    const im0 = join(root, 'IMG', 'IM0');
    const bytes = readFileSync(im0);
    // (0002,0002) alone says Secondary Capture; (0008,0016) still says CT.
    const at = bytes.indexOf('1.2.840.10008.5.1.4.1.1.2');
    assert.ok(at > 0 && at < 200);
    bytes.write('1.2.840.10008.5.1.4.1.1.7', at, 'latin1');
    writeFileSync(im0, bytes);
    rmSync(join(root, 'DICOMDIR'));
    execFileSync('dcmmkdir', ['--recurse', 'IMG'], { cwd: root, stdio: 'pipe' });
    assert.match(execFileSync('dcmdump', [join(root, 'DICOMDIR')]).toString(), /\(0004,1510\) UI =CTImageStorage/);
    const name = 'DCF3501200000_C00000000031.7z';
    execFileSync('7zz', ['a', '-mx=0', join(dir, name), 'DICOMDIR', 'IMG'], { cwd: root, stdio: 'pipe' });
    await expectClean(name);
  });

  it('checks a file-set in a CAB made by gcab -c -z (MSZIP)', async () => {
    const root = fileSet('set-cab');
    const name = 'DCF3501200000_C00000000003.CAB';
    const files = ['DICOMDIR', ...readdirSync(join(root, 'IMG')).map((f) => `IMG/${f}`)];
    execFileSync('gcab', ['-c', '-z', join(dir, name), ...files], { cwd: root, stdio: 'pipe' });
    const r = await checkOne(dir, { 14: name }, 'full');
    assert.deepEqual(r.findings, []);
    assert.equal(r.summaries[0].kind, 'cab');
    assert.equal(r.summaries[0].instances, 5);
  });

  it('checks a file-set in an LZX CAB as makecab writes one (LZX:21, names with \\), valid for cabextract and 7zz, quick and full', async () => {
    const root = fileSetWithLargeHeader('set-lzx');
    const name = 'DCF3501200000_C00000000008.CAB';
    const files = ['DICOMDIR', ...readdirSync(join(root, 'IMG')).map((f) => `IMG\\${f}`)];
    const cab = join(dir, name);
    writeFileSync(cab, lzxCompressedCabinet(files.map((f) => ({ name: f, data: readFileSync(join(root, f.replace('\\', '/'))) })), { windowBits: 21, blocks: ['verbatim', 'aligned'] }));
    assert.match(execFileSync('cabextract', ['-t', cab], { encoding: 'utf8' }), /All done, no errors/);
    assert.match(execFileSync('7zz', ['t', cab], { encoding: 'utf8' }), /Everything is Ok/);
    await expectClean(name, 6);
  });

  it('finds what is wrong in a 7zz archive of the pydicom DICOMDIR test set', async () => {
    const name = 'DCF3501200000_C00000000004.7z';
    execFileSync('7zz', ['a', '-mx=0', join(dir, name), 'DICOMDIR', '77654033', '98892001', '98892003'], { cwd: DICOMDIR_TESTS, stdio: 'pipe' });
    const r = await checkOne(dir, { 14: name });
    const ids = [...new Set(r.findings.map((f) => f.ruleId))];
    // A conformant file-set: every referenced file is there and is a Part 10 file.
    for (const bad of ['A14-dicomdir', 'A14-dicomdir-missing', 'A14-file-missing', 'A14-file-id', 'A14-dicom-part10', 'A14-dicom-corrupt', 'A14-dicom-unreferenced']) {
      assert.ok(!ids.includes(bad), `${bad}: ${JSON.stringify(r.findings.find((f) => f.ruleId === bad)?.message.en)}`);
    }
    assert.equal(r.summaries[0].instances, 31);
    // Two patients, CR/CT/MR images, far from a CT order's 512x512 in places: the row rules speak.
    assert.ok(ids.includes('A14-one-study'));
    assert.ok(ids.includes('A14-modality'));
  });

  it('reports encrypted archives (data and headers) and symbolic links made by 7zz', async () => {
    const root = fileSet('set-hostile');
    const enc = 'DCF3501200000_C00000000005.7z';
    const encHeaders = 'DCF3501200000_C00000000006.7z';
    const links = 'DCF3501200000_C00000000007.7z';
    execFileSync('7zz', ['a', '-mx=0', '-psecret', join(dir, enc), 'DICOMDIR', 'IMG'], { cwd: root, stdio: 'pipe' });
    execFileSync('7zz', ['a', '-mx=1', '-psecret', '-mhe=on', join(dir, encHeaders), 'DICOMDIR', 'IMG'], { cwd: root, stdio: 'pipe' });
    execFileSync('ln', ['-s', '/etc/passwd', join(root, 'IMG', 'LINK')]);
    execFileSync('7zz', ['a', '-mx=0', '-snl', join(dir, links), 'DICOMDIR', 'IMG'], { cwd: root, stdio: 'pipe' });
    const r = await checkLinkedArchives(join(dir, 'x.csv'), parseCsv(csvFor([{ 14: enc }, { 14: encHeaders }, { 14: links }])), { options });
    const idsOf = (row: number) => r.findings.filter((f) => f.row === row).map((f) => f.ruleId);
    // Every file needs the password: the encryption is the one finding (no layout judged from names alone).
    assert.deepEqual(idsOf(0), ['A14-encrypted']);
    assert.match(r.findings.find((f) => f.row === 0)!.message.en, /^The archive is encrypted; the NHI cannot read it: .*AES-encrypted entries; \d+ files are password-encrypted: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), with no password$/);
    // The full check says it once too, not again for each entry whose CRC it could not verify.
    const full = await checkLinkedArchives(join(dir, 'x.csv'), parseCsv(csvFor([{ 14: enc }])), { options, mode: 'full' });
    assert.deepEqual(full.findings.map((f) => [f.ruleId, f.message.en]), r.findings.filter((f) => f.row === 0).map((f) => [f.ruleId, f.message.en]));
    assert.deepEqual(idsOf(1), ['A14-encrypted']);
    assert.match(r.findings.find((f) => f.row === 1)!.message.en, /: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), with no password$/);
    assert.deepEqual(idsOf(2), ['A14-entry-name']);
    assert.match(r.findings.find((f) => f.row === 2)!.message.en, /IMG\/LINK: is a symbolic link: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which stores the files links point to$/);
    assert.match(r.findings.find((f) => f.row === 2)!.message['zh-TW'], /IMG\/LINK: 是符號連結；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包（連結改存其所指的檔案）$/);
  });

  it('names what 7-Zip leaves in place of the archive: the volumes of 7zz a -v (NAME.7z.001…), and NAME.7z.7z', async () => {
    const root = fileSet('set-volumes');
    const split = 'DCF3501200000_C00000000091.7z';
    execFileSync('7zz', ['a', '-mx=0', '-v1m', join(dir, split), 'DICOMDIR', 'IMG'], { cwd: root, stdio: 'pipe' });
    assert.ok(existsSync(join(dir, `${split}.002`)), 'several volumes');
    const twice = 'DCF3501200000_C00000000092.7z';
    execFileSync('7zz', ['a', '-mx=0', join(dir, `${twice}.7z`), 'DICOMDIR', 'IMG'], { cwd: root, stdio: 'pipe' });
    const r = await checkLinkedArchives(join(dir, 'x.csv'), parseCsv(csvFor([{ 14: split }, { 14: twice }])), { options });
    assert.deepEqual(r.findings.map((f) => [f.row, f.ruleId]), [[0, 'A14-missing'], [1, 'A14-missing']]);
    assert.match(r.findings[0].message.en, new RegExp(`the folder holds ${split.replace('.', '\\.')}\\.001, the first part of an archive split into volumes, and the NHI takes one whole archive: pack the images again with Build Upload Batch`));
    assert.match(r.findings[1].message.en, new RegExp(`the folder holds ${twice.replace('.', '\\.')}\\.7z, its extension written twice .*: rename the archive to ${twice.replace('.', '\\.')}, exactly as field 14 writes it$`));
  });

  it('reports names Windows cannot unpack in 7zz and gcab archives: a dcmmkdir File ID through a folder CON, "?" and a trailing dot', async () => {
    const root = join(dir, 'set-windows');
    mkdirSync(join(root, 'CON'), { recursive: true });
    writeFileSync(join(root, 'CON', 'IM0'), makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312' }).bytes);
    execFileSync('dcmmkdir', ['--recurse', 'CON'], { cwd: root, stdio: 'pipe' });
    writeFileSync(join(root, 'WHY?.TXT'), 'x');
    writeFileSync(join(root, 'NOTE.'), 'x');
    // Each archive holds two such names, so that the folded message names both.
    const cases: Array<[string[], RegExp[]]> = [
      [['DICOMDIR', 'CON/IM0'], [/CON[\\/]IM0: "CON" is a name Windows keeps for a device; it cannot be unpacked on Windows/, /DICOMDIR → CON\\IM0: "CON" is a name Windows keeps for a device/]],
      [['WHY?.TXT', 'NOTE.'], [/WHY\?\.TXT: "WHY\?\.TXT" holds "\?"/, /NOTE\.: "NOTE\." ends with a dot or space/]],
    ];
    let n = 40;
    for (const [files, expected] of cases) {
      const sevenZip = `DCF3501200000_C000000000${n++}.7z`;
      const cab = `DCF3501200000_C000000000${n++}.CAB`;
      execFileSync('7zz', ['a', '-mx=1', join(dir, sevenZip), ...files], { cwd: root, stdio: 'pipe' });
      execFileSync('gcab', ['-c', '-z', join(dir, cab), ...files], { cwd: root, stdio: 'pipe' });
      for (const name of [sevenZip, cab]) {
        for (const mode of ['quick', 'full'] as const) {
          const r = await checkOne(dir, { 14: name }, mode);
          const f = r.findings.filter((x) => x.ruleId === 'A14-entry-windows');
          assert.equal(f.length, 1, `${name} ${mode}: ${JSON.stringify(r.findings.map((x) => x.ruleId))}`);
          assert.equal(f[0].severity, 'error');
          for (const what of expected) assert.match(f[0].message.en, what, `${name} ${mode}: ${f[0].message.en}`);
        }
      }
    }
  });

  it('reads the pydicom DICOMDIR variants as pydicom describes them', () => {
    const read = (f: string) => readDicomdir(readFileSync(join(DICOMDIR_TESTS, f)));
    const codes = (f: string) => read(f).problems.map((p) => p.code);
    const count = Number(execFileSync(PYTHON, ['-c', `from pydicom import dcmread; from pydicom.fileset import FileSet; print(len(FileSet(dcmread(${JSON.stringify(join(DICOMDIR_TESTS, 'DICOMDIR'))}))))`]).toString());
    assert.equal(read('DICOMDIR').instances.length, count);
    assert.deepEqual(codes('DICOMDIR'), []);
    assert.equal(read('DICOMDIR-reordered').instances.length, count, 'records found through offsets, not file order');
    assert.deepEqual(codes('DICOMDIR-reordered'), []);
    for (const f of ['DICOMDIR-bigEnd', 'DICOMDIR-implicit']) {
      assert.equal(read(f).instances.length, count, f);
      assert.deepEqual(codes(f), ['dicomdir-not-directory'], `${f}: PS3.10 asks for Explicit VR Little Endian`);
    }
    assert.ok(codes('DICOMDIR-nopatient').includes('dicomdir-hierarchy'));
    assert.deepEqual(codes('DICOMDIR-empty.dcm'), ['dicomdir-no-records']);
    // Its last item declares 248 bytes where 224 remain (elements were removed without fixing the length).
    assert.deepEqual(codes('DICOMDIR-nooffset'), ['truncated'], 'the partial data set read is not judged further');
    assert.match(read('DICOMDIR-nooffset').problems[0].message.en, /after \(0004,1212\): an element or item declares more bytes than follow it$/);
    assert.doesNotMatch(read('DICOMDIR-nooffset').problems[0].message['zh-TW'], /dicomParser|declares|element|item/, 'the Chinese message holds no English of the parser');
  });

  it('names the same broken private sequence as dcmdump: an item delimiter where the sequence delimiter belongs', () => {
    for (const transferSyntax of ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2']) {
      const { bytes, delimiterAt: end } = privateSequenceWithWrongDelimiter(transferSyntax);
      const path = join(dir, `wrong-delimiter-${transferSyntax}.dcm`);
      writeFileSync(path, bytes);
      let dump = '';
      try {
        execFileSync('dcmdump', [path], { stdio: 'pipe' });
      } catch (e) {
        dump = String((e as { stderr?: Buffer }).stderr);
      }
      assert.match(dump, /Parse error in sequence \(0009,1002\), found \(fffe,e00d\) instead of sequence delimiter \(fffe,e0dd\)/, transferSyntax);
      const ours = readDicomHeader(bytes, { untilPixelData: false }).problems.find((p) => p.code === 'unreadable');
      assert.match(ours?.message.en ?? '', new RegExp(`in the sequence \\(0009,1002\\) at byte \\d+, byte ${end} holds \\(FFFE,E00D\\)`), transferSyntax);
    }
  });

  it('reads every pydicom test file without a crash and agrees with pydicom on what it reads', () => {
    const script = `
import json, os, sys
from pydicom import dcmread
out = {}
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    if os.path.isdir(p): continue
    try:
        ds = dcmread(p, stop_before_pixels=True)
        ts = str(ds.file_meta.get('TransferSyntaxUID', '')) if hasattr(ds, 'file_meta') else ''
        out[f] = {'rows': ds.get('Rows'), 'columns': ds.get('Columns'), 'modality': ds.get('Modality'), 'ts': ts}
    except Exception as e:
        out[f] = {'error': type(e).__name__}
print(json.dumps(out))`;
    const truth = JSON.parse(execFileSync(PYTHON, ['-c', script, PYDICOM_FILES], { maxBuffer: 16 * 1024 * 1024 }).toString()) as Record<string, { rows?: number | null; columns?: number | null; modality?: string | null; ts?: string; error?: string }>;
    let compared = 0;
    for (const f of readdirSync(PYDICOM_FILES)) {
      const p = join(PYDICOM_FILES, f);
      if (statSync(p).isDirectory()) continue;
      const bytes = readFileSync(p);
      const r = readDicomHeader(bytes);
      const quick = readDicomHeader(bytes.subarray(0, 65536), { totalSize: bytes.length });
      assert.ok(Array.isArray(r.problems) && Array.isArray(quick.problems), f);
      const t = truth[f];
      if (!t || t.error || !r.header || r.problems.some((x) => x.severity === 'error')) continue;
      if (t.rows != null) assert.equal(r.header.rows, t.rows, `${f} rows`);
      if (t.columns != null) assert.equal(r.header.columns, t.columns, `${f} columns`);
      if (t.modality) assert.equal(r.header.modality, t.modality, `${f} modality`);
      if (t.ts) assert.equal(r.header.transferSyntaxUid, t.ts, `${f} transfer syntax`);
      compared++;
    }
    assert.ok(compared >= 40, `compared ${compared} files`);
    const codes = (f: string) => readDicomHeader(readFileSync(join(PYDICOM_FILES, f))).problems.map((p) => p.code);
    assert.ok(codes('MR_truncated.dcm').includes('truncated'));
    assert.ok(codes('rtplan_truncated.dcm').includes('truncated'));
    assert.deepEqual(codes('README.txt'), ['not-dicom']);
    assert.deepEqual(codes('zipMR.gz'), ['not-dicom']);
    for (const f of ['ExplVR_LitEndNoMeta.dcm', 'ExplVR_BigEndNoMeta.dcm', 'rtstruct.dcm']) assert.ok(codes(f).includes('not-part10'), f);
    assert.ok(codes('MR_small_bigendian.dcm').includes('big-endian'));
    assert.ok(codes('MR_small_implicit.dcm').includes('implicit-vr'));
    assert.ok(codes('meta_missing_tsyntax.dcm').includes('meta-incomplete'));
    // A private sequence in group 0001 (forbidden, PS3.5 §7.1) at the start of an Implicit VR data set: dcmdump and
    // pydicom skip it with warnings; dicom-parser reads it as meta group. The finding says so, not "a length beyond".
    const nested = readDicomHeader(readFileSync(join(PYDICOM_FILES, 'nested_priv_SQ.dcm'))).problems;
    assert.deepEqual(nested.map((p) => p.code), ['unreadable']);
    assert.match(nested[0].message.en, /data set starts at byte 228 with \(0001,0001\), in group 0001, which DICOM does not allow/);
  });
});
