import assert from 'node:assert/strict';
import { PassedDeadlines } from '../../../client/src/passedDeadlines';
import { ManualClock } from '../../fixtures/manualClock';
import type { DeadlinesParams, DeadlinesResult, StatusParams } from '../../../server/src/shared/protocol';

const URI = 'file:///x/3501200000_20261125_001.csv';
const AT = Date.parse('2026-11-25T10:00:00Z');

const status = (version: number, deadline: number | null): StatusParams => ({
  uri: URI, opening: 1, version, rows: 3, errors: 0, warnings: 0, infos: 0, truncated: false,
  nearestDeadline: deadline === null ? null : { row: 0, line: 1, deadline: new Date(deadline).toISOString(), msLeft: deadline - AT + 60_000 },
});

const answer = (version: number, open: number, next?: number): DeadlinesResult => ({
  uri: URI, version, open, missed: 1, omitted: 0,
  rows: next === undefined ? [] : [{ row: 2, line: 3, deadline: new Date(next).toISOString(), msLeft: next - AT, basis: '', orderCode: '33070B', orderName: '', maskedId: '' }],
});

function harness(reply: (params: DeadlinesParams) => DeadlinesResult | null) {
  const asked: DeadlinesParams[] = [];
  const updates: StatusParams[] = [];
  const passed = new PassedDeadlines(async (params) => {
    asked.push(params);
    return reply(params);
  }, (s) => updates.push(s));
  return { passed, asked, updates };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('client: the status bar moves on from a nearest deadline the clock has passed', function () {
  it('asks nothing while the nearest deadline is ahead', async function () {
    const { passed, asked } = harness(() => answer(4, 1, AT + 3_600_000));
    passed.follow(status(4, AT + 1), AT);
    await settle();
    assert.deepEqual(asked, []);
  });

  it('once passed, asks for the earliest deadline and shows the next open one with its time left', async function () {
    const next = AT + 3_600_000;
    const { passed, asked, updates } = harness(() => answer(4, 2, next));
    passed.follow(status(4, AT - 1), AT);
    await settle();
    assert.deepEqual(asked, [{ uri: URI, limit: 1 }]);
    assert.deepEqual(updates.map((s) => s.nearestDeadline), [{ row: 2, line: 3, deadline: new Date(next).toISOString(), msLeft: 3_600_000 }]);
    assert.equal(updates[0].errors, 0);
    assert.equal(updates[0].version, 4);
  });

  it('asks nothing in the millisecond of the deadline, which the server still counts as open, and asks the one after', async function () {
    // The server answers by the time of the request: at AT the deadline AT is open (msLeft 0), after it missed.
    let serverNow = AT;
    const next = AT + 3_600_000;
    const { passed, asked, updates } = harness(() => (serverNow > AT ? answer(4, 1, next) : answer(4, 2, AT)));
    passed.follow(status(4, AT), AT);
    await settle();
    assert.deepEqual(asked, [], 'not passed yet');
    serverNow = AT + 1;
    passed.follow(status(4, AT), AT + 1);
    await settle();
    assert.equal(asked.length, 1);
    assert.deepEqual(updates.map((s) => s.nearestDeadline?.deadline), [new Date(next).toISOString()]);
  });

  it('shows no deadline when none is open any more', async function () {
    const { passed, updates } = harness(() => answer(4, 0, AT - 5));
    passed.follow(status(4, AT - 5), AT);
    await settle();
    assert.deepEqual(updates.map((s) => s.nearestDeadline), [null]);
  });

  it('asks once a passed deadline, however often the status is shown, and again for a new status', async function () {
    const { passed, asked } = harness(() => null);
    passed.follow(status(4, AT - 5), AT);
    passed.follow(status(4, AT - 5), AT + 60_000);
    await settle();
    assert.equal(asked.length, 1);
    passed.follow(status(5, AT - 5), AT + 60_000);
    await settle();
    assert.equal(asked.length, 2);
    passed.forget(URI);
    passed.follow(status(5, AT - 5), AT + 60_000);
    await settle();
    assert.equal(asked.length, 3);
  });

  it('drops an answer that comes after its document closed, which the one opened again in its place numbers from version 1', async function () {
    let reply!: (answer: DeadlinesResult) => void;
    const updates: StatusParams[] = [];
    const passed = new PassedDeadlines(() => new Promise((resolve) => (reply = resolve)), (s) => updates.push(s));
    passed.follow(status(4, AT - 5), AT);
    passed.forget(URI);
    reply(answer(4, 1, AT + 3_600_000));
    await settle();
    assert.deepEqual(updates, []);
  });

  it('drops an answer about another version of the document, and a failed request', async function () {
    const late = harness(() => answer(5, 1, AT + 10));
    late.passed.follow(status(4, AT - 5), AT);
    await settle();
    assert.deepEqual(late.updates, []);
    const failed = new PassedDeadlines(() => Promise.reject(new Error('Client is not running')), () => assert.fail('no update'));
    failed.follow(status(4, AT - 5), AT);
    await settle();
  });
});

describe('client: the status bar after the clock was set back', function () {
  const HOUR = 3_600_000;

  /** A document whose rows have these deadlines, answered as the server answers nhiImaging/deadlines: by the time of the request. */
  function server(clock: ManualClock, deadlines: number[]) {
    const asked: DeadlinesParams[] = [];
    const updates: StatusParams[] = [];
    const passed = new PassedDeadlines(async (params) => {
      asked.push(params);
      const now = clock.now();
      const open = deadlines.filter((at) => at >= now).sort((a, b) => a - b);
      const missed = deadlines.filter((at) => at < now).sort((a, b) => a - b);
      const rows = [...open, ...missed].slice(0, params.limit).map((at) => ({
        row: deadlines.indexOf(at), line: deadlines.indexOf(at) + 1, deadline: new Date(at).toISOString(), msLeft: at - now, basis: '', orderCode: '33070B', orderName: '', maskedId: '',
      }));
      return { uri: URI, version: 4, rows, open: open.length, missed: missed.length, omitted: deadlines.length - rows.length };
    }, (s) => updates.push(s));
    /** The status the bar shows: the last handed on, or the server's. */
    const shown = (fromServer: StatusParams) => updates.at(-1) ?? fromServer;
    return { passed, asked, updates, shown };
  }

  /** The status of a validation an hour before AT, when the nearest open deadline was AT. */
  const validated = (): StatusParams => ({ ...status(4, AT), nearestDeadline: { row: 0, line: 1, deadline: new Date(AT).toISOString(), msLeft: HOUR } });

  it('shows the earlier deadline open again, asking the server again when its answer left that one out', async function () {
    const clock = new ManualClock();
    clock.time = AT + 1;
    const { passed, asked, updates, shown } = server(clock, [AT, AT + 2 * HOUR]);
    passed.follow(validated(), clock.now());
    await settle();
    assert.deepEqual(updates.map((s) => s.nearestDeadline?.deadline), [new Date(AT + 2 * HOUR).toISOString()]);
    clock.time = AT - 10 * 60_000;
    passed.follow(shown(validated()), clock.now());
    await settle();
    assert.equal(asked.length, 2);
    assert.deepEqual(shown(validated()).nearestDeadline, { row: 0, line: 1, deadline: new Date(AT).toISOString(), msLeft: 10 * 60_000 });
    passed.follow(shown(validated()), clock.now());
    await settle();
    assert.equal(asked.length, 2, 'the answer at the clock set back tells all');
  });

  it('shows the deadline open again without asking when the answer listed every row', async function () {
    const clock = new ManualClock();
    clock.time = AT + 1;
    const { passed, asked, updates, shown } = server(clock, [AT]);
    passed.follow(validated(), clock.now());
    await settle();
    assert.deepEqual(updates.map((s) => s.nearestDeadline), [null]);
    clock.time = AT - 60_000;
    passed.follow(shown(validated()), clock.now());
    await settle();
    assert.equal(asked.length, 1);
    assert.deepEqual(shown(validated()).nearestDeadline, { row: 0, line: 1, deadline: new Date(AT).toISOString(), msLeft: 60_000 });
    clock.time = AT + 1;
    passed.follow(shown(validated()), clock.now());
    await settle();
    assert.deepEqual([asked.length, shown(validated()).nearestDeadline], [1, null], 'passed again');
  });

  it('asks the server when the clock was set back before the validation of the status shown, when deadlines missed then may be open', async function () {
    const clock = new ManualClock();
    clock.time = AT - 2 * HOUR;
    const { passed, asked, shown } = server(clock, [AT - 90 * 60_000, AT]);
    passed.follow(validated(), AT - HOUR);
    await settle();
    assert.equal(asked.length, 0);
    passed.follow(validated(), clock.now());
    await settle();
    assert.equal(asked.length, 1);
    assert.equal(shown(validated()).nearestDeadline?.deadline, new Date(AT - 90 * 60_000).toISOString());
  });
});
