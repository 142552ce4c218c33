import { strict as assert } from 'node:assert';
import { fixText } from '../../../server/src/core/fix/fix-text';
import { NOT_IN_FIX_ALL } from '../../../server/src/core/fixKinds';
import { defaultOptions } from '../../../server/src/core/options';
import { validateText } from '../../../server/src/core/validate';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validRow } from '../../fixtures/rows';

const options = defaultOptions({ now: FIXTURE_NOW, lang: 'en', fileName: FIXTURE_FILE_NAME });

describe('core/fix/fix-text (nhi-imaging fix)', () => {
  it('leaves nothing that Fix All would fix, in one run, on a text with a BOM, a header, quotes, spaces and full-width digits', () => {
    const header = '醫事機構代碼,醫事類別,執行年月,健保卡刷卡日期時間,就醫類別,就醫序號,補卡註記,身分證統一編號,出生日期,醫令代碼,報告序號,實際檢查日期時間,診療部位,影像壓縮檔名稱,新生兒出生日期,新生兒胞胎註記,實際收到影像日期時間';
    const rows = [2, 3, 4].map(validRow);
    rows[0][4] = `"${rows[0][4]}"`;
    rows[1][7] = ` ${rows[1][7]} `;
    rows[2][5] = rows[2][5].replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const text = `\ufeff${header}\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
    const result = fixText(text, options);
    assert.ok(result.fixed.length >= 4, JSON.stringify(result.fixed));
    const left = validateText(result.text, options).findings.filter((f) => f.fixes?.[0] && !NOT_IN_FIX_ALL.has(f.fixes[0].kind));
    assert.deepEqual(left, []);
    assert.equal(result.text, `${[2, 3, 4].map((i) => validRow(i).join(',')).join('\r\n')}\r\n`);
  });

  it('counts the columns of the first line from after a BOM, as check says them', () => {
    const row = validRow(2);
    row[0] = ` ${row[0]}`;
    const result = fixText(`\ufeff${row.join(',')}\r\n`, options);
    const trim = result.fixed.find((f) => f.ruleId !== 'FILE-bom');
    assert.equal(trim?.range.start.character, 0, JSON.stringify(result.fixed));
  });

  it('returns the very text when there is nothing to fix', () => {
    const text = `${validRow(2).join(',')}\r\n`;
    const result = fixText(text, options);
    assert.equal(result.text, text);
    assert.deepEqual(result.fixed, []);
  });
});
