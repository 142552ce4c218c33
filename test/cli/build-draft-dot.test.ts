// A draft beside its images names their folder `.` in field 14, as it may write `./`.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build: field 14 of "." (the draft\'s own folder)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('builds the images beside the draft, leaving the draft itself out as a file that is no image', () => {
    const sample = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const draft = join(dir, 'ct1', 'draft.csv');
    writeFileSync(draft, readFileSync(sample, 'utf8').replace('./ct1', '.'));
    const run = runCli(['build', draft, '--date', '20261125', '--lang', 'en']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout + run.stderr, /1 file that is not an image will be left out: .*draft\.csv/);
    assert.deepEqual(readdirSync(join(dir, 'ct1', 'upload')).map((n) => n.replace(/_\w{12}\.7z$/, '_*.7z')).sort(), ['3501200000_20261125_001.csv', 'DCF3501200000_*.7z']);
  });
});
