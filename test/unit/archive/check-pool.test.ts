/**
 * Several archives checked at once run in worker threads (check-pool.ts). Their results must be
 * those of the in-process check, corrupt and hostile archives included (findings, not crashes);
 * progress is reported per archive; cancelling ends the workers.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinkedArchives, WORKER_MIN_ARCHIVES, WORKER_MIN_BYTES } from '../../../server/src/core/archive/check';
import type { ArchiveCheckResult, ArchiveProgress } from '../../../server/src/core/archive/check';
import { CheckPool, CheckPoolKeeper, poolStats } from '../../../server/src/core/archive/check-pool';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';
import type { DirFile } from '../../fixtures/dicom';
import { makeJpeg } from '../../fixtures/jpeg';
import { packFiles } from '../../fixtures/archives';

const CSV = '3501200000_20251125_001.csv';
const options = defaultOptions({ lang: 'en' });

function csvText(names: string[]): string {
  return names.map((name) => EXAMPLE_ROW.map((v, i) => (i === 13 ? name : v)).join(',')).join('\r\n') + '\r\n';
}

function dcf(count: number, patch?: (files: DirFile[]) => void): Record<string, Uint8Array> {
  const first = makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312' });
  const files: DirFile[] = [{ fileId: ['IMG', 'IM0'], instance: first }];
  for (let i = 1; i < count; i++) {
    files.push({ fileId: ['IMG', `IM${i}`], instance: makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312', studyUid: first.studyUid, seriesUid: first.seriesUid }) });
  }
  patch?.(files);
  const out: Record<string, Uint8Array> = { DICOMDIR: makeDicomdir({ files }) };
  for (const f of files) out[f.fileId.join('/')] = f.instance.bytes;
  return out;
}

/** Results without the timings. */
function comparable(r: ArchiveCheckResult): unknown {
  return { findings: r.findings, summaries: r.summaries.map((s) => ({ ...s, elapsedMs: 0 })) };
}

describe('archive/check: worker pool', function () {
  this.timeout(120_000);
  let dir: string;
  let names: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-pool-'));
    names = [];
    const add = async (name: string, files: Record<string, Uint8Array>, format: '7z' | 'cab' = '7z') => {
      await packFiles(dir, name, files, format);
      names.push(name);
    };
    await add('DCF3501200000_P00000000001.7z', dcf(3));
    await add('DCF3501200000_P00000000002.CAB', dcf(3), 'cab');
    await add('DCF3501200000_P00000000003.7z', dcf(2, (files) => {
      files[0].instance = { ...files[0].instance, bytes: files[0].instance.bytes.subarray(0, 3000) };
      files[1].instance = makeInstance({ modality: 'MR', rows: 64, columns: 64, transferSyntax: TS.ImplicitVRLittleEndian });
    }));
    await add('ATT3501200000_P00000000004.7z', { 'A.JPG': makeJpeg({ width: 300, height: 200 }), 'B.JPG': Buffer.from('not a jpeg') });
    // Truncated 7z, a CAB with a corrupted block, a ZIP named .7z, a missing archive.
    await add('DCF3501200000_P00000000005.7z', dcf(2));
    const truncated = join(dir, names[names.length - 1]);
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 5000));
    await add('DCF3501200000_P00000000006.CAB', dcf(2), 'cab');
    const cab = join(dir, names[names.length - 1]);
    const bytes = readFileSync(cab);
    for (let i = 200; i < bytes.length; i += 997) bytes[i] ^= 0x5a;
    writeFileSync(cab, bytes);
    writeFileSync(join(dir, 'DCF3501200000_P00000000007.7z'), Buffer.from('PK\u0003\u0004 a zip, not a 7z'));
    names.push('DCF3501200000_P00000000007.7z', 'DCF3501200000_P00000000008.7z');
    writeFileSync(join(dir, CSV), csvText(names));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const mode of ['quick', 'full'] as const) {
    it(`${mode}: gives the in-process results on a batch of good, broken and hostile archives`, async () => {
      const model = parseCsv(csvText(names));
      const inProcess = await checkLinkedArchives(join(dir, CSV), model, { options, mode, workers: false });
      const before = poolStats.jobs;
      const progress: ArchiveProgress[] = [];
      const pooled = await checkLinkedArchives(join(dir, CSV), model, { options, mode, concurrency: 3, workers: true, onProgress: (p) => progress.push(p) });
      assert.ok(poolStats.jobs - before >= names.length - 1, `archives checked in workers: ${poolStats.jobs - before}`);
      assert.deepEqual(comparable(pooled), comparable(inProcess));
      // The broken ones are findings on their rows, not failures of the check.
      const rules = (row: number) => pooled.findings.filter((f) => f.row === row).map((f) => f.ruleId);
      assert.deepEqual(rules(0), []);
      assert.deepEqual(rules(1), []);
      assert.ok(rules(2).includes('A14-dicom-corrupt'), rules(2).join());
      assert.ok(rules(3).includes('A14-att-not-jpeg'), rules(3).join());
      assert.ok(rules(4).includes('A14-unreadable'), rules(4).join());
      assert.ok(rules(5).includes('A14-unreadable'), rules(5).join());
      assert.deepEqual(rules(6), ['A14-format']);
      assert.deepEqual(rules(7), ['A14-missing']);
      // Progress per archive: start first, entries from the worker, done last.
      for (const name of names) {
        const phases = progress.filter((p) => p.archive === name).map((p) => p.phase);
        assert.equal(phases[0], 'start', name);
        assert.equal(phases[phases.length - 1], 'done', name);
      }
      assert.ok(progress.some((p) => p.phase === 'entries' && p.entriesTotal > 0 && p.entriesDone === p.entriesTotal));
    });
  }

  it('cancelling ends the workers and rejects with the abort reason', async () => {
    const model = parseCsv(csvText(names));
    const ac = new AbortController();
    let started = 0;
    await assert.rejects(
      checkLinkedArchives(join(dir, CSV), model, {
        options,
        mode: 'full',
        concurrency: 2,
        workers: true,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.phase === 'start' && ++started === 2) ac.abort();
        },
      }),
      /abort/i,
    );
    // The pool is gone: a new check runs normally.
    const again = await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true });
    assert.equal(again.summaries.length, names.length);
  });

  it('checks in this thread when the workers cannot start', async () => {
    const model = parseCsv(csvText(names));
    const inProcess = await checkLinkedArchives(join(dir, CSV), model, { options, workers: false });
    const script = join(dir, 'broken-worker.js');
    writeFileSync(script, "throw new Error('cannot load');\n");
    CheckPool.scriptForTests = { script, execArgv: [] };
    try {
      const before = poolStats.jobs;
      const r = await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true });
      assert.equal(poolStats.jobs, before);
      assert.deepEqual(comparable(r), comparable(inProcess));
    } finally {
      CheckPool.scriptForTests = undefined;
    }
  });

  it('a worker that dies in the middle of an archive gives a finding on that row, and the others are checked', async () => {
    const model = parseCsv(csvText(names.slice(0, 3)));
    const script = join(dir, 'dying-worker.js');
    // Ready, then dies on its first archive; its replacement does the same.
    writeFileSync(script, "const { parentPort } = require('node:worker_threads');\nparentPort.on('message', () => process.exit(3));\nparentPort.postMessage({ type: 'ready' });\n");
    CheckPool.scriptForTests = { script, execArgv: [] };
    try {
      const r = await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true });
      assert.equal(r.summaries.length, 3);
      for (const row of [0, 1, 2]) {
        const f = r.findings.filter((x) => x.row === row);
        assert.deepEqual(f.map((x) => x.ruleId), ['A14-unreadable'], `row ${row}`);
        assert.match(f[0].message.en, /worker thread ended \(.*\): check it again; if it stops again, pack the images again with Build Upload Batch \(nhi-imaging build on the command line\)$/);
        assert.match(f[0].message['zh-TW'], /工作執行緒中止（.*）；請再檢查一次；若仍中止，請以「建置上傳批次」（命令列 nhi-imaging build）重新打包$/);
      }
    } finally {
      CheckPool.scriptForTests = undefined;
    }
  });

  it('a kept pool serves the next check with the same workers, and is closed after a cancelled check', async () => {
    const model = parseCsv(csvText(names));
    // Idle for longer than any wait here, even on a loaded machine: the pool closes only when a check is cancelled.
    const keeper = new CheckPoolKeeper(120_000);
    try {
      const inProcess = await checkLinkedArchives(join(dir, CSV), model, { options, workers: false });
      const started = poolStats.workersStarted;
      const jobs = poolStats.jobs;
      const first = await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true, workerPool: keeper });
      const second = await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true, workerPool: keeper });
      assert.ok(poolStats.jobs - jobs >= 2 * (names.length - 1), 'both checks ran in workers');
      assert.equal(poolStats.workersStarted - started, 2, 'the second check reused the two workers of the first');
      assert.deepEqual(comparable(first), comparable(inProcess));
      assert.deepEqual(comparable(second), comparable(inProcess));

      // Two checks at once: the second gets workers of its own, and the kept ones stay.
      const both = await Promise.all([0, 1].map(() => checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true, workerPool: keeper })));
      assert.equal(poolStats.workersStarted - started, 4);
      for (const r of both) assert.deepEqual(comparable(r), comparable(inProcess));

      // Cancelled: the kept workers end; the next check starts new ones.
      const ac = new AbortController();
      let begun = 0;
      await assert.rejects(
        checkLinkedArchives(join(dir, CSV), model, {
          options, mode: 'full', concurrency: 2, workers: true, workerPool: keeper, signal: ac.signal,
          onProgress: (p) => {
            if (p.phase === 'start' && ++begun === 2) ac.abort();
          },
        }),
        /abort/i,
      );
      await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true, workerPool: keeper });
      assert.equal(poolStats.workersStarted - started, 6);
    } finally {
      await keeper.dispose();
    }
  });

  it('a kept pool unused past its idle time is closed, so the next check starts new workers', async () => {
    const model = parseCsv(csvText(names));
    const keeper = new CheckPoolKeeper(200);
    try {
      const started = poolStats.workersStarted;
      await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true, workerPool: keeper });
      assert.equal(poolStats.workersStarted - started, 2);
      await new Promise((r) => setTimeout(r, 1000));
      await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2, workers: true, workerPool: keeper });
      assert.equal(poolStats.workersStarted - started, 4);
    } finally {
      await keeper.dispose();
    }
  });

  it("'auto' leaves a small batch in this thread", async () => {
    const model = parseCsv(csvText(names.slice(0, 3)));
    const before = poolStats.jobs;
    await checkLinkedArchives(join(dir, CSV), model, { options, concurrency: 2 });
    assert.equal(poolStats.jobs, before);
  });

  it("'auto' checks a quick batch in workers once it has 64 MiB or more to decode", async () => {
    // A CAB whose one entry inflates to 64 MiB (zeros: a few hundred KB on disk), and a small 7z.
    const zeros = new Uint8Array(WORKER_MIN_BYTES);
    await packFiles(dir, 'ATT3501200000_Z00000000001.CAB', { 'ZERO.BIN': zeros }, 'cab');
    const batch = ['ATT3501200000_Z00000000001.CAB', names[0]];
    const model = parseCsv(csvText(batch));
    const before = poolStats.jobs;
    await checkLinkedArchives(join(dir, CSV), model, { options, mode: 'quick', concurrency: 2 });
    assert.equal(poolStats.jobs - before, 2, 'both archives went to workers');
  });

  it("'auto' does not open a named pipe named like an archive (the open would wait for a writer)", async function () {
    if (process.platform === 'win32') this.skip(); // no mkfifo
    const fifo = 'DCF3501200000_P00000000009.7z';
    execFileSync('mkfifo', [join(dir, fifo)]);
    try {
      const model = parseCsv(csvText([fifo, ...names.slice(0, 3)]));
      const r = await checkLinkedArchives(join(dir, CSV), model, { options, mode: 'quick', concurrency: 2 });
      assert.ok(r.findings.some((f) => f.row === 0 && f.severity === 'error'), 'the pipe is reported on its row');
    } finally {
      rmSync(join(dir, fifo));
    }
  });

  it("'auto' checks a quick batch of small archives in this thread, and the full check of the same batch in workers", async () => {
    assert.ok(names.length >= WORKER_MIN_ARCHIVES);
    const model = parseCsv(csvText(names));
    const before = poolStats.jobs;
    await checkLinkedArchives(join(dir, CSV), model, { options, mode: 'quick', concurrency: 2 });
    assert.equal(poolStats.jobs, before, 'quick: no archive went to a worker');
    await checkLinkedArchives(join(dir, CSV), model, { options, mode: 'full', concurrency: 2 });
    assert.ok(poolStats.jobs - before >= names.length - 1, `full: archives checked in workers: ${poolStats.jobs - before}`);
  });
});
