/**
 * Archives up to 4.5 GiB (issue 4): entries whose data lies past 4 GiB in the file are found, read,
 * verified and checked without reading what lies before them. The 7z is sparse (helpers.ts,
 * sevenZipWithHole), so the test uses little disk and no time filling it; 7-Zip accepts such a file
 * (test/interop/archive.test.ts).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { checkLinkedArchives } from '../../../server/src/core/archive/check';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { write7z } from '../../../server/src/core/archive/write';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';
import { makeSources, sevenZipWithHole, tempDir } from './helpers';

/** Past 4 GiB and over 4.5×10^9 bytes (the near-limit warning), under the 4.5 GiB limit. */
const HOLE = 4_600_000_000;

/** Bytes the process has read through read(2) so far (Linux's /proc/self/io `rchar`), or NaN elsewhere. */
function bytesReadByProcess(): number {
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

describe('archive: a 7z whose entries lie past 4 GiB', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let contents: Record<string, Buffer>;
  const name = 'DCF3501200000_G00000000001.7z';

  before(async function () {
    // NTFS leaves no hole unless a file is marked sparse: the file would take 4.6 GB of disk there.
    if (process.platform === 'win32') this.skip();
    tmp = tempDir('nhi-4gib-');
    const first = makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312' });
    const second = makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312', studyUid: first.studyUid, seriesUid: first.seriesUid });
    const files = [
      { fileId: ['IMG', 'IM0'], instance: first },
      { fileId: ['IMG', 'IM1'], instance: second },
    ];
    contents = { DICOMDIR: Buffer.from(makeDicomdir({ files })), 'IMG/IM0': Buffer.from(first.bytes), 'IMG/IM1': Buffer.from(second.bytes) };
    const small = join(tmp.dir, 'small.7z');
    await write7z(makeSources(join(tmp.dir, 'in'), contents), small);
    sevenZipWithHole(readFileSync(small), join(tmp.dir, name), HOLE);
  });
  // Not made when skipped.
  after(() => (tmp as typeof tmp | undefined)?.cleanup());

  it('is over 4 GiB on disk by its size, with its data past 4 GiB', () => {
    assert.ok(statSync(join(tmp.dir, name)).size > 4 * 1024 ** 3);
  });

  it('lists, reads byte for byte and verifies every entry', async () => {
    const reader = await openArchive(join(tmp.dir, name));
    try {
      assert.deepEqual(reader.entries().map((e) => e.name).sort(), Object.keys(contents).sort());
      for (const e of reader.entries()) assert.ok(Buffer.from(await reader.readEntry(e)).equals(contents[e.name]), e.name);
      const result = await reader.verify();
      assert.deepEqual(result.problems, []);
      assert.equal(result.bytesChecked, Object.values(contents).reduce((t, b) => t + b.length, 0));
    } finally {
      await reader.close();
    }
  });

  it('reads only the entries, not the 4.6 GB before them', async () => {
    const before = bytesReadByProcess();
    const outcome = await checkArchiveFile({ name, path: join(tmp.dir, name), mode: 'full' });
    const read = bytesReadByProcess() - before;
    const entryBytes = Object.values(contents).reduce((t, b) => t + b.length, 0);
    assert.ok(outcome.content && outcome.content.bytesRead <= 2 * entryBytes, `the check took ${outcome.content?.bytesRead} bytes for ${entryBytes} of entries`);
    // Linux counts every byte read(2) returned to the process (page cache included); elsewhere this is NaN.
    if (!Number.isNaN(read)) assert.ok(read < 64 * 1024 * 1024, `the process read ${read} bytes`);
  });

  for (const mode of ['quick', 'full'] as const) {
    it(`passes the ${mode} archive check with no finding but the size`, async () => {
      const csv = join(tmp.dir, '3501200000_20251125_001.csv');
      const model = parseCsv(EXAMPLE_ROW.map((v, i) => (i === 13 ? name : v)).join(',') + '\r\n');
      const r = await checkLinkedArchives(csv, model, { options: defaultOptions({ lang: 'en' }), mode, workers: false });
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['A14-size-near']);
      assert.equal(r.summaries[0].instances, 2);
      assert.equal(r.summaries[0].bytes, statSync(join(tmp.dir, name)).size);
    });
  }
});
