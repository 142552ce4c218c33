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
    assert.match(r.stdout, /\.7z {2}[\d.]+ MB\n {4}DICOMDIR rebuilt: the DICOMDIR is in a subfolder \(.*disc1.DICOMDIR\)/);
  });
});
