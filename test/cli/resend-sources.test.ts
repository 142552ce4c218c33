// `nhi-imaging resend` of a row whose archive must be packed again from the sources the ledger records.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { writeBrokenDicomdir, writeImgFolder } from '../fixtures/dicomdir-folders';
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

  it('packs a row built with --rebuild-dicomdir again with a new DICOMDIR; of a ledger that does not say so, refuses saying to add --rebuild-dicomdir, which resend takes', () => {
    const draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 1));
    // The folder's DICOMDIR lists a file it does not hold: the build takes it only with --rebuild-dicomdir.
    const folder = join(dir, 'ct1');
    rmSync(folder, { recursive: true });
    writeBrokenDicomdir(folder, writeImgFolder(folder));
    const { caseNumber, archive } = build(draft, '--rebuild-dicomdir');
    unlinkSync(archive);

    const again = resend(caseNumber, 'again');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /the archive sent changed or is gone, so it was packed again/);

    // A ledger written before rows said so: the re-send plans as a build without --rebuild-dicomdir.
    const ledgerPath = join(dir, '.nhi-imaging', 'ledger.jsonl');
    writeFileSync(ledgerPath, readFileSync(ledgerPath, 'utf8').replace(/"builtDicomdir":true,/g, ''));
    unlinkSync(join(dir, 'again', basename(archive)));
    const refused = resend(caseNumber, 'old');
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^error: case ${caseNumber}: The existing DICOMDIR has problems`, 'm'));
    assert.match(refused.stderr, /^nhi-imaging: .*nothing was re-sent\. Re-send with "Rebuild DICOMDIR" \(resend --rebuild-dicomdir on the command line\)/m);
    assert.equal(existsSync(join(dir, 'old')), false);
    const rebuilt = resend(caseNumber, 'old', '--rebuild-dicomdir');
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    assert.match(rebuilt.stdout, /_20261126_002\.csv$/m, 'after the re-send into again/, the day\'s second');
  });
});
