/**
 * Bytes of 80H-9FH in a file that declares ISO_IR 100, written by dcmodify as such PACS write them: UTF-8 Chinese
 * (王 is E7 8E 8B), and a windows-1252 ’ (92H) in a Latin name. dciodvfy calls both invalid for the repertoire (C1
 * control codes, no characters of ISO 8859); our check warns of each (A14-dicom-encoding); the build refuses the UTF-8
 * with its UTF-8 reading and builds the quote as windows-1252 reads it; once dcmodify declares the UTF-8 as ISO_IR 192,
 * as the refusal advises, dciodvfy and the build take the name. UTF-8 Chinese without such bytes (張^中, E5 BC B5 5E
 * E4 B8 AD) is Latin-1 letters to dciodvfy and dcmdump, and the check and the build tell it for UTF-8 all the same.
 * docs/decisions/undeclared-character-set.md. dcmtk and dicom3tools are installed by .ci/run; the CLI's test runs
 * dist/ (npm run build).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanDicomHeader } from '../../server/src/core/dicom/dicomdir-build-scan';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { TAG } from '../../server/src/core/dicom/tags';
import { makeInstance } from '../fixtures/dicom';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from '../cli/helpers';
import { requireTools } from './tools';

function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('interop: bytes of 80H-9FH under ISO_IR 100 (dcmodify, dciodvfy)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    requireTools(['dcmodify', 'dciodvfy', 'dcmdump', '7zz']);
    dir = tempDir();
  });
  after(() => removeDir(dir));

  const invalid = (byte: string) => new RegExp(`\\(0x0010,0x0010\\) PN Patient's Name .*Character invalid for character repertoire .*\\(0x${byte}\\)`);
  const codes = (file: string) => readDicomHeader(readFileSync(file)).problems.filter((p) => p.severity === 'warning').map((p) => p.code);

  /** An instance declaring ISO_IR 100 whose Patient's Name dcmodify sets to the bytes the shell command `name` prints. */
  function latin1File(file: string, name: string): string {
    const path = join(dir, file);
    writeFileSync(path, makeInstance({ patientName: 'X', extra: [{ tag: TAG.SpecificCharacterSet, vr: 'CS', value: 'ISO_IR 100' }] }).bytes);
    const r = run('sh', ['-c', `dcmodify -nb -m "(0010,0010)=$(${name})" "$1"`, 'sh', path]);
    assert.equal(r.code, 0, r.out);
    return path;
  }

  it('UTF-8 declared ISO_IR 100: dciodvfy calls it invalid, the check names its UTF-8 reading, the build refuses it until ISO_IR 192 is declared', async () => {
    const file = latin1File('utf8.dcm', 'printf 王小明');
    assert.match(run('dciodvfy', [file]).out, invalid('8e'));
    assert.deepEqual(codes(file), ['utf8-as-single-byte']);
    const refusal = (await scanDicomHeader(file)).textRefusal;
    assert.match(refusal?.whole?.en ?? '', /read as UTF-8 give "王小明": the file likely declares ISO_IR 100 while holding UTF-8; .* \(dcmodify -i "\(0008,0005\)=ISO_IR 192"\), then build again$/);

    assert.equal(run('dcmodify', ['-nb', '-i', '(0008,0005)=ISO_IR 192', file]).code, 0);
    assert.doesNotMatch(run('dciodvfy', [file]).out, /Character invalid/);
    assert.deepEqual(codes(file), []);
    const info = await scanDicomHeader(file);
    assert.equal(info.textRefusal, undefined);
    assert.equal(info.patientName, '王小明');
  });

  // 張 is E5 BC B5 and 中 E4 B8 AD: no byte of 80H-9FH, each a Latin-1 character, so dciodvfy says nothing of them.
  it('UTF-8 without bytes of 80H-9FH declared ISO_IR 100: dciodvfy says nothing, dcmdump +U8 shows Latin-1 letters, the check names its UTF-8 reading, the build refuses it until ISO_IR 192 is declared', async () => {
    const file = latin1File('utf8-long.dcm', 'printf "張^中"');
    assert.doesNotMatch(run('dciodvfy', [file]).out, /Character invalid/);
    assert.match(run('dcmdump', ['+U8', file]).out, /\(0010,0010\) PN \[å¼µ\^ä¸\u00ad\]/);
    const [warning, ...more] = readDicomHeader(readFileSync(file)).problems.filter((p) => p.code === 'utf8-as-single-byte');
    assert.deepEqual(more, []);
    assert.match(warning?.message.en ?? '', /holds bytes \(E5 BC B5 5E E4 B8 AD\) that "ISO_IR 100" reads as "å¼µ\^ä¸\u00ad", but its bytes read as UTF-8 give "張\^中"/);
    const refusal = (await scanDicomHeader(file)).textRefusal;
    assert.match(refusal?.whole?.en ?? '', /read as UTF-8 give "張\^中": the file likely declares ISO_IR 100 while holding UTF-8; .* \(dcmodify -i "\(0008,0005\)=ISO_IR 192"\), then build again$/);

    assert.equal(run('dcmodify', ['-nb', '-i', '(0008,0005)=ISO_IR 192', file]).code, 0);
    assert.match(run('dcmdump', ['+U8', file]).out, /\(0010,0010\) PN \[張\^中\]/);
    assert.doesNotMatch(run('dciodvfy', [file]).out, /Character invalid/);
    assert.deepEqual(codes(file), []);
    const info = await scanDicomHeader(file);
    assert.equal(info.textRefusal, undefined);
    assert.equal(info.patientName, '張^中');
  });

  it('a windows-1252 quote in a Latin name: dciodvfy calls it invalid, the check says it is read as windows-1252, the build lists it so', async () => {
    const file = latin1File('quote.dcm', 'printf "O\\222Brien"');
    assert.match(run('dciodvfy', [file]).out, invalid('92'));
    const [warning, ...more] = readDicomHeader(readFileSync(file)).problems.filter((p) => p.code === 'c1-read-as-windows');
    assert.deepEqual(more, []);
    assert.match(warning?.message.en ?? '', /\(4F 92 42 72 69 65 6E\), C1 control codes that are no characters of "ISO_IR 100" \(PS3\.5 §6\.1\.2\.3, §6\.1\.3\); they are read as windows-1252 has them: "O’Brien"$/);
    const info = await scanDicomHeader(file);
    assert.equal(info.textRefusal, undefined);
    assert.equal(info.patientName, 'O’Brien');
  });

  it('the build writes the quote into its DICOMDIR as windows-1252 reads it, read so by dcmdump and dciodvfy; the UTF-8 so declared is refused, with or without 80H-9FH, and built once declared ISO_IR 192', () => {
    const draft = writeSampleDraft(join(dir, 'cli'), [SAMPLE_ROWS[0]]);
    const folder = join(dir, 'cli', 'ct1');
    const files = readdirSync(folder).map((f) => join(folder, f));
    const name = (bytes: string) => run('sh', ['-c', `dcmodify -nb -i "(0008,0005)=ISO_IR 100" -i "(0010,0010)=$(${bytes})" "$@"`, 'sh', ...files]);
    assert.equal(name('printf "O\\222Brien"').code, 0);
    /** The build's run into `out`: its exit status, its stderr, and the DICOMDIR of its archive unpacked where it succeeded. */
    const build = (out: string): { status: number | null; stderr: string; dicomdir?: string } => {
      const r = runCli(['build', draft, '--out', join(dir, 'cli', out), '--date', '20261125', '--lang', 'en']);
      if (r.status !== 0) return r;
      const archive = readdirSync(join(dir, 'cli', out), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.7z'));
      assert.ok(archive, 'an archive');
      const x = join(dir, 'cli', `${out}-x`);
      mkdirSync(x);
      assert.equal(run('7zz', ['x', '-y', `-o${x}`, join(dir, 'cli', out, archive)]).code, 0);
      return { ...r, dicomdir: join(x, 'DICOMDIR') };
    };
    const built = build('out');
    assert.equal(built.status, 0, built.stderr);
    const dump = run('dcmdump', ['-q', built.dicomdir!]).out;
    assert.match(dump, /\(0008,0005\) CS \[ISO_IR 192\]/);
    assert.match(dump, /\(0010,0010\) PN \[O’Brien\]/);
    assert.doesNotMatch(run('dciodvfy', [built.dicomdir!]).out, /Character invalid/);

    assert.equal(name('printf 王小明').code, 0);
    const refused = build('out2');
    assert.equal(refused.status, 1, refused.stderr);
    assert.ok(refused.stderr.includes('but its bytes read as UTF-8 give "王小明": the file likely declares ISO_IR 100 while holding UTF-8'), refused.stderr);

    // UTF-8 whose bytes hold none of 80H-9FH is refused as well; declared ISO_IR 192 as advised, it is built.
    assert.equal(name('printf "張^中"').code, 0);
    const refusedLong = build('out3');
    assert.equal(refusedLong.status, 1, refusedLong.stderr);
    assert.ok(refusedLong.stderr.includes('but its bytes read as UTF-8 give "張^中": the file likely declares ISO_IR 100 while holding UTF-8'), refusedLong.stderr);
    assert.equal(run('dcmodify', ['-nb', '-i', '(0008,0005)=ISO_IR 192', ...files]).code, 0);
    const builtUtf8 = build('out4');
    assert.equal(builtUtf8.status, 0, builtUtf8.stderr);
    assert.match(run('dcmdump', ['-q', builtUtf8.dicomdir!]).out, /\(0010,0010\) PN \[張\^中\]/);
    assert.doesNotMatch(run('dciodvfy', [builtUtf8.dicomdir!]).out, /Character invalid/);
  });
});
