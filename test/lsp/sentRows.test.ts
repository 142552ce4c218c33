/**
 * The editor compares rows with the ledger on every settle. What it remembers between settles (the
 * parsed ledger, each row text's answer) must never change the answer: the findings equal
 * checkAgainstLedger over the rows as they stand, and a changed ledger file is read again.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../server/src/core/csv/parse';
import { defaultOptions } from '../../server/src/core/options';
import { checkAgainstLedger } from '../../server/src/core/build/draft-check';
import { csvSha256, parseLedger, rowKey, type RowRecord } from '../../server/src/core/build/ledger';
import { LedgerCache, SentRowCheck } from '../../server/src/lsp/sentRows';
import { validRow } from '../fixtures/rows';

const options = defaultOptions({ now: 0 });

function sent(values: string[]): RowRecord {
  return {
    t: 'row', hospital: values[0], case: 'C', key: rowKey(values), text: values.join(','), csv: '/out/3501200000_20251125_001.csv',
    archive: '/out/a.7z', archiveSize: 1, archiveMtimeMs: 0, sources: [], format: '7z', build: 'b', at: '2025-11-25T00:00:00Z',
  };
}

/** Row i as sent, and as it stands in the document with field 12 changed by one minute when `differs`. */
function line(i: number, differs: boolean): string {
  const v = validRow(i);
  if (differs) v[11] = v[11].slice(0, -1) + (v[11].endsWith('9') ? '8' : '9');
  return v.join(',');
}

describe('SentRowCheck: rows against the ledger, remembered per row text', () => {
  const ledger = parseLedger(Array.from({ length: 8 }, (_, i) => JSON.stringify(sent(validRow(i)))).join('\n'));

  it('gives the findings of checkAgainstLedger as rows are edited, moved and removed', () => {
    const check = new SentRowCheck();
    const documents = [
      [line(0, true), line(1, false), line(2, true), line(9, false)],
      ['', line(0, true), line(1, true), line(2, true), line(9, false)],
      [line(2, true), '', '', line(0, false)],
      [line(3, true), line(3, true), line(4, false)],
      [],
    ];
    let reported = 0;
    for (const text of documents) {
      const rows = parseCsv(text.join('\n')).rows;
      const expected = checkAgainstLedger(rows, ledger, options);
      reported += expected.length;
      assert.deepEqual(check.check(rows, ledger, options), expected);
    }
    assert.equal(reported, 2 + 3 + 1 + 2, 'the documents have rows that differ from what was sent');
  });

  it('says nothing when the ledger has no rows', () => {
    const rows = parseCsv(line(0, true)).rows;
    assert.deepEqual(new SentRowCheck().check(rows, parseLedger(''), options), []);
  });
});

describe('LedgerCache', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-ledger-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a ledger once while it is unchanged, again after it grew, and treats a missing file as empty', async () => {
    const path = join(dir, 'ledger.jsonl');
    const cache = new LedgerCache();
    assert.equal((await cache.get(path)).rows.length, 0);
    writeFileSync(path, JSON.stringify(sent(validRow(0))) + '\n');
    const first = await cache.get(path);
    assert.equal(first.rows.length, 1);
    assert.equal(await cache.get(path), first, 'unchanged: the same parsed state');
    appendFileSync(path, JSON.stringify(sent(validRow(1))) + '\n');
    const second = await cache.get(path);
    assert.notEqual(second, first);
    assert.equal(second.rows.length, 2);
    rmSync(path);
    assert.equal((await cache.get(path)).rows.length, 0);
  });

  it('reads a ledger again when the CSV of a batch it did not count appears (its build killed right after publishing it)', async () => {
    const path = join(dir, 'ledger.jsonl');
    const csv = join(dir, '3501200000_20251125_001.csv');
    const row = { ...sent(validRow(0)), csv, pending: true as const };
    const text = row.text + '\r\n';
    const batch = { t: 'batch', kind: 'build', build: 'b', csv, rows: 1, bytes: 1, at: '', pending: true, csvBytes: Buffer.byteLength(text), csvSha256: csvSha256(text) };
    writeFileSync(path, JSON.stringify(row) + '\n' + JSON.stringify(batch) + '\n');
    const cache = new LedgerCache();
    const before = await cache.get(path);
    assert.equal(before.rows.length, 0, 'not published yet');
    assert.equal(await cache.get(path), before, 'unchanged: the same parsed state');
    writeFileSync(csv, text);
    assert.equal((await cache.get(path)).rows.length, 1, 'published: its row counts');
  });
});
