/**
 * Entries read through 7-Zip (WebAssembly), the fallback for methods the JS decoders lack: what 7-Zip
 * extracts in place of a file (a folder of the same name) gives the reader's own error, and the archive
 * check a finding, never a file-system exception.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive, ArchiveError } from '../../../server/src/core/archive';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { crc32 } from '../../../server/src/core/archive/crc32';
import { signatureHeader } from '../../../server/src/core/archive/sevenzip/writer-store';
import { tempDir } from './helpers';

/**
 * A BZip2 7z (plain header) of a folder D with a file D/A and a file DD, whose name is then changed to
 * "D/" (same length) with the header's CRCs made right: 7-Zip extracts a folder where the entry "D/" is.
 */
function fileNamedAsFolder(dir: string): string {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'D'), { recursive: true });
  writeFileSync(join(src, 'D', 'A'), 'a');
  writeFileSync(join(src, 'DD'), 'dd');
  const path = join(dir, 'DCF3501200000_F00000000001.7z');
  execFileSync('7zz', ['a', '-bd', '-bso0', '-m0=BZip2', '-mhc=off', path, 'D', 'DD'], { cwd: src });
  const bytes = readFileSync(path);
  const offset = Number(bytes.readBigUInt64LE(12));
  const header = bytes.subarray(32 + offset);
  const name = Buffer.from('DD\0', 'utf16le');
  const at = header.indexOf(name);
  assert.ok(at > 0, 'the name DD in the header');
  Buffer.from('D/\0', 'utf16le').copy(header, at);
  Buffer.from(signatureHeader(offset, header)).copy(bytes, 0);
  assert.equal(crc32(header), bytes.readUInt32LE(28));
  writeFileSync(path, bytes);
  return path;
}

describe('archive: hostile entries read through 7-Zip (WebAssembly)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('a file entry where 7-Zip extracts a folder: an ArchiveError of the reader, prefix and whole', async () => {
    const path = fileNamedAsFolder(tmp.dir);
    const reader = await openArchive(path);
    try {
      const entry = reader.entries().find((e) => e.name === 'D/' && !e.isDirectory);
      assert.ok(entry, JSON.stringify(reader.entries().map((e) => e.name)));
      for (const maxBytes of [16, undefined]) {
        await assert.rejects(reader.readEntry(entry, { maxBytes }), (e: unknown) => e instanceof ArchiveError && e.code !== 'io');
      }
    } finally {
      await reader.close();
    }
  });

  it('the archive check reports it as a finding, quick and full', async () => {
    const path = fileNamedAsFolder(tmp.dir);
    for (const mode of ['quick', 'full'] as const) {
      const outcome = await checkArchiveFile({ name: 'DCF3501200000_F00000000001.7z', path, mode });
      assert.ok(outcome.issues.some(([, file]) => file === 'D/'), `${mode}: ${JSON.stringify(outcome.issues)}`);
    }
  });
});
