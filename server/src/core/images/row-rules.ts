/**
 * The checks that need the CSV row: image size and modality against the order's family
 * (field 10), JPG allowed for the order, StudyDate against the exam date (field 12) and
 * PatientBirthDate against field 9 (or field 15, a newborn on a parent's card). Dates are compared
 * as Gregorian YYYYMMDD.
 */
import { isValidValue } from '../dicom/vr-values';
import { agreeing, counted } from '../counted';
import { bi } from '../i18n';
import { parseRoc } from '../roc';
import type { FamilySpec } from '../spec/orders';
import type { Bilingual } from '../types';
import { IssueList } from './issues';
import type { ImageFact } from './inspect';
import { meetsMinimumSize, minimumSizeText, modalityExpected } from './requirements';

export interface RowExpectations {
  family: FamilySpec | undefined;
  orderCode: string;
  /** Gregorian YYYYMMDD of field 12, when it parses. */
  examDate?: string;
  /** Gregorian YYYYMMDD of field 9, when it parses. */
  birthDate?: string;
  /**
   * Gregorian YYYYMMDD of field 15, when it parses: a newborn seen on a parent's card, whose images carry the
   * newborn's birth date while fields 8 and 9 are the parent's (表二 序號15).
   */
  newbornBirthDate?: string;
}

function ymd(value: string, form: 'YYYMMDD' | 'YYYMMDDHHMM'): string | undefined {
  const v = parseRoc(value, form);
  if (!v.ok) return undefined;
  return `${String(v.year).padStart(4, '0')}${String(v.month).padStart(2, '0')}${String(v.day).padStart(2, '0')}`;
}

/** Field values are 1-based positions in `cells`. */
export function rowExpectations(cells: readonly string[], familyOf: (code: string) => FamilySpec | undefined): RowExpectations {
  const orderCode = (cells[9] ?? '').trim();
  return {
    family: familyOf(orderCode),
    orderCode,
    examDate: cells[11] ? ymd(cells[11].trim(), 'YYYMMDDHHMM') : undefined,
    birthDate: cells[8] ? ymd(cells[8].trim(), 'YYYMMDD') : undefined,
    newbornBirthDate: cells[14] ? ymd(cells[14].trim(), 'YYYMMDD') : undefined,
  };
}

function dashed(d: string): string {
  return d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;
}

/**
 * A DICOM date as the messages show it: YYYY-MM-DD when it is a DA value (PS3.5 §6.2, YYYYMMDD);
 * otherwise quoted as written and named as no DICOM date, so that "2025-11-25" written by a PACS is
 * not shown as if it were the same date as field 12's and still called different.
 */
function shownDate(d: string): Bilingual {
  if (isValidValue('DA', d)) return bi(dashed(d), dashed(d));
  return bi(`「${d}」（不是 DICOM 日期格式 YYYYMMDD）`, `"${d}" (not a DICOM date, YYYYMMDD)`);
}

/** Distinct values of a fact with how many images carry each. */
function tally(images: readonly ImageFact[], pick: (i: ImageFact) => string | undefined): Map<string, ImageFact[]> {
  const out = new Map<string, ImageFact[]>();
  // Indexed: run for every image, mostly before V8 has optimised it, where for...of makes an object per step.
  for (let i = 0; i < images.length; i++) {
    const img = images[i];
    const v = pick(img);
    if (v === undefined || v === '') continue;
    const list = out.get(v);
    if (list) list.push(img);
    else out.set(v, [img]);
  }
  return out;
}

/**
 * How a date finding counts the files it names: images, or DICOM files when objects without pixel data
 * (a report, key objects, a presentation state, an encapsulated PDF) are among them; and the file it names
 * as an example, an image when there is one.
 */
function countedFiles(list: readonly ImageFact[]): { zh: string; en: string; example: string } {
  const firstImage = list.find((i) => i.hasPixels);
  const allImages = list.every((i) => i.hasPixels);
  return {
    zh: allImages ? `${list.length} 個影像` : `${list.length} 個 DICOM 檔`,
    en: counted(list.length, allImages ? 'image' : 'DICOM file'),
    example: (firstImage ?? list[0]).name,
  };
}

/** Stands for an empty or absent Modality in the tally: values are read up to their first NUL, so none is this. */
const NO_MODALITY = '\0';

export function judgeImages(images: readonly ImageFact[], row: RowExpectations): IssueList {
  const issues = new IssueList();
  const family = row.family;
  if (family) {
    const min = minimumSizeText(family);
    if (min) {
      for (let i = 0; i < images.length; i++) {
        const img = images[i];
        if (!img.hasPixels || img.width === undefined || img.height === undefined) continue;
        if (!meetsMinimumSize(family, { width: img.width, height: img.height })) {
          issues.add('A14-image-size', img.name, bi(
            `${img.width}x${img.height} 低於${family.name['zh-TW']}最低需求 ${min['zh-TW']}`,
            `${img.width}x${img.height} is below the ${family.name.en} minimum of ${min.en}`,
          ), bi(
            `請從 PACS 或影像設備以至少 ${min['zh-TW']}${min['zh-TW'].endsWith('）') ? '' : ' '}的解析度重新匯出影像`,
            `export the images again from the PACS or the modality at ${min.en} or more`,
          ));
        }
      }
    }
    // Only images: a CT study's dose report (SR), key objects (KO) or presentation states (PR) carry their own Modality.
    // An empty or absent Modality (Type 1 in the General Series module) fits no order either.
    for (const [modality, list] of tally(images.filter((i) => i.kind === 'dicom' && i.hasPixels), (i) => i.modality?.trim() || NO_MODALITY)) {
      if (modalityExpected(family, modality)) continue;
      const zh = modality === NO_MODALITY ? '沒有 Modality (0008,0060)' : `的 Modality 為 ${modality}`;
      const en = modality === NO_MODALITY ? `${agreeing(list.length, 'has', 'have')} no Modality (0008,0060)` : `${agreeing(list.length, 'has', 'have')} Modality ${modality}`;
      issues.add('A14-modality', null, bi(
        `${list.length} 個影像${zh}，醫令 ${row.orderCode}（${family.name['zh-TW']}）預期 ${family.modalities.join(' 或 ')}（例如 ${list[0].name}）；請確認序號10 醫令代碼，或從 PACS 或影像設備重新匯出此次檢查的影像`,
        `${counted(list.length, 'image')} ${en}; order ${row.orderCode} (${family.name.en}) expects ${family.modalities.join(' or ')} (e.g. ${list[0].name}): check the order code in field 10, or export this exam's images again from the PACS or the modality`,
      ));
    }
    const jpegs = images.filter((i) => i.kind === 'jpeg');
    if (jpegs.length && !family.jpgAllowed) {
      issues.add('A14-jpeg-not-allowed', null, bi(
        `${jpegs.length} 個 JPG 影像，但醫令 ${row.orderCode}（${family.name['zh-TW']}）只能以 DICOM 上傳；請從 PACS 或影像設備以 DICOM 重新匯出，改以 DCF 壓縮檔上傳`,
        `${counted(jpegs.length, 'JPG image')}, but order ${row.orderCode} (${family.name.en}) must be sent as DICOM: export the images again as DICOM from the PACS or the modality and send them in a DCF archive`,
      ));
    }
  }
  if (row.examDate) {
    for (const [date, list] of tally(images, (i) => i.studyDate)) {
      if (date === row.examDate) continue;
      const shown = shownDate(date);
      const n = countedFiles(list);
      issues.add('A14-study-date', null, bi(
        `${n.zh}的 Study Date 為 ${shown['zh-TW']}，序號12 實際檢查日期為 ${dashed(row.examDate)}（例如 ${n.example}）；若序號12 有誤請更正，否則請改放該日檢查的影像`,
        `${n.en} ${agreeing(list.length, 'has', 'have')} Study Date ${shown.en}; field 12 says the exam was on ${dashed(row.examDate)} (e.g. ${n.example}): correct field 12 if it is wrong, or pack the images of the exam done on that day`,
      ));
    }
  }
  if (row.birthDate) {
    const newborn = row.newbornBirthDate;
    for (const [date, list] of tally(images, (i) => i.birthDate)) {
      if (date === row.birthDate || date === newborn) continue;
      const shown = shownDate(date);
      const n = countedFiles(list);
      issues.add('A14-birth-date', null, bi(
        `${n.zh}的 Patient's Birth Date 為 ${shown['zh-TW']}，序號9 出生日期為 ${dashed(row.birthDate)}${newborn ? `，序號15 依附就醫新生兒出生日期為 ${dashed(newborn)}` : ''}（例如 ${n.example}）；若序號9${newborn ? ' 或序號15' : ''} 有誤請更正，否則請改放此病人的影像`,
        `${n.en} ${agreeing(list.length, 'has', 'have')} Patient's Birth Date ${shown.en}; field 9 says ${dashed(row.birthDate)}${newborn ? ` and field 15 (the newborn) ${dashed(newborn)}` : ''} (e.g. ${n.example}): correct field 9${newborn ? ' or 15' : ''} if it is wrong, or pack this patient's images`,
      ));
    }
  }
  return issues;
}
