import { strict as assert } from 'node:assert';
import { defaultOptions, exampleText, EXAMPLE_FILE_NAME, EXAMPLE_NOW, validateText, type Finding, type ValidationOptions } from '../../../server/src/core/index';
import { fixText } from '../../../server/src/core/fix/fix-text';

/** Findings against the wording of the NHI text (nhi-imaging-upload-format.zh-TW.txt), field by field. */
const opts = (o: Partial<ValidationOptions> = {}) => defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, ...o });

function only(text: string, ruleId: string): Finding {
  const hits = validateText(text, opts()).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(hits.length, 1, `expected one ${ruleId}, got ${hits.length}`);
  return hits[0];
}

const count = (s: string, part: string) => s.split(part).length - 1;

describe('the NHI text, field by field', () => {
  it('表二 序號3: an execution month before ROC 1 says the expected form once, in both languages', () => {
    const f = only(exampleText({ 3: '-0511' }), 'F03-format');
    assert.equal(f.message['zh-TW'], '執行年月 -0511 不可為民國前年份；應為民國年月 YYYMM');
    assert.equal(f.message.en, 'execution year-month (field 3) -0511 cannot be a year before ROC 1; expected ROC year-month YYYMM');
    assert.equal(count(f.message.en, 'YYYMM'), 1);
  });

  it('表二 序號13 二(一): dental codes written with separators are told so, not as an invalid last code', () => {
    for (const [value, sep] of [['11;12', ';'], ['11-12', '-'], ['11/21/FM', '/'], ['11.21.31', '.']] as const) {
      const f = only(exampleText({ 10: '34004C', 13: value }), 'X13-body-site-code');
      assert.equal(f.message['zh-TW'], `診療部位 ${value} 的編碼之間有分隔符號「${sep}」；牙位與區域代碼每碼 2 字元，直接相連填寫（例如 1121FM），最多九個`);
      assert.equal(f.message.en, `body site (field 13) ${value} separates its codes with "${sep}"; dental tooth and region codes are two characters each, written one after another (e.g. 1121FM), at most nine`);
    }
    // Without separators an odd length still names the character left over, and an unknown pair names itself.
    assert.match(only(exampleText({ 10: '34004C', 13: '112' }), 'X13-body-site-code').message.en, /invalid dental codes 2;/);
    assert.match(only(exampleText({ 10: '34004C', 13: '1119' }), 'X13-body-site-code').message.en, /invalid dental codes 19;/);
  });

  it('表二 序號13 長度 18: a body site longer than 18 is an error also when its letters repeat or the order takes none', () => {
    const tooLong = (text: string) => validateText(text, opts()).findings.filter((f) => f.ruleId === 'F-too-long');
    // 19 region letters, one of them twice: the repeat is a warning of its own, and the length still rejects the row.
    const repeated = 'HAFUNJKGCIPEQMVSTOH';
    const f = tooLong(exampleText({ 13: repeated }));
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.equal(f[0].field, 13);
    assert.equal(f[0].message['zh-TW'], `診療部位 ${repeated} 長度 19，超過 18`);
    assert.equal(f[0].message.en, `body site (field 13) ${repeated} is 19 characters long, more than 18`);
    assert.ok(only(exampleText({ 13: repeated }), 'X13-body-site-repeat'));
    // An order without a body site: the value is out of place (a warning) and too long (an error).
    assert.equal(tooLong(exampleText({ 10: '19001C', 13: 'HAFUNJKGCIPEQMVSTOB' })).length, 1);
    // At 18 only the repeat is told; a value whose codes are wrong is not told its length on top.
    assert.equal(tooLong(exampleText({ 13: 'HAFUNJKGCIPEQMVSTH' })).length, 0);
    assert.equal(tooLong(exampleText({ 13: 'HAFUNJKGCIPEQMVSTOX' })).length, 0);
  });

  it('表二 序號12、17: a time written with seconds is told so, with the fix that drops them', () => {
    for (const [field, ruleId, name] of [[12, 'F12-format', ['實際檢查日期時間', 'exam time (field 12)']], [17, 'F17-format', ['實際收到影像日期時間', 'image received time (field 17)']]] as const) {
      const f = only(exampleText({ [field]: '1141125094530' }), ruleId);
      assert.equal(f.message['zh-TW'], `${name[0]} 1141125094530 多了秒（民國 YYYMMDDHHMMSS）；本欄為民國 YYYMMDDHHMM，不含秒，應寫 11411250945`);
      assert.equal(f.message.en, `${name[1]} 1141125094530 has seconds (ROC YYYMMDDHHMMSS); the field is ROC YYYMMDDHHMM, without seconds: 11411250945`);
      assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['drop-seconds', '11411250945']]);
    }
  });

  it('表二 序號4: a swipe time without seconds is told so, with no guess at the seconds or at lost zeros', () => {
    const f = only(exampleText({ 4: '11411250930' }), 'F04-format');
    assert.equal(f.message['zh-TW'], '健保卡刷卡日期時間 11411250930 沒有秒（民國 YYYMMDDHHMM）；本欄為民國 YYYMMDDHHMMSS，含秒：請依讀卡機產生的刷卡時間填寫');
    assert.equal(f.message.en, 'card swipe time (field 4) 11411250930 has no seconds (ROC YYYMMDDHHMM); the field is ROC YYYMMDDHHMMSS, with seconds: take them from the time the card reader recorded');
    assert.equal(f.fixes, undefined);
  });

  it('表二 序號11、14: the findings across rows name their field in both languages', () => {
    const second = 'DCF3501200000_C00000000002.7z';
    const cases: [string, string, string, string][] = [
      [exampleText({}, { 14: second }), 'R11-report-serial-dup', '報告序號', 'report serial (field 11)'],
      [exampleText({}, { 11: '3', 14: second }), 'R11-report-serial-gap', '報告序號', 'report serials (field 11)'],
      [exampleText({ 11: '2' }), 'R11-report-serial-start', '報告序號', 'report serial (field 11)'],
      [exampleText({}, { 11: '2', 10: '33071B' }), 'R14-archive-reused-order', '影像壓縮檔名稱', 'archive name (field 14)'],
      [exampleText({}, { 11: '2' }), 'R14-archive-reused', '影像壓縮檔名稱', 'archive name (field 14)'],
      [exampleText({}, { 11: '2', 14: 'DCF3501200000_C00000000001.CAB' }), 'R14-case-number-reused', '影像壓縮檔名稱', 'archive name (field 14)'],
      [exampleText({}, { 11: '2', 14: 'DCF3501200000_c00000000001.7z' }), 'R14-case-number-reused', '影像壓縮檔名稱', 'archive name (field 14)'],
    ];
    for (const [text, ruleId, zh, en] of cases) {
      const f = only(text, ruleId);
      assert.ok(f.message['zh-TW'].includes(zh), `${ruleId}: ${f.message['zh-TW']}`);
      assert.ok(f.message.en.includes(en), `${ruleId}: ${f.message.en}`);
    }
  });
  it('表一、表二: a code written as the Chinese name the text gives it is told its code, and the fix writes the code', () => {
    const cases: [Record<number, string>, number, string, string][] = [
      [{ 2: '門診西醫醫院' }, 2, '醫事類別', '12'],
      [{ 5: '西醫門診' }, 5, '就醫類別', '01'],
      [{ 7: '補卡' }, 7, '補卡註記', '2'],
      [{ 10: '電腦斷層造影—有造影劑' }, 10, '醫令代碼', '33071B'],
      [{ 10: '齒顎全景X光片攝影', 13: 'FM' }, 10, '醫令代碼', '34004C'],
      [{ 13: '頭部' }, 13, '診療部位', 'H'],
      // 表二 序號13 三: 頸椎及胸椎 is NJ; the longest name comes first (胸部及上腹部 is G, not U and C).
      [{ 13: '頸椎及胸椎' }, 13, '診療部位', 'NJ'],
      [{ 13: '胸部及上腹部、骨盆腔' }, 13, '診療部位', 'GP'],
      [{ 10: '34004C', 13: '全口' }, 13, '診療部位', 'FM'],
      [{ 10: '01271C', 13: '上半右口下半左口' }, 13, '診療部位', 'URLL'],
    ];
    for (const [patch, field, name, code] of cases) {
      const f = only(exampleText(patch), 'F-chars');
      const value = patch[field];
      assert.equal(f.field, field);
      assert.match(f.message['zh-TW'], new RegExp(`^${name} `));
      assert.ok(f.message['zh-TW'].endsWith(`；「${value}」應寫代碼 ${code}`), f.message['zh-TW']);
      assert.ok(f.message.en.endsWith(`; "${value}" is written in code: ${code}`), f.message.en);
      assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['code-for-name', code]]);
    }
  });

  it('表一: an order named as the fix writes its code tells the body-site check the order in the same round', () => {
    const text = exampleText({ 10: '電腦斷層造影—無造影劑', 13: '頸椎及胸椎' });
    const fixed = fixText(text, opts());
    assert.equal(fixed.text, exampleText({ 10: '33070B', 13: 'NJ' }));
    assert.deepEqual(fixed.fixed.map((x) => x.title.en), ['Write the code 33070B', 'Write the code NJ']);
  });

  it('表一、表二 序號16: a name the text shares between two orders, and a newborn mark written 男 or 女, are explained without a fix', () => {
    const shared = only(exampleText({ 10: '腹部檢查 (包括各種姿勢之腹部檢查)', 13: '' }), 'F-chars');
    assert.ok(shared.message['zh-TW'].endsWith('；「腹部檢查 (包括各種姿勢之腹部檢查)」是醫令 32007C 或 32008C 共用的名稱，請依原始紀錄填代碼'), shared.message['zh-TW']);
    assert.ok(shared.message.en.endsWith('; "腹部檢查 (包括各種姿勢之腹部檢查)" is the name of order 32007C and of 32008C: write the code from the source record'), shared.message.en);
    assert.equal(shared.fixes, undefined);
    const mark = only(exampleText({ 15: '1141120', 16: '男' }), 'F-chars');
    assert.ok(mark.message['zh-TW'].endsWith('；依附就醫新生兒胞胎註記以英文字母表示出生順序，男性大寫、女性小寫（單胞胎男 A、女 a；雙胞胎第 2 胎男 B、女 b）'), mark.message['zh-TW']);
    assert.equal(mark.fixes, undefined);
  });

  it('表二: Chinese that names no code of the field keeps the plain F-chars message, with no fix', () => {
    const patches: Record<number, string>[] = [{ 13: '腦部' }, { 10: '19001C', 13: '頭部' }, { 13: '頸椎及' }, { 2: '西醫門診' }, { 8: '正常' }];
    for (const patch of patches) {
      const f = only(exampleText(patch), 'F-chars');
      assert.ok(f.message.en.endsWith('use half-width letters and digits'), f.message.en);
      assert.equal(f.fixes, undefined);
    }
  });
});
