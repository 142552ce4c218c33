// The final check of a batch, started row by row while packing or all at once, finds the same.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import { openArchive } from '../../../server/src/core/archive/open';
import { packFiles } from '../../fixtures/archives';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildBatch } from '../../../server/src/core/build/batch';
import { BatchVerifier, verifyBatch } from '../../../server/src/core/build/verify';
import { defaultOptions } from '../../../server/src/core/options';
import { writeSampleDraft } from '../../../samples/draft/generate';

const NOW = Date.parse('2025-11-25T12:00:00+08:00');

describe('BatchVerifier', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'build-verify-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the same errors when rows are checked in groups as they are packed as when all are checked at the end', async () => {
    const s = await buildBatch(writeSampleDraft(dir), { date: '20261125', validation: { now: NOW } });
    const text = readFileSync(s.csvPath, 'utf8');
    const csvName = basename(s.csvPath);
    const opts = defaultOptions({ now: NOW });
    assert.deepEqual(await verifyBatch(text, csvName, s.outDir, opts), [], 'the batch as built passes');
    // Damage the archive of the second row: the check must find it whichever way it runs.
    const damaged = s.rows[1].archivePath;
    truncateSync(damaged, statSync(damaged).size - 100);
    const all = await verifyBatch(text, csvName, s.outDir, opts);
    assert.ok(all.length > 0 && all.every((f) => f.row === 1), JSON.stringify(all.map((f) => [f.row, f.ruleId])));
    const grouped = new BatchVerifier(text, csvName, s.outDir, opts);
    grouped.checkRows([0, 1]);
    grouped.checkRows([1, 2]); // a row handed over twice is checked once
    const found = await grouped.errors(); // row 3: checked here
    assert.deepEqual(found.map((f) => [f.row, f.ruleId, f.message.en]), all.map((f) => [f.row, f.ruleId, f.message.en]));
  });

  it('builds with checks started while packing produce what builds checking at the end produce', async () => {
    const d2 = join(dir, 'b');
    const a = await buildBatch(writeSampleDraft(d2), { date: '20261125', validation: { now: NOW }, outDir: join(d2, 'a'), checkWhilePacking: true });
    const b = await buildBatch(join(d2, 'draft.csv'), { date: '20261125', validation: { now: NOW }, outDir: join(d2, 'b') });
    assert.equal(a.rows.length, b.rows.length);
    assert.deepEqual(a.warnings.map((w) => w.ruleId), b.warnings.map((w) => w.ruleId));
  });

  it('fails a built archive with a DICOM file its DICOMDIR does not list, which the check alone only warns about', async () => {
    const d3 = join(dir, 'c');
    const s = await buildBatch(writeSampleDraft(d3), { date: '20261125', validation: { now: NOW }, outDir: join(d3, 'out') });
    const archive = s.rows[0].archivePath;
    const files: Record<string, Uint8Array> = {};
    const reader = await openArchive(archive);
    try {
      for (const e of reader.entries()) if (!e.isDirectory) files[e.name] = await reader.readEntry(e);
    } finally {
      await reader.close();
    }
    const first = Object.keys(files).find((n) => n !== 'DICOMDIR')!;
    files['EXTRA/IM1'] = files[first];
    rmSync(archive);
    await packFiles(s.outDir, basename(archive), files);
    const found = await verifyBatch(readFileSync(s.csvPath, 'utf8'), basename(s.csvPath), s.outDir, defaultOptions({ now: NOW }));
    assert.deepEqual(found.filter((f) => f.ruleId === 'A14-dicom-unreferenced').map((f) => [f.row, f.severity]), [[0, 'error']]);
  });
});
