/**
 * 7z headers whose counts are far beyond what the archive holds: each is refused with an ArchiveError
 * before anything is allocated by the count, never grown into an array that exhausts memory.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive, ArchiveError } from '../../../server/src/core/archive';
import { signatureHeader } from '../../../server/src/core/archive/sevenzip/writer-store';
import { tempDir } from './helpers';

/** A 7z NUMBER in its 9-byte form (0xFF, then 8 little-endian bytes). */
function number9(v: number): number[] {
  return [0xff, ...Array.from({ length: 8 }, (_, k) => Math.floor(v / 2 ** (8 * k)) & 0xff)];
}

/** A 7z file of a plain header and no packed data. */
function sevenZip(header: number[]): Buffer {
  const h = Uint8Array.from(header);
  return Buffer.concat([signatureHeader(0, h), h]);
}

/** kHeader, kMainStreamsInfo: one empty pack stream, one copy folder of 0 bytes, then `subStreams`. */
function streamsWith(subStreams: number[]): number[] {
  const packInfo = [0x06, 0x00, 0x01, 0x09, 0x00, 0x00];
  const unpackInfo = [0x07, 0x0b, 0x01, 0x00, 0x01, 0x01, 0x00, 0x0c, 0x00, 0x00];
  return [0x01, 0x04, ...packInfo, ...unpackInfo, 0x08, ...subStreams, 0x00, 0x00];
}

describe('archive: 7z header counts beyond the archive', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  const refused = async (bytes: Buffer) => {
    const path = join(tmp.dir, 'a.7z');
    writeFileSync(path, bytes);
    const started = Date.now();
    await assert.rejects(openArchive(path), (e: unknown) => e instanceof ArchiveError && ['corrupt', 'limit-exceeded'].includes(e.code));
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  };

  it('a folder declaring ten million substreams, more than the entry cap, without their sizes', async () => {
    await refused(sevenZip([...streamsWith([0x0d, ...number9(10_000_000)]), 0x00]));
  });

  it('the same with the entry cap lowered: the substreams count against it', async () => {
    const path = join(tmp.dir, 'a.7z');
    writeFileSync(path, sevenZip([...streamsWith([0x0d, 0x80 | 0, 100]), 0x00]));
    await assert.rejects(openArchive(path, { limits: { maxEntries: 50 } }), (e: unknown) => e instanceof ArchiveError && e.code === 'limit-exceeded');
    // Under the cap the count passes; the archive is still refused, as 7-Zip refuses it, for its 100 streams no file owns.
    await assert.rejects(openArchive(path, { limits: { maxEntries: 100 } }), (e: unknown) => e instanceof ArchiveError && e.code === 'corrupt' && /100 data streams/.test(e.message));
  });
});
