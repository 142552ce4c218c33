// `--ledger` given a folder (the draft's folder, or `.nhi-imaging` itself) instead of the ledger file.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build and resend --ledger FOLDER', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('is a usage error naming the option and the ledger file to give, for build and resend (exit 2, nothing built)', () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    assert.equal(runCli(['build', draft, '--date', '20261125', '--lang', 'en']).status, 0);
    const ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
    for (const folder of [dir, join(dir, '.nhi-imaging')]) {
      for (const [command, args] of [['build', [draft, '--out', join(dir, 'again')]], ['resend', ['--rows', 'X']]] as const) {
        const run = runCli([command, ...args, '--ledger', folder, '--date', '20261125', '--lang', 'en']);
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, new RegExp(`^nhi-imaging: --ledger names a folder, ${folder.replace(/[.]/g, '\\.')}; give the ledger file in it: ${ledger.replace(/[.]/g, '\\.')}$`, 'm'));
        assert.match(runCli([command, ...args, '--ledger', folder, '--lang', 'zh-TW']).stderr, /--ledger 是資料夾/);
      }
    }
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    assert.match(runCli(['resend', '--rows', 'X', '--ledger', empty, '--lang', 'en']).stderr, /^nhi-imaging: --ledger names a folder, .*empty; give the ledger file, \.nhi-imaging\/ledger\.jsonl beside the draft that was built$/m);
    assert.equal(existsSync(join(dir, 'again')), false);
  });
});
