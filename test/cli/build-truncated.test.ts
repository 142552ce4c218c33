/** Image files cut short (a copy from a CD or USB stick that was interrupted) stop the build before anything is reserved. */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build with images cut short', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('names each cut DICOM and JPG file by its own path, all of them at once; no case number or sequence is reserved, nothing is written', () => {
    const draft = writeSampleDraft(dir);
    const dicom = join(dir, 'ct1', 'img003.dcm');
    truncateSync(dicom, statSync(dicom).size - 1000);
    const another = join(dir, 'ct1', 'img004.dcm');
    // Cut 14 bytes into its pixel data, the last 512x512 bytes of the file (the header's length varies with its UIDs).
    truncateSync(another, statSync(another).size - 512 * 512 + 14);
    const jpeg = join(dir, 'pano', 'pano1.jpg');
    truncateSync(jpeg, statSync(jpeg).size - 2);

    const run = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.stderr.includes(`error: row 1: ${dicom}: the file ends inside element (7FE0,0010) (declares 262144 bytes, 261144 remain): the file is truncated. Copy or export it again, then build again`), run.stderr);
    assert.ok(run.stderr.includes(`error: row 1: ${another}: the file ends inside element (7FE0,0010) (declares 262144 bytes, 14 remain): the file is truncated. Copy or export it again, then build again`), run.stderr);
    assert.ok(run.stderr.includes(`error: row 3: ${jpeg}: the JPEG lacks its EOI marker (FF D9) at the end: the file is truncated`), run.stderr);
    assert.match(run.stderr, /^nhi-imaging: 3 image errors; nothing was built\. Correct the image paths in field 14 or the images of the rows listed and build again$/m);
    assert.equal(existsSync(join(dir, '.nhi-imaging')), false, 'no ledger');
    assert.equal(existsSync(join(dir, 'out')), false, 'no output folder');
  });

  it('names a DICOM file whose pixel data is shorter than the image its header describes, before anything is reserved', () => {
    const draft = writeSampleDraft(dir);
    /** Sets Rows (0028,0010, US, Explicit VR Little Endian) of a sample file to `rows`. */
    const setRows = (path: string, rows: number) => {
      const bytes = readFileSync(path);
      const at = bytes.indexOf(Buffer.from([0x28, 0x00, 0x10, 0x00, 0x55, 0x53, 0x02, 0x00]), 132);
      assert.ok(at > 0, path);
      bytes.writeUInt16LE(rows, at + 8);
      writeFileSync(path, bytes);
    };
    const short = join(dir, 'ct1', 'img003.dcm');
    setRows(short, 516);
    const run = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(run.status, 1, run.stderr);
    assert.ok(
      run.stderr.includes(`error: row 1: ${short}: Pixel Data (7FE0,0010) declares 262144 bytes but the image its header describes needs 264192 (Rows 516 × Columns 512 × Samples per Pixel 1 × Bits Allocated 8 / 8 × Number of Frames 1 (absent)): pixels are missing, and viewers show no image or a wrong one. Export it again from the PACS or the modality, then build again`),
      run.stderr,
    );
    assert.match(run.stderr, /^nhi-imaging: 1 image error; nothing was built\./m);
    assert.equal(existsSync(join(dir, '.nhi-imaging')), false, 'no ledger');
    assert.equal(existsSync(join(dir, 'out')), false, 'no output folder');
  });
});
