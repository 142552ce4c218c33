import type { Bilingual } from '../types';

/** One entry of a code table. `postdatesText` marks codes NHI added after the 108-08-01 text. */
export interface CodeEntry {
  code: string;
  name: Bilingual;
  postdatesText?: boolean;
}

const c = (code: string, zh: string, en: string, postdatesText?: boolean): CodeEntry =>
  postdatesText ? { code, name: { 'zh-TW': zh, en }, postdatesText } : { code, name: { 'zh-TW': zh, en } };

/** Field 2. */
export const CARE_CATEGORIES: readonly CodeEntry[] = [
  c('11', '門診西醫診所', 'outpatient, Western-medicine clinic'),
  c('12', '門診西醫醫院', 'outpatient, Western-medicine hospital'),
  c('13', '門診牙醫', 'outpatient, dental'),
  c('14', '門診中醫', 'outpatient, Chinese medicine'),
  c('15', '門診洗腎', 'outpatient, dialysis'),
  c('19', '門診其他醫事機構', 'outpatient, other institution'),
  c('21', '住診西醫診所', 'inpatient, Western-medicine clinic'),
  c('22', '住診西醫醫院', 'inpatient, Western-medicine hospital'),
  c('29', '住診其他醫事機構', 'inpatient, other institution'),
  c('50', '特約檢驗所', 'contracted laboratory'),
];

/** Field 5. */
export const VISIT_TYPES: readonly CodeEntry[] = [
  c('00', '門診高利用保險對象指定就醫作業', 'designated care for high-use outpatients'),
  c('01', '西醫門診', 'Western-medicine outpatient'),
  c('02', '牙醫門診', 'dental outpatient'),
  c('03', '中醫門診', 'Chinese-medicine outpatient'),
  c('04', '急診', 'emergency'),
  c('05', '住院', 'inpatient admission'),
  c('06', '門診轉診就醫', 'outpatient referral'),
  c('07', '門診手術後之回診', 'follow-up after outpatient surgery'),
  c('08', '住院患者出院之回診', 'follow-up after discharge'),
  c('AA', '同一療程之項目以六次以內治療為限者', 'same course of treatment, at most six sessions'),
  c('AB', '以同一療程之項目屬「非」六次以內治療為限者', 'same course of treatment, not limited to six sessions'),
  c('AC', '預防保健', 'preventive care'),
  c('AD', '職業傷害或職業病門(急)診', 'occupational injury or disease, outpatient/emergency'),
  c('AE', '慢性病連續處方箋領藥', 'chronic-illness refill prescription'),
  c('AF', '藥局調劑', 'pharmacy dispensing'),
  c('AG', '排程檢查', 'scheduled examination'),
  c('AH', '居家照護(第二次以後)', 'home care (second visit onwards)'),
  c('AI', '同日同醫師看診(第二次以後)', 'same doctor, same day (second visit onwards)'),
  c('BA', '門(急)診當次轉住院之入院', 'admission directly from outpatient/emergency'),
  c('BB', '出院', 'discharge'),
  c('BC', '急診中、住院中執行項目', 'items performed during emergency or admission'),
  c('BD', '急診第二日〔含〕以後之離院', 'leaving emergency on day two or later'),
  c('BE', '職業傷害或職業病之住院', 'admission for occupational injury or disease'),
  c('BF', '繼續住院依規定分段結清者', 'continued admission settled in segments'),
  c('CA', '其他規定不須累計就醫序號即不扣除就醫次數者', 'other cases without a visit serial'),
  c('DA', '門診轉出', 'outpatient referral out'),
  c('DB', '門診手術後需於7日內之一次回診', 'one follow-up within 7 days after outpatient surgery'),
  c('DC', '住院患者出院後需於7日內之一次回診者', 'one follow-up within 7 days after discharge'),
  c('09', '透析門診', 'dialysis outpatient', true),
  c('AJ', '透析療程第二次以後', 'dialysis course, second session onwards', true),
  c('AK', '急診留觀', 'emergency observation', true),
  c('BG', '門診當次轉住院之入院', 'admission directly from outpatient', true),
  c('EA', '床號變更或轉床', 'bed change or transfer', true),
];

/** Field 5's code for preventive care, whose visit serial is "IC" + the service code (表二 序號6 三). */
export const PREVENTIVE_CARE_VISIT_TYPE = 'AC';

/** Field 6: abnormal codes (xx0 = no serial obtained, xx1 = serial obtained). */
export const VISIT_SERIAL_ABNORMAL: readonly CodeEntry[] = [
  c('A000', '讀卡設備故障（未取得就醫序號）', 'card-reading equipment failure (no serial)'),
  c('A001', '讀卡設備故障（已取得就醫序號）', 'card-reading equipment failure (serial obtained)'),
  c('A010', '讀卡機故障（未取得就醫序號）', 'card reader failure (no serial)'),
  c('A011', '讀卡機故障（已取得就醫序號）', 'card reader failure (serial obtained)'),
  c('A020', '網路故障造成讀卡機無法使用（未取得就醫序號）', 'network failure disabled the reader (no serial)'),
  c('A021', '網路故障造成讀卡機無法使用（已取得就醫序號）', 'network failure disabled the reader (serial obtained)'),
  c('A030', '安全模組故障造成讀卡機無法使用（未取得就醫序號）', 'security module failure disabled the reader (no serial)'),
  c('A031', '安全模組故障造成讀卡機無法使用（已取得就醫序號）', 'security module failure disabled the reader (serial obtained)'),
  c('B000', '卡片不良（表面正常，晶片異常）（未取得就醫序號）', 'faulty card chip (no serial)'),
  c('B001', '卡片不良（表面正常，晶片異常）（已取得就醫序號）', 'faulty card chip (serial obtained)'),
  c('C000', '停電', 'power cut'),
  c('C001', '例外就醫者', 'exceptional care'),
  c('C002', '兒少例外就醫', 'exceptional care for children and adolescents'),
  c('C003', '懷孕婦女例外就醫（舊稱弱勢民眾安心就醫）', 'exceptional care for pregnant women (formerly: disadvantaged persons)'),
  c('D000', '醫療資訊系統(HIS)當機（未取得就醫序號）', 'hospital information system down (no serial)'),
  c('D001', '醫療資訊系統(HIS)當機（已取得就醫序號）', 'hospital information system down (serial obtained)'),
  c('D010', '醫療院所電腦故障（未取得就醫序號）', 'institution computer failure (no serial)'),
  c('D011', '醫療院所電腦故障（已取得就醫序號）', 'institution computer failure (serial obtained)'),
  c('E000', '健保署資訊系統當機', 'NHI information system down'),
  c('E001', '控卡名單已簽切結書', 'controlled-card list, affidavit signed'),
  c('F000', '醫事機構赴偏遠地區因無電話撥接上網設備', 'remote-area service without dial-up equipment'),
  c('F00B', '居家輕量藍牙方案之離線認卡', 'offline card check, home-care Bluetooth scheme'),
  c('G000', '新特約', 'newly contracted institution'),
  c('H000', '高齡醫師', 'senior physician'),
  c('Z000', '其他（未取得就醫序號）', 'other (no serial)'),
  c('Z001', '其他（已取得就醫序號）', 'other (serial obtained)'),
];

/** Field 6: the "IC" forms named by the text or NOTES. Any IC + two letters or digits is accepted. */
export const VISIT_SERIAL_IC: readonly CodeEntry[] = [
  c('IC02', '慢性病連續處方第2次調劑', 'chronic refill, 2nd dispensing'),
  c('IC03', '慢性病連續處方第3次調劑', 'chronic refill, 3rd dispensing'),
  c('IC04', '慢性病連續處方第4次調劑', 'chronic refill, 4th dispensing'),
  c('IC06', '特殊案件', 'special case'),
  c('IC09', '特殊案件', 'special case'),
  c('IC89', '特殊案件', 'special case'),
  c('IC98', '特殊案件', 'special case'),
  c('HVIT', '特殊就醫序號', 'special visit serial'),
];

/** Field 7. */
export const CARD_FLAGS: readonly CodeEntry[] = [c('1', '正常', 'normal'), c('2', '補卡', 'replacement card')];

/** Field 13 for CT and MRI: one letter per region. B and D are on NHI's current list, not in the text. */
export const CT_MRI_SITES: readonly CodeEntry[] = [
  c('H', '頭部', 'head'),
  c('A', '頸部', 'neck'),
  c('F', '頭頸部', 'head and neck'),
  c('U', '胸部', 'chest'),
  c('N', '頸椎', 'cervical spine'),
  c('J', '胸椎', 'thoracic spine'),
  c('K', '腰椎', 'lumbar spine'),
  c('G', '胸部及上腹部', 'chest and upper abdomen'),
  c('C', '上腹部', 'upper abdomen'),
  c('I', '腹部(含骨盆腔)', 'abdomen (incl. pelvis)'),
  c('P', '骨盆腔', 'pelvis'),
  c('E', '肢部', 'limbs'),
  c('Q', '臂神經血管叢', 'brachial neurovascular plexus'),
  c('M', '骨骼肌肉系統', 'musculoskeletal system'),
  c('V', '心血管系統', 'cardiovascular system'),
  c('S', 'MRS(磁振頻譜)', 'MRS (MR spectroscopy)'),
  c('T', 'MRA(磁振血管攝影)', 'MRA (MR angiography)'),
  c('O', '其他', 'other'),
  c('B', '薦椎', 'sacrum', true),
  c('D', '周邊神經', 'peripheral nerves', true),
];

/** Field 13 for 34004C and 01271C: region codes besides FDI tooth numbers. */
export const DENTAL_REGIONS: readonly CodeEntry[] = [
  c('FM', '全口', 'full mouth'),
  c('UB', '上半口', 'upper arch'),
  c('LB', '下半口', 'lower arch'),
  c('UR', '上半右口', 'upper right'),
  c('UL', '上半左口', 'upper left'),
  c('UA', '上顎前齒部位', 'upper anterior teeth'),
  c('LR', '下半右口', 'lower right'),
  c('LL', '下半左口', 'lower left'),
  c('LA', '下顎前齒部位', 'lower anterior teeth'),
  c('99', '無法表示之部位', 'site that cannot be expressed otherwise'),
];

/** FDI tooth numbers: permanent quadrants 1-4 teeth 1-8, deciduous quadrants 5-8 teeth 1-5. */
export const DENTAL_TEETH: readonly CodeEntry[] = (() => {
  const out: CodeEntry[] = [];
  const quadrant = ['上顎右側', '上顎左側', '下顎左側', '下顎右側'];
  const quadrantEn = ['upper right', 'upper left', 'lower left', 'lower right'];
  for (let q = 1; q <= 8; q++) {
    const deciduous = q > 4;
    const last = deciduous ? 5 : 8;
    for (let t = 1; t <= last; t++) {
      const qi = (q - 1) % 4;
      out.push(c(`${q}${t}`, `${deciduous ? '乳牙' : '恆牙'}${quadrant[qi]}第${t}顆`, `${deciduous ? 'deciduous' : 'permanent'} ${quadrantEn[qi]} tooth ${t}`));
    }
  }
  return out;
})();

export const DENTAL_MAX_CODES = 9;

/** The two-character codes of a dental body site, in order (an odd last character stands as a code of its own). */
export function dentalCodes(value: string): string[] {
  const codes: string[] = [];
  for (let i = 0; i < value.length; i += 2) codes.push(value.slice(i, i + 2));
  return codes;
}

/** Field 8: the values of the first letter for the checksum. */
export const ID_LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};

export type IdForm = 'citizen' | 'resident-new' | 'resident-old';

/** Field 8 forms: the second character decides. */
export const ID_FORMS: readonly { form: IdForm; pattern: string; name: Bilingual }[] = [
  { form: 'citizen', pattern: '[A-Z][12]\\d{8}', name: { 'zh-TW': '國民身分證統一編號', en: 'national ID' } },
  { form: 'resident-new', pattern: '[A-Z][89]\\d{8}', name: { 'zh-TW': '新式居留證統一證號（2021 起）', en: 'resident certificate (since 2021)' } },
  { form: 'resident-old', pattern: '[A-Z][A-D]\\d{8}', name: { 'zh-TW': '舊式居留證統一證號', en: 'resident certificate (old form)' } },
];

/** Field 16: letter = birth order, upper case male, lower case female. */
export const NEWBORN_MARK = { male: 'A-Z', female: 'a-z' } as const;

export function codeMap(entries: readonly CodeEntry[]): ReadonlyMap<string, CodeEntry> {
  return new Map(entries.map((e) => [e.code, e]));
}

export const CARE_CATEGORY_MAP = codeMap(CARE_CATEGORIES);
export const VISIT_TYPE_MAP = codeMap(VISIT_TYPES);
export const VISIT_SERIAL_ABNORMAL_MAP = codeMap(VISIT_SERIAL_ABNORMAL);
export const CT_MRI_SITE_MAP = codeMap(CT_MRI_SITES);
export const DENTAL_CODE_MAP = codeMap([...DENTAL_TEETH, ...DENTAL_REGIONS]);
