import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, FIELDS } from '../../../server/src/core/index';
import { FIX_ALL_TITLES, fixAllUncountedTitle, type FixKind } from '../../../server/src/core/fixKinds';
import { USAGE } from '../../../server/src/cli/usage';
import '../../../server/src/core/archive/rules';
import '../../../server/src/core/build/rules';

/** Simplified characters common in software text, each written otherwise in Traditional Chinese. */
const SIMPLIFIED = /[检错误档号设医体资压缩码与个为这们时间请应对数据无处专国图发开关读写删标页链编辑选项录传输执运网络务还类实际领证]/;

/** Mainland wording, and 台灣 where the texts write 臺灣, with the form to use. */
const MAINLAND: readonly [RegExp, string][] = [
  [/文件夾/, '資料夾'], [/設置/, '設定'], [/默認/, '預設'], [/信息/, '訊息'], [/網絡/, '網路'],
  [/服務器/, '伺服器'], [/支持/, '支援'], [/運行/, '執行'], [/數據/, '資料'], [/用戶/, '使用者'],
  [/軟件/, '軟體'], [/字符/, '字元'], [/字節/, '位元組'], [/內存/, '記憶體'], [/鏈接/, '連結'], [/台灣/, '臺灣'],
];

/**
 * A field named otherwise than 表二 names it: the card swipe time, the newborn's two fields and the
 * national ID by their full names, the archive name's hospital part as 醫事機構代號 (四、(二)1.(2)E).
 */
const NOT_TABLE_2: readonly [RegExp, string][] = [
  [/(?<!健保卡)刷卡日期時間/, '健保卡刷卡日期時間'],
  [/(?<!依附就醫)新生兒出生日期/, '依附就醫新生兒出生日期'],
  [/(?<!依附就醫新生兒)胞胎註記/, '依附就醫新生兒胞胎註記'],
  [/身分證字號|身份證/, '身分證統一編號'],
  [/院所代碼|壓縮檔名稱?[中的]*醫事機構代碼/, '醫事機構代號（影像壓縮檔名稱中）'],
];

/** A half-width comma, semicolon or colon between two Chinese characters. */
const HALF_WIDTH_IN_SENTENCE = /[\u4e00-\u9fff][,;:][\u4e00-\u9fff]/;

function problemsOf(text: string): string[] {
  const found: string[] = [];
  const simplified = SIMPLIFIED.exec(text);
  if (simplified) found.push(`simplified character ${simplified[0]}`);
  for (const [re, use] of [...MAINLAND, ...NOT_TABLE_2]) {
    const m = re.exec(text);
    if (m) found.push(`${m[0]}: write ${use}`);
  }
  const punct = HALF_WIDTH_IN_SENTENCE.exec(text);
  if (punct) found.push(`half-width punctuation in ${punct[0]}`);
  return found;
}

/** Every zh-TW text of the catalogue, the field table, the fix-all titles, the extension's settings and the CLI's help, named by where it is. */
function zhTexts(): [string, string][] {
  const texts: [string, string][] = [];
  for (const r of allRules()) texts.push([`${r.id} title`, r.title['zh-TW']], [`${r.id} description`, r.description['zh-TW']]);
  for (const f of FIELDS) texts.push([`field ${f.number} explanation`, f.explanation['zh-TW']], [`field ${f.number} form`, f.form['zh-TW']]);
  for (const [kind, title] of Object.entries(FIX_ALL_TITLES)) {
    texts.push([`fix-all ${kind}`, title(2)['zh-TW']], [`fix-all ${kind} uncounted`, fixAllUncountedTitle(kind as FixKind)['zh-TW']]);
  }
  const nls = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.zh-tw.json'), 'utf8')) as Record<string, string>;
  for (const [key, text] of Object.entries(nls)) texts.push([`package.nls.zh-tw.json ${key}`, text]);
  texts.push(['nhi-imaging --help', USAGE['zh-TW']]);
  return texts;
}

describe('zh-TW wording', () => {
  it('the checker of wording finds what it is meant to find', () => {
    assert.deepEqual(problemsOf('刷卡日期時間晚於檢查'), ['刷卡日期時間: write 健保卡刷卡日期時間']);
    assert.deepEqual(problemsOf('檔案设定'), ['simplified character 设']);
    assert.deepEqual(problemsOf('預設值,請改'), ['half-width punctuation in 值,請']);
    assert.deepEqual(problemsOf('健保卡刷卡日期時間（序號4）與依附就醫新生兒胞胎註記'), []);
  });

  it('rules, fields, fix-all titles, settings and the CLI help use Taiwan wording and the field names of 表二', () => {
    const found = zhTexts().flatMap(([where, text]) => problemsOf(text).map((p) => `${where}: ${p}`));
    assert.deepEqual(found, []);
  });
});
