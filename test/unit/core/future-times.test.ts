import { strict as assert } from 'node:assert';
import { defaultOptions, exampleLine, exampleText, EXAMPLE_FILE_NAME, EXAMPLE_NOW, parseCsv, validateText, type Finding, type ValidationOptions } from '../../../server/src/core/index';

/** EXAMPLE_NOW is 2025-11-25 12:00 in Taipei; the tolerance is 15 minutes. */
const MINUTE = 60_000;
const opts = (o: Partial<ValidationOptions> = {}) => defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, lang: 'en', ...o });
const future = (patch: Record<number, string>, o: Partial<ValidationOptions> = {}): Finding[] =>
  validateText(exampleText(patch), opts(o)).findings.filter((f) => f.ruleId === 'F-future');

describe('F-future: times later than the reference time', () => {
  it('an exam time up to 15 minutes ahead is a clock difference; a minute more is a warning on field 12', () => {
    assert.deepEqual(future({ 12: '11411251215' }), []);
    const [f] = future({ 12: '11411251216' });
    assert.equal(f.severity, 'warning');
    assert.equal(f.field, 12);
    assert.deepEqual(f.range, parseCsv(exampleLine({ 12: '11411251216' })).rows[0].cells[11].range);
    assert.equal(f.message.en, 'exam time (field 12) 11411251216 (2025-11-25 12:16) is 16 min later than now (reference time 2025-11-25 12:00 (Tue)); upload data holds no future times, often a mistyped ROC year or month: correct it from the source record');
    assert.match(f.message['zh-TW'], /^實際檢查日期時間 11411251216（民國 114 年 11 月 25 日 12:16）比現在（參考時間 2025-11-25 12:00（週二））晚 16 分鐘；/);
  });

  it('a card swipe is compared to the second', () => {
    assert.deepEqual(future({ 4: '1141125121500' }), []);
    assert.deepEqual(future({ 4: '1141125121501' }).map((f) => f.field), [4]);
  });

  it('a date counts from its 00:00: never future on its own day, future the day before but for the last 15 minutes', () => {
    assert.deepEqual(future({ 9: '1141125' }), []);
    assert.deepEqual(future({ 9: '1141126' }).map((f) => f.field), [9]);
    const beforeMidnight = EXAMPLE_NOW + 11 * 60 * MINUTE; // 2025-11-25 23:00 in Taipei
    assert.deepEqual(future({ 9: '1141126' }, { now: beforeMidnight + 44 * MINUTE }).map((f) => f.field), [9]);
    assert.deepEqual(future({ 9: '1141126' }, { now: beforeMidnight + 45 * MINUTE }), []);
  });

  it('a wrong ROC year is named with how far ahead it is', () => {
    const [f] = future({ 3: '11511', 12: '11511250945' });
    assert.match(f.message.en, /is 364 d 21 h 45 min later than now/);
  });

  it('names the newborn birth date and the received time on their own cells', () => {
    assert.deepEqual(future({ 15: '1141127', 16: 'A' }).map((f) => f.field), [15]);
    const text = exampleText({ 17: '11411261000' });
    const [f] = future({ 17: '11411261000' });
    assert.equal(f.field, 17);
    assert.deepEqual(f.range, parseCsv(text).rows[0].cells[16].range);
  });

  it('is off when its severity is off, and not said of values that are not valid times', () => {
    assert.deepEqual(future({ 12: '11511250945' }, { severities: { 'F-future': 'off' } }), []);
    assert.deepEqual(future({ 12: '1151125094' }), []);
  });

  it('the deadline note of a row that starts in the future does not count the hours left', () => {
    const note = validateText(exampleText({ 3: '11511', 12: '11511250945' }), opts()).findings.find((f) => f.ruleId === 'DEADLINE')!;
    assert.equal(note.message.en, 'incentive deadline 2026-11-26 09:45 (Thu) (24 h after the exam); the time it counts from is later than now: correct that time first');
    assert.equal(note.message['zh-TW'], '上傳獎勵期限 2026-11-26 09:45（週四）（實際檢查後 24 小時）；起算的時間晚於現在，請先更正該時間');
    // Within the tolerance the hours are counted as before.
    const near = validateText(exampleText({ 12: '11411251215' }), opts()).findings.find((f) => f.ruleId === 'DEADLINE')!;
    assert.match(near.message.en, /24 h 15 min left$/);
  });
});
