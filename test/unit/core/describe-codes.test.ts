/** Hover and completion texts drawn from the code tables: every code the validator accepts is offered and explained. */
import { strict as assert } from 'node:assert';
import { exampleText, EXAMPLE_NOW } from '../../../server/src/core/index';
import { completionsFor, describeCell } from '../../../server/src/core/describe';
import { CT_MRI_SITES, VISIT_SERIAL_ABNORMAL, VISIT_SERIAL_IC, VISIT_TYPES } from '../../../server/src/core/spec/codes';

const cells = (patch: Record<number, string> = {}) => exampleText(patch).trimEnd().split(',');
const offered = (field: number, patch: Record<number, string> = {}, lang: 'en' | 'zh-TW' = 'en') =>
  completionsFor(cells(patch), field, lang, EXAMPLE_NOW);

describe('describe: code tables in completion and hover', () => {
  it('field 6 offers the IC forms the text names (IC02-IC04 chronic refills) and HVIT besides the abnormal codes', () => {
    const values = offered(6).map((e) => e.value);
    for (const code of ['IC02', 'IC03', 'IC04', 'HVIT']) assert.ok(values.includes(code), code);
    assert.deepEqual([...values].sort(), [...VISIT_SERIAL_IC, ...VISIT_SERIAL_ABNORMAL].map((c) => c.code).sort());
  });

  it('completion says which visit types and body-site letters postdate the 108-08-01 text, in both languages', () => {
    const later = VISIT_TYPES.filter((c) => c.postdatesText).map((c) => c.code);
    for (const lang of ['en', 'zh-TW'] as const) {
      const marked = offered(5, {}, lang).filter((e) => /after the 2019 text|108 年規範之後新增/.test(e.detail)).map((e) => e.value);
      assert.deepEqual(marked, later, lang);
    }
    const letters = offered(13, { 13: '' }).filter((e) => /after the 2019 text/.test(e.detail)).map((e) => e.value);
    assert.deepEqual(letters, CT_MRI_SITES.filter((c) => c.postdatesText).map((c) => c.code));
    assert.deepEqual(letters, ['B', 'D']);
  });

  it('hover on a CT/MRI body site says that B and D postdate the text, and not for the letters the text lists', () => {
    const en = describeCell(cells({ 13: 'NBD' }), 13, 'en').decoded;
    assert.equal(en[0], 'N = cervical spine');
    assert.match(en[1], /^B = sacrum .*after the 2019 text/);
    assert.match(en[2], /^D = peripheral nerves .*after the 2019 text/);
    const zh = describeCell(cells({ 13: 'B' }), 13, 'zh-TW').decoded;
    assert.match(zh[0], /^B = 薦椎.*108 年規範之後新增/);
  });

  it('hover on an order states its minimum image size as the image check applies it (MRI: longer x shorter side)', () => {
    assert.ok(describeCell(cells({ 10: '33084B', 13: 'H' }), 10, 'en').decoded.includes('minimum image size 256x192 (longer x shorter side)'));
    assert.ok(describeCell(cells({ 10: '33085B', 13: 'H' }), 10, 'zh-TW').decoded.includes('影像最小尺寸 256x192（長邊 x 短邊）'));
    assert.ok(describeCell(cells({ 10: '32001C', 13: '' }), 10, 'en').decoded.includes('minimum image size 1400x1400'));
    assert.ok(describeCell(cells({ 10: '28016C', 13: '' }), 10, 'en').decoded.includes('no minimum image size given'));
  });

  it('field 5 offers AC (preventive care) only where field 6 is not a serial number, which AC does not take (X06)', () => {
    assert.ok(!offered(5, { 6: '0001' }).some((e) => e.value === 'AC'));
    for (const serial of ['IC21', 'A000', '']) assert.ok(offered(5, { 6: serial }).some((e) => e.value === 'AC'), serial);
    assert.equal(offered(5, { 6: '0001' }).length, VISIT_TYPES.length - 1);
  });

  it('field 13 is read for the order the checks read: a code in lower case is its order, an unknown code no order', () => {
    // F10-order-code flags 33070b for its case, and the body-site checks read it as 33070B (CT).
    assert.deepEqual(describeCell(cells({ 10: '33070b', 13: 'NJ' }), 13, 'en').decoded, ['N = cervical spine', 'J = thoracic spine']);
    assert.ok(offered(13, { 10: '33070b', 13: '' }).some((e) => e.value === 'H'));
    assert.deepEqual(describeCell(cells({ 10: '34004c', 13: 'FM' }), 13, 'zh-TW').decoded, ['FM = 全口']);
    // An order not in Table 1 says nothing of its body site; hover does not claim it takes none.
    assert.deepEqual(describeCell(cells({ 10: '99999X', 13: 'H' }), 13, 'en').decoded,
      ['the order code (field 10) is not one of Table 1, which decides what the body site holds']);
    assert.deepEqual(describeCell(cells({ 10: '99999X', 13: 'H' }), 13, 'zh-TW').decoded, ['醫令代碼（序號10）不在表一，無從判斷診療部位應填什麼']);
    assert.deepEqual(describeCell(cells({ 10: '28016C', 13: 'H' }), 13, 'en').decoded, ['this order takes no body site']);
  });

  it('field 10 in lower case is described as its order, with the case to write, as F10-order-code says', () => {
    const en = describeCell(cells({ 10: '33070b' }), 10, 'en').decoded;
    assert.equal(en[0], 'written in upper case: 33070B');
    assert.equal(en[1], '33070B 電腦斷層造影—無造影劑 (CT without contrast)');
    assert.equal(describeCell(cells({ 10: '33070b' }), 10, 'zh-TW').decoded[0], '須為大寫：33070B');
    assert.deepEqual(describeCell(cells({ 10: '99999X' }), 10, 'en').decoded, ['"99999X" is not one of the 37 order codes of Table 1']);
  });
});
