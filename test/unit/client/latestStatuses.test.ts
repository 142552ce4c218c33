import assert from 'node:assert/strict';
import { LatestStatuses } from '../../../client/src/latestStatuses';
import type { StatusParams } from '../../../server/src/shared/protocol';

const URI = 'file:///x/3501200000_20261125_001.csv';
const status = (version: number, errors: number): StatusParams => ({ uri: URI, version, rows: 1, errors, warnings: 0, infos: 0, nearestDeadline: null, truncated: false });

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
    assert.equal(latest.accept(status(1, 0)), true);
    assert.equal(latest.get(URI)?.errors, 0);
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
