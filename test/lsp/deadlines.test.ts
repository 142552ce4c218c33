/**
 * nhiImaging/deadlines over stdio: the rows' incentive deadlines (上傳獎勵期限), the earliest open ones first, then
 * the missed ones, for the VS Code extension's deadlines view.
 */
import * as assert from 'node:assert/strict';
import { LspClient } from './harness';
import { NOW_ISO, URI } from './expected';
import { withRawClient } from './rawClient';
import { FIXTURE_NOW, validCsv, validLine, validRow } from '../fixtures/rows';
import { formatRoc } from '../../server/src/core/roc';
import { DEADLINES_REQUEST, type DeadlinesResult } from '../../server/src/shared/protocol';

/**
 * Rows whose deadlines, at FIXTURE_NOW, are: 0 missed 5 h 05 min ago (a referral), 1 in 22 h 57 min, 2 in 19 h 22 min 17 s
 * (a replacement card), 3 in 17 h 57 min (a referral), 4 in 56 min, 5 in 13 h 55 min, 6 missed 5 min ago; 7 has no exam
 * time to count from, and 8's exam is 3 h after the reference time (F-future).
 */
function fixture(): string {
  const noExamTime = validRow(2);
  noExamTime[11] = '11411x';
  const future = validRow(4);
  future[11] = formatRoc(FIXTURE_NOW + 3 * 3600_000, 'YYYMMDDHHMM')!;
  return [validLine(30), validLine(0), validLine(5), validLine(7), validLine(22), validLine(9), validLine(23), noExamTime.join(','), future.join(',')].join('\n') + '\n';
}

const MINUTE = 60_000;

describe('language server over stdio: the incentive deadlines of a document (nhiImaging/deadlines)', function () {
  this.timeout(120_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  const deadlines = (params: { uri: string; limit?: number }) => client!.request<DeadlinesResult | null>(DEADLINES_REQUEST, params);

  it('lists open deadlines by time, then missed ones, with the time left at the reference time, masked IDs and English names', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } });
    await client.open(URI, fixture());
    const answer = await deadlines({ uri: URI });
    assert.deepEqual(
      answer?.rows.map((r) => [r.row, r.msLeft]),
      [[4, 56 * MINUTE], [5, (13 * 60 + 55) * MINUTE], [3, (17 * 60 + 57) * MINUTE], [2, (19 * 60 + 22) * MINUTE + 17_000], [1, (22 * 60 + 57) * MINUTE], [0, -(5 * 60 + 5) * MINUTE], [6, -5 * MINUTE]],
    );
    assert.deepEqual(answer?.rows[0], {
      row: 4,
      line: 4,
      deadline: '2025-11-25T01:56:00.000Z',
      msLeft: 56 * MINUTE,
      basis: '24 h after the exam',
      orderCode: '33085B',
      orderName: 'MRI with contrast',
      maskedId: 'W10****001',
    });
    assert.deepEqual(answer?.rows.map((r) => r.basis).slice(2, 4), ['24 h after the referred images arrived', '24 h after the replacement card swipe']);
    assert.deepEqual([answer?.uri, answer?.version, answer?.open, answer?.missed, answer?.omitted], [URI, 1, 5, 2, 0]);
  });

  it('answers at most `limit` rows, counting the others as omitted', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } });
    await client.open(URI, fixture());
    const three = await deadlines({ uri: URI, limit: 3 });
    assert.deepEqual([three?.rows.map((r) => r.row), three?.open, three?.missed, three?.omitted], [[4, 5, 3], 5, 2, 4]);
    const six = await deadlines({ uri: URI, limit: 6 });
    assert.deepEqual([six?.rows.map((r) => r.row), six?.omitted], [[4, 5, 3, 2, 1, 0], 1]);
    const none = await deadlines({ uri: URI, limit: 0 });
    assert.deepEqual([none?.rows, none?.omitted], [[], 7]);
  });

  it('speaks the language of the settings; a document it does not hold answers null', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'zh-TW' } });
    await client.open(URI, fixture());
    const answer = await deadlines({ uri: URI, limit: 1 });
    assert.deepEqual(
      answer?.rows.map((r) => [r.basis, r.orderCode, r.orderName, r.maskedId]),
      [['實際檢查後 24 小時', '33085B', '磁振造影—有造影劑', 'W10****001']],
    );
    assert.equal(await deadlines({ uri: 'file:///elsewhere.csv' }), null);
  });

  it('answers the document as validated after an edit', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } });
    await client.open(URI, fixture());
    // Row 4 (56 min left) loses its exam time: row 5 is the first now.
    const line = validLine(22);
    const at = line.indexOf(`,${validRow(22)[11]},`) + 1;
    await client.change(URI, [{ range: { start: { line: 4, character: at }, end: { line: 4, character: at + 1 } }, text: 'x' }]);
    const answer = await deadlines({ uri: URI, limit: 1 });
    assert.deepEqual([answer?.version, answer?.rows.map((r) => r.row), answer?.open], [2, [5], 4]);
  });

  it('answers from the deadlines of 100,000 rows the earliest `limit`, in order', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } });
    await client.open(URI, validCsv(100_000));
    const answer = (await deadlines({ uri: URI }))!;
    assert.equal(answer.rows.length, 200);
    // The fixture's exams fall hour by hour over 60 days, so few deadlines are still open; 10 rows are referrals whose
    // images arrive 2 h after an exam in the last hour, later than the reference time (F-future), and are left out.
    assert.deepEqual([answer.open, answer.missed, answer.omitted], [1_610, 98_380, 99_990 - 200]);
    for (let k = 1; k < answer.rows.length; k++) assert.ok(answer.rows[k - 1].msLeft <= answer.rows[k].msLeft, `row ${k} in order`);
    // A replacement card swiped 1 h 30 min 17 s after an exam 25 h 07 min before the reference time.
    assert.deepEqual([answer.rows[0].row, answer.rows[0].msLeft], [44_664, 23 * MINUTE + 17_000]);
    assert.ok(answer.rows[199].msLeft >= 0, 'the 200 are all open');
  });

  it('with the reference time "now", counts a deadline that passed since the last validation as missed', async () => {
    // A replacement card swiped (to the second) 24 h before a deadline 3 s from now, an hour after the exam.
    const deadline = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    const swipe = deadline - 24 * 3600_000;
    const exam = swipe - 3600_000;
    const row = validRow(5);
    assert.equal(row[6], '2', 'a replacement card');
    row[2] = formatRoc(exam, 'YYYMMDDHHMM')!.slice(0, 5);
    row[3] = formatRoc(swipe, 'YYYMMDDHHMMSS')!;
    row[11] = formatRoc(exam, 'YYYMMDDHHMM')!;
    client = await LspClient.start({ settings: { deadlineReferenceTime: 'now', language: 'en' } });
    await client.open(URI, `${row.join(',')}\n`);
    const before = (await deadlines({ uri: URI }))!;
    assert.deepEqual([before.open, before.missed, before.rows[0]?.deadline], [1, 0, new Date(deadline).toISOString()]);
    assert.ok(before.rows[0].msLeft > 0);
    // No edit, no change of settings: the server does not validate again (it does every 5 minutes).
    await new Promise((resolve) => setTimeout(resolve, deadline + 500 - Date.now()));
    const after = (await deadlines({ uri: URI }))!;
    assert.deepEqual([after.version, after.open, after.missed], [1, 0, 1]);
    assert.ok(after.rows[0].msLeft < 0, `msLeft ${after.rows[0].msLeft} from the time of the request`);
  });

  it('answers a request of another shape InvalidParams', async () => {
    await withRawClient({}, async (raw) => {
      raw.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: `${validLine(0)}\n` } });
      for (const params of [null, {}, { uri: 1 }, { uri: URI, limit: -1 }, { uri: URI, limit: 1.5 }, { uri: URI, limit: '3' }]) {
        const answer = await raw.request(DEADLINES_REQUEST, params);
        assert.equal(answer.error?.code, -32602, `${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
      }
      const answer = await raw.request(DEADLINES_REQUEST, { uri: URI, limit: 5 });
      assert.equal((answer.result as DeadlinesResult).rows.length, 1, JSON.stringify(answer));
    });
  });
});
