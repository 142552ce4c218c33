/** The deadlines view between the server's answers: counts, order and time left at the time it is drawn. */
import assert from 'node:assert/strict';
import { deadlinesAt } from '../../../client/src/deadlinesAt';
import type { DeadlineRow, DeadlinesResult } from '../../../server/src/shared/protocol';

const MINUTE = 60_000;
/** When the server answered. */
const ANSWERED = Date.parse('2026-11-25T02:00:00.000Z');

function row(index: number, minutesLeft: number): DeadlineRow {
  const msLeft = minutesLeft * MINUTE;
  return { row: index, line: index, deadline: new Date(ANSWERED + msLeft).toISOString(), msLeft, basis: '24 h after the exam', orderCode: '33070B', orderName: '', maskedId: '' };
}

/** Rows 0 (5 min left), 1 (5 min left), 2 (2 h left), then 3 (missed an hour before), as the server orders them. */
const answer = (omitted = 0): DeadlinesResult => ({
  uri: 'file:///a.csv',
  version: 1,
  rows: [row(0, 5), row(1, 5), row(2, 120), row(3, -60)],
  open: 3 + omitted,
  missed: 1,
  omitted,
});

const shown = (result: DeadlinesResult, clockNow: number | undefined) => {
  const at = deadlinesAt(result, clockNow);
  return { rows: at.rows.map((r) => [r.row.row, r.msLeft / MINUTE]), open: at.open, missed: at.missed, exact: at.exact };
};

describe('deadlinesAt', () => {
  it('shows the answer as it came without the clock (a fixed reference time), or with it before any deadline passed', () => {
    const rows = [[0, 5], [1, 5], [2, 120], [3, -60]];
    assert.deepEqual(shown(answer(), undefined), { rows, open: 3, missed: 1, exact: true });
    assert.deepEqual(shown(answer(), ANSWERED + 2 * MINUTE), { rows: [[0, 3], [1, 3], [2, 118], [3, -62]], open: 3, missed: 1, exact: true });
  });

  it('counts a row whose deadline passed since the answer as missed, and lists it after the missed ones before it', () => {
    assert.deepEqual(shown(answer(), ANSWERED + 10 * MINUTE), { rows: [[2, 110], [3, -70], [0, -5], [1, -5]], open: 1, missed: 3, exact: true });
    assert.deepEqual(shown(answer(), ANSWERED + 3 * 60 * MINUTE).rows.map(([r]) => r), [3, 0, 1, 2]);
    assert.deepEqual(shown(answer(), ANSWERED + 3 * 60 * MINUTE).open, 0);
  });

  it('cannot tell the earliest rows once one passed its deadline while others were left out: those are asked for again', () => {
    assert.equal(shown(answer(5), ANSWERED + 2 * MINUTE).exact, true);
    const passed = shown(answer(5), ANSWERED + 10 * MINUTE);
    assert.equal(passed.exact, false);
    assert.deepEqual([passed.open, passed.missed], [6, 3]);
  });

  it('cannot tell the counts once the clock was set back before the answer while missed rows were left out: the latest misses, which come back first', () => {
    // Row 0 open, then the two oldest misses listed; two later misses (between 50 min ago and the answer) left out.
    const result: DeadlinesResult = { uri: 'file:///a.csv', version: 1, rows: [row(0, 5), row(3, -60), row(4, -50)], open: 1, missed: 4, omitted: 2 };
    assert.equal(shown(result, ANSWERED + 2 * MINUTE).exact, true);
    assert.equal(shown(result, ANSWERED - 20 * MINUTE).exact, false, 'a left-out miss of 10 min before the answer is open again');
    const allOpenListed: DeadlinesResult = { ...result, rows: [row(0, 5), row(1, 5)], open: 2, missed: 4, omitted: 4 };
    assert.equal(shown(allOpenListed, ANSWERED - MINUTE).exact, false);
    const noMissLeftOut: DeadlinesResult = { ...result, rows: [row(0, 5), row(1, 5), row(3, -60)], open: 4, missed: 1, omitted: 2 };
    assert.equal(shown(noMissLeftOut, ANSWERED - 20 * MINUTE).exact, true, 'left-out open rows stay open');
  });

  it('counts a missed row as open again when the clock was set back', () => {
    assert.deepEqual(shown(answer(), ANSWERED - 70 * MINUTE), { rows: [[3, 10], [0, 75], [1, 75], [2, 190]], open: 4, missed: 0, exact: true });
  });
});
