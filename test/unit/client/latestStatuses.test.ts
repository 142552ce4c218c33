import assert from 'node:assert/strict';
import { LatestStatuses } from '../../../client/src/latestStatuses';
import type { StatusParams } from '../../../server/src/shared/protocol';

const URI = 'file:///x/3501200000_20261125_001.csv';
const status = (version: number, errors: number, opening = 1): StatusParams => ({
  uri: URI, opening, version, rows: 1, errors, warnings: 0, infos: 0, nearestDeadline: null, truncated: false,
});

describe('client: the latest status of each open upload CSV', function () {
  it('keeps the newest version, not one that arrives late', function () {
    const latest = new LatestStatuses(() => true);
    assert.equal(latest.accept(status(2, 5)), true);
    assert.equal(latest.accept(status(1, 9)), false);
    assert.equal(latest.get(URI)?.errors, 5);
  });

  it('drops a status that arrives after its CSV was closed, so the CSV opened again (from version 1) shows its own', function () {
    let open = true;
    const latest = new LatestStatuses((uri) => open && uri === URI);
    latest.accept(status(7, 5));
    open = false;
    latest.forget(URI);
    // The server's answer to the last edit crossed the close.
    assert.equal(latest.accept(status(8, 6)), false);
    assert.equal(latest.get(URI), undefined);
    open = true;
    assert.equal(latest.accept(status(1, 0, 2)), true);
    assert.equal(latest.get(URI)?.errors, 0);
  });

  it('drops a status the server sent before it saw the close, arriving after the CSV was opened again, whose versions start over', function () {
    const latest = new LatestStatuses(() => true);
    latest.accept(status(7, 5, 1));
    latest.forget(URI);
    // Closed and opened again before the server's answer to the last edit arrived.
    assert.equal(latest.accept(status(8, 6, 1)), false);
    assert.equal(latest.get(URI), undefined);
    assert.equal(latest.accept(status(1, 0, 2)), true);
    assert.equal(latest.accept(status(2, 3, 2)), true);
    assert.deepEqual([latest.get(URI)?.version, latest.get(URI)?.errors], [2, 3]);
  });

  it('lets a status of the CSV opened again replace one of an earlier opening whatever their versions, and never the reverse', function () {
    const latest = new LatestStatuses(() => true);
    // Nothing was kept of the opening closed: its late status is taken until the new opening's first one comes.
    latest.forget(URI);
    assert.equal(latest.accept(status(8, 6, 1)), true);
    assert.equal(latest.accept(status(1, 0, 2)), true);
    assert.equal(latest.accept(status(9, 7, 1)), false);
    assert.deepEqual([latest.get(URI)?.version, latest.get(URI)?.errors], [1, 0]);
  });

  it('puts a next deadline into the kept status of its version, keeping counts that came after the question', function () {
    const latest = new LatestStatuses(() => true);
    latest.accept(status(3, 5));
    latest.accept(status(3, 2));
    const next = { row: 1, line: 2, deadline: '2026-11-26T01:00:00.000Z', msLeft: 60_000 };
    assert.equal(latest.setNearestDeadline(URI, 3, next), true);
    assert.deepEqual([latest.get(URI)?.errors, latest.get(URI)?.nearestDeadline], [2, next]);
    latest.accept(status(4, 1));
    assert.equal(latest.setNearestDeadline(URI, 3, null), false);
    assert.deepEqual([latest.get(URI)?.version, latest.get(URI)?.nearestDeadline], [4, null]);
    assert.equal(latest.setNearestDeadline('file:///elsewhere.csv', 4, next), false);
  });
});
