// `nhi-imaging resend` of a row whose archive must be packed again from the sources the ledger records.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging resend from the recorded sources', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  /** Builds the draft into upload/; the case number and archive path of its first row. */
  function build(draft: string, ...more: string[]): { caseNumber: string; archive: string } {
    const built = runCli(['build', draft, '--out', join(dir, 'upload'), '--date', '20261125', '--lang', 'en', ...more]);
    assert.equal(built.status, 0, built.stderr);
    const archive = /^ {2}(\S+\.7z) /m.exec(built.stdout)![1];
    return { caseNumber: /_([^_/]+)\.7z$/.exec(archive)![1], archive };
  }

  const resend = (caseNumber: string, out: string, ...more: string[]) =>
    runCli(['resend', '--ledger', join(dir, '.nhi-imaging', 'ledger.jsonl'), '--rows', caseNumber, '--out', join(dir, out), '--date', '20261126', '--lang', 'en', ...more]);

  it('exits 1 when the archive and its source images are both gone, as a build of a row whose folder is gone does', () => {
    const draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 1));
    const { caseNumber, archive } = build(draft);
    unlinkSync(archive);
    rmSync(join(dir, 'ct1'), { recursive: true });
    const ledger = readFileSync(join(dir, '.nhi-imaging', 'ledger.jsonl'));
    const rebuilt = runCli(['build', draft, '--out', join(dir, 'again'), '--date', '20261126', '--lang', 'en']);
    assert.equal(rebuilt.status, 1, rebuilt.stderr);

    const refused = resend(caseNumber, 'resend');
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^error: case ${caseNumber}: The source image path the ledger records does not exist: .*ct1\\. Put the row's images back there`, 'm'));
    assert.match(refused.stderr, new RegExp(`^nhi-imaging: The archive sent for case ${caseNumber} changed or is gone, and its source images cannot be packed again \\(1 image error\\); nothing was re-sent$`, 'm'));
    assert.equal(existsSync(join(dir, 'resend')), false);
    assert.deepEqual(readFileSync(join(dir, '.nhi-imaging', 'ledger.jsonl')), ledger);
  });
});
