/** Completion in the date fields: what is offered is a value the row's own checks accept. */
import { strict as assert } from 'node:assert';
import { defaultOptions, exampleText, EXAMPLE_FILE_NAME, EXAMPLE_NOW, validateText } from '../../../server/src/core/index';
import { completionsFor, describeCell, describeDeadline } from '../../../server/src/core/describe';

const cells = (patch: Record<number, string> = {}) => exampleText(patch).trimEnd().split(',');
const offered = (field: number, patch: Record<number, string> = {}, lang: 'en' | 'zh-TW' = 'en') =>
  completionsFor(cells(patch), field, lang, EXAMPLE_NOW, EXAMPLE_FILE_NAME);

/** The findings other than the deadline note of the example row patched, with `value` in `field`. */
function findingsWith(patch: Record<number, string>, field: number, value: string): string[] {
  const text = exampleText({ ...patch, [field]: value });
  return validateText(text, defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME })).findings
    .filter((f) => !f.ruleId.startsWith('DEADLINE')).map((f) => f.ruleId);
}

describe('describe: date completions fit the row', () => {
  // EXAMPLE_NOW is 2025-11-25 12:00 in Taipei, ROC 114/11/25.
  it('field 3 offers the month of the exam time (field 12), not the month of now', () => {
    const patch = { 3: '', 4: '1141031093015', 12: '11410310945' };
    assert.deepEqual(offered(3, patch).map((e) => e.value), ['11410']);
    assert.match(offered(3, patch)[0].detail, /exam time \(field 12\)/);
    assert.match(offered(3, patch, 'zh-TW')[0].detail, /實際檢查日期時間（序號12）/);
    assert.deepEqual(findingsWith(patch, 3, '11410'), []);
    // Without a valid exam time, now.
    assert.deepEqual(offered(3, { 3: '', 12: '' }).map((e) => e.value), ['11411']);
  });

  it('no "now" where the row shows it cannot be the value', () => {
    // A card swiped now, after the exam, while field 7 is 1 (X04).
    assert.deepEqual(offered(4), []);
    assert.deepEqual(offered(4, { 7: '2' }).map((e) => e.value), ['1141125120000']);
    assert.deepEqual(findingsWith({ 7: '2' }, 4, '1141125120000'), []);
    // An exam now, outside field 3's month (X03) or after the images arrived (X17).
    assert.deepEqual(offered(12, { 3: '11410' }), []);
    assert.deepEqual(offered(12, { 17: '11411251000' }), []);
    assert.deepEqual(offered(12, { 17: '' }).map((e) => e.value), ['11411251200']);
    // A newborn born now, after the exam of an earlier day (X15-newborn-after-exam).
    assert.deepEqual(offered(15, { 4: '1141124093015', 12: '11411240945', 3: '11411', 16: 'A' }), []);
    assert.deepEqual(offered(15, { 16: 'A' }).map((e) => e.value), ['1141125']);
    assert.deepEqual(findingsWith({ 16: 'A' }, 15, '1141125'), []);
    // An exam now, on a day before a birth date the row holds (X09-birth-after-exam, X15-newborn-after-exam).
    assert.deepEqual(offered(12, { 15: '1141126', 16: 'A' }), []);
    assert.deepEqual(offered(12, { 9: '1141126' }), []);
  });

  it('field 7 offers 1 (normal) only where the card was not swiped after the exam (X04)', () => {
    assert.deepEqual(offered(7, { 4: '1141125100000' }).map((e) => e.value), ['2']);
    assert.deepEqual(findingsWith({ 4: '1141125100000' }, 7, '2'), []);
    assert.deepEqual(offered(7).map((e) => e.value), ['1', '2']);
    // An exam time of 0000 may be no recorded time: a swipe later that day is no sign of a replacement card.
    assert.deepEqual(offered(7, { 4: '1141125100000', 12: '11411250000' }).map((e) => e.value), ['1', '2']);
  });
});

describe('describe: what hover says of the upload rules of 四、(一) and 四、(二)', () => {
  const explanation = (field: number, lang: 'en' | 'zh-TW') => describeCell(cells(), field, lang).explanation;

  it('fields 12, 4 and 17 each say the 24-hour incentive window that counts from them', () => {
    assert.match(explanation(12, 'zh-TW'), /實際檢查日期時間後 24 小時內上傳/);
    assert.match(explanation(12, 'en'), /within 24 h after the exam time/);
    assert.match(explanation(4, 'zh-TW'), /補卡後 24 小時內上傳亦符合獎勵/);
    assert.match(explanation(4, 'en'), /replacement card swiped after the exam .*within 24 h of the swipe/);
    assert.match(explanation(17, 'zh-TW'), /收到影像後 24 小時內上傳亦符合獎勵/);
    assert.match(explanation(17, 'en'), /within 24 h of receiving the images/);
  });

  it('field 14 says one order code per archive and 4.5 GB at most', () => {
    assert.match(explanation(14, 'zh-TW'), /單一醫令代碼.*不可超過 4\.5GB/);
    assert.match(explanation(14, 'en'), /one order code .*at most 4\.5 GB/);
  });
});

describe('describe: the deadline a hover shows says what it counts from', () => {
  const deadline = Date.UTC(2025, 10, 26, 2, 0);
  it('names the basis of the window, as the DEADLINE note does, in both languages', () => {
    assert.equal(describeDeadline(deadline, EXAMPLE_NOW, 'en', 'replacement-card'), 'incentive deadline 2025-11-26 10:00 (Wed) (24 h after the replacement card swipe), 22 h left');
    assert.equal(describeDeadline(deadline, EXAMPLE_NOW, 'zh-TW', 'referral'), '上傳獎勵期限 2025-11-26 10:00（週三）（收到轉（代）檢影像後 24 小時），尚餘 22 小時');
  });
});
