/**
 * The cross-row index keeps findings per visit and archive key and recomputes only the keys that
 * rows added or removed touched. Its findings after any sequence of adds and removes must equal
 * those of a fresh index holding the same rows.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CrossRowIndex, defaultOptions, parseCsv, type Finding } from '../../../server/src/core/index';
import type { Row } from '../../../server/src/core/csv/model';

const options = defaultOptions({ now: 0 });

/** A 17-field row from few values, so that visits, serials, archives and whole rows often coincide. */
function rowText(visit: number, serial: string, order: number, archive: string): string {
  const f = Array.from({ length: 17 }, () => '');
  f[0] = 'P' + visit;
  f[3] = 'A123456789';
  f[4] = '1130101';
  f[9] = 'O' + order;
  f[10] = serial;
  f[13] = archive;
  return f.join(',');
}

const rowArb = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom('1', '2', '3', '5', '', 'x'), fc.integer({ min: 0, max: 1 }), fc.constantFrom('a.7z', 'b.7z', 'c.cab', '', 'draft/x.7z', 'DCFH_K1.7z', 'ATTH_K1.7z', 'DCFH_k1.CAB'));

/** Up to 14 rows, and a sequence of picks among them: a picked row is added when absent and removed when present, the findings checked after some. */
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 14 });
const opsArb = fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 40 });

function fullFindings(rows: Iterable<Row>): Finding[] {
  const fresh = new CrossRowIndex();
  for (const r of rows) fresh.add(r);
  return fresh.findings(options);
}

describe('CrossRowIndex: incremental findings', () => {
  it('equal a full recomputation after random add/remove sequences', function () {
    // 500 random sequences take 10-20 s on a busy 2-core machine.
    this.timeout(120_000);
    fc.assert(
      fc.property(rowsArb, opsArb, (specs, ops) => {
        const rows = parseCsv(specs.map((s) => rowText(...s)).join('\n')).rows;
        const index = new CrossRowIndex();
        const present = new Set<Row>();
        for (const [pick, check] of ops) {
          const row = rows[pick % rows.length];
          if (present.has(row)) {
            assert.equal(index.remove(row), true);
            present.delete(row);
          } else {
            index.add(row);
            present.add(row);
          }
          if (check) assert.deepEqual(index.findings(options), fullFindings([...present]));
        }
        assert.deepEqual(index.findings(options), fullFindings([...present]));
      }),
      { numRuns: 500 },
    );
  });

  it('reading row texts when a visit has several rows (rowText) gives the findings of hashing every text as it is added', () => {
    fc.assert(
      fc.property(rowsArb, opsArb, (specs, ops) => {
        const rows = parseCsv(specs.map((s) => rowText(...s)).join('\n')).rows;
        let read = 0;
        const lazy = new CrossRowIndex({ rowText: (i) => (read++, rows[i].text) });
        const eager = new CrossRowIndex();
        const present = new Set<Row>();
        for (const [pick, check] of ops) {
          const row = rows[pick % rows.length];
          for (const index of [lazy, eager]) {
            if (present.has(row)) assert.equal(index.remove(row), true);
            else index.add(row);
          }
          if (present.has(row)) present.delete(row);
          else present.add(row);
          if (check) assert.deepEqual(lazy.findings(options), eager.findings(options));
        }
        assert.deepEqual(lazy.findings(options), eager.findings(options));
        assert.ok(read <= ops.length * 2, `${read} texts read for ${ops.length} adds and removes`);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its chains whole through growth and removals in any order: rows of one big visit and of many small ones, removed from the middle, the ends and at random, then added back', () => {
    // 3,000 rows grow the hash tables past their first size (rehashed while rows are added); half share one visit.
    const rows = parseCsv(Array.from({ length: 3000 }, (_, i) => rowText(i % 2 ? 0 : i, String((i % 7) + 1), i % 3, i % 5 ? `a${i}.7z` : 'a.7z')).join('\n')).rows;
    const index = new CrossRowIndex({ rowText: (i) => rows[i].text });
    for (const r of rows) index.add(r);
    assert.deepEqual(index.findings(options), fullFindings(rows));
    const present = new Set(rows);
    const order = [...rows.slice(1000, 1500), ...rows.slice(0, 10), ...rows.slice(2990)];
    for (let i = 0; i < rows.length; i += 37) if (!order.includes(rows[(i * 7919) % rows.length])) order.push(rows[(i * 7919) % rows.length]);
    for (const r of order) {
      assert.equal(index.remove(r), true);
      present.delete(r);
    }
    assert.deepEqual(index.findings(options), fullFindings([...rows].filter((r) => present.has(r))));
    for (const r of order.reverse()) index.add(r);
    assert.deepEqual(index.findings(options), fullFindings(rows));
  });

  it('finds something to compare: duplicates, serials not from 1 and shared archives are reported', () => {
    const rows = parseCsv([rowText(0, '1', 0, 'a.7z'), rowText(0, '1', 0, 'a.7z'), rowText(1, '2', 0, 'b.7z'), rowText(2, '1', 1, 'b.7z')].join('\n')).rows;
    const index = new CrossRowIndex();
    for (const r of rows) index.add(r);
    const first = index.findings(options).map((f) => f.ruleId);
    assert.deepEqual(first, ['R-duplicate-row', 'R11-report-serial-start', 'R14-archive-reused-order']);
    index.remove(rows[0]);
    // The former duplicate is now the visit's only row; nothing else changed.
    assert.deepEqual(index.findings(options).map((f) => f.ruleId), ['R11-report-serial-start', 'R14-archive-reused-order']);
    index.add(rows[0]);
    assert.deepEqual(index.findings(options), fullFindings(rows));
  });

  it('moves rows in place: after blank lines are inserted above some rows, findings equal those of the shifted text', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 2, maxLength: 12 }), fc.nat(), fc.integer({ min: 1, max: 3 }), (specs, at, blank) => {
        const lines = specs.map((s) => rowText(...s));
        const rows = parseCsv(lines.join('\n')).rows;
        const index = new CrossRowIndex({ trackRows: false });
        const slots = rows.map((r) => index.add(r));
        index.findings(options);
        // Blank lines are not rows: the rows from `cut` on move down by `blank` lines, their indexes stay.
        const cut = 1 + (at % (rows.length - 1));
        for (let i = cut; i < rows.length; i++) index.move(slots[i], blank, 0);
        const shifted = [...lines.slice(0, cut), ...Array.from({ length: blank }, () => ''), ...lines.slice(cut)].join('\n');
        assert.deepEqual(index.findings(options), fullFindings(parseCsv(shifted).rows));
      }),
      { numRuns: 300 },
    );
  });

  it('recomputes everything when the options change', () => {
    const rows = parseCsv([rowText(0, '1', 0, 'a.7z'), rowText(0, '1', 0, 'a.7z')].join('\n')).rows;
    const index = new CrossRowIndex();
    for (const r of rows) index.add(r);
    assert.equal(index.findings(options).length, 1);
    const off = defaultOptions({ now: 0, severities: { 'R-duplicate-row': 'off' } });
    assert.deepEqual(index.findings(off), []);
    assert.equal(index.findings(options).length, 1);
  });
});

describe('CrossRowIndex: the rows of one visit', () => {
  /** What the visit rules say of rows that share one visit, read plainly: [rule, row, line the message names]. */
  function expected(texts: string[], serials: string[]): [string, number, number | null][] {
    const out: [string, number, number | null][] = [];
    const firstOfText = new Map<string, number>();
    const firstOfSerial = new Map<number, number>();
    texts.forEach((text, i) => {
      if (firstOfText.has(text)) return void out.push(['R-duplicate-row', i, firstOfText.get(text)! + 1]);
      firstOfText.set(text, i);
      const n = /^\d{1,9}$/.test(serials[i]) ? Number(serials[i]) : -1;
      if (n < 1) return;
      if (firstOfSerial.has(n)) return void out.push(['R11-report-serial-dup', i, firstOfSerial.get(n)! + 1]);
      firstOfSerial.set(n, i);
    });
    const sorted = [...firstOfSerial.keys()].sort((x, y) => x - y);
    const gapAt = sorted.findIndex((n, k) => n !== sorted[0] + k);
    if (gapAt >= 0) out.push(['R11-report-serial-gap', firstOfSerial.get(sorted[gapAt])!, null]);
    else if (sorted[0] > 1) out.push(['R11-report-serial-start', firstOfSerial.get(sorted[0])!, null]);
    return out.sort((x, y) => x[1] - y[1]);
  }

  it('are reported as the rules read, for visits of a few rows and of many', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('1', '2', '3', '5', '12', '', 'x', '0'), fc.integer({ min: 0, max: 1 }), fc.constantFrom('a.7z', 'b.7z', '')), { minLength: 1, maxLength: 20 }),
        (specs) => {
          const texts = specs.map(([serial, order, archive]) => rowText(0, serial, order, archive));
          const index = new CrossRowIndex();
          for (const r of parseCsv(texts.join('\n')).rows) index.add(r);
          const visitFindings = index.findings(options).filter((f) => !f.ruleId.startsWith('R14-'));
          const got = visitFindings.map((f): [string, number, number | null] => {
            const line = /line (\d+)/.exec(f.message.en);
            return [f.ruleId, f.row!, line ? Number(line[1]) : null];
          });
          assert.deepEqual(got, expected(texts, specs.map(([serial]) => serial)));
        },
      ),
      { numRuns: 400 },
    );
  });
});
