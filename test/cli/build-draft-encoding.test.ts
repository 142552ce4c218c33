// `nhi-imaging build` of a draft saved in another encoding than UTF-8: one FILE-encoding error, as check gives, not a
// row of errors or a path read wrongly.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build: a draft that is not UTF-8', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  /** The sample's first row with its images in a folder of a Chinese name, and the draft's text. */
  function draftInChineseFolder(): { draft: string; text: string } {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    mkdirSync(join(dir, '影像'));
    renameSync(join(dir, 'ct1'), join(dir, '影像', 'ct1'));
    const text = readFileSync(draft, 'utf8').replace('./ct1', './影像/ct1');
    return { draft, text };
  }

  for (const [name, encode, said] of [
    // Excel's plain "CSV" on a Taiwanese Windows: Big5 (code page 950). 影像 in Big5.
    ['Big5', (text: string) => Buffer.concat(text.split('影像').flatMap((part, i) => (i ? [Buffer.from([0xbc, 0x76, 0xb9, 0xb3]), Buffer.from(part)] : [Buffer.from(part)]))), /encoded in Big5/],
    // Excel's "Unicode text", Notepad's "Unicode".
    ['UTF-16 with BOM', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), /encoded in UTF-16 little-endian/],
  ] as const) {
    it(`${name}: one FILE-encoding error saying to save as UTF-8, exit 1, nothing built or reserved`, () => {
      const { draft, text } = draftInChineseFolder();
      writeFileSync(draft, encode(text));
      const run = runCli(['build', draft, '--date', '20261125', '--lang', 'en']);
      assert.equal(run.status, 1, run.stderr);
      const errors = run.stderr.split('\n').filter((l) => l.startsWith('error'));
      assert.equal(errors.length, 1, run.stderr);
      assert.match(errors[0], /^error FILE-encoding: /);
      assert.match(errors[0], said);
      assert.match(errors[0], /save it as UTF-8 .* and build again\.$/);
      const zh = runCli(['build', draft, '--date', '20261125', '--lang', 'zh-TW']);
      assert.equal(zh.status, 1, zh.stderr);
      assert.match(zh.stderr, /請以 UTF-8 另存.*後再建置。/);
      assert.doesNotMatch(`${run.stderr}${zh.stderr}`, /check again|再檢查/);
      assert.equal(existsSync(join(dir, 'upload')), false);
      assert.equal(existsSync(join(dir, '.nhi-imaging', 'ledger.jsonl')), false);
    });
  }

  it('the same draft in UTF-8, with a byte order mark as Excel\'s "CSV UTF-8" writes it, builds', () => {
    const { draft, text } = draftInChineseFolder();
    writeFileSync(draft, `\ufeff${text.replace(/\r?\n/g, '\r\n')}`);
    const run = runCli(['build', draft, '--date', '20261125', '--lang', 'en']);
    assert.equal(run.status, 0, run.stderr);
  });
});
