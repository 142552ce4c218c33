/**
 * 7z headers whose parts disagree with each other where 7-Zip's reader (CPP/7zip/Archive/7z/7zIn.cpp) refuses the
 * archive or reports "Headers Error": `7zz t` fails on each, so the NHI's 7-Zip would too, and the check must not
 * pass them. Each is also read differently by other readers (libarchive, The Unarchiver list what 7-Zip does not).
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive, ArchiveError } from '../../../server/src/core/archive';
import { storeSevenZip, tempDir } from './helpers';

describe('archive: 7z headers whose parts disagree, as 7-Zip judges them', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  const write = (bytes: Buffer) => {
    const path = join(tmp.dir, 'a.7z');
    writeFileSync(path, bytes);
    return path;
  };
  const corrupt = (pattern: RegExp) => (e: unknown) =>
    e instanceof ArchiveError && e.code === 'corrupt' && pattern.test(e.bilingual.en) && /[\u4e00-\u9fff]/.test(e.bilingual['zh-TW']);

  it('the well-formed archive of the builder below opens', async () => {
    const r = await openArchive(write(storeSevenZip([Buffer.from('one'), Buffer.from('two')], ['A', 'B'])));
    assert.deepEqual(r.entries().map((e) => [e.name, e.size]), [['A', 3], ['B', 3]]);
    await r.close();
  });

  it('a names block holding a name more than the files it lists (7zz t: Headers Error) is corrupt', async () => {
    const path = write(storeSevenZip([Buffer.from('one'), Buffer.from('two')], ['A', 'B'], [...Buffer.from('HIDDEN\0', 'utf16le')]));
    await assert.rejects(openArchive(path), corrupt(/^The archive is corrupt: 7z header: its names block holds more than the names of its 2 files \(7-Zip reports a headers error\)$/));
  });

  it('a names block ending in an unterminated name or an odd byte is corrupt, said of one file in the singular', async () => {
    const ofOneFile = /^The archive is corrupt: 7z header: its names block holds more than the name of its one file \(7-Zip reports a headers error\)$/;
    await assert.rejects(openArchive(write(storeSevenZip([Buffer.from('one')], ['A'], [0x41, 0x00]))), corrupt(ofOneFile));
    await assert.rejects(openArchive(write(storeSevenZip([Buffer.from('one')], ['A'], [0x41]))), corrupt(ofOneFile));
  });

  it('a data stream that no file owns (7zz: cannot open the file as a 7z archive) is corrupt', async () => {
    const path = write(storeSevenZip([Buffer.from('one'), Buffer.from('HIDDEN')], ['A']));
    await assert.rejects(openArchive(path), corrupt(/stream/));
  });

  it('an entry with data and the directory attribute is a file, as 7-Zip, libarchive and The Unarchiver read it', async () => {
    const unixDirectory = 0x8000 | (0o040755 << 16);
    const r = await openArchive(write(storeSevenZip([Buffer.from('one'), Buffer.from('two'), Buffer.from('six')], ['A', 'B', 'C'], [], [0x20, 0x10, unixDirectory])));
    assert.deepEqual(r.entries().map((e) => [e.name, e.size, e.isDirectory]), [['A', 3, false], ['B', 3, false], ['C', 3, false]]);
    assert.equal((await r.verify()).ok, true);
    await r.close();
  });
});

