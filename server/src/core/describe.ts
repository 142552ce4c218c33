/**
 * What a cell means, as data for hovers, inlay hints and completion. Pure; every text comes from
 * the spec tables in both languages and is picked by `lang`.
 */
import type { Bilingual, Lang } from './types';
import { FIELDS, FIELD_COUNT } from './spec/fields';
import {
  CARD_FLAGS, CARE_CATEGORIES, CARE_CATEGORY_MAP, CT_MRI_SITES, CT_MRI_SITE_MAP, DENTAL_CODE_MAP, DENTAL_MAX_CODES, DENTAL_REGIONS, dentalCodes,
  DENTAL_TEETH, ID_FORMS, PREVENTIVE_CARE_VISIT_TYPE, VISIT_SERIAL_ABNORMAL, VISIT_SERIAL_ABNORMAL_MAP, VISIT_SERIAL_IC, VISIT_TYPES, VISIT_TYPE_MAP,
  type CodeEntry,
} from './spec/codes';
import { FAMILIES, ORDER_CODES, familyOf, orderSpec, type FamilySpec } from './spec/orders';
import { hospitalOfFileName } from './rules/file-name';
import { isDraftPath } from './rules/archive-name';
import { minimumSizeText } from './images/requirements';
import { basisText, FUTURE_START, startsInFuture, type DeadlineBasis } from './rules/deadline';
import { bornAfterExam, endsInZeroTime, SERIAL_NUMBER, swipedLater } from './rules/cross-field';
import { describeRoc, formatDuration, formatGregorian, formatRoc, parseRoc, rocNumerals, type RocForm } from './roc';

/** The fields that hold ROC dates or times, and their form. */
export const ROC_FIELDS: Readonly<Record<number, RocForm>> = { 3: 'YYYMM', 4: 'YYYMMDDHHMMSS', 9: 'YYYMMDD', 12: 'YYYMMDDHHMM', 15: 'YYYMMDD', 17: 'YYYMMDDHHMM' };

export interface CellDescription {
  field: number;
  /** "序號10 醫令代碼（order code）" / "Field 10 order code (醫令代碼)". */
  heading: string;
  /** What the NHI text says about the field. */
  explanation: string;
  /** What this cell's value means, one line each; empty when the value says nothing decodable. */
  decoded: string[];
}

const t = (b: Bilingual, lang: Lang): string => b[lang];
const bi = (zh: string, en: string): Bilingual => ({ 'zh-TW': zh, en });

/** Describes field `field` (1-17) of a row whose cell values are `cells`. */
export function describeCell(cells: readonly string[], field: number, lang: Lang): CellDescription {
  const spec = FIELDS[field - 1];
  if (!spec) {
    return {
      field,
      heading: t(bi(`第 ${field} 欄（多餘）`, `Column ${field} (extra)`), lang),
      explanation: t(bi(`每列應恰有 ${FIELD_COUNT} 個欄位。`, `Every row has exactly ${FIELD_COUNT} fields.`), lang),
      decoded: [],
    };
  }
  const other: Lang = lang === 'zh-TW' ? 'en' : 'zh-TW';
  const heading = lang === 'zh-TW' ? `序號${field} ${spec.name['zh-TW']}（${spec.name.en}）` : `Field ${field} ${spec.name.en} (${spec.name[other]})`;
  const value = cells[field - 1] ?? '';
  return { field, heading, explanation: t(spec.explanation, lang), decoded: value === '' ? [] : decode(cells, field, value, lang) };
}

function decode(cells: readonly string[], field: number, value: string, lang: Lang): string[] {
  const form = ROC_FIELDS[field];
  if (form) return decodeRoc(value, form, lang);
  switch (field) {
    case 2:
      return codeLine(CARE_CATEGORY_MAP.get(value), value, lang);
    case 5:
      return codeLine(VISIT_TYPE_MAP.get(value), value, lang);
    case 6:
      return decodeVisitSerial(value, lang);
    case 7:
      return codeLine(CARD_FLAGS.find((c) => c.code === value), value, lang);
    case 8:
      return decodeId(value, lang);
    case 10:
      return decodeOrder(value, lang);
    case 11:
      return /^[1-9]\d*$/.test(value) ? [t(bi(`本次就醫第 ${value} 份報告`, `report ${value} of this visit`), lang)] : [];
    case 13:
      return decodeBodySite(value, cells, lang);
    case 14:
      return decodeArchiveName(value, lang);
    case 16:
      return decodeNewbornMark(value, lang);
    default:
      return [];
  }
}

const POSTDATES_TEXT = bi('此代碼為健保署於 108 年規範之後新增', 'this code was added by the NHI after the 2019 text');

function codeLine(entry: CodeEntry | undefined, value: string, lang: Lang): string[] {
  if (!entry) return [t(bi(`「${value}」不是此欄的代碼`, `"${value}" is not a code of this field`), lang)];
  const line = `${entry.code} = ${t(entry.name, lang)}`;
  return entry.postdatesText ? [line, t(POSTDATES_TEXT, lang)] : [line];
}

/** A code's meaning on one line, saying when NHI added it after the text. */
function meaning(entry: CodeEntry, lang: Lang): string {
  if (!entry.postdatesText) return t(entry.name, lang);
  return lang === 'zh-TW' ? `${entry.name['zh-TW']}（${POSTDATES_TEXT['zh-TW']}）` : `${entry.name.en} (${POSTDATES_TEXT.en})`;
}

function decodeRoc(value: string, form: RocForm, lang: Lang): string[] {
  const v = parseRoc(value, form);
  if (!v.ok) return [t(bi(`不是有效的民國 ${form}`, `not a valid ROC ${form}`), lang)];
  const withTime = form === 'YYYMMDDHHMM' || form === 'YYYMMDDHHMMSS';
  const greg = form === 'YYYMM' ? `${v.year}-${String(v.month).padStart(2, '0')}` : formatGregorian(v.epochMs, lang, withTime, form === 'YYYMMDDHHMMSS');
  return [`${lang === 'en' ? rocNumerals(v, form) : describeRoc(v, form, lang)} → ${greg}`];
}

/** The Gregorian reading shown after a ROC date cell, or undefined when the value is not a valid date. */
export function gregorianHint(value: string, field: number, lang: Lang): string | undefined {
  const form = ROC_FIELDS[field];
  if (!form) return undefined;
  const v = parseRoc(value, form);
  if (!v.ok) return undefined;
  if (form === 'YYYMM') return `${v.year}-${String(v.month).padStart(2, '0')}`;
  return formatGregorian(v.epochMs, lang, form !== 'YYYMMDD', form === 'YYYMMDDHHMMSS');
}

function decodeVisitSerial(value: string, lang: Lang): string[] {
  if (/^\d{4}$/.test(value) && value !== '0000') return [t(bi(`就醫序號 ${Number(value)}`, `visit serial no. ${Number(value)}`), lang)];
  const abnormal = VISIT_SERIAL_ABNORMAL_MAP.get(value);
  if (abnormal) return [`${t(bi('異常代碼', 'abnormal code'), lang)} ${abnormal.code} = ${t(abnormal.name, lang)}`];
  const ic = VISIT_SERIAL_IC.find((c) => c.code === value);
  if (ic) return [`${ic.code} = ${t(ic.name, lang)}`];
  if (/^IC[0-9A-Z]{2}$/.test(value)) return [t(bi(`預防保健服務時程代碼 ${value.slice(2)}`, `preventive care service code ${value.slice(2)}`), lang)];
  return [t(bi(`「${value}」不是就醫序號、IC 代碼或異常代碼`, `"${value}" is not a visit serial, an IC code or an abnormal code`), lang)];
}

function decodeId(value: string, lang: Lang): string[] {
  const form = ID_FORMS.find((f) => new RegExp(`^${f.pattern}$`).test(value));
  if (!form) return [t(bi('不符合身分證統一編號或居留證號格式', 'matches no ID or resident certificate form'), lang)];
  const lines = [t(form.name, lang)];
  if (form.form === 'citizen') lines.push(t(value[1] === '1' ? bi('男性', 'male') : bi('女性', 'female'), lang));
  return lines;
}

function decodeOrder(value: string, lang: Lang): string[] {
  const order = orderSpec(value) ?? orderSpec(value.toUpperCase());
  if (!order) return [t(bi(`「${value}」不在表一的 37 項醫令代碼中`, `"${value}" is not one of the 37 order codes of Table 1`), lang)];
  // A code of Table 1 in lower case: the checks read it as that order and ask for upper case (F10-order-code).
  const caseLine = order.code === value ? [] : [t(bi(`須為大寫：${order.code}`, `written in upper case: ${order.code}`), lang)];
  const fam = FAMILIES[order.family];
  const min = minimumSizeText(fam);
  const size = min ? t(bi(`影像最小尺寸 ${min['zh-TW']}`, `minimum image size ${min.en}`), lang) : t(bi('未規定影像最小尺寸', 'no minimum image size given'), lang);
  const jpg = t(fam.jpgAllowed ? bi('可上傳 JPG（ATT）', 'JPG (ATT) allowed') : bi('僅限 DICOM（DCF）', 'DICOM (DCF) only'), lang);
  const site = t(
    fam.bodySite === 'ct-mri' ? bi('須填診療部位（部位字母）', 'body site required (region letters)')
      : fam.bodySite === 'dental' ? bi('須填診療部位（牙位或區域）', 'body site required (teeth or regions)')
        : bi('診療部位留空', 'body site left empty'),
    lang,
  );
  return [...caseLine, `${order.code} ${order.name['zh-TW']}${lang === 'en' ? ` (${order.name.en})` : ''}`, `${t(bi('類別：', 'family: '), lang)}${t(fam.name, lang)}`, size, jpg, site];
}

/** The row's order as the checks read field 10: a code of Table 1 in lower case is that code (F10-order-code). */
function rowFamily(cells: readonly string[]): FamilySpec | undefined {
  const code = cells[9] ?? '';
  return familyOf(code) ?? familyOf(code.toUpperCase());
}

/** Splits field 13 into its codes for the row's order; unknown pieces are reported as such. */
function decodeBodySite(value: string, cells: readonly string[], lang: Lang): string[] {
  const family = rowFamily(cells);
  if (!family) return [t(bi('醫令代碼（序號10）不在表一，無從判斷診療部位應填什麼', 'the order code (field 10) is not one of Table 1, which decides what the body site holds'), lang)];
  const kind = family.bodySite;
  if (kind === 'ct-mri') {
    return [...value].map((ch) => {
      const e = CT_MRI_SITE_MAP.get(ch);
      return e ? `${ch} = ${meaning(e, lang)}` : t(bi(`${ch} 不是 CT/MRI 部位字母`, `${ch} is not a CT/MRI region letter`), lang);
    });
  }
  if (kind === 'dental') {
    return dentalCodes(value).map((code) => {
      const e = DENTAL_CODE_MAP.get(code);
      return e ? `${code} = ${t(e.name, lang)}` : t(bi(`${code} 不是牙位或區域代碼`, `${code} is not a tooth or region code`), lang);
    });
  }
  return [t(bi('此醫令不需診療部位', 'this order takes no body site'), lang)];
}

function decodeArchiveName(value: string, lang: Lang): string[] {
  if (isDraftPath(value)) return [t(bi('草稿：影像資料夾或檔案的路徑，由「建置上傳批次」打包並寫入壓縮檔名', 'draft: the path of the row\'s image folder or files, which Build packs and replaces with the archive name'), lang)];
  const m = /^(DCF|ATT)(.{10})_(.{12})\.(CAB|7z)$/i.exec(value);
  if (!m) return [t(bi('不符合 {DCF|ATT}{醫事機構代號10碼}_{案件編號12碼}.{CAB|7z}', 'does not match {DCF|ATT}{hospital code 10}_{case number 12}.{CAB|7z}'), lang)];
  const [, prefix, hospital, caseNo, ext] = m;
  return [
    t(prefix.toUpperCase() === 'ATT' ? bi('ATT = JPG 影像檔', 'ATT = JPG images') : bi('DCF = DICOM 檔（含 DICOMDIR）', 'DCF = DICOM files with a DICOMDIR'), lang),
    `${t(bi('醫事機構代號', 'hospital code'), lang)} ${hospital}`,
    `${t(bi('案件編號', 'case number'), lang)} ${caseNo}`,
    t(ext.toUpperCase() === 'CAB' ? bi('CAB = Microsoft Cabinet 壓縮', 'CAB = Microsoft Cabinet') : bi('7z = 7-Zip 壓縮', '7z = 7-Zip'), lang),
  ];
}

function decodeNewbornMark(value: string, lang: Lang): string[] {
  if (!/^[A-Za-z]$/.test(value)) return [t(bi('應為一個英文字母', 'should be one letter'), lang)];
  const order = value.toUpperCase().charCodeAt(0) - 64;
  const male = value === value.toUpperCase();
  return [t(male ? bi(`男嬰，第 ${order} 胎`, `boy, birth order ${order}`) : bi(`女嬰，第 ${order} 胎`, `girl, birth order ${order}`), lang)];
}

/**
 * "上傳獎勵期限 …（實際檢查後 24 小時），尚餘 3 小時 20 分鐘" or "已逾期 …" (or a window that starts in the future); deadline
 * and now in ms since epoch; the basis, when given, says which of the text's three windows (四、(一)) it is.
 */
export function describeDeadline(deadline: number, now: number, lang: Lang, basis?: DeadlineBasis): string {
  const from = basis ? basisText(basis)[lang] : '';
  const when = formatGregorian(deadline, lang) + (from ? (lang === 'en' ? ` (${from})` : `（${from}）`) : '');
  const left = formatDuration(deadline - now, lang);
  if (startsInFuture(deadline, now)) return t(bi(`上傳獎勵期限 ${when}；${FUTURE_START['zh-TW']}`, `incentive deadline ${when}; ${FUTURE_START.en}`), lang);
  return deadline >= now
    ? t(bi(`上傳獎勵期限 ${when}，尚餘 ${left}`, `incentive deadline ${when}, ${left} left`), lang)
    : t(bi(`上傳獎勵期限 ${when}，已逾期 ${left}`, `incentive deadline ${when}, passed ${left} ago`), lang);
}

/** The ID with its middle hidden for display: "A12****789". */
export function maskId(id: string): string {
  if (id.length <= 6) return id.replace(/./g, '*');
  return id.slice(0, 3) + '*'.repeat(id.length - 6) + id.slice(-3);
}

export interface CompletionEntry {
  /** The text to insert. */
  value: string;
  /** Meaning, in the chosen language. */
  detail: string;
  /** Codes appended to the cell (body-site letters, teeth) rather than replacing it. */
  append?: boolean;
  /** A template with placeholders (`${1:…}`) for the case number; `value` is the plain fallback. */
  snippet?: string;
}

const entries = (list: readonly CodeEntry[], lang: Lang, append = false): CompletionEntry[] =>
  list.map((e) => ({ value: e.code, detail: meaning(e, lang), ...(append ? { append } : {}) }));

/** What may be typed into field `field` of a row with `cells`; `now` for the date fields, the file's name for field 1. */
export function completionsFor(cells: readonly string[], field: number, lang: Lang, now: number, fileName?: string): CompletionEntry[] {
  const form = ROC_FIELDS[field];
  // A patient's birth date is never "now" (a newborn's, field 15, may be).
  if (form && field !== 9) return dateOffers(cells, field, form, lang, now);
  switch (field) {
    case 1: {
      // Every row of an upload CSV carries the hospital code its file name starts with.
      const hospital = fileName ? hospitalOfFileName(fileName) : undefined;
      return hospital ? [{ value: hospital, detail: t(bi('檔名中的醫事機構代碼', 'the hospital code in the file name'), lang) }] : [];
    }
    case 2:
      return entries(CARE_CATEGORIES, lang);
    case 5:
      // Preventive care writes "IC" + its service code in field 6, not a serial number (X06-preventive-care-serial).
      return entries(SERIAL_NUMBER.test(cells[5] ?? '') ? VISIT_TYPES.filter((c) => c.code !== PREVENTIVE_CARE_VISIT_TYPE) : VISIT_TYPES, lang);
    case 6:
      return entries([...VISIT_SERIAL_IC, ...VISIT_SERIAL_ABNORMAL], lang);
    case 7: {
      // A card swiped after the exam is a replacement card (X04-card-after-exam): 1 would be flagged.
      const exam = parseRoc(cells[11] ?? '', 'YYYMMDDHHMM');
      const swipe = parseRoc(cells[3] ?? '', 'YYYMMDDHHMMSS');
      const later = exam.ok && swipe.ok && swipedLater(swipe.epochMs, exam.epochMs, endsInZeroTime(cells[11]));
      return entries(later ? CARD_FLAGS.filter((c) => c.code !== '1') : CARD_FLAGS, lang);
    }
    case 10:
      return ORDER_CODES.map((o) => ({ value: o.code, detail: `${o.name['zh-TW']}${lang === 'en' ? ` (${o.name.en})` : ''}` }));
    case 13: {
      const kind = rowFamily(cells)?.bodySite;
      const written = (cells[12] ?? '').toUpperCase();
      // Codes are appended at the cursor: those the cell holds already are not offered again.
      if (kind === 'ct-mri') return entries(CT_MRI_SITES, lang, true).filter((e) => !written.includes(e.value));
      if (kind === 'dental') {
        const pairs = new Set(dentalCodes(written));
        if (pairs.size >= DENTAL_MAX_CODES) return [];
        return [...entries(DENTAL_REGIONS, lang, true), ...entries(DENTAL_TEETH, lang, true)].filter((e) => !pairs.has(e.value));
      }
      return [];
    }
    case 14:
      return archiveScaffolds(cells, lang);
    default:
      return [];
  }
}

/**
 * A date field's offer. The execution month is the month of the exam time (X03-exam-month). Elsewhere "now",
 * unless the row's other times show it cannot be the value: a card swiped after the exam while field 7 is 1
 * (X04-card-after-exam), an exam outside field 3's month, after its images arrived or on a day before a birth date
 * of the row (X03-exam-month, X17-before-exam, X09-birth-after-exam), a newborn born on a later day than the exam
 * (X15-newborn-after-exam).
 */
function dateOffers(cells: readonly string[], field: number, form: RocForm, lang: Lang, now: number): CompletionEntry[] {
  const cell = (n: number) => cells[n - 1] ?? '';
  const exam = parseRoc(cell(12), 'YYYMMDDHHMM');
  // Field 3 knows no years before ROC 1 (F03-format).
  if (field === 3 && exam.ok && exam.rocYear > 0) {
    const value = cell(12).slice(0, 5);
    const when = gregorianHint(value, 3, lang) ?? '';
    return [{ value, detail: t(bi(`實際檢查日期時間（序號12）的年月 ${when}`, `the month of the exam time (field 12) ${when}`), lang) }];
  }
  const value = formatRoc(now, form);
  if (!value) return [];
  const parsed = parseRoc(value, form);
  const atMs = parsed.ok ? parsed.epochMs : now;
  const contradicted =
    field === 4 ? exam.ok && cell(7) === '1' && swipedLater(atMs, exam.epochMs, endsInZeroTime(cell(12)))
      : field === 12 ? (parseRoc(cell(3), 'YYYMM').ok && cell(3) !== value.slice(0, 5)) || laterThan(atMs, cell(17)) || bornLater(cell(9), atMs) || bornLater(cell(15), atMs)
        : field === 15 ? exam.ok && bornAfterExam(atMs, exam.epochMs)
          : false;
  if (contradicted) return [];
  return [{ value, detail: t(bi(`現在 ${gregorianHint(value, field, lang) ?? ''}`, `now ${gregorianHint(value, field, lang) ?? ''}`), lang) }];
}

/** Whether the valid ROC date `birth` (field 9 or 15) is on a later day than `examMs`. */
function bornLater(birth: string, examMs: number): boolean {
  const b = parseRoc(birth, 'YYYMMDD');
  return b.ok && bornAfterExam(b.epochMs, examMs);
}

/** Whether `ms` is later than the valid ROC minute time `received` (field 17). */
function laterThan(ms: number, received: string): boolean {
  const r = parseRoc(received, 'YYYMMDDHHMM');
  return r.ok && r.epochMs < ms;
}

const CASE_PLACEHOLDER = '000000000001';

function archiveScaffolds(cells: readonly string[], lang: Lang): CompletionEntry[] {
  const hospital = cells[0] ?? '';
  // A draft's path is kept until Build writes the name.
  if (hospital.length !== 10 || isDraftPath(cells[13] ?? '')) return [];
  // A name being corrected keeps its case number; a new one gets a placeholder to fill in.
  const caseNumber = /_([0-9A-Za-z]{12})\./.exec(cells[13] ?? '')?.[1];
  const fam = rowFamily(cells);
  const prefixes = fam?.jpgAllowed ? ['DCF', 'ATT'] : ['DCF'];
  const out: CompletionEntry[] = [];
  for (const prefix of prefixes) {
    for (const ext of ['7z', 'CAB']) {
      const kind = prefix === 'ATT' ? bi('JPG', 'JPG') : bi('DICOM', 'DICOM');
      out.push(caseNumber
        ? { value: `${prefix}${hospital}_${caseNumber}.${ext}`, detail: t(bi(`${t(kind, 'zh-TW')} 壓縮檔名（沿用案件編號）`, `${t(kind, 'en')} archive name (the case number kept)`), lang) }
        : {
          value: `${prefix}${hospital}_${CASE_PLACEHOLDER}.${ext}`,
          snippet: `${prefix}${hospital}_\${1:${CASE_PLACEHOLDER}}.${ext}`,
          detail: t(bi(`${t(kind, 'zh-TW')} 壓縮檔名（填入 12 碼案件編號）`, `${t(kind, 'en')} archive name (fill in the 12-character case number)`), lang),
        });
    }
  }
  return out;
}
