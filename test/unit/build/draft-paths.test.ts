import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch, BuildError } from '../../../server/src/core/build/batch';
import { checkDraftRows } from '../../../server/src/core/build/draft-check';
import { collectDraftImages, collectImages, draftSources } from '../../../server/src/core/build/draft';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { validateText } from '../../../server/src/core/validate';
import { defaultOptions } from '../../../server/src/core/options';
import { writeSampleDraft, SAMPLE_ROWS } from '../../../samples/draft/generate';

const DATE = '20261125';
const vopts = { now: Date.parse('2026-11-26T12:00:00+08:00') };

/** The draft with field 14 of each row given (undefined: as written). */
function setPaths(draft: string, paths: (string | undefined)[]): void {
  const lines = readFileSync(draft, 'utf8').split('\r\n');
  paths.forEach((p, i) => {
    if (p === undefined) return;
    const v = lines[i].split(',');
    v[13] = p;
    lines[i] = v.join(',');
  });
  writeFileSync(draft, lines.join('\r\n'));
}

describe('build: field 14 of a draft as Windows users write it', function () {
  this.timeout(60_000);
  let dir: string;
  let draft: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-paths-'));
    draft = writeSampleDraft(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a path in quotes, as Explorer\'s "Copy as path" gives it and as a path holding a comma must be written, and writes the archive name without them', async () => {
    mkdirSync(join(dir, '王, 小明'));
    writeFileSync(join(dir, '王, 小明', 'pano1.jpg'), readFileSync(join(dir, 'pano', 'pano1.jpg')));
    // Row 2 as Excel saves a cell into which the quoted path was pasted: the quotes are then part of the value.
    setPaths(draft, ['".\\ct1\\"', '"""./mr1/"""', '".\\王, 小明"']);
    const draftFindings = validateText(readFileSync(draft, 'utf8'), defaultOptions({ ...vopts, fileName: undefined })).findings;
    assert.deepEqual(draftFindings.filter((f) => f.severity === 'error').map((f) => f.message.en), []);
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(s.rows.length, SAMPLE_ROWS.length);
    const lines = readFileSync(s.csvPath, 'utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, SAMPLE_ROWS.length);
    for (const [i, line] of lines.entries()) {
      assert.doesNotMatch(line, /"/);
      assert.equal(line.split(',').length, 17);
      assert.equal(line.split(',')[13], s.rows[i].archivePath.split(/[\\/]/).pop());
    }
  });

  it('refuses a draft where two rows take the same image files (field 14 filled down, a folder holding another row\'s), naming both rows and a file, before anything is reserved', async () => {
    // Row 4 (ultrasound) filled down from row 2's folder as written otherwise; row 1 the folder that also holds row 2's.
    cpSync(join(dir, 'mr1'), join(dir, 'ct1', 'mr1'), { recursive: true });
    setPaths(draft, ['./ct1', '.\\ct1\\mr1\\', undefined, './us1;ct1/mr1/img002.dcm']);
    let error: unknown;
    try {
      await buildBatch(draft, { date: DATE, validation: vopts });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof BuildError, String(error));
    assert.equal(error.reason, 'images');
    const shared = error.findings.filter((f) => f.ruleId === 'DRAFT-shared-images');
    assert.deepEqual(shared.map((f) => [f.row, f.severity]), [[1, 'error'], [3, 'error']], JSON.stringify(error.findings.map((f) => f.message.en)));
    assert.match(shared[0].message.en, /^2 image files of this row are also row 1's \(e\.g\. .*img001\.dcm\)/);
    assert.match(shared[0].message['zh-TW'], /第 1 列/);
    assert.match(shared[1].message.en, /^1 image file of this row is also row 1's and row 2's \(e\.g\. .*img002\.dcm\)/);
    assert.ok(!existsSync(join(dir, 'upload')), 'nothing written');
    assert.ok(!existsSync(join(dir, '.nhi-imaging', 'ledger.jsonl')) || !readFileSync(join(dir, '.nhi-imaging', 'ledger.jsonl'), 'utf8').includes('"case"'), 'nothing reserved');
    // The editor says so on the same rows.
    const found = await checkDraftRows(draft, parseCsv(readFileSync(draft, 'utf8')).rows, defaultOptions({ ...vopts, fileName: undefined }));
    assert.deepEqual(found.filter((f) => f.ruleId === 'DRAFT-shared-images').map((f) => [f.row, f.field]), [[1, 14], [3, 14]]);
  });

  for (const change of ['replaced by another image', 'deleted'] as const) {
    it(`stops, naming the file, when an image is ${change} after the row was checked, instead of packing an archive whose DICOMDIR does not describe it`, async () => {
      // A CT row under an MR order: the build asks whether to go on, after planning and before packing.
      const lines = readFileSync(draft, 'utf8').split('\r\n');
      lines[0] = lines[0].replace(',33070B,1,', ',33084B,1,').replace(',H,./ct1,', ',T,./ct1,');
      writeFileSync(draft, lines.join('\r\n'));
      const file = join(dir, 'ct1', 'img002.dcm');
      let error: unknown;
      try {
        await buildBatch(draft, {
          date: DATE,
          validation: vopts,
          onDecision: () => {
            if (change === 'deleted') unlinkSync(file);
            else writeFileSync(file, readFileSync(join(dir, 'us1', 'img001.dcm')));
            return 'continue';
          },
        });
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof BuildError, String(error));
      assert.equal(error.reason, 'images', error.message);
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, /changed or was removed after the build checked it/);
      assert.ok(error.bilingual['zh-TW'].includes(file) && /檢查之後/.test(error.bilingual['zh-TW']), error.bilingual['zh-TW']);
      assert.deepEqual(readdirSync(join(dir, 'upload')), [], 'no archive and no CSV left');
    });
  }

  it('does not take the build\'s output folder for images when field 14 is "." (the draft beside its images): upload/, or --out\'s', async () => {
    const ct = join(dir, 'ct1');
    const inner = join(ct, 'draft.csv');
    writeFileSync(inner, readFileSync(draft, 'utf8').split('\r\n')[0].split(',').map((v, k) => (k === 13 ? '.' : v)).join(',') + '\r\n');
    const leftOut = (warnings: { message: { en: string } }[]) => warnings.map((w) => w.message.en).filter((m) => /will be left out/.test(m));
    for (const outDir of [undefined, join(ct, 'out')]) {
      const first = await buildBatch(inner, { date: DATE, validation: vopts, outDir });
      const second = await buildBatch(inner, { date: DATE, validation: vopts, outDir });
      for (const s of [first, second]) {
        assert.deepEqual(leftOut(s.warnings), [`1 file that is not an image will be left out: ${inner}`], String(outDir));
        assert.equal(s.rows.length, 1);
      }
      // The editor's and check --archives' look at the row passes over upload/ beside the draft.
      const rows = parseCsv(readFileSync(inner, 'utf8')).rows;
      const found = await checkDraftRows(inner, rows, defaultOptions({ ...vopts, lang: 'en' }));
      assert.deepEqual(found.map((f) => f.message.en).filter((m) => /upload/.test(m)), [], String(outDir));
    }
    // Named as the source itself, the output folder is read as any folder is.
    const images = await collectDraftImages(ct, './upload', undefined, join(ct, 'upload'));
    assert.ok(images.unknown.some((p) => p.endsWith('.7z')), images.unknown.join(' '));
  });

  it('refuses ~ or %USERPROFILE% alone in field 14 with the finding that asks for the full path, not the one for a path', async () => {
    setPaths(draft, ['~', '%USERPROFILE%\\']);
    const e = await buildBatch(draft, { date: DATE, validation: { ...vopts, lang: 'en' } }).then(() => assert.fail('built'), (x: unknown) => x);
    assert.ok(e instanceof BuildError, String(e));
    const on14 = e.findings.filter((f) => f.row !== null && f.row < 2).map((f) => [f.row, f.ruleId, f.message.en.replace(/, which Build .*/, '')]);
    assert.deepEqual(on14, [[0, 'F14-pattern', 'field 14 ~ alone is a whole folder, the home folder'], [1, 'F14-pattern', "field 14 %USERPROFILE%\\ alone is a whole folder, %USERPROFILE%'s"]]);
    assert.ok(!existsSync(join(dir, 'upload')));
  });

  it('reads ~ as the home folder and %NAME% as the environment variable NAME (%USERPROFILE%\\Desktop), as the user\'s shell does; a name not set stays as written', () => {
    const home = join(dir, 'home');
    const saved = { HOME: process.env.HOME, USERPROFILE: process.env.USERPROFILE, NHI_NOT_SET: process.env.NHI_NOT_SET };
    process.env.HOME = home;
    process.env.USERPROFILE = home;
    delete process.env.NHI_NOT_SET;
    try {
      assert.deepEqual(draftSources(dir, '~/影像/王小明;~\\ct1\\;%USERPROFILE%\\Desktop\\pano;%userprofile%/us1;%NHI_NOT_SET%/x;./~;a~b/c'), [
        join(home, '影像', '王小明'),
        join(home, 'ct1'),
        join(home, 'Desktop', 'pano'),
        join(home, 'us1'),
        join(dir, '%NHI_NOT_SET%', 'x'),
        join(dir, '~'),
        join(dir, 'a~b', 'c'),
      ]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('reads the images of paths already resolved as they are: a sent row\'s recorded folder named like a variable set since, or holding a semicolon', async () => {
    const literal = join(dir, '%NHI_SET_SINCE%');
    const semicolon = join(dir, 'a;b');
    for (const folder of [literal, semicolon]) {
      mkdirSync(folder, { recursive: true });
      cpSync(join(__dirname, '..', '..', '..', 'samples', 'draft', 'us1', 'img001.dcm'), join(folder, 'img001.dcm'));
    }
    process.env.NHI_SET_SINCE = join(dir, 'elsewhere');
    try {
      const images = await collectImages([literal, semicolon]);
      assert.deepEqual([images.missing, images.files.map((f) => f.path)], [[], [join(literal, 'img001.dcm'), join(semicolon, 'img001.dcm')]]);
    } finally {
      delete process.env.NHI_SET_SINCE;
    }
  });

  it('lists a named pipe or device given as field 14 with the files that are not images, without opening it (which would wait for a writer for ever, past SIGTERM)', async function () {
    this.timeout(10_000);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    try {
      const images = await collectDraftImages(dir, './pipe;./pano');
      assert.deepEqual(images.unknown, [fifo]);
      assert.deepEqual(images.files.map((f) => f.relativePath), ['pano1.jpg']);
    } finally {
      // Frees a read the build may have left waiting on the pipe.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No reader waiting.
      }
    }
  });
});
