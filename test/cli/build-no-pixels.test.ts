/**
 * A draft folder of DICOM objects without pixel data (a structured report, an RT plan, a waveform) holds no image: the
 * build refuses the row by A14-empty, the rule the check of a built archive names it by, before any case number is
 * reserved or anything packed (docs/decisions/non-image-objects.md).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraftText, SAMPLE_ROWS } from '../../samples/draft/generate';
import { makeInstance } from '../fixtures/dicom';
import { removeDir, runCli, tempDir } from './helpers';

describe('cli: build of a draft row whose DICOM files hold no pixel data', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  function draftOf(files: Record<string, Uint8Array>): string {
    mkdirSync(join(dir, 'r1'));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, 'r1', name), bytes);
    writeFileSync(join(dir, 'draft.csv'), sampleDraftText([SAMPLE_ROWS[0]]).replace('./ct1', './r1'));
    return join(dir, 'draft.csv');
  }

  it('refuses it by A14-empty, in both languages, with nothing reserved or written', () => {
    const draft = draftOf({ 'ct0.dcm': makeInstance({ modality: 'CT', noPixelData: true }).bytes, 'ct1.dcm': makeInstance({ modality: 'CT', noPixelData: true }).bytes });
    const folder = join(dir, 'r1');
    const en = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(en.status, 1, en.stderr);
    assert.ok(en.stderr.includes(`error A14-empty: row 1: ${folder}: no readable image among the row's files (2 DICOM files hold no pixel data (Pixel Data, Rows, Columns)): pack the images of this order's exam (export them again from the PACS or the modality), then build again`), en.stderr);
    assert.doesNotMatch(en.stderr, /failed its checks/);
    assert.equal(existsSync(join(dir, '.nhi-imaging')), false, 'no ledger: no case number reserved');
    assert.equal(existsSync(join(dir, 'out')), false, 'no output folder');
    const zh = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'zh-TW']);
    assert.equal(zh.status, 1, zh.stderr);
    assert.ok(zh.stderr.includes(`${folder}：此列的檔案中沒有可判讀的影像（2 個 DICOM 檔沒有影像資料（Pixel Data、Rows、Columns））：請放入此醫令該次檢查的影像（可從 PACS 或影像設備重新匯出）後再建置`), zh.stderr);
  });

  it('refuses a row of a DICOMDIR alone, with DRAFT-no-images turned off, before anything is reserved (no archive of no files)', () => {
    const draft = draftOf({ DICOMDIR: makeInstance({ modality: 'CT', noPixelData: true }).bytes });
    const folder = join(dir, 'r1');
    const run = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en', '--rule', 'DRAFT-no-images=off']);
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.stderr.includes(`error A14-empty: row 1: ${folder}: no readable image among the row's files (it holds no DICOM or JPEG file, only a DICOMDIR): pack the images of this order's exam (export them again from the PACS or the modality), then build again`), run.stderr);
    assert.equal(existsSync(join(dir, '.nhi-imaging')), false, 'no ledger: no case number reserved');
    const zh = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'zh-TW', '--rule', 'DRAFT-no-images=off']);
    assert.ok(zh.stderr.includes(`${folder}：此列的檔案中沒有可判讀的影像（沒有 DICOM 或 JPEG 檔，只有 DICOMDIR）：請放入此醫令該次檢查的影像（可從 PACS 或影像設備重新匯出）後再建置`), zh.stderr);
  });

  it('builds a row where one of them is an image', () => {
    const draft = draftOf({ 'ct0.dcm': makeInstance({ modality: 'CT', noPixelData: true }).bytes, 'ct1.dcm': makeInstance({ modality: 'CT', rows: 512, columns: 512 }).bytes });
    const run = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(run.status, 0, run.stderr);
  });

  it('leaves it to the check of the built batch when the user makes A14-empty a warning', () => {
    const draft = draftOf({ 'ct0.dcm': makeInstance({ modality: 'CT', noPixelData: true }).bytes });
    const run = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en', '--rule', 'A14-empty=warning']);
    assert.doesNotMatch(run.stderr, /no readable image among the row's files/, run.stderr);
    assert.equal(run.status, 0, run.stderr);
  });

  it('is named by check --archives of the draft as the build names it, and not where a file holds an image', () => {
    const draft = draftOf({ 'ct0.dcm': makeInstance({ modality: 'CT', noPixelData: true }).bytes });
    const folder = join(dir, 'r1');
    const run = runCli(['check', draft, '--archives', '--lang', 'en']);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.ok(run.stdout.includes(`${folder}: no readable image among the row's files (1 DICOM file holds no pixel data (Pixel Data, Rows, Columns))`), run.stdout);
    assert.match(run.stdout, /A14-empty/);
    writeFileSync(join(folder, 'ct1.dcm'), makeInstance({ modality: 'CT', rows: 512, columns: 512 }).bytes);
    const clean = runCli(['check', draft, '--archives', '--lang', 'en']);
    assert.doesNotMatch(clean.stdout, /A14-empty/, clean.stdout);
  });
});
