import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, removeDir } from './helpers';
import { sampleDraftText, SAMPLE_ROWS } from '../../samples/draft/generate';
import { makeDicomdir, makeInstance } from '../fixtures/dicom';

describe('cli: build with a DICOMDIR in a subfolder', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => removeDir(dir));

  it('rebuilds the row\'s DICOMDIR and says why under the archive', () => {
    const instance = makeInstance();
    mkdirSync(join(dir, 'cd', 'disc1', 'IMAGES'), { recursive: true });
    writeFileSync(join(dir, 'cd', 'disc1', 'DICOMDIR'), makeDicomdir({ files: [{ fileId: ['IMAGES', 'IM1'], instance }] }));
    writeFileSync(join(dir, 'cd', 'disc1', 'IMAGES', 'IM1'), instance.bytes);
    writeFileSync(join(dir, 'draft.csv'), sampleDraftText([SAMPLE_ROWS[0]]).replace('./ct1', './cd'));
    const r = runCli(['build', join(dir, 'draft.csv'), '--date', '20261125', '--lang', 'en']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^1 row, 1 archive, [\d.]+ [KMG]?B$/m, 'a batch of one row');
    assert.match(r.stdout, /\.7z {2}[\d.]+ [KMG]?B\n {4}DICOMDIR rebuilt: the DICOMDIR is in a subfolder \(.*disc1.DICOMDIR\)/);
  });
});

describe('cli: build stopped by image problems', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => removeDir(dir));

  it('lists them by row in the language of the run, and stops without --force', () => {
    mkdirSync(join(dir, 'ct'));
    writeFileSync(join(dir, 'ct', 'small.dcm'), makeInstance({ modality: 'CT', rows: 256, columns: 256 }).bytes);
    writeFileSync(join(dir, 'draft.csv'), sampleDraftText([SAMPLE_ROWS[0]]).replace('./ct1', './ct'));
    const zh = runCli(['build', join(dir, 'draft.csv'), '--date', '20261125', '--lang', 'zh-TW']);
    assert.equal(zh.status, 1, zh.stderr);
    assert.match(zh.stderr, /^ {2}第 1 列：.*256x256/m);
    assert.match(zh.stderr, /有影像問題，停止建置（用 --force 仍要建置）/);
    const en = runCli(['build', join(dir, 'draft.csv'), '--date', '20261125', '--lang', 'en']);
    assert.equal(en.status, 1, en.stderr);
    assert.match(en.stderr, /^ {2}row 1: .*256x256/m);
    // Listed once, before the decision, and under no rule id of its own.
    assert.equal(en.stderr.match(/256x256/g)?.length, 1, en.stderr);
    assert.doesNotMatch(en.stderr, /BUILD/);
    assert.match(en.stderr, /Image problems: stopping \(use --force to build anyway\)\nnhi-imaging: 1 image problem \(size or modality\); the build stopped\n$/);
  });
});

describe('cli: build of a file whose meta group and data set name different SOP UIDs', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => removeDir(dir));

  it('lists the file in the DICOMDIR by its data set\'s SOP Class and Instance UIDs, as dcmmkdir and pydicom do, so the check of the batch finds the record and the file agree', () => {
    mkdirSync(join(dir, 'ct'));
    // The meta group says Secondary Capture and one instance UID; the data set (0008,0016)/(0008,0018) says CT and another.
    const inst = makeInstance({ modality: 'CT' });
    const bytes = Buffer.from(inst.bytes);
    const metaOnly = (from: string, to: string): void => {
      const at = bytes.indexOf(from);
      assert.ok(at > 0 && at < 300 && from.length === to.length, from);
      bytes.write(to, at, 'latin1');
    };
    metaOnly('1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.5.1.4.1.1.7');
    metaOnly(inst.sopInstanceUid, inst.sopInstanceUid.slice(0, -1) + (inst.sopInstanceUid.endsWith('9') ? '8' : '9'));
    writeFileSync(join(dir, 'ct', 'im1.dcm'), bytes);
    writeFileSync(join(dir, 'draft.csv'), sampleDraftText([SAMPLE_ROWS[0]]).replace('./ct1', './ct'));
    const r = runCli(['build', join(dir, 'draft.csv'), '--date', '20261125', '--lang', 'en', '--force']);
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /meta \(0002,0003\) \S+ differs from SOP Instance UID \(0008,0018\)/, 'the file\'s own inconsistency is still named');
    assert.doesNotMatch(out, /the DICOMDIR record and the file differ/, 'the DICOMDIR the build wrote agrees with the file');
  });
});
