// Where a re-sent row's archive comes from (resend.ts placementOf), settled from the row's ledger record.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch } from '../../../server/src/core/build/batch';
import { readLedger, type RowRecord } from '../../../server/src/core/build/ledger';
import { placementOf } from '../../../server/src/core/build/resend';
import { writeSampleDraft, SAMPLE_ROWS } from '../../../samples/draft/generate';

const DATE = '20261125';
const vopts = { now: Date.parse('2026-11-26T12:00:00+08:00') };

describe('resend: the placement of a row', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'resend-placement-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the row\'s text once for its archive name and order code, when it packs the row again', async () => {
    const s = await buildBatch(writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 1)), { date: DATE, validation: vopts });
    unlinkSync(s.rows[0].archivePath);
    const [rec] = (await readLedger(s.ledgerPath)).rows;
    let reads = 0;
    const counted = new Proxy(rec, {
      get: (target, key, receiver) => {
        if (key === 'text') reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as RowRecord;
    const placement = await placementOf(counted, join(dir, 'resend'), { ledgerPath: s.ledgerPath, rows: [rec.case], validation: vopts });
    assert.equal(placement.kind, 'pack');
    assert.equal(placement.name, s.rows[0].archivePath.slice(s.outDir.length + 1));
    assert.equal(reads, 1);
  });
});
