/**
 * A Patient's Name in Big5 (CP950) without Specific Character Set (0008,0005), made as an older Taiwanese PACS writes it
 * (img2dcm, dcmdjpeg, then dcmodify with the name's bytes from iconv): dciodvfy calls the value invalid for the default
 * repertoire and our check warns of it (A14-dicom-encoding); the build refuses it rather than write a guessed name into
 * the DICOMDIR, and builds the file once it is written in UTF-8 and declared ISO_IR 192 as the refusal advises, its
 * DICOMDIR read by dcmdump and dciodvfy. docs/decisions/undeclared-character-set.md. dcmtk, dicom3tools, ImageMagick
 * and 7-Zip are installed by .ci/run.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from '../cli/helpers';
import { requireTools } from './tools';

/** A Secondary Capture instance without (0008,0005) whose Procedure Code Sequence item holds a Code Meaning in Big5, written by pydicom. */
const BIG5_ITEM = `
import sys
from pydicom import dcmwrite
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
ds = Dataset()
ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
ds.SOPInstanceUID = generate_uid()
ds.StudyInstanceUID = generate_uid()
ds.SeriesInstanceUID = generate_uid()
ds.Modality = 'OT'
ds.PatientName = 'WANG^XM'
ds.PatientID = 'A123456789'
item = Dataset()
item.add_new(0x00080100, 'SH', 'P1')
item.add_new(0x00080102, 'SH', '99L')
item.add_new(0x00080104, 'LO', '王小明'.encode('cp950'))
ds.ProcedureCodeSequence = Sequence([item])
ds.file_meta = FileMetaDataset()
ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
ds.is_little_endian = True
ds.is_implicit_VR = False
ds.preamble = bytes(128)
dcmwrite(sys.argv[1], ds, write_like_original=False)
`;

function run(cmd: string, args: string[], cwd?: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('interop: Patient\'s Name in Big5 without a declared character set (dcmodify, iconv)', function () {
  this.timeout(120_000);
  let dir: string;
  let draft: string;
  let image: string;
  before(() => {
    requireTools(['convert', 'img2dcm', 'dcmdjpeg', 'dcmodify', 'iconv', 'dcmdump', 'dciodvfy', '7zz']);
    dir = tempDir();
    draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const folder = join(dir, 'ct1');
    for (const f of readdirSync(folder)) rmSync(join(folder, f));
    run('convert', ['-size', '600x600', 'xc:gray50', join(dir, 'x.jpg')]);
    assert.equal(run('img2dcm', [join(dir, 'x.jpg'), join(dir, 'a.dcm')]).code, 0);
    image = join(folder, 'b.dcm');
    assert.equal(run('dcmdjpeg', [join(dir, 'a.dcm'), image]).code, 0);
    const set = ['(0010,0020)=A123456789', '(0008,0020)=20251125', '(0008,0030)=093000', '(0008,0060)=CT', '(0020,0010)=1', '(0020,0011)=1', '(0020,0013)=1'];
    assert.equal(run('dcmodify', ['-nb', ...set.flatMap((s) => ['-i', s]), image]).code, 0);
    // The name's bytes as iconv writes them, handed to dcmodify by the shell (an argument of Node's is UTF-8).
    const r = run('sh', ['-c', 'dcmodify -nb -i "(0010,0010)=$(printf 王小明 | iconv -f UTF-8 -t CP950)" "$1"', 'sh', image]);
    assert.equal(r.code, 0, r.out);
  });
  after(() => removeDir(dir));

  it('the file declares no character set; dciodvfy calls the name invalid for the repertoire, our check warns of it', () => {
    const dump = run('dcmdump', ['-q', image]).out;
    assert.doesNotMatch(dump, /\(0008,0005\)/);
    assert.match(run('dciodvfy', [image]).out, /Error - Value invalid for this VR - \(0x0010,0x0010\) PN Patient's Name .*Character invalid for character repertoire/);
    const bytes = readFileSync(image);
    for (const options of [{}, { untilPixelData: false }]) {
      const found = readDicomHeader(bytes, options).problems.filter((p) => p.code === 'undeclared-charset');
      assert.equal(found.length, 1, JSON.stringify(options));
      assert.match(found[0].message.en, /^element \(0010,0010\) at byte \d+ holds bytes above 7FH \(A4 FD A4 70 A9 FA\), .*\(read as Big5 \(CP950\): "王小明"\)$/);
    }
  });

  it('declared BIG5, a term DICOM does not define: dciodvfy calls the name invalid for the repertoire as before, our check warns naming the term', () => {
    const declared = join(dir, 'declared-big5.dcm');
    cpSync(image, declared);
    assert.equal(run('dcmodify', ['-nb', '-i', '(0008,0005)=BIG5', declared]).code, 0);
    assert.match(run('dcmdump', ['-q', declared]).out, /\(0008,0005\) CS \[BIG5\]/);
    assert.match(run('dciodvfy', [declared]).out, /Error - Value invalid for this VR - \(0x0010,0x0010\) PN Patient's Name .*Character invalid for character repertoire/);
    for (const options of [{}, { untilPixelData: false }]) {
      const found = readDicomHeader(readFileSync(declared), options).problems.filter((p) => p.code === 'undeclared-charset');
      assert.equal(found.length, 1, JSON.stringify(options));
      assert.match(found[0].message.en, /^element \(0010,0010\) at byte \d+ holds bytes above 7FH \(A4 FD A4 70 A9 FA\), but Specific Character Set \(0008,0005\) is "BIG5", a term DICOM does not define .*\(read as Big5 \(CP950\): "王小明"\)$/);
    }
    // Its name in ASCII: dciodvfy says nothing of the term, nor do we.
    assert.equal(run('dcmodify', ['-nb', '-m', '(0010,0010)=WANG^XM', declared]).code, 0);
    assert.doesNotMatch(run('dciodvfy', [declared]).out, /repertoire/);
    assert.deepEqual(readDicomHeader(readFileSync(declared)).problems.filter((p) => p.code === 'undeclared-charset'), []);
  });

  it('beside the DICOMDIR dcmmkdir made of it (as a PACS export CD holds one), the build keeps that DICOMDIR and packs the file: it writes no text', () => {
    const cd = join(dir, 'cd');
    const kept = writeSampleDraft(cd, [SAMPLE_ROWS[0]]);
    const folder = join(cd, 'ct1');
    for (const f of readdirSync(folder)) rmSync(join(folder, f));
    cpSync(image, join(folder, 'IM1'));
    const made = run('dcmmkdir', ['IM1'], folder);
    assert.equal(made.code, 0, made.out);
    assert.match(run('dcmdump', ['-q', join(folder, 'DICOMDIR')]).out, /\(0010,0010\) PN \[/);
    const built = runCli(['build', kept, '--out', join(cd, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(built.status, 0, built.stderr);
    assert.ok(built.stdout.includes("The folder's existing DICOMDIR is kept"), built.stdout);
    // Asked to write a DICOMDIR of its own, it refuses as before.
    rmSync(join(cd, 'out'), { recursive: true });
    const rebuilt = runCli(['build', kept, '--out', join(cd, 'out2'), '--date', '20261125', '--lang', 'en', '--rebuild-dicomdir']);
    assert.equal(rebuilt.status, 1, rebuilt.stderr);
    assert.ok(rebuilt.stderr.includes(`${join(folder, 'IM1')}: Patient's Name (0010,0010) holds bytes above 7FH (A4 FD A4 70 A9 FA)`), rebuilt.stderr);
  });

  it('the build refuses it, nothing reserved; written in UTF-8 and declared ISO_IR 192, it builds, its DICOMDIR read by dcmdump and dciodvfy; the Big5 file packed in its place, check --full warns', () => {
    const refused = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(refused.status, 1, refused.stderr);
    assert.ok(refused.stderr.includes(`${image}: Patient's Name (0010,0010) holds bytes above 7FH (A4 FD A4 70 A9 FA)`), refused.stderr);
    assert.ok(refused.stderr.includes('(read as Big5 (CP950): "王小明"); the build writes no guessed text into the DICOMDIR. Export the file again from the PACS in UTF-8 (ISO_IR 192), or write its text in UTF-8 and declare it'), refused.stderr);
    assert.equal(readdirSync(dir).includes('out'), false, 'nothing written');

    cpSync(image, join(dir, 'big5.dcm'));
    assert.equal(run('dcmodify', ['-nb', '-i', '(0008,0005)=ISO_IR 192', '-m', '(0010,0010)=王^小明', image]).code, 0);
    const built = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(built.status, 0, built.stderr);
    const archive = readdirSync(join(dir, 'out'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.7z'));
    assert.ok(archive, 'an archive');
    const x = join(dir, 'x');
    mkdirSync(x);
    assert.equal(run('7zz', ['x', '-y', `-o${x}`, join(dir, 'out', archive)]).code, 0);
    const dump = run('dcmdump', ['-q', join(x, 'DICOMDIR')]);
    assert.equal(dump.code, 0, dump.out);
    assert.match(dump.out, /\(0008,0005\) CS \[ISO_IR 192\]/);
    assert.match(dump.out, /\(0010,0010\) PN \[王\^小明\]/);
    const v = run('dciodvfy', [join(x, 'DICOMDIR')]).out;
    assert.doesNotMatch(v, /Error|Warning/, v);

    // The same archive with the Big5 file in place of the UTF-8 one (the archive a PACS export packed as it is): check --full warns.
    const csv = join(dir, 'out', readdirSync(join(dir, 'out'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.csv'))!);
    const entry = readdirSync(x, { recursive: true, encoding: 'utf8' }).find((f) => f.startsWith('DICOM') && f !== 'DICOMDIR' && statSync(join(x, f)).isFile())!;
    cpSync(join(dir, 'big5.dcm'), join(x, entry));
    rmSync(join(dir, 'out', archive));
    assert.equal(run('7zz', ['a', join(dir, 'out', archive), 'DICOMDIR', 'DICOM'], x).code, 0);
    const check = runCli(['check', '--full', '--format', 'json', '--lang', 'en', '--now', '2025-11-25T12:00', csv]);
    const found = (JSON.parse(check.stdout) as { files: { diagnostics: { code: string; severity: string; message: string }[] }[] }).files[0].diagnostics.filter((d) => d.code === 'A14-dicom-encoding');
    assert.equal(found.length, 1, check.stdout);
    assert.equal(found[0].severity, 'warning');
    assert.match(found[0].message, /element \(0010,0010\) at byte \d+ holds bytes above 7FH \(A4 FD A4 70 A9 FA\).*\(read as Big5 \(CP950\): "王小明"\).*export it again from the PACS in UTF-8 \(ISO_IR 192\)/);
  });
});

describe('interop: a Specific Character Set the build cannot decode, beside the DICOMDIR dcmmkdir made (dcmodify, dcmmkdir)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    requireTools(['convert', 'img2dcm', 'dcmdjpeg', 'dcmodify', 'dcmmkdir', 'dcmdump']);
    dir = tempDir();
  });
  after(() => removeDir(dir));

  it('keeps that DICOMDIR and packs the file, writing no text; asked to rebuild it, refuses the file with its set named', () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const folder = join(dir, 'ct1');
    for (const f of readdirSync(folder)) rmSync(join(folder, f));
    run('convert', ['-size', '600x600', 'xc:gray50', join(dir, 'x.jpg')]);
    assert.equal(run('img2dcm', [join(dir, 'x.jpg'), join(dir, 'a.dcm')]).code, 0);
    const image = join(folder, 'IM1');
    assert.equal(run('dcmdjpeg', [join(dir, 'a.dcm'), image]).code, 0);
    const set = ['(0010,0010)=WANG^XM', '(0010,0020)=A123456789', '(0008,0020)=20251125', '(0008,0030)=093000', '(0008,0060)=CT', '(0020,0010)=1', '(0020,0011)=1', '(0020,0013)=1', '(0008,0005)=ISO_IR 999'];
    assert.equal(run('dcmodify', ['-nb', ...set.flatMap((s) => ['-i', s]), image]).code, 0);
    const made = run('dcmmkdir', ['IM1'], folder);
    assert.equal(made.code, 0, made.out);
    // dcmmkdir copies the term into the records as it is.
    assert.match(run('dcmdump', ['-q', join(folder, 'DICOMDIR')]).out, /\(0008,0005\) CS \[ISO_IR 999\]/);

    const built = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(built.status, 0, built.stderr);
    assert.ok(built.stdout.includes("The folder's existing DICOMDIR is kept"), built.stdout);
    const rebuilt = runCli(['build', draft, '--out', join(dir, 'out2'), '--date', '20261125', '--lang', 'en', '--rebuild-dicomdir']);
    assert.equal(rebuilt.status, 1, rebuilt.stderr);
    assert.ok(rebuilt.stderr.includes(`${image}: unknown Specific Character Set (0008,0005) "ISO_IR 999", so its names and other text cannot be read correctly. Export it again in UTF-8 (ISO_IR 192), or convert the file (e.g. dcmconv +U8), then build again`), rebuilt.stderr);
    assert.equal(readdirSync(dir).includes('out2'), false, 'nothing written');
  });
});

describe('interop: a Code Meaning in Big5 inside a sequence item (pydicom, dcmodify, dciodvfy)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    requireTools(['dcmodify', 'dciodvfy', 'iconv']);
    dir = tempDir();
  });
  after(() => removeDir(dir));

  const repertoire = /Error - Value invalid for this VR - \(0x0008,0x0104\) LO Code Meaning .*Character invalid for character repertoire/;
  const warned = (file: string) => readDicomHeader(readFileSync(file)).problems.filter((p) => p.code === 'undeclared-charset');

  it('an item that declares no set takes the data set\'s, ASCII: dciodvfy calls the value invalid, our check warns; declared by the item, neither', () => {
    const file = join(dir, 'item.dcm');
    const made = run('/usr/bin/python3', ['-c', BIG5_ITEM, file]);
    assert.equal(made.code, 0, made.out);
    assert.match(run('dciodvfy', [file]).out, repertoire);
    const [found, ...more] = warned(file);
    assert.deepEqual(more, []);
    assert.match(found?.message.en ?? '', /^element \(0008,0104\) at byte \d+ holds bytes above 7FH \(A4 FD A4 70 A9 FA\), .*\(read as Big5 \(CP950\): "王小明"\)$/);

    // The item declares UTF-8 and holds the name so.
    assert.equal(run('dcmodify', ['-nb', '-i', '(0008,1032)[0].(0008,0005)=ISO_IR 192', '-m', '(0008,1032)[0].(0008,0104)=王小明', file]).code, 0);
    assert.doesNotMatch(run('dciodvfy', [file]).out, repertoire);
    assert.deepEqual(warned(file), []);

    // The data set declares UTF-8, the item ASCII alone, and the item holds Big5 again: judged by the item's set.
    const r = run('sh', ['-c', 'dcmodify -nb -i "(0008,0005)=ISO_IR 192" -m "(0008,1032)[0].(0008,0005)=ISO_IR 6" -m "(0008,1032)[0].(0008,0104)=$(printf 王小明 | iconv -f UTF-8 -t CP950)" "$1"', 'sh', file]);
    assert.equal(r.code, 0, r.out);
    assert.match(run('dciodvfy', [file]).out, repertoire);
    assert.equal(warned(file).length, 1);
  });
});
