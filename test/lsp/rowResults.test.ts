import { strict as assert } from 'node:assert';
import { RowResults, Unbuilt } from '../../server/src/lsp/rowResults';
import type { Finding } from '../../server/src/core/types';

function finding(row: number): Finding {
  return {
    ruleId: 'F08-checksum', severity: 'error', field: 8, row,
    range: { start: { line: row, character: 0 }, end: { line: row, character: 1 } },
    message: { 'zh-TW': '錯', en: 'wrong' },
  };
}

const noBuild = (i: number): Finding[] => assert.fail(`row ${i}'s findings were built`);

/** Row i validated with deadline 1000 + i, slot 10 + i, one finding on odd rows, its note at position 0, rank 2. */
function filled(n: number): RowResults {
  const r = new RowResults(noBuild);
  r.reset(n);
  for (let i = 0; i < n; i++) r.set(i, i % 2 ? [finding(i)] : [], 1000 + i, i % 3 === 0 ? 'referral' : 'exam', i % 3 === 0 ? 17 : 12, 2, 0, 10 + i, false);
  return r;
}

function describeRow(r: RowResults, i: number): string {
  if (!r.has(i)) return 'pending';
  return `${r.deadlineMs(i)}/${r.deadlineBasis(i)}/${r.deadlineField(i)}/slot ${r.slot(i)}/${r.findings(i).length} finding(s)/rank ${r.noteRank(i)}${r.isOwned(i) ? '/owned' : ''}`;
}

describe('RowResults (what validation left of each row, in typed arrays)', () => {
  it('starts with every row pending and keeps what is set for a row', () => {
    const r = new RowResults(noBuild);
    r.reset(3);
    assert.equal(r.length, 3);
    assert.deepEqual([0, 1, 2].map((i) => r.has(i)), [false, false, false]);
    r.set(1, [finding(1)], 5000, 'replacement-card', 4, 1, 1, 7, true);
    assert.equal(describeRow(r, 1), '5000/replacement-card/4/slot 7/1 finding(s)/rank 1/owned');
    assert.equal(r.notePosition(1), 1);
    assert.equal(r.has(0), false);
    assert.equal(r.has(3), false, 'past the end');
    r.clear(1);
    assert.equal(r.has(1), false);
    assert.deepEqual(r.findings(1), []);
  });

  it('an insertion moves the rows after it with their results; the new rows are pending', () => {
    const r = filled(5);
    const before = [0, 1, 2, 3, 4].map((i) => describeRow(r, i));
    r.splice(2, 1, 3); // row 2 replaced by three rows
    assert.equal(r.length, 7);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => describeRow(r, i)), [before[0], before[1], 'pending', 'pending', 'pending', before[3], before[4]]);
  });

  it('a deletion moves the rows after it back', () => {
    const r = filled(6);
    const before = [0, 1, 2, 3, 4, 5].map((i) => describeRow(r, i));
    r.splice(1, 3, 0);
    assert.equal(r.length, 3);
    assert.deepEqual([0, 1, 2].map((i) => describeRow(r, i)), [before[0], before[4], before[5]]);
  });

  it('an edit that keeps the row count leaves the other rows as they were', () => {
    const r = filled(4);
    const before = [0, 1, 2, 3].map((i) => describeRow(r, i));
    r.splice(1, 2, 2);
    assert.deepEqual([0, 1, 2, 3].map((i) => describeRow(r, i)), [before[0], 'pending', 'pending', before[3]]);
  });

  it('grows past its capacity (a large paste) without losing rows', () => {
    const r = filled(3);
    const last = describeRow(r, 2);
    r.splice(1, 0, 10_000);
    assert.equal(r.length, 10_003);
    assert.equal(describeRow(r, 10_002), last);
    assert.equal(r.has(5000), false);
    r.set(5000, [], 42, 'exam', 12, -1, 0, -1, false);
    assert.equal(describeRow(r, 5000), '42/exam/12/slot -1/0 finding(s)/rank -1');
  });

  it('drops the kept deadline notes of rows an edit moved or replaced, and keeps those before it', () => {
    const r = filled(5);
    for (const i of [0, 1, 3]) r.keepNote(i, finding(i));
    r.splice(2, 0, 1);
    assert.ok(r.note(0) && r.note(1));
    assert.equal(r.note(3), undefined);
    assert.equal(r.note(4), undefined, 'row 3 moved to 4 without its note');
    r.keepNote(0, finding(0));
    r.set(0, [], 1, 'exam', 12, 2, 0, 1, false);
    assert.equal(r.note(0), undefined, 'a row validated again loses its note');
  });

  it('reset forgets every row and note, whatever was there before', () => {
    const r = filled(5);
    r.keepNote(1, finding(1));
    r.reset(2);
    assert.equal(r.length, 2);
    assert.deepEqual([r.has(0), r.has(1)], [false, false]);
    assert.equal(r.note(1), undefined);
  });

  it('own() marks the findings as the document\'s copies', () => {
    const r = filled(2);
    const copy = [finding(1)];
    r.own(1, copy);
    assert.equal(r.findings(1), copy);
    assert.equal(r.isOwned(1), true);
    assert.equal(r.isOwned(0), false);
  });

  it('finds the next validated row with findings or a note of a rank, skipping the others', () => {
    const r = new RowResults(noBuild);
    r.reset(7);
    r.set(0, [], 1000, 'exam', 12, 2, 0, 0, false);
    r.set(1, [], 1000, 'exam', 12, 1, 0, 1, false);
    r.set(2, [], NaN, 'exam', 12, -1, 0, 2, false);
    r.set(3, [finding(3)], 1000, 'exam', 12, 2, 0, 3, false);
    // Row 4 is pending; row 5 has a note of rank 1 but is pending again.
    r.set(5, [], 1000, 'exam', 12, 1, 0, 5, false);
    r.clear(5);
    r.set(6, [], 1000, 'exam', 12, 1, 0, 6, false);
    assert.deepEqual([0, 2, 4].map((i) => r.nextWith(i, 1)), [1, 3, 6]);
    assert.deepEqual([0, 1, 4].map((i) => r.nextWith(i, 2)), [0, 3, 7]);
    assert.equal(r.nextWith(0, 0), 3);
    assert.equal(r.nextWith(7, 1), 7);
  });

  it('keeps the counts of findings that arrive unbuilt, and builds them from the row when they are first read', () => {
    const built: number[] = [];
    const warning = (row: number): Finding => ({ ...finding(row), ruleId: 'F13-body-site', severity: 'warning' });
    const r = new RowResults((i) => (built.push(i), [finding(i), warning(i)]));
    r.reset(4);
    r.set(0, [], 1000, 'exam', 12, 2, 0, 0, false);
    r.set(1, new Unbuilt([1, 1, 0, 0]), 1000, 'exam', 12, 2, 1, 1, true);
    r.set(2, new Unbuilt([0, 0, 0, 0]), 1000, 'exam', 12, -1, 0, 2, false);
    r.set(3, [warning(3)], 1000, 'exam', 12, 2, 0, 3, false);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) r.addCounts(i, counts, 1);
    assert.deepEqual(counts, [1, 2, 3, 0], 'the unbuilt counts, the listed findings and the notes');
    // An unbuilt row is the next of a rank only when it has findings of that rank.
    assert.deepEqual([r.nextWith(0, 0), r.nextWith(0, 1), r.nextWith(2, 1)], [1, 1, 3]);
    assert.equal(r.nextWith(2, 0), 3, 'a built list is visited, whatever ranks it holds');
    assert.deepEqual(built, [], 'counting and finding rows build nothing');
    assert.equal(r.isBuilt(1), false);
    // Rows moved by an edit move their unbuilt findings with them.
    r.splice(0, 1, 2);
    assert.equal(r.isBuilt(2), false);
    assert.deepEqual(r.findings(2).map((f) => f.row), [2, 2]);
    assert.deepEqual(built, [2]);
    assert.equal(r.isBuilt(2), true);
    assert.equal(r.isOwned(2), false, 'built findings are the engine\'s until the row moves');
    r.findings(2);
    assert.deepEqual(built, [2], 'built once');
    counts.fill(0);
    r.addCounts(2, counts, 1);
    assert.deepEqual(counts, [1, 1, 1, 0]);
  });
});
