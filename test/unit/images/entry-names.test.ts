import { strict as assert } from 'node:assert';
import { unsafeEntryName } from '../../../server/src/core/images/entry-names';
import type { ArchiveEntry } from '../../../server/src/core/archive/types';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { storeSevenZip, tempDir } from '../archive/helpers';

/** The four tests unsafeEntryName makes of a file, one by one. */
function byRules(name: string, isSymlink: boolean): string | null {
  if (isSymlink) return 'is a symbolic link';
  if (!/^[\\/]/.test(name) && name.split(/[\\/]/).every((part) => part === '' || part === '.')) return 'has no name';
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (/(^|[\\/])\.\.([\\/]|$)/.test(name)) return 'contains ".."';
  return null;
}

describe('unsafe entry names', () => {
  it('gives the same answer as the rules one by one (random names)', () => {
    const pieces = ['/', '\\', '..', '.', 'C:', 'c', ':', 'IM1', '...', 'a..b', ' '];
    let seed = 11;
    const pick = () => pieces[((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % pieces.length];
    let unsafe = 0;
    for (let i = 0; i < 20000; i++) {
      const name = Array.from({ length: 1 + (i % 6) }, pick).join('');
      const isSymlink = i % 97 === 0;
      const expected = byRules(name, isSymlink);
      if (expected) unsafe++;
      const entry = { name, rawName: name, isSymlink } as unknown as ArchiveEntry;
      assert.equal(unsafeEntryName(entry)?.en ?? null, expected, JSON.stringify(name));
    }
    assert.ok(unsafe > 1000 && unsafe < 19000, `${unsafe} of 20000 names unsafe`);
  });
});

describe('entry names unpacking cannot keep apart, in the archive check', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  /** The check's findings on a store 7z of these names (3-byte files), as [rule, entry, English detail]. */
  async function findings(names: string[]): Promise<Array<[string, string | null, string]>> {
    const path = join(tmp.dir, 'ATT3501200000_251125BR6XUZ.7z');
    writeFileSync(path, storeSevenZip(names.map(() => Buffer.from('abc')), names));
    const outcome = await checkArchiveFile({ name: 'ATT3501200000_251125BR6XUZ.7z', path, mode: 'full' });
    return outcome.issues.map(([rule, file, detail]) => [rule, file, detail.en]);
  }
  const about = (all: Array<[string, string | null, string]>, rule: string) => all.filter(([r]) => r === rule).map(([, file, en]) => [file, en]);

  it('a name stored twice is named once, with how many times it is there', async () => {
    const all = await findings(['A.jpg', 'B.jpg', 'A.jpg', 'A.jpg']);
    assert.deepEqual(about(all, 'A14-entry-name'), [['A.jpg', 'appears 3 times in the archive: unpacking keeps only one of them']]);
  });

  it('names that differ only in letter case, or in "\\" for "/", cannot both be unpacked on Windows', async () => {
    const all = await findings(['IMG/A.jpg', 'img/a.JPG', 'IMG\\A.jpg', 'B.jpg']);
    assert.deepEqual(about(all, 'A14-entry-name'), [['IMG/A.jpg', 'appears 2 times in the archive: unpacking keeps only one of them']]);
    assert.deepEqual(about(all, 'A14-entry-windows'), [
      ['img/a.JPG', 'differs only in letter case from "IMG/A.jpg": Windows, where archives are unpacked, takes them for one file, and one overwrites the other'],
    ]);
  });

  it('names bsdtar stores as given, with "." and empty parts ("./A.jpg", "a/./B.jpg", "a//B.jpg"), are judged as 7-Zip unpacks them', async () => {
    const twice = await findings(['a/./B.jpg', 'a//B.jpg', './A.jpg']);
    assert.deepEqual(about(twice, 'A14-entry-name'), [['a/./B.jpg', 'appears 2 times in the archive: unpacking keeps only one of them']]);
    assert.deepEqual(about(twice, 'A14-att-name'), []);
    assert.deepEqual(about(await findings(['x/./B.jpg', 'y//C.jpg', '././A.jpg']), 'A14-att-name'), []);
  });

  it('an entry without a name (empty, ".", "./") is named so, and is not read', async () => {
    const all = await findings(['A.jpg', '', '.', './']);
    assert.deepEqual(about(all, 'A14-entry-name'), [[null, 'an entry has no name (an empty one)'], ['.', 'has no name'], ['./', 'has no name']]);
    assert.deepEqual(about(all, 'A14-att-not-jpeg').map(([file]) => file), ['A.jpg']);
  });

  it('a file whose name is also a folder of other entries (7zz x and bsdtar -x fail on it) is named', async () => {
    const all = await findings(['A.jpg', 'B', 'b/C.jpg', 'B/D/E.jpg']);
    assert.deepEqual(about(all, 'A14-entry-name'), [['B', 'is a file and also a folder of other entries (b/C.jpg): unpacking cannot make both']]);
  });

  it('an absolute entry name is advised to be stored relative to the image folder, saying nothing of links', async () => {
    const path = join(tmp.dir, 'ATT3501200000_251125BR6XUZ.7z');
    writeFileSync(path, storeSevenZip([Buffer.from('abc'), Buffer.from('abc')], ['A.jpg', '/tmp/B.jpg']));
    const outcome = await checkArchiveFile({ name: 'ATT3501200000_251125BR6XUZ.7z', path, mode: 'full' });
    const named = outcome.issues.filter(([rule]) => rule === 'A14-entry-name');
    assert.deepEqual(named.map(([, file, detail]) => [file, detail.en]), [['/tmp/B.jpg', 'is an absolute path']]);
    const advice = named[0][3];
    assert.match(advice?.en ?? '', /stores each file once, under its path relative to the image folder$/);
    assert.match(advice?.['zh-TW'] ?? '', /以其在影像資料夾中的相對路徑存放/);
    assert.doesNotMatch(`${advice?.en} ${advice?.['zh-TW']}`, /link|連結/);
  });

  it('an archive whose every file is skipped for its name (absolute, "..", none) has the names as its finding, not A14-empty too', async () => {
    const all = await findings(['/tmp/A.jpg', '../B.jpg', 'IMG/../../C.jpg', '.']);
    assert.deepEqual(all.map(([rule]) => rule), ['A14-entry-name', 'A14-entry-name', 'A14-entry-name', 'A14-entry-name']);
    // A file left to read, and no image in it: A14-empty still says so.
    assert.deepEqual(about(await findings(['../B.jpg', 'README']), 'A14-empty').length, 1);
  });

  it('an archive of distinct names has none of these findings', async () => {
    const all = await findings(['A.jpg', 'IMG/A.jpg', 'IMG/B.jpg', 'A.jpeg']);
    assert.deepEqual([...about(all, 'A14-entry-name'), ...about(all, 'A14-entry-windows')], []);
  });
});
