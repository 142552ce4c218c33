/** --date names the system date of the CSV (四、(二)1.(1)C): a day that does not exist is a usage error, before anything is reserved. */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build and resend --date', function () {
  this.timeout(120_000);
  let dir: string;
  let draft: string;
  beforeEach(() => {
    dir = tempDir();
    draft = writeSampleDraft(dir);
  });
  afterEach(() => removeDir(dir));

  for (const date of ['20261399', '20260229', '20261100', '19111231']) {
    it(`build --date ${date}: refused as a usage error; no case number or sequence reserved, nothing written`, () => {
      const run = runCli(['build', draft, '--out', join(dir, 'out'), '--date', date, '--lang', 'en']);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`^nhi-imaging: --date must be a real date YYYYMMDD \\(got "${date}"\\)`, 'm'));
      assert.equal(existsSync(join(dir, '.nhi-imaging')), false, 'no ledger');
      assert.equal(existsSync(join(dir, 'out')), false, 'no output folder');
    });
  }

  it('resend --date of a day that does not exist is refused the same way, in Chinese too', () => {
    const built = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(built.status, 0, built.stderr);
    const run = runCli(['resend', '--ledger', join(dir, '.nhi-imaging', 'ledger.jsonl'), '--rows', 'X', '--out', join(dir, 'again'), '--date', '20260230', '--lang', 'zh-TW']);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^nhi-imaging: --date 須為存在的西元日期 YYYYMMDD，而非「20260230」/m);
    assert.equal(existsSync(join(dir, 'again')), false);
  });
});
