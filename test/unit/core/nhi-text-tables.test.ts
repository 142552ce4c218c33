import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARCHIVE_SIZE_LIMIT, ARCHIVE_SIZE_WARNING, CARE_CATEGORIES, CT_MRI_SITES, DENTAL_MAX_CODES, DENTAL_REGIONS, FAMILIES, FIELDS,
  ORDER_CODES, VISIT_TYPES, type FieldSpec, type OrderFamily,
} from '../../../server/src/core/index';
import { ARCHIVE_NAME } from '../../../server/src/core/rules/archive-name';
import { CSV_FILE_NAME } from '../../../server/src/core/rules/file-name';
import { INCENTIVE_WINDOW_MS } from '../../../server/src/core/rules/deadline';

/**
 * The spec's tables read against the NHI text itself (docs/spec/nhi-imaging-upload-format.zh-TW.txt), so that an
 * entry missing, extra or misnamed in server/src/core/spec fails here. Additions NOTES.md records (visit types
 * and body-site letters NHI added after the text) are named, not inferred.
 */
const TEXT = readFileSync(join(__dirname, '../../../docs/spec/nhi-imaging-upload-format.zh-TW.txt'), 'utf8');

/** The text from `from` to the first `to` after it. */
function between(from: string, to: string): string {
  const start = TEXT.indexOf(from);
  assert.ok(start >= 0, `the text has ${from}`);
  const end = TEXT.indexOf(to, start + from.length);
  assert.ok(end > start, `the text has ${to} after ${from}`);
  return TEXT.slice(start + from.length, end);
}

/** Table 2's rows: 序號, 資料名稱, 長度, 屬性 and the first line of 資料說明. */
const TABLE2 = [...TEXT.matchAll(/^(\d{1,2})\t(\S+)\t(\d+(?:或\d+)?)\t([X9])\t(.*)$/gm)].map((m) => ({
  number: Number(m[1]), name: m[2], lengths: m[3].split('或').map(Number), attribute: m[4], says: m[5],
}));

/** Table 1's rows: 項次, 醫令代碼, 中文名稱. */
const TABLE1 = [...TEXT.matchAll(/^(\d{1,2})\t(\d{5}[A-Z])\t(.+)$/gm)].map((m) => ({ item: Number(m[1]), code: m[2], name: m[3].trim() }));

/** Order codes a list of the text names: single codes and ranges such as 32001C-32002C. */
function orderList(list: string): string[] {
  const codes: string[] = [];
  for (const part of list.split('、')) {
    const range = /^(\d{5})([A-Z])-(\d{5})\2$/.exec(part.trim());
    if (!range) {
      codes.push(part.trim());
      continue;
    }
    for (let n = Number(range[1]); n <= Number(range[3]); n++) codes.push(String(n).padStart(5, '0') + range[2]);
  }
  return codes;
}

const familyOfCode = (code: string): OrderFamily => ORDER_CODES.find((o) => o.code === code)!.family;

describe('the spec tables against the NHI text', () => {
  it('表一: the 37 order codes, their items and Chinese names as the text lists them', () => {
    assert.equal(TABLE1.length, 37);
    assert.deepEqual(ORDER_CODES.map((o) => [o.item, o.code, o.name['zh-TW']]), TABLE1.map((r) => [r.item, r.code, r.name]));
  });

  it('表二: 17 fields, their names, lengths (29 or 30 for field 14) and attributes', () => {
    assert.deepEqual(TABLE2.map((r) => r.number), FIELDS.map((f) => f.number));
    for (const row of TABLE2) {
      const f = FIELDS[row.number - 1];
      assert.equal(f.name['zh-TW'], row.name, `field ${row.number}`);
      assert.equal(f.maxLength, Math.max(...row.lengths), `field ${row.number}`);
      assert.equal(f.attribute, row.attribute, `field ${row.number}`);
    }
  });

  it('表二: which fields are required, required with a condition, or optional', () => {
    const said = (r: (typeof TABLE2)[number]): FieldSpec['required'] => {
      if (r.says.includes('非必填')) return 'optional';
      if (r.says.includes('新生兒依附就醫者')) return 'newborn';
      if (/醫令為「電腦斷層造影」.*本欄為必填欄位/.test(r.says)) return 'body-site-orders';
      assert.match(r.says, /本欄為必填欄位/, `field ${r.number}`);
      return 'always';
    };
    assert.deepEqual(FIELDS.map((f) => f.required), TABLE2.map(said));
  });

  it('表二 序號2: the care categories, codes and names', () => {
    const listed = [...between('醫事類別代碼：', '\n').matchAll(/(\d\d)：(\S+)/g)].map((m) => [m[1], m[2]]);
    assert.equal(listed.length, 10);
    assert.deepEqual(CARE_CATEGORIES.map((c) => [c.code, c.name['zh-TW']]), listed);
  });

  it('表二 序號5: every visit type the text lists, and beyond them only the later codes NOTES names', () => {
    const section = between('三、就醫類別代碼如下：', '6\t就醫序號');
    const listed = new Set([...section.matchAll(/(?<![0-9A-Z])([0-9]{2}|[A-D][A-I])(?=[\s：:])/g)].map((m) => m[1]));
    for (const code of ['00', '08', 'AA', 'AI', 'BA', 'BF', 'CA', 'DA', 'DC']) assert.ok(listed.has(code), `the text lists ${code}`);
    const ours = VISIT_TYPES.filter((v) => !v.postdatesText).map((v) => v.code);
    assert.deepEqual([...ours].sort(), [...listed].sort());
    assert.deepEqual(VISIT_TYPES.filter((v) => v.postdatesText).map((v) => v.code), ['09', 'AJ', 'AK', 'BG', 'EA']);
  });

  it('表二 序號13 二(二): the CT/MRI region letters and names, with NOTES\' B and D besides', () => {
    const section = between('診療部位填寫代碼如下：', '三、依實施部位填寫左靠');
    const listed = [...section.matchAll(/([A-Z])：([^\s<]+)/g)].map((m) => [m[1], m[2]]);
    assert.equal(listed.length, 18);
    assert.deepEqual(CT_MRI_SITES.filter((s) => !s.postdatesText).map((s) => [s.code, s.name['zh-TW']]), listed);
    assert.deepEqual(CT_MRI_SITES.filter((s) => s.postdatesText).map((s) => s.code), ['B', 'D']);
  });

  it('表二 序號13 二(一): the dental region codes and at most nine codes an order', () => {
    const section = between('(一) 醫令為牙科', '(二) 醫令為「電腦斷層造影」');
    const listed = [...section.matchAll(/<td[^>]*>([^<]+?)(?:請)?以 "(\w\w)" 表示<\/td>/g)].map((m) => [m[2], m[1]]);
    assert.equal(listed.length, 10);
    assert.deepEqual(DENTAL_REGIONS.map((r) => [r.code, r.name['zh-TW']]), listed);
    assert.match(section, /每筆醫令最多填九個編碼/);
    assert.equal(DENTAL_MAX_CODES, 9);
  });

  it('表二 序號13 一: a body site for CT, MRI, 34004C and 01271C, none for the other orders', () => {
    const rule = between('一、醫令為', '本欄為必填欄位');
    assert.equal(rule, '「電腦斷層造影」、「磁振造影」、「齒顎全景 X 光片攝影」、「環口全景 X 光初診診察」，');
    for (const o of ORDER_CODES) {
      const kind = FAMILIES[o.family].bodySite;
      const expected = /^(電腦斷層造影|磁振造影)/.test(o.name['zh-TW']) ? 'ct-mri'
        : o.name['zh-TW'] === '齒顎全景 X 光片攝影' || o.name['zh-TW'] === '環口全景 X 光初診診察' ? 'dental' : 'none';
      assert.equal(kind, expected, o.code);
    }
  });

  it('四、(二)1.(2)B: JPG for exactly the X-ray orders the text names', () => {
    const named = orderList(between('X 光攝影(醫令代碼', ') 得以 JPG 格式上傳'));
    assert.deepEqual(named, ['32001C', '32002C', '32006C', '32007C', '32008C', '34004C', '01271C']);
    assert.deepEqual(ORDER_CODES.filter((o) => FAMILIES[o.family].jpgAllowed).map((o) => o.code).sort(), [...named].sort());
  });

  it('四、(二)1.(2)C: the minimum image sizes of each family', () => {
    const size = (what: string) => {
      const m = new RegExp(`${what}[^：\\n]*：([\\d,]+)x([\\d,]+)。`).exec(TEXT);
      assert.ok(m, what);
      return { width: Number(m[1].replace(/,/g, '')), height: Number(m[2].replace(/,/g, '')) };
    };
    const minimum = (family: OrderFamily) => FAMILIES[family].minSize && { width: FAMILIES[family].minSize!.width, height: FAMILIES[family].minSize!.height };
    assert.deepEqual(minimum('ct'), size('\\(a\\) 電腦斷層造影'));
    assert.deepEqual(minimum('mri'), size('\\(b\\) 磁振造影'));
    // 「X 光攝影」 is the family of B's list: the chest and abdomen films and the two dental panoramic orders.
    const xray = size('\\(c\\) X 光攝影');
    for (const code of orderList(between('X 光攝影(醫令代碼', ') 得以 JPG 格式上傳'))) assert.deepEqual(minimum(familyOfCode(code)), xray, code);
    const ultrasound = size('\\(d\\) 超音波檢查');
    for (const o of ORDER_CODES.filter((x) => x.family === 'ultrasound' || x.family === 'echocardiography')) assert.deepEqual(minimum(o.family), ultrasound, o.code);
    // The text gives no size for endoscopy (28016C, 28017C).
    assert.equal(FAMILIES.endoscopy.minSize, null);
  });

  it('四、(二)1.(2)D: 4.5 GB an archive, read as NOTES decides (error over 4.5 GiB, warning over 4.5×10^9 bytes)', () => {
    assert.match(TEXT, /每個檔案大小不可超過4\.5GB/);
    assert.equal(ARCHIVE_SIZE_LIMIT, 4.5 * 2 ** 30);
    assert.equal(ARCHIVE_SIZE_WARNING, 4.5e9);
  });

  it('四、(二)1.(1)C and 1.(2)E, 表二 序號14: the file name\'s example, and archive names of 30 (.CAB) and 29 (.7z) characters', () => {
    const example = /例如：\s*(\S+\.csv)。/.exec(TEXT)![1];
    assert.equal(example, '3501200000_20171101_001.csv');
    assert.match(example, CSV_FILE_NAME);
    for (const digits of [3, 6]) assert.match(`3501200000_20171101_${'1'.padStart(digits, '0')}.csv`, CSV_FILE_NAME);
    for (const digits of [2, 7]) assert.doesNotMatch(`3501200000_20171101_${'1'.padStart(digits, '0')}.csv`, CSV_FILE_NAME);
    assert.match(TEXT, /當格式為 CAB 時，長度為30；當格式為7z 時，長度為29/);
    for (const [name, length] of [['DCF3501200000_C00000000001.CAB', 30], ['ATT3501200000_C00000000001.7z', 29]] as const) {
      assert.equal(name.length, length);
      assert.match(name, ARCHIVE_NAME);
    }
  });

  it('四、(一): the incentive window is 24 hours', () => {
    assert.match(TEXT, /實際檢查日期後之24小時內/);
    assert.equal(INCENTIVE_WINDOW_MS, 24 * 3600_000);
  });
});
