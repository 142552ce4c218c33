/** Archives a killed build left in the output folder, which no CSV names: the next build warns of them and keeps them. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build after a build killed before publishing its CSV', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('names the archives it left, says not to upload them without rows, and removes none of them', () => {
    const draft = writeSampleDraft(dir);
    const out = join(dir, 'upload');
    const build = (lang = 'en') => runCli(['build', draft, '--date', '20261125', '--lang', lang]);
    const first = build();
    assert.equal(first.status, 0, first.stderr);
    // What a kill while the batch was checked leaves: its numbers reserved, its archives in place, no rows and no CSV.
    const ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
    const kept = readFileSync(ledger, 'utf8').trimEnd().split('\n').filter((l) => /^\{"t":"(case|sequence|claim)"/.test(l));
    writeFileSync(ledger, kept.join('\n') + '\n');
    rmSync(join(out, '3501200000_20261125_001.csv'));
    const left = readdirSync(out).filter((n) => n.endsWith('.7z')).sort();
    assert.equal(left.length, 4);

    const second = build();
    assert.equal(second.status, 0, second.stderr);
    const warning = second.stdout.split('\n').filter((l) => l.startsWith('warning: The output folder'));
    assert.deepEqual(warning.length, 1, second.stdout);
    assert.ok(warning[0].startsWith(`warning: The output folder ${out} holds 4 archives an interrupted build left: ${left.join(', ')}. `), warning[0]);
    assert.match(warning[0], /do not upload them without their rows/);
    for (const name of left) assert.ok(readdirSync(out).includes(name), `${name} kept`);
    // The second build's own archives are named by its CSV: still the first build's four only, said in Chinese too.
    const third = build('zh-TW');
    assert.equal(third.status, 0, third.stderr);
    assert.ok(third.stdout.includes(`警告：輸出資料夾 ${out} 中有 4 個壓縮檔是中斷的建置留下的：${left.join('、')}。`), third.stdout);
  });

  it('a folder of completed builds gets no such warning', () => {
    const draft = writeSampleDraft(dir);
    for (let i = 0; i < 2; i++) {
      const run = runCli(['build', draft, '--date', '20261125', '--lang', 'en']);
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /interrupted build left/);
    }
  });
});
