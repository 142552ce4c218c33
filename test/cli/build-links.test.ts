/** Image folders holding symbolic links, as PACS exports into a shared store and copies by hand leave them. */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { openArchive } from '../../server/src/core/archive/open';
import { removeDir, runCli, tempDir } from './helpers';

async function entryNames(archive: string): Promise<string[]> {
  const reader = await openArchive(archive);
  try {
    return reader.entries().filter((e) => !e.isDirectory).map((e) => e.name);
  } finally {
    await reader.close();
  }
}

describe('nhi-imaging build: symbolic links in the image folders', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('packs the files behind links to files and folders, each once, ends a link loop, follows none up the tree, and names a link to nothing', async () => {
    const draft = writeSampleDraft(dir);
    const ct = join(dir, 'ct1');
    // Two of the CT's four files live elsewhere, reached through a link to their folder; one through a link to itself.
    mkdirSync(join(dir, 'store'));
    renameSync(join(ct, 'img003.dcm'), join(dir, 'store', 'img003.dcm'));
    renameSync(join(ct, 'img004.dcm'), join(dir, 'store', 'img004.dcm'));
    symlinkSync(join(dir, 'store'), join(ct, 'series 2'));
    renameSync(join(ct, 'img002.dcm'), join(dir, 'img002.dcm'));
    symlinkSync(join(dir, 'img002.dcm'), join(ct, 'img002.dcm'));
    symlinkSync('.', join(ct, 'loop'));
    // Links to folders that hold the row's own: followed, they would take in the other rows' images.
    symlinkSync('..', join(ct, 'up'));
    symlinkSync('/', join(ct, 'drive'));
    symlinkSync(join(dir, 'gone.dcm'), join(ct, 'gone.dcm'));
    // A second name for the panoramic JPG in its own folder.
    symlinkSync('pano1.jpg', join(dir, 'pano', 'pano copy.jpg'));

    const run = runCli(['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`row 1: 1 file that is not an image will be left out: ${join(ct, 'gone.dcm')}`));
    const csv = readFileSync(join(dir, 'out', '3501200000_20261125_001.csv'), 'utf8').trimEnd().split('\r\n');
    const archive = (row: number) => join(dir, 'out', csv[row].split(',')[13]);
    const ctEntries = await entryNames(archive(0));
    assert.equal(ctEntries.filter((n) => n !== 'DICOMDIR').length, 4, ctEntries.join(', '));
    assert.doesNotMatch(run.stdout, /Duplicate SOP Instance UID/);
    assert.deepEqual(await entryNames(archive(2)), ['pano1.jpg']);
  });
});
