/** `nhi-imaging resend` with no --out: the batch goes where the build put the row's batch, as the extension's Re-send Rows does. */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging resend without --out', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('writes the new batch into the folder of the batch that last sent the row, wherever it is run from', () => {
    const draft = writeSampleDraft(dir);
    const built = runCli(['build', draft, '--date', '20261125', '--lang', 'en']);
    assert.equal(built.status, 0, built.stderr);
    const ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
    const caseNumber = readdirSync(join(dir, 'upload')).find((f) => f.endsWith('.7z'))!.slice('DCF3501200000_'.length, -'.7z'.length);

    const resent = runCli(['resend', '--ledger', ledger, '--rows', caseNumber, '--date', '20261126', '--lang', 'en'], { cwd: dir });
    assert.equal(resent.status, 0, resent.stderr);
    assert.ok(existsSync(join(dir, 'upload', '3501200000_20261126_001.csv')), resent.stdout);
    assert.ok(!existsSync(join(dir, '3501200000_20261126_001.csv')), 'not in the folder it was run from');
  });
});
