// `nhi-imaging build` and `resend` with `--settings` and `--rule`: the rule severities of the team's editors, read as check reads them.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_ROWS, writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';
import { makeInstance } from '../fixtures/dicom';
import { TAG } from '../../server/src/core/dicom/tags';

const BITS_STORED = /img001\.dcm: Bits Stored \(0028,0101\) 9, Bits Allocated \(0028,0100\) 8/;

describe('nhi-imaging build and resend --settings and --rule', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  /** A one-row draft whose first DICOM file has Bits Stored 9 above Bits Allocated 8: an Image Pixel error (A14-dicom-attribute) a DICOMDIR does not need. */
  function draftWithImagePixelError(): string {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const file = join(dir, 'ct1', 'img001.dcm');
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from([0x28, 0x00, 0x01, 0x01, 0x55, 0x53, 0x02, 0x00]), 132);
    assert.ok(at > 0, 'Bits Stored in the sample file');
    bytes.writeUInt16LE(9, at + 8);
    writeFileSync(file, bytes);
    return draft;
  }

  it('builds by the severities of the settings file: an A14-dicom-attribute made a warning stops the build no more', () => {
    const draft = draftWithImagePixelError();
    const refused = runCli(['build', draft, '--out', join(dir, 'default'), '--date', '20261125', '--lang', 'en']);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, BITS_STORED);
    assert.match(refused.stderr, /^nhi-imaging: 1 image error; nothing was built\./m);

    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{\n  // the team\'s editors\n  "nhiImaging.severity": { "A14-dicom-attribute": "warning", },\n}\n');
    const built = runCli(['build', draft, '--out', join(dir, 'upload'), '--date', '20261125', '--lang', 'en', '--settings', settings]);
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stdout, /^warning: DCF\w+\.7z: DICOM\/\S+: Bits Stored \(0028,0101\) 9, Bits Allocated \(0028,0100\) 8/m);
    assert.match(built.stdout, /^1 row, 1 archive, /m);
  });

  it('builds by --rule as by the settings file: A14-dicom-attribute=warning lets the build through, and --rule after --settings wins', () => {
    const draft = draftWithImagePixelError();
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{ "nhiImaging.severity": { "A14-dicom-attribute": "warning" } }\n');
    const refused = runCli(['build', draft, '--out', join(dir, 'refused'), '--date', '20261125', '--lang', 'en', '--settings', settings, '--rule', 'A14-dicom-attribute=error']);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, BITS_STORED);
    assert.match(refused.stderr, /^nhi-imaging: 1 image error; nothing was built\./m);

    const built = runCli(['build', draft, '--out', join(dir, 'upload'), '--date', '20261125', '--lang', 'en', '--rule', 'A14-dicom-attribute=warning']);
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stdout, /^warning: DCF\w+\.7z: DICOM\/\S+: Bits Stored \(0028,0101\) 9, Bits Allocated \(0028,0100\) 8/m);
    assert.match(built.stdout, /^1 row, 1 archive, /m);
  });

  it('builds by --rule A14-dicomdir-keys as the check of the batch judges that rule: an empty Patient ID refused as an error, warned of as a warning', () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    writeFileSync(join(dir, 'ct1', 'img002.dcm'), makeInstance({ extra: [{ tag: TAG.PatientID, vr: 'LO', value: '' }] }).bytes);
    const refused = runCli(['build', draft, '--out', join(dir, 'refused'), '--date', '20261125', '--lang', 'en']);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /^error A14-dicomdir-keys: row 1: \S+img002\.dcm: PATIENT Patient ID \(0010,0020\) is empty\. A Type 1 key of a DICOMDIR record needs a valid value/m);

    const built = runCli(['build', draft, '--out', join(dir, 'upload'), '--date', '20261125', '--lang', 'en', '--rule', 'A14-dicomdir-keys=warning']);
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stdout, /^warning: DCF\w+\.7z: DICOMDIR: DICOMDIR records lack the value of a Type 1 key \(PS3\.3 F\.5\): PATIENT @ \d+ Patient ID \(0010,0020\): give the images values of Patient ID where they lack them/m);
    assert.match(built.stdout, /^1 row, 1 archive, /m);
  });

  it('refuses a --rule value as check refuses it, with its message and exit 2, building nothing', () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const cases: [string, RegExp][] = [
      ['A14-dicom-attribute', /^--rule takes RULE=LEVEL, e\.g\. F08-checksum=off \(got "A14-dicom-attribute"\)$/],
      ['A99-no-such-rule=off', /^no rule "A99-no-such-rule" \(rule ids: docs\/rules\.md\)$/],
      ['A14-dicom-attribute=warn', /^the level of --rule A14-dicom-attribute must be one of error, warning, information, hint, off \(got "warn"\)$/],
    ];
    const message = (stderr: string) => stderr.split('\n')[0].replace(/^nhi-imaging[^:]*: /, '');
    for (const [rule, expected] of cases) {
      const check = runCli(['check', '--lang', 'en', '--rule', rule, draft]);
      assert.equal(check.status, 2, check.stderr);
      assert.match(message(check.stderr), expected);
      for (const args of [['build', draft, '--out', join(dir, 'upload')], ['resend', '--ledger', join(dir, 'ledger.jsonl'), '--rows', 'X']]) {
        const run = runCli([...args, '--lang', 'en', '--rule', rule]);
        assert.equal(run.status, 2, run.stderr);
        assert.equal(message(run.stderr), message(check.stderr), `${args[0]} --rule ${rule}`);
      }
    }
    assert.equal(existsSync(join(dir, 'upload')), false, 'nothing built');
    assert.equal(existsSync(join(dir, '.nhi-imaging')), false, 'no ledger');
  });

  it('resend packs a gone archive again by --rule, and refuses its source images as a build does (exit 1) without it', () => {
    const draft = draftWithImagePixelError();
    const built = runCli(['build', draft, '--out', join(dir, 'upload'), '--date', '20261125', '--lang', 'en', '--rule', 'A14-dicom-attribute=warning']);
    assert.equal(built.status, 0, built.stderr);
    const archive = /^ {2}(\S+\.7z) /m.exec(built.stdout)![1];
    const caseNumber = /_([^_/]+)\.7z$/.exec(archive)![1];
    unlinkSync(archive);
    const resend = (out: string, ...more: string[]) =>
      runCli(['resend', '--ledger', join(dir, '.nhi-imaging', 'ledger.jsonl'), '--rows', caseNumber, '--out', join(dir, out), '--date', '20261126', '--lang', 'en', ...more]);

    const refused = resend('refused');
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^error: case ${caseNumber}: .*${BITS_STORED.source}`, 'm'));
    assert.match(refused.stderr, new RegExp(`^nhi-imaging: The archive sent for case ${caseNumber} changed or is gone, and its source images cannot be packed again \\(1 image error\\); nothing was re-sent$`, 'm'));
    assert.equal(existsSync(join(dir, 'refused')), false, 'no output folder made: the sources are planned before anything is');

    const again = resend('again', '--rule', 'A14-dicom-attribute=warning');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /the archive sent changed or is gone, so it was packed again/);
    assert.match(again.stdout, /_20261126_001\.csv$/m, 'the refused re-send took no sequence number');
  });

  it('refuses a settings file it cannot read or parse with check\'s usage error (exit 2), building nothing', () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "nhiImaging.severity": {\n    "A14-dicom-attribute": warning\n  }\n}\n');
    for (const settings of [broken, join(dir, 'none.json')]) {
      const check = runCli(['check', '--lang', 'en', '--settings', settings, draft]);
      // The message after the program's name (`nhi-imaging check:`, `nhi-imaging:`).
      const message = (stderr: string) => stderr.split('\n')[0].replace(/^nhi-imaging[^:]*: /, '');
      assert.match(message(check.stderr), /^the --settings file .* (is no JSON settings file at line 3|cannot be read: no such file)/);
      for (const args of [['build', draft, '--out', join(dir, 'upload')], ['resend', '--ledger', join(dir, 'ledger.jsonl'), '--rows', 'X']]) {
        const run = runCli([...args, '--lang', 'en', '--settings', settings]);
        assert.equal(run.status, 2, run.stderr);
        assert.equal(message(run.stderr), message(check.stderr), args[0]);
      }
    }
    assert.equal(existsSync(join(dir, 'upload')), false, 'nothing built');
    assert.equal(existsSync(join(dir, '.nhi-imaging')), false, 'no ledger');
  });
});
