import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive/open';
import { write7z } from '../../../server/src/core/archive/write';
import { inspectArchive } from '../../../server/src/core/images/inspect';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';
import { makeSources, tempDir } from './helpers';

describe('archive: an LZMA dictionary larger than the reader allocates', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let path: string;

  before(async () => {
    tmp = tempDir();
    const first = makeInstance({ modality: 'CT' });
    const files = [0, 1, 2, 3, 4, 5].map((i) => ({ fileId: ['IMG', `IM${i}`], instance: i ? makeInstance({ modality: 'CT', studyUid: first.studyUid, seriesUid: first.seriesUid }) : first }));
    const contents: Record<string, Buffer> = { DICOMDIR: Buffer.from(makeDicomdir({ files })) };
    for (const f of files) contents[f.fileId.join('/')] = Buffer.from(f.instance.bytes);
    path = join(tmp.dir, 'lzma2.7z');
    // 1.6 MB of data under a dictionary of at least as much: the decoder's window would be 1.6 MB.
    await write7z(makeSources(tmp.dir, contents), path, { level: 5 });
  });
  after(() => tmp.cleanup());

  for (const mode of ['quick', 'full'] as const) {
    it(`${mode} check: one "not checked" warning naming the dictionary, not a decompression bomb per file`, async () => {
      const reader = await openArchive(path, { limits: { maxDictionaryBytes: 1 << 20 } });
      try {
        const content = await inspectArchive(reader, { layout: 'dcf', mode });
        const issues = content.issues.issues();
        assert.deepEqual(issues.map((i) => i.ruleId), ['A14-not-checked']);
        assert.match(issues[0].message.en, /^Not checked: the LZMA dictionary of \d+ MB is larger than the checker reads \(1 MB\); 7-Zip opens it, but the files it holds were not checked: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), whose dictionary the checker reads, and check again$/);
        assert.doesNotMatch(issues[0].message.en, /bomb|IM0/);
      } finally {
        await reader.close();
      }
    });
  }
});
