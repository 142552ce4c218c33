/** Re-sending a row that its build packed with --force, its image problems shown and accepted. */
import { strict as assert } from 'node:assert';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging resend of a row built with --force', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('sends it again, copied or rebuilt, with the image problems as warnings naming the archive', () => {
    // A CT of 256x256 images: below the 512x512 the order needs.
    const draft = writeSampleDraft(dir, [{ fixture: 0, folder: 'ct1', images: [1, 1].map((series) => ({ modality: 'CT' as const, rows: 256, columns: 256, series })) }]);
    const built = runCli(['build', draft, '--out', join(dir, 'a'), '--date', '20261125', '--lang', 'en', '--force']);
    assert.equal(built.status, 0, built.stderr);
    const name = readFileSync(join(dir, 'a', '3501200000_20261125_001.csv'), 'utf8').split(',')[13];
    const caseNumber = name.slice('DCF3501200000_'.length, -'.7z'.length);
    const resend = (out: string) =>
      runCli(['resend', '--ledger', join(dir, '.nhi-imaging', 'ledger.jsonl'), '--rows', caseNumber, '--out', join(dir, out), '--date', '20261125', '--lang', 'en']);

    const copied = resend('b');
    assert.equal(copied.status, 0, copied.stderr);
    assert.match(copied.stdout, new RegExp(`^warning: ${name}: 2 files: .*256x256 is below the CT minimum of 512x512`, 'm'));
    assert.match(copied.stdout, /\(reused\)/);
    // The last sent copy changed: rebuilt from the sources.
    utimesSync(join(dir, 'b', name), new Date(), new Date(2000, 0, 1));
    const rebuilt = resend('c');
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    assert.match(rebuilt.stdout, new RegExp(`^warning: ${name}: 2 files: .*256x256 is below the CT minimum of 512x512`, 'm'));
    assert.doesNotMatch(rebuilt.stdout, /\(reused\)/);
  });
});
