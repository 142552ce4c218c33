/**
 * 7z headers packed with methods other than LZMA (kEncodedHeader): 7-Zip writes its own with LZMA, other writers
 * may use any method 7-Zip reads, and `7zz t` passes such an archive.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { openArchive, ArchiveError } from '../../../server/src/core/archive';
import { storeSevenZip, tempDir, withEncodedHeader } from './helpers';

const DEFLATE = [0x04, 0x01, 0x08];
const BZIP2 = [0x04, 0x02, 0x02];

describe('archive: 7z headers packed with other methods than LZMA', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  const plain = () => storeSevenZip([Buffer.from('one'), Buffer.from('two')], ['A', 'B/C']);
  const write = (bytes: Buffer) => {
    const path = join(tmp.dir, 'a.7z');
    writeFileSync(path, bytes);
    return path;
  };

  it('a header packed with Deflate is read, as 7-Zip reads it', async () => {
    const r = await openArchive(write(withEncodedHeader(plain(), DEFLATE, (h) => deflateRawSync(h))));
    assert.deepEqual(r.entries().map((e) => [e.name, e.size]), [['A', 3], ['B/C', 3]]);
    assert.equal((await r.verify()).ok, true);
    await r.close();
  });

  it('a Deflate header cut short is damaged', async () => {
    const path = write(withEncodedHeader(plain(), DEFLATE, (h) => deflateRawSync(h).subarray(0, 10)));
    await assert.rejects(openArchive(path), (e: unknown) => e instanceof ArchiveError && ['corrupt', 'truncated'].includes(e.code));
  });

  it('a header packed with a method 7-Zip reads and this checker does not (BZip2) is not checked, not called unreadable', async () => {
    const path = write(withEncodedHeader(plain(), BZIP2, (h) => h));
    await assert.rejects(openArchive(path), (e: unknown) => e instanceof ArchiveError && e.code === 'not-checked' && /BZip2/.test(e.bilingual.en) && /BZip2/.test(e.bilingual['zh-TW']));
  });

  it('a header packed with a method no 7-Zip knows stays an unsupported method', async () => {
    const path = write(withEncodedHeader(plain(), [0x7f, 0x7f, 0x7f], (h) => h));
    await assert.rejects(openArchive(path), (e: unknown) => e instanceof ArchiveError && e.code === 'unsupported-method');
  });
});
