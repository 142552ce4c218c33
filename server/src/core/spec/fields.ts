import type { Bilingual } from '../types';

/** Table 2 attribute: X = alphanumeric, 9 = numeric. */
export type FieldAttribute = 'X' | '9';

/** When a field must be filled. */
export type Requirement = 'always' | 'body-site-orders' | 'newborn' | 'optional';

export interface FieldSpec {
  /** 1-17, the 序號 of Table 2; the field's position in the row. */
  number: number;
  name: Bilingual;
  /** Longest allowed value. Field 14 is 29 (.7z) or 30 (.CAB): this is the larger. */
  maxLength: number;
  /** Exact length when the text fixes it (field 1, the ROC dates). */
  exactLength?: number;
  attribute: FieldAttribute;
  required: Requirement;
  /** What the NHI text says, condensed; Chinese as written, English as a digest. */
  explanation: Bilingual;
  /** Expected form, shown in messages, e.g. "YYYMMDD". */
  form: Bilingual;
}

export const FIELD_COUNT = 17;

export const FIELDS: readonly FieldSpec[] = [
  {
    number: 1, name: { 'zh-TW': '醫事機構代碼', en: 'hospital code' }, maxLength: 10, exactLength: 10, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。衛生福利部編定之代碼，必為10碼。', en: 'Required. The 10-character code assigned by the Ministry of Health and Welfare.' },
    form: { 'zh-TW': '10 碼英數字', en: '10 letters or digits' },
  },
  {
    number: 2, name: { 'zh-TW': '醫事類別', en: 'care category' }, maxLength: 2, exactLength: 2, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。醫事類別代碼：11 門診西醫診所、12 門診西醫醫院、13 門診牙醫、14 門診中醫、15 門診洗腎、19 門診其他醫事機構、21 住診西醫診所、22 住診西醫醫院、29 住診其他醫事機構、50 特約檢驗所。', en: 'Required. Care category code: 11, 12, 13, 14, 15, 19 (outpatient), 21, 22, 29 (inpatient), 50 (contracted laboratory).' },
    form: { 'zh-TW': '2 碼醫事類別代碼', en: 'a 2-digit care category code' },
  },
  {
    number: 3, name: { 'zh-TW': '執行年月', en: 'execution year-month' }, maxLength: 5, exactLength: 5, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。依實際執行醫療影像檢查之年月填報；第1-3碼為民國年份，第4-5碼為月份，不足位者前補0（例如民國99年5月為09905）。', en: 'Required. The ROC year and month in which the exam was performed: YYYMM, zero-padded (ROC 99, May = 09905).' },
    form: { 'zh-TW': '民國年月 YYYMM', en: 'ROC year-month YYYMM' },
  },
  {
    number: 4, name: { 'zh-TW': '健保卡刷卡日期時間', en: 'card swipe time' }, maxLength: 13, exactLength: 13, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。保險對象持健保卡就醫當日刷卡由讀卡機自動產生之就診日期時間；補卡時為補卡之日期時間，並於序號7填2。格式民國 YYYMMDDHHMMSS，民國前年份為負數（-05 為民國前5年）。補卡且健保卡刷卡日期時間晚於實際檢查日期時間者，補卡後 24 小時內上傳亦符合獎勵。', en: 'Required. The visit time the card reader produced when the insurance card was swiped; for a replacement card, the replacement time (and field 7 = 2). ROC YYYMMDDHHMMSS; years before ROC 1 are negative (-05 = 5 years before ROC 1). A replacement card swiped after the exam also earns the incentive within 24 h of the swipe.' },
    form: { 'zh-TW': '民國年月日時分秒 YYYMMDDHHMMSS', en: 'ROC date-time YYYMMDDHHMMSS' },
  },
  {
    number: 5, name: { 'zh-TW': '就醫類別', en: 'visit type' }, maxLength: 2, exactLength: 2, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。依保險對象持健保卡就醫登錄之就醫類別（00-08、AA-AI、BA-BF、CA、DA-DC）。', en: 'Required. The visit type recorded with the insurance card (00-08, AA-AI, BA-BF, CA, DA-DC).' },
    form: { 'zh-TW': '2 碼就醫類別代碼', en: 'a 2-character visit type code' },
  },
  {
    number: 6, name: { 'zh-TW': '就醫序號', en: 'visit serial' }, maxLength: 4, exactLength: 4, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。健保 IC 卡就醫序號四碼流水號（例如 0001）；預防保健填「IC+服務時程代碼」；慢性病連續處方填 IC02-IC04；轉（代）檢填原處方之就醫序號；異常時填異常代碼。', en: 'Required. The 4-digit visit serial from the IC card (e.g. 0001); preventive care "IC" + service code; chronic refills IC02-IC04; referred exams the original serial; an abnormal code when the card could not be used.' },
    form: { 'zh-TW': '0001-9999、IC 代碼或異常代碼', en: '0001-9999, an IC code or an abnormal code' },
  },
  {
    number: 7, name: { 'zh-TW': '補卡註記', en: 'card flag' }, maxLength: 1, exactLength: 1, attribute: '9', required: 'always',
    explanation: { 'zh-TW': '必填。1：正常；2：補卡。', en: 'Required. 1 normal, 2 replacement card.' },
    form: { 'zh-TW': '1 或 2', en: '1 or 2' },
  },
  {
    number: 8, name: { 'zh-TW': '身分證統一編號', en: 'national ID' }, maxLength: 10, exactLength: 10, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。國民身分證統一編號或外籍居留證號。', en: 'Required. National ID number or resident certificate number.' },
    form: { 'zh-TW': '1 個英文字母加 9 碼（例如 A123456789）', en: 'a letter and 9 characters (e.g. A123456789)' },
  },
  {
    number: 9, name: { 'zh-TW': '出生日期', en: 'birth date' }, maxLength: 7, exactLength: 7, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。民國年月日 YYYMMDD，不足位者前補0，民國前年份為負數（-05 為民國前5年）。', en: 'Required. ROC date YYYMMDD, zero-padded; years before ROC 1 are negative (-05).' },
    form: { 'zh-TW': '民國年月日 YYYMMDD', en: 'ROC date YYYMMDD' },
  },
  {
    number: 10, name: { 'zh-TW': '醫令代碼', en: 'order code' }, maxLength: 12, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。醫療影像檢查之醫令代碼（表一之37項）。', en: 'Required. The imaging order code (one of the 37 codes of Table 1).' },
    form: { 'zh-TW': '表一之醫令代碼', en: 'an order code of Table 1' },
  },
  {
    number: 11, name: { 'zh-TW': '報告序號', en: 'report serial' }, maxLength: 6, attribute: '9', required: 'always',
    explanation: { 'zh-TW': '必填。同次診療有多筆醫療檢查影像時連續編號，最小值為1（1、2、3…）。', en: 'Required. Numbers the images of one visit consecutively from 1 (1, 2, 3 …).' },
    form: { 'zh-TW': '1 起之整數', en: 'an integer from 1' },
  },
  {
    number: 12, name: { 'zh-TW': '實際檢查日期時間', en: 'exam time' }, maxLength: 11, exactLength: 11, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。民國 YYYMMDDHHMM；如處方為交付、轉檢或代檢，且無採檢／實際檢查之時、分紀錄者，第8-11碼得填寫0。於實際檢查日期時間後 24 小時內上傳方符合獎勵。', en: 'Required. ROC YYYMMDDHHMM; for delivered, referred or delegated exams without a recorded time, HHMM may be 0000. Uploading within 24 h after the exam time earns the incentive.' },
    form: { 'zh-TW': '民國年月日時分 YYYMMDDHHMM', en: 'ROC date-time YYYMMDDHHMM' },
  },
  {
    number: 13, name: { 'zh-TW': '診療部位', en: 'body site' }, maxLength: 18, attribute: 'X', required: 'body-site-orders',
    explanation: { 'zh-TW': '醫令為電腦斷層造影、磁振造影、齒顎全景 X 光片攝影（34004C）、環口全景 X 光初診診察（01271C）時必填。CT/MRI 依部位代碼字母左靠填寫（例如頸椎及胸椎填 NJ）；牙科依 FDI 牙位或區域代碼，每筆最多九個編碼。', en: 'Required for CT, MRI, 34004C and 01271C. CT/MRI: one letter per region, left-aligned (NJ = cervical + thoracic spine); dental: FDI tooth numbers or region codes, at most nine codes.' },
    form: { 'zh-TW': 'CT/MRI 部位字母或牙位代碼', en: 'CT/MRI region letters or dental codes' },
  },
  {
    number: 14, name: { 'zh-TW': '影像壓縮檔名稱', en: 'archive name' }, maxLength: 30, attribute: 'X', required: 'always',
    explanation: { 'zh-TW': '必填。對應醫療檢查影像檔案之檔名：檔案類別(3碼)醫事機構代號(10碼)_案件編號(12碼).副檔名；CAB 長度30，7z 長度29。每個壓縮檔以單一醫令代碼為單位，檔案大小不可超過 4.5GB。', en: 'Required. The archive file name: {DCF|ATT}{hospital code 10}_{case number 12}.{CAB|7z}; 30 characters for .CAB, 29 for .7z. Each archive holds one order code and is at most 4.5 GB.' },
    form: { 'zh-TW': 'DCF 或 ATT + 醫事機構代號 + _ + 12 碼案件編號 + .CAB 或 .7z', en: 'DCF or ATT + hospital code + _ + 12-character case number + .CAB or .7z' },
  },
  {
    number: 15, name: { 'zh-TW': '依附就醫新生兒出生日期', en: 'newborn birth date' }, maxLength: 7, exactLength: 7, attribute: 'X', required: 'newborn',
    explanation: { 'zh-TW': '新生兒依附就醫者必填。民國年月日 YYYMMDD。', en: 'Required when a newborn is seen on a parent\'s card. ROC date YYYMMDD.' },
    form: { 'zh-TW': '民國年月日 YYYMMDD', en: 'ROC date YYYMMDD' },
  },
  {
    number: 16, name: { 'zh-TW': '依附就醫新生兒胞胎註記', en: 'newborn birth-order mark' }, maxLength: 1, exactLength: 1, attribute: 'X', required: 'newborn',
    explanation: { 'zh-TW': '新生兒依附就醫者必填。出生順序以英文字母順序表示，大寫為男性、小寫為女性（單胞胎男 A、女 a）。', en: 'Required when a newborn is seen on a parent\'s card. Birth order as a letter, upper case male, lower case female (single birth: A or a).' },
    form: { 'zh-TW': '一個英文字母 A-Z 或 a-z', en: 'one letter A-Z or a-z' },
  },
  {
    number: 17, name: { 'zh-TW': '實際收到影像日期時間', en: 'image received time' }, maxLength: 11, exactLength: 11, attribute: 'X', required: 'optional',
    explanation: { 'zh-TW': '非必填。轉（代）檢案件填實際收到執行檢（驗）查醫事機構提供影像之日期時間，民國 YYYMMDDHHMM。轉（代）檢案件於實際收到影像後 24 小時內上傳亦符合獎勵。', en: 'Optional. For referred or delegated exams: when the images from the performing institution were received, ROC YYYMMDDHHMM. A referred exam also earns the incentive within 24 h of receiving the images.' },
    form: { 'zh-TW': '民國年月日時分 YYYMMDDHHMM', en: 'ROC date-time YYYMMDDHHMM' },
  },
];

/** The longest row Table 2 allows: every field at its maximum length, with the commas between them. */
export const LONGEST_ROW = FIELDS.reduce((n, f) => n + f.maxLength, 0) + FIELD_COUNT - 1;

/** FIELDS by number (1-based); FIELD(1) is the hospital code. */
export function fieldSpec(n: number): FieldSpec {
  return FIELDS[n - 1];
}
