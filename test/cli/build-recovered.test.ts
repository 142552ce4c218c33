/** A batch whose build was killed right after publishing its CSV is counted as sent and recorded so by the next build. */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build after a build killed between publishing its CSV and recording it published', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('warns that the rows were sent, says it recorded the batch, and says so only once', () => {
    const draft = writeSampleDraft(dir);
    const build = (out: string) => runCli(['build', draft, '--out', join(dir, out), '--date', '20261125', '--lang', 'en']);
    const first = build('a');
    assert.equal(first.status, 0, first.stderr);
    // The ledger as such a kill leaves it: everything but the last record.
    const ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
    const lines = readFileSync(ledger, 'utf8').trimEnd().split('\n');
    assert.match(lines[lines.length - 1], /^\{"t":"published"/);
    writeFileSync(ledger, lines.slice(0, -1).join('\n') + '\n');

    const second = build('b');
    assert.equal(second.status, 0, second.stderr);
    const csv = join(dir, 'a', '3501200000_20261125_001.csv');
    assert.ok(second.stdout.includes(`an interrupted build had published ${csv}; its rows are recorded as sent`), second.stdout);
    assert.equal(second.stdout.match(/This record was sent in 3501200000_20261125_001\.csv/g)?.length, 4, second.stdout);
    const third = build('c');
    assert.equal(third.status, 0, third.stderr);
    assert.doesNotMatch(third.stdout, /an interrupted build had published/);
  });
});
