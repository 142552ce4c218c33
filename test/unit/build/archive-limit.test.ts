/**
 * The 4.5 GB rule is about the archive (NHI text, NOTES): a row whose images pass it is packed when compressed (7z
 * --level 1, 3, 5) and judged by its archive, packing stopped once the archive passes it; packed without compression
 * (store, CAB) it is refused before any number is reserved. The limit is lowered here (BuildOptions.archiveLimit), so that
 * megabytes stand for gigabytes.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch, BuildError, type BuildOptions } from '../../../server/src/core/build/batch';
import { readLedger } from '../../../server/src/core/build/ledger';
import { resendRows } from '../../../server/src/core/build/resend';
import { archiveOverLimit } from '../../../server/src/core/build/pack';
import { openArchive } from '../../../server/src/core/archive/open';
import { ArchiveLimitError } from '../../../server/src/core/archive/errors';
import { SAMPLE_ROWS, writeSampleDraft } from '../../../samples/draft/generate';
import { randomizePixels } from '../../fixtures/dicom';

const DATE = '20261125';
const validation = { now: Date.parse('2026-11-26T12:00:00+08:00') };
/** The CT row's four 512x512 images come to about 2.1 MB, the MR row's two to about 0.2 MB. */
const LIMIT = 1_000_000;

async function refusal(p: Promise<unknown>): Promise<BuildError> {
  const e = await p.then(
    () => assert.fail('the build should have been refused'),
    (e: unknown) => e,
  );
  assert.ok(e instanceof BuildError, String(e));
  assert.equal(e.reason, 'limits', e.message);
  return e;
}

/** The draft and its images: every file under `dir` but the ledger's and the output's, with its bytes. */
function draftFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const d of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(d.parentPath, d.name);
    if (d.isFile() && !/^(\.nhi-imaging|upload)\b/.test(path.slice(dir.length + 1))) out.set(path, readFileSync(path));
  }
  return out;
}

describe('build: the 4.5 GB limit per archive', function () {
  this.timeout(60_000);
  let dir: string;
  let draft: string;
  let out: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-limit-'));
    draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 2));
    out = join(dir, 'upload');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const build = (options: BuildOptions) => buildBatch(draft, { date: DATE, validation, archiveLimit: LIMIT, ...options });

  it('compressed, packs a row whose images pass the limit and keeps the archive that comes out under it', async () => {
    const s = await build({ level: 1 });
    assert.equal(s.rows.length, 2);
    assert.ok(s.rows[0].archiveBytes < LIMIT, String(s.rows[0].archiveBytes));
    assert.ok(existsSync(s.rows[0].archivePath));
  });

  it('compressed, refuses a row whose archive passes the limit: says its size, the limit and what to do, and leaves no archive, its images untouched', async () => {
    // The CT made incompressible: no compression brings it under the limit.
    randomizePixels(join(dir, 'ct1'));
    const before = draftFiles(dir);
    const e = await refusal(build({ level: 1 }));
    assert.match(e.bilingual.en, /^Row 1: compressed, its archive still passes the 4\.5 GB limit \(1,000,000 bytes\) per archive: of [\d,]+ bytes \(0\.00 GiB\) of images, the archive passed the limit( with about \d+% packed \(the whole archive would come to about \d\.\d\d GiB\))?, so packing stopped and the unfinished archive was removed; nothing was built \(the images are untouched\)\. /);
    assert.match(e.bilingual.en, /lossless compression \(JPEG Lossless, for one\)/);
    // Level 5 is offered only when most of the images were read before the limit: at this scale 7-Zip may have read
    // them all ahead of what it wrote (its progress counts input read), at 4.5 GiB the share read ahead is small.
    assert.equal(e.remedy, /Try --level 5/.test(e.bilingual.en) ? 'compress-most' : undefined, e.bilingual.en);
    assert.match(e.bilingual['zh-TW'], /^第 1 列：壓縮後仍超過每個壓縮檔的 4\.5 GB 上限（1,000,000 位元組）：影像共 [\d,]+ 位元組.*已停止打包並移除未完成的壓縮檔，未建置（影像未變動）；請.*無失真壓縮/);
    // Nothing left in the output folder (no archive, no unfinished one, no CSV); the draft and its images as they were.
    assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
    assert.deepEqual(draftFiles(dir), before);
    // The numbers reserved stay used, as for any build that fails; no row is recorded as built.
    assert.equal((await readLedger(join(dir, '.nhi-imaging', 'ledger.jsonl'))).rows.length, 0);
  });

  it('compressed, a row refused at the limit stops the row packed beside it at once, rather than finishing an archive the build will remove', async () => {
    // Row 1 the CT made incompressible, refused after about 1 MB; row 2 eight 4096x4096 MR images, 128 MB that pack
    // under the limit, but in seconds rather than the fraction of one that row 1 takes to be refused.
    draft = writeSampleDraft(dir, [SAMPLE_ROWS[0], { fixture: 3, folder: 'mr-large', images: Array.from({ length: 8 }, () => ({ modality: 'MR' as const, rows: 4096, columns: 4096, series: 1 })) }]);
    randomizePixels(join(dir, 'ct1'));
    let largest = 0;
    let total = 0;
    await refusal(
      build({
        level: 1,
        onProgress: (p) => {
          if (p.phase !== 'pack' || p.row !== 1) return;
          largest = Math.max(largest, p.rowBytesDone ?? 0);
          total = p.rowBytesTotal ?? 0;
        },
      }),
    );
    assert.ok(total > 128e6, String(total));
    assert.ok(largest < total, `row 2 packed ${largest} of ${total} bytes`);
    assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
  });

  it('re-sending such a row whose archive is gone packs it again compressed, under the limit', async () => {
    const s = await build({ level: 1 });
    unlinkSync(s.rows[0].archivePath);
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: join(dir, 'resend'), date: '20261126', validation, archiveLimit: LIMIT });
    assert.equal(r.rows[0].reused, false);
    assert.ok(r.rows[0].archiveBytes < LIMIT, String(r.rows[0].archiveBytes));
    const reader = await openArchive(r.rows[0].archivePath);
    assert.equal((await reader.verify()).ok, true);
    await reader.close();
  });

  for (const options of [{ level: 0 }, { format: 'cab' as const }]) {
    it(`${JSON.stringify(options)}: refuses a row whose images pass the limit before reserving or packing anything, and names compressed 7z as the way out`, async () => {
      const e = await refusal(build(options));
      // What the editor offers as a button: the same build as 7z at level 1.
      assert.equal(e.remedy, 'compress');
      assert.match(e.bilingual.en, /^Row 1: [\d,]+ bytes \(0\.00 GiB\) of images exceed the 4\.5 GB limit \(1,000,000 bytes\) per archive, which an archive packed without compression cannot get under; nothing was built\. Pack it compressed as 7z \(nhi-imaging build --level 1 on the command line/);
      assert.match(e.bilingual['zh-TW'], /^第 1 列：影像共 [\d,]+ 位元組（0\.00 GiB），超過每個壓縮檔的 4\.5 GB 上限（1,000,000 位元組），不壓縮打包無法小於上限，未建置；請以 7z 壓縮打包（命令列 nhi-imaging build --level 1/);
      assert.ok(!existsSync(out));
      assert.ok(!existsSync(join(dir, '.nhi-imaging', 'ledger.jsonl')) || (await readLedger(join(dir, '.nhi-imaging', 'ledger.jsonl'))).cases.size === 0);
    });
  }

  it('a finished archive in store past the limit names compression as the remedy of a build, not of a re-send, which takes no level', () => {
    const row = { 'zh-TW': '第 1 列', en: 'Row 1' };
    assert.equal(archiveOverLimit(row, LIMIT, { bytes: LIMIT + 1 }, 0).remedy, 'compress');
    assert.equal(archiveOverLimit(row, LIMIT, { bytes: LIMIT + 1 }, 0, false).remedy, undefined);
    assert.equal(archiveOverLimit(row, LIMIT, { bytes: LIMIT + 1 }, 1).remedy, undefined);
  });

  it('a compressed archive that passed the limit with most of its images packed names level 5 as the remedy of a build, below level 5 only', () => {
    const row = { 'zh-TW': '第 2 列', en: 'Row 2' };
    // The limit passed with 90 % of the images packed: the whole archive would come to about 1.11 times the limit.
    const passed = (done: number) => new ArchiveLimitError('x.7z', LIMIT, LIMIT + 1, done, 1_000_000);
    const e = archiveOverLimit(row, LIMIT, passed(900_000), 1);
    assert.equal(e.remedy, 'compress-most');
    assert.match(e.bilingual.en, /^Row 2: compressed, its archive still passes .* with about 90% packed .*\. Try --level 5, or export its images again/);
    assert.match(e.bilingual['zh-TW'], /^第 2 列：壓縮後仍超過.*打包到約 90% 時.*；請以 --level 5 再試，或從 PACS/);
    assert.equal(archiveOverLimit(row, LIMIT, passed(900_000), 3).remedy, 'compress-most');
    assert.equal(archiveOverLimit(row, LIMIT, passed(900_000), 5).remedy, undefined);
    assert.equal(archiveOverLimit(row, LIMIT, passed(900_000), 1, false).remedy, undefined);
    // With half the images packed, no level saves it.
    const half = archiveOverLimit(row, LIMIT, passed(500_000), 1);
    assert.equal(half.remedy, undefined);
    assert.doesNotMatch(half.bilingual.en, /--level 5/);
  });
});
