// The final check of a batch, started row by row while packing or all at once, finds the same.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { openArchive } from '../../../server/src/core/archive/open';
import { packFiles } from '../../fixtures/archives';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildBatch } from '../../../server/src/core/build/batch';
import { BatchVerifier, verifyBatch } from '../../../server/src/core/build/verify';
import { defaultOptions } from '../../../server/src/core/options';
import { writeSampleDraft } from '../../../samples/draft/generate';
import { makeInstance } from '../../fixtures/dicom';
import { validRow } from '../../fixtures/rows';

/** ROC YYYMMDD as a DICOM date. */
const gregorianDate = (roc: string): string => String(Number(roc.slice(0, 3)) + 1911) + roc.slice(3, 7);

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
    assert.deepEqual(await verifyBatch(text, csvName, s.outDir, opts), { errors: [], warnings: [] }, 'the batch as built passes');
    // Damage the archive of the second row: the check must find it whichever way it runs.
    const damaged = s.rows[1].archivePath;
    truncateSync(damaged, statSync(damaged).size - 100);
    const all = (await verifyBatch(text, csvName, s.outDir, opts)).errors;
    assert.ok(all.length > 0 && all.every((f) => f.row === 1), JSON.stringify(all.map((f) => [f.row, f.ruleId])));
    const grouped = new BatchVerifier(text, csvName, s.outDir, opts);
    grouped.checkRows([0, 1]);
    grouped.checkRows([1, 2]); // a row handed over twice is checked once
    const found = (await grouped.results()).errors; // row 3: checked here
    assert.deepEqual(found.map((f) => [f.row, f.ruleId, f.message.en]), all.map((f) => [f.row, f.ruleId, f.message.en]));
  });

  it('builds with checks started while packing produce what builds checking at the end produce', async () => {
    const d2 = join(dir, 'b');
    const a = await buildBatch(writeSampleDraft(d2), { date: '20261125', validation: { now: NOW }, outDir: join(d2, 'a'), checkWhilePacking: true });
    const b = await buildBatch(join(d2, 'draft.csv'), { date: '20261125', validation: { now: NOW }, outDir: join(d2, 'b') });
    assert.equal(a.rows.length, b.rows.length);
    assert.deepEqual(a.warnings.map((w) => w.ruleId), b.warnings.map((w) => w.ruleId));
  });

  it('passes on the warnings of the check of the built archives, naming the archive: a Study Date other than the exam date of field 12', async () => {
    // A folder of its own: the rows of the fixture row 0 in the other builds are in their ledger.
    const d4 = mkdtempSync(join(tmpdir(), 'build-verify-warnings-'));
    try {
      const row = validRow(0);
      mkdirSync(join(d4, 'ct'));
      writeFileSync(join(d4, 'ct', 'img1.dcm'), makeInstance({ modality: 'CT', rows: 512, columns: 512, patientId: row[7], studyDate: '20251124', birthDate: gregorianDate(row[8]) }).bytes);
      row[13] = './ct';
      writeFileSync(join(d4, 'draft.csv'), row.join(',') + '\r\n');
      const s = await buildBatch(join(d4, 'draft.csv'), { date: '20251125', validation: { now: NOW }, outDir: join(d4, 'out') });
      const archive = basename(s.rows[0].archivePath);
      assert.deepEqual(s.warnings.map((w) => [w.ruleId, w.row, w.message.en.split(':')[0]]), [['A14-study-date', null, archive]]);
      assert.match(s.warnings[0].message.en, /Study Date 2025-11-24; field 12 says the exam was on 2025-11-25/);
      assert.ok(s.warnings[0].message['zh-TW'].startsWith(`${archive}：`));
    } finally {
      rmSync(d4, { recursive: true, force: true });
    }
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
    const found = (await verifyBatch(readFileSync(s.csvPath, 'utf8'), basename(s.csvPath), s.outDir, defaultOptions({ now: NOW }))).errors;
    assert.deepEqual(found.filter((f) => f.ruleId === 'A14-dicom-unreferenced').map((f) => [f.row, f.severity]), [[0, 'error']]);
  });
});
