import type { Cell } from '../csv/model';
import { bi, fieldName } from '../i18n';
import { agreeing } from '../counted';
import { formatGregorian } from '../roc';
import { CT_MRI_SITE_MAP, DENTAL_CODE_MAP, DENTAL_MAX_CODES, dentalCodes, PREVENTIVE_CARE_VISIT_TYPE } from '../spec/codes';
import { FAMILIES } from '../spec/orders';
import { parseArchiveName } from './archive-name';
import type { RowContext } from './context';
import { emit, replaceFix } from './emit';
import { hospitalOfFileName } from './file-name';
import { keptTo15Digits, SPREADSHEET_15_DIGITS } from './spreadsheet-number';

const DAY_MS = 86_400_000;
const TAIPEI = 8 * 3600_000;
const dayOf = (ms: number) => Math.floor((ms + TAIPEI) / DAY_MS);
const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/** A birth date (field 9, or a newborn's in field 15) on a later day than the exam (X09-birth-after-exam, X15-newborn-after-exam). */
export const bornAfterExam = (newbornMs: number, examMs: number): boolean => dayOf(newbornMs) > dayOf(examMs);

/** Checks that relate fields of one row. Runs after the field checks filled the context. */
export function checkCrossField(ctx: RowContext): void {
  const { values: v, cells, good, out, options } = ctx;
  const rowIx = ctx.row.index;
  const exam = ctx.exam;

  if (exam && good[2] && v[2] !== v[11].slice(0, 5)) {
    const want = v[11].slice(0, 5);
    // Field 3 knows no years before ROC 1 (F03-format): then the exam time is what is wrong, and no fix is offered.
    const beforeRoc = want.startsWith('-');
    emit(out, options, 'X03-exam-month', cells[2]!.range, 3, rowIx,
      beforeRoc
        ? bi(`執行年月 ${v[2]} 與實際檢查日期時間 ${v[11]} 的年月不符；該時間為民國前年份，執行年月不可為民國前，請檢查實際檢查日期時間（序號12）`,
          `execution year-month (field 3) ${v[2]} differs from the month of the exam time ${v[11]}, a year before ROC 1, which field 3 cannot hold: check the exam time (field 12)`)
        : bi(`執行年月 ${v[2]} 與實際檢查日期時間 ${v[11]} 的年月不符；應為 ${want}`, `execution year-month (field 3) ${v[2]} differs from the month of the exam time ${v[11]}; expected ${want}`),
      beforeRoc ? undefined : [replaceFix('exam-month', bi(`依實際檢查日期改為 ${want}`, `Take ${want} from the exam time`), cells[2]!.range, want)]);
  }

  if (exam && ctx.swipe && v[6] === '1' && swipedLater(ctx.swipe.epochMs, exam.epochMs, endsInZeroTime(v[11]))) {
    emit(out, options, 'X04-card-after-exam', cells[3]!.range, 4, rowIx,
      bi(`健保卡刷卡日期時間 ${v[3]} 晚於實際檢查日期時間 ${v[11]}，但補卡註記為 1；若為補卡請將序號7改為 2`,
        `card swipe time (field 4) ${v[3]} is after the exam time ${v[11]} but field 7 is 1; a replacement card is flagged 2`));
  }

  checkPreventiveCareSerial(ctx);

  if (exam && ctx.birth && bornAfterExam(ctx.birth.epochMs, exam.epochMs)) {
    emit(out, options, 'X09-birth-after-exam', cells[8]!.range, 9, rowIx,
      bi(`出生日期 ${v[8]} 晚於實際檢查日期 ${v[11].slice(0, 7)}`, `birth date (field 9) ${v[8]} is after the exam date ${v[11].slice(0, 7)}`));
  }

  if (exam && good[11] && endsInZeroTime(v[11]) && v[16] === '') {
    emit(out, options, 'X12-zero-time', cells[11]!.range, 12, rowIx,
      bi(`實際檢查時分為 0000：僅交付、轉檢或代檢且無時分紀錄者可如此填寫；若檢查確實在 00:00 可忽略`,
        `exam time (field 12) has HHMM 0000: allowed for delivered, referred or delegated exams without a recorded time; ignore if the exam was at 00:00`));
  }

  checkBodySite(ctx);
  checkArchiveAgainstRow(ctx);
  checkNewborn(ctx);

  if (exam && ctx.received && ctx.received.epochMs < exam.epochMs) {
    emit(out, options, 'X17-before-exam', cells[16]!.range, 17, rowIx,
      bi(`實際收到影像日期時間 ${v[16]} 早於實際檢查日期時間 ${v[11]}`, `image received time (field 17) ${v[16]} is before the exam time ${v[11]}`));
  }

  const hospital = options.fileName ? hospitalOfFileName(options.fileName) : undefined;
  if (hospital && good[0] && v[0] !== hospital) {
    // When the archive name agrees with the file name, field 1 is the odd one out.
    const archiveAgrees = good[13] && parseArchiveName(v[13])?.hospital === hospital;
    emit(out, options, 'FILE-hospital', cells[0]!.range, 1, rowIx,
      bi(`醫事機構代碼 ${v[0]} 與檔名 ${options.fileName} 的醫事機構代碼 ${hospital} 不同${archiveAgrees ? '（影像壓縮檔名稱與檔名相同）' : ''}`,
        `hospital code (field 1) ${v[0]} differs from ${hospital} in the file name ${options.fileName}${archiveAgrees ? ' (the archive name agrees with the file name)' : ''}`),
      archiveAgrees ? [replaceFix('hospital-from-file-name', bi(`改為 ${hospital}`, `Write ${hospital}`), cells[0]!.range, hospital)] : undefined);
  }
}

/** `s.endsWith('0000')`, read by character code: an exam time's HHMM of 0000. */
export function endsInZeroTime(s: string): boolean {
  const n = s.length;
  return n >= 4 && s.charCodeAt(n - 1) === 48 && s.charCodeAt(n - 2) === 48 && s.charCodeAt(n - 3) === 48 && s.charCodeAt(n - 4) === 48;
}

/** An exam time of 0000 may mean "no time recorded" (表二 序號12 三): then only a later day tells. */
export function swipedLater(swipe: number, examMs: number, zeroTime: boolean): boolean {
  return zeroTime ? dayOf(swipe) > dayOf(examMs) : minuteOf(swipe) > minuteOf(examMs);
}

/** A visit serial that is a serial number (0001-9999), which preventive care (AC) does not take. */
export const SERIAL_NUMBER = /^\d{4}$/;

/** 表二 序號6 三: preventive care (field 5 AC) writes "IC" + its service code; an abnormal code is left alone. */
function checkPreventiveCareSerial(ctx: RowContext): void {
  const { values: v, good } = ctx;
  if (!good[4] || !good[5] || v[4] !== PREVENTIVE_CARE_VISIT_TYPE || !SERIAL_NUMBER.test(v[5])) return;
  emit(ctx.out, ctx.options, 'X06-preventive-care-serial', ctx.cells[5]!.range, 6, ctx.row.index,
    bi(`就醫類別為 AC（預防保健），就醫序號 ${v[5]} 卻是流水號；預防保健應填「IC+預防保健之服務時程代碼」（例如 IC21）`,
      `visit type AC (preventive care) with the serial number ${v[5]} in field 6; preventive care writes "IC" + the preventive care service code (e.g. IC21)`));
}

/** Field 13 empty: required for CT, MRI and the dental orders. */
function checkBodySite(ctx: RowContext): void {
  const cell = ctx.cells[12];
  if (!ctx.order || !cell || ctx.values[12] !== '' || FAMILIES[ctx.order.family].bodySite === 'none') return;
  // NA (頸椎 and 頸部) is a CT/MRI site that pandas' read_csv reads as no value, and to_csv writes back empty.
  const lostNa = FAMILIES[ctx.order.family].bodySite === 'ct-mri';
  emit(ctx.out, ctx.options, 'X13-body-site-required', cell.range, 13, ctx.row.index,
    bi(`醫令 ${ctx.order.code} ${ctx.order.name['zh-TW']} 必填診療部位（序號13）${lostNa ? '；若檔案經 pandas 讀寫，它會把部位 NA（頸椎及頸部）當成沒有值而寫成空白：請依原始紀錄填回' : ''}`,
      `order ${ctx.order.code} (${ctx.order.name.en}) needs a body site (field 13)${lostNa ? '; if pandas read the file, it took the site NA (cervical spine and neck) for no value and wrote it empty: take it from the source record' : ''}`));
}

/**
 * A filled field 13 against the order code (field 10, checked before it): CT/MRI letters, dental codes and
 * their count, nothing for other orders. Returns whether the value is acceptable.
 */
export function checkBodySiteValue(v: string, cell: Cell, ctx: RowContext): boolean {
  if (!ctx.order) return true;
  const family = FAMILIES[ctx.order.family];
  const { out, options } = ctx;
  const rowIx = ctx.row.index;
  if (family.bodySite === 'none') {
    emit(out, options, 'X13-body-site-not-allowed', cell.range, 13, rowIx,
      bi(`醫令 ${ctx.order.code} ${ctx.order.name['zh-TW']} 不填診療部位（現為 ${v}）；請留空`, `order ${ctx.order.code} (${ctx.order.name.en}) takes no body site (found ${v}); leave field 13 empty`));
    return false;
  }
  if (family.bodySite === 'ct-mri') {
    let bad = '';
    for (const ch of v) if (!CT_MRI_SITE_MAP.has(ch)) bad += ch;
    if (!bad) return checkRepeatedRegions(v, cell, ctx);
    const upper = v.toUpperCase();
    // Only a value typed all in lower case is a slip of case; "NaN" or "nOne" are not region letters.
    const fixable = v === v.toLowerCase() && [...upper].every((ch) => CT_MRI_SITE_MAP.has(ch));
    const letters = [...CT_MRI_SITE_MAP.keys()].join('');
    emit(out, options, 'X13-body-site-code', cell.range, 13, rowIx,
      bi(`診療部位 ${v} 含非 CT/MRI 部位代碼的字元「${bad}」；應為 ${letters} 中的大寫字母`,
        `body site (field 13) ${v} has characters that are not CT/MRI region letters: "${bad}"; expected upper-case letters from ${letters}`),
      fixable ? [replaceFix('upper-case', bi('改為大寫', 'Change to upper case'), cell.range, upper)] : undefined);
    return false;
  }
  // Codes written apart (11;12, 11-12, 11/FM): the pairs would be read across the separators.
  const separators = [...new Set(v.replace(/[0-9A-Za-z]/g, ''))].join('');
  if (separators) {
    emit(out, options, 'X13-body-site-code', cell.range, 13, rowIx,
      bi(`診療部位 ${v} 的編碼之間有分隔符號「${separators}」；牙位與區域代碼每碼 2 字元，直接相連填寫（例如 1121FM），最多九個`,
        `body site (field 13) ${v} separates its codes with "${separators}"; dental tooth and region codes are two characters each, written one after another (e.g. 1121FM), at most nine`));
    return false;
  }
  const upper = v.toUpperCase();
  const codes = dentalCodes(upper);
  const unknown = v.length % 2 === 1 ? [codes[codes.length - 1]] : codes.filter((c) => !DENTAL_CODE_MAP.has(c));
  if (unknown.length) {
    const rounded = keptTo15Digits(v);
    emit(out, options, 'X13-body-site-code', cell.range, 13, rowIx,
      bi(`診療部位 ${v} 含無效的牙位代碼 ${unknown.join('、')}；應為 FDI 牙位（11-48、51-85）或 FM、UB、LB、UR、UL、UA、LR、LL、LA、99，每碼 2 字元${rounded ? `；${SPREADSHEET_15_DIGITS['zh-TW']}` : ''}`,
        `body site (field 13) ${v} has invalid dental codes ${unknown.join(', ')}; expected FDI tooth numbers (11-48, 51-85) or FM, UB, LB, UR, UL, UA, LR, LL, LA, 99, two characters each${rounded ? `; ${SPREADSHEET_15_DIGITS.en}` : ''}`),
      upper !== v && v.length % 2 === 0 && codes.every((c) => DENTAL_CODE_MAP.has(c)) ? [replaceFix('upper-case', bi('改為大寫', 'Change to upper case'), cell.range, upper)] : undefined);
    return false;
  }
  if (upper !== v) {
    emit(out, options, 'X13-body-site-code', cell.range, 13, rowIx,
      bi(`診療部位 ${v} 的牙位代碼須為大寫：${upper}`, `body site (field 13) ${v}: dental codes are written in upper case, ${upper}`),
      [replaceFix('upper-case', bi('改為大寫', 'Change to upper case'), cell.range, upper)]);
    return false;
  }
  if (codes.length > DENTAL_MAX_CODES) {
    emit(out, options, 'X13-dental-count', cell.range, 13, rowIx,
      bi(`診療部位有 ${codes.length} 個牙位編碼；每筆醫令最多 ${DENTAL_MAX_CODES} 個`, `body site (field 13) lists ${codes.length} dental codes; at most ${DENTAL_MAX_CODES} per order`));
    return false;
  }
  const repeated = [...new Set(codes.filter((c, i) => codes.indexOf(c) < i))];
  if (!repeated.length) return true;
  const which = bi(repeated.join('、'), repeated.join(', '));
  emit(out, options, 'X13-body-site-repeat', cell.range, 13, rowIx,
    bi(`診療部位 ${v} 重複了牙位代碼 ${which['zh-TW']}；每個牙位或區域只填一次`,
      `body site (field 13) ${v} repeats the ${agreeing(repeated.length, 'dental code', 'dental codes')} ${which.en}; each tooth or region is written once`));
  return false;
}

/** CT/MRI letters name each region once (表二 序號13 三: 頸椎及胸椎則填 NJ). */
function checkRepeatedRegions(v: string, cell: Cell, ctx: RowContext): boolean {
  let repeated = '';
  for (let i = 0; i < v.length; i++) if (v.indexOf(v[i]) < i && !repeated.includes(v[i])) repeated += v[i];
  if (!repeated) return true;
  emit(ctx.out, ctx.options, 'X13-body-site-repeat', cell.range, 13, ctx.row.index,
    bi(`診療部位 ${v} 重複了部位代碼「${repeated}」；每個部位只填一次`, `body site (field 13) ${v} repeats the region letter "${repeated}"; each region is written once`));
  return false;
}

function checkArchiveAgainstRow(ctx: RowContext): void {
  const cell = ctx.cells[13];
  if (!cell || !ctx.good[13]) return;
  // Field 14 passed its check, so it matches ARCHIVE_NAME: prefix (DCF or ATT) and hospital code stand at fixed places.
  const archive = ctx.values[13];
  const hospital = archive.slice(3, 13);
  const { out, options, values: v } = ctx;
  if (ctx.good[0] && hospital !== v[0]) {
    const fixed = archive.slice(0, 3) + v[0] + archive.slice(13);
    emit(out, options, 'X14-hospital', cell.range, 14, ctx.row.index,
      bi(`影像壓縮檔名稱中的醫事機構代號 ${hospital} 與序號1的醫事機構代碼 ${v[0]} 不同`, `the hospital code ${hospital} in the archive name (field 14) differs from field 1, ${v[0]}`),
      [replaceFix('archive-hospital', bi(`改為 ${fixed}`, `Write ${fixed}`), cell.range, fixed)]);
  }
  if (archive.charCodeAt(0) === 65 /* ATT, not DCF */ && ctx.order && !FAMILIES[ctx.order.family].jpgAllowed) {
    emit(out, options, 'X14-att-order', cell.range, 14, ctx.row.index,
      bi(`醫令 ${ctx.order.code} ${ctx.order.name['zh-TW']} 不可上傳 JPG（ATT）；須為 DICOM（DCF）`, `order ${ctx.order.code} (${ctx.order.name.en}) cannot be sent as JPG (ATT); it must be DICOM (DCF)`));
  }
}

function checkNewborn(ctx: RowContext): void {
  const { values: v, cells, out, options } = ctx;
  const c15 = cells[14];
  const c16 = cells[15];
  if (!c15 || !c16) return;
  const has15 = v[14] !== '';
  const has16 = v[15] !== '';
  if (has15 !== has16) {
    const [missing, cell, present] = has15 ? [16, c16, 15] : [15, c15, 16];
    const m = fieldName(missing);
    const p = fieldName(present);
    emit(out, options, 'X15-newborn-pair', cell.range, missing, ctx.row.index,
      bi(`已填${p['zh-TW']}，${m['zh-TW']}也必填（新生兒依附就醫兩欄須同時填寫）`, `${p.en} is filled, so ${m.en} is required too (both newborn fields or neither)`));
  }
  if (ctx.exam && ctx.newborn && bornAfterExam(ctx.newborn.epochMs, ctx.exam.epochMs)) {
    emit(out, options, 'X15-newborn-after-exam', c15.range, 15, ctx.row.index,
      bi(`依附就醫新生兒出生日期 ${v[14]}（${formatGregorian(ctx.newborn.epochMs, 'zh-TW', false)}）晚於實際檢查日期 ${v[11].slice(0, 7)}`,
        `newborn birth date (field 15) ${v[14]} (${formatGregorian(ctx.newborn.epochMs, 'en', false)}) is after the exam date ${v[11].slice(0, 7)}`));
  }
}

export type { Cell };
