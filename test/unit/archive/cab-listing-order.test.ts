/**
 * A cabinet may list its files in any order, whatever order their bytes lie in within a folder. The quick
 * check reads entries in the order of their bytes, so a folder is decoded once: read in listing order, a
 * listing that runs from the folder's end to its start made every read decode the folder again from its
 * start (a 170 KB cabinet of 2,048 files took a minute).
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { FolderedReader } from '../../../server/src/core/archive/foldered-reader';
import { openArchive } from '../../../server/src/core/archive';
import { tempDir } from './helpers';

const BLOCK = 32768;

/** One MSZIP folder of `count` blocks of zeros; file i holds block `blockOf(i)` (by default count-1-i), and is listed i-th. */
function reverseListedCab(count: number, blockOf = (i: number) => count - 1 - i): Buffer {
  const block = Buffer.concat([Buffer.from('CK'), deflateRawSync(Buffer.alloc(BLOCK))]);
  const files = Buffer.concat(
    Array.from({ length: count }, (_, i) => {
      const record = Buffer.alloc(16);
      record.writeUInt32LE(BLOCK, 0);
      record.writeUInt32LE(blockOf(i) * BLOCK, 4);
      record.writeUInt16LE(0x5821, 10);
      record.writeUInt16LE(0x20, 14);
      return Buffer.concat([record, Buffer.from(`IMG\\F${String(i).padStart(4, '0')}\0`, 'latin1')]);
    }),
  );
  const dataStart = 36 + 8 + files.length;
  const blocks = Buffer.concat(
    Array.from({ length: count }, () => {
      const head = Buffer.alloc(8);
      head.writeUInt16LE(block.length, 4);
      head.writeUInt16LE(BLOCK, 6);
      return Buffer.concat([head, block]);
    }),
  );
  const header = Buffer.alloc(36);
  header.write('MSCF', 0, 'latin1');
  header.writeUInt32LE(dataStart + blocks.length, 8);
  header.writeUInt32LE(44, 16);
  header[24] = 3;
  header[25] = 1;
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(count, 28);
  const folder = Buffer.alloc(8);
  folder.writeUInt32LE(dataStart, 0);
  folder.writeUInt16LE(count, 4);
  folder.writeUInt16LE(1, 6);
  return Buffer.concat([header, folder, files, blocks]);
}

describe('archive/check: entries listed out of the order of their bytes', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.cleanup());

  for (const layout of ['DCF', 'ATT'] as const) {
    it(`${layout} CAB listed from the folder's end to its start: the quick check decodes the folder once`, async () => {
      const path = join(tmp.dir, `${layout}3501200000_F00000000001.CAB`);
      writeFileSync(path, reverseListedCab(64));
      const reader = await openArchive(path);
      assert.deepEqual(reader.entries().slice(0, 2).map((e) => e.name), ['IMG/F0000', 'IMG/F0001']);
      await reader.close();
      const opened = FolderedReader.foldersOpened;
      const outcome = await checkArchiveFile({ name: `${layout}3501200000_F00000000001.CAB`, path, mode: 'quick' });
      assert.equal(FolderedReader.foldersOpened - opened, 1);
      assert.equal(outcome.content!.entries, 64);
      assert.ok(outcome.issues.length > 0, 'zeros are no images');
    });
  }

  it('files sharing the last block of a folder: the re-decoding is capped and the rest reported, in bounded time', async () => {
    const path = join(tmp.dir, 'DCF3501200000_F00000000002.CAB');
    writeFileSync(path, reverseListedCab(512, () => 511));
    for (const mode of ['quick', 'full'] as const) {
      const opened = FolderedReader.foldersOpened;
      const started = Date.now();
      const outcome = await checkArchiveFile({ name: 'DCF3501200000_F00000000002.CAB', path, mode });
      // Without a cap every file decoded the 16 MiB folder again: 512 times.
      assert.ok(FolderedReader.foldersOpened - opened <= 8, `${mode}: ${FolderedReader.foldersOpened - opened} decodes`);
      assert.ok(Date.now() - started < 10_000, `${mode}: ${Date.now() - started} ms`);
      const unreadable = outcome.issues.find(([rule, , detail]) => rule === 'A14-unreadable' && /overlap/.test(detail.en));
      assert.ok(unreadable && /重疊/.test(unreadable[2]['zh-TW']), JSON.stringify(outcome.issues.map(([r, f, d]) => [r, f, d.en])).slice(0, 2000));
    }
  });
});
