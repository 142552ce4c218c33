import { bi } from '../i18n';
import { daysInMonth, parseRoc } from '../roc';
import type { Bilingual } from '../types';

/** `{hospital 10}_{YYYYMMDD}_{sequence 3-6 digits}.csv`. */
export const CSV_FILE_NAME = /^([0-9A-Za-z]{10})_(\d{4})(\d{2})(\d{2})_(\d{3,6})\.csv$/;

export type FileNameCheck =
  | { ok: true; hospital: string; date: string; sequence: string }
  | { ok: false; problem: 'pattern' | 'date' | 'before-roc'; hospital?: string };

/** ROC 1 = 1912: no system date of an NHI file comes before it. */
const FIRST_ROC_YEAR = 1912;

let lastName: string | undefined;
let lastCheck: FileNameCheck | undefined;

/** What keeps YYYYMMDD from being the system date of a file name: not a real Gregorian date, or one before ROC 1. */
export function systemDateProblem(date: string): 'date' | 'before-roc' | undefined {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(4, 6));
  const d = Number(date.slice(6, 8));
  if (!/^\d{8}$/.test(date) || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return 'date';
  return y < FIRST_ROC_YEAR ? 'before-roc' : undefined;
}

export function checkFileName(name: string): FileNameCheck {
  if (name === lastName && lastCheck) return lastCheck;
  const m = CSV_FILE_NAME.exec(name);
  let r: FileNameCheck;
  if (!m) r = { ok: false, problem: 'pattern' };
  else {
    const problem = systemDateProblem(m[2] + m[3] + m[4]);
    r = problem ? { ok: false, problem, hospital: m[1] } : { ok: true, hospital: m[1], date: m[2] + m[3] + m[4], sequence: m[5] };
  }
  lastName = name;
  lastCheck = r;
  return r;
}

/** The hospital code the file name announces, when the name has the right shape. */
let lastPath: string | undefined;
let lastHospital: string | undefined;

export function hospitalOfFileName(path: string): string | undefined {
  if (path !== lastPath) {
    lastHospital = checkFileName(baseName(path)).hospital;
    lastPath = path;
  }
  return lastHospital;
}

/** The base name of a path, either separator. */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? path : path.slice(i + 1);
}

const DOUBLED_EXTENSION = /^(.+\.csv)\.csv$/i;
/** " (1)" (a browser's download, Windows' copy into the same folder) or " - 複製", " - Copy", " - 副本", with their own numbers. */
const COPY_SUFFIX = /^(.+?)(?: \(\d+\)| - (?:複製|副本|copy)(?: \(\d+\))?)(\.csv)$/i;

/**
 * What went wrong with a file name that does not follow the pattern, when it is a right name that Windows or a
 * person's renaming changed: an extension typed twice, the name of a copy, an upper-case .CSV; with the name meant.
 */
export function fileNameHint(name: string): Bilingual | undefined {
  const meant = (candidate: string) => (CSV_FILE_NAME.test(candidate) ? candidate : undefined);
  const twice = DOUBLED_EXTENSION.exec(name);
  const doubled = twice ? meant(twice[1].slice(0, -4) + '.csv') : undefined;
  if (doubled) {
    return bi(`副檔名重複（Windows 預設隱藏已知檔案類型的副檔名，改名時再打上副檔名就會重複）；請改名為 ${doubled}`,
      `its extension is written twice (Windows hides the extensions of known file types, so one typed in a new name is added again): rename it ${doubled}`);
  }
  const copy = COPY_SUFFIX.exec(name);
  const original = copy ? meant(copy[1] + '.csv') : undefined;
  if (original) {
    return bi(`這是 Windows 或瀏覽器下載時替副本取的名稱；請改名為 ${original}，若此名稱已是另一批次，請改用下一個序號`,
      `the name of a copy, as Windows or a browser's download names one: rename it ${original}, or give it the next sequence number if that name is another batch's`);
  }
  const lower = /\.csv$/i.test(name) ? meant(name.slice(0, -4) + '.csv') : undefined;
  if (lower && lower !== name) return bi(`副檔名須為小寫的 .csv；請改名為 ${lower}`, `the extension is .csv in lower case: rename it ${lower}`);
  const roc = ROC_SYSTEM_DATE.exec(name);
  const gregorian = roc ? rocToGregorianDate(roc[2]) : undefined;
  const western = gregorian ? meant(`${roc![1]}_${gregorian}_${roc![3]}.csv`) : undefined;
  if (western) {
    return bi(`系統日期寫成了民國 ${roc![2]}；檔名的系統日期為西元年月日 8 碼：請改名為 ${western}`,
      `the system date is written as the ROC date ${roc![2]}; the file name's is Gregorian, 8 digits: rename it ${western}`);
  }
  const parts = OTHER_SEPARATORS.exec(name);
  const underscored = parts ? meant(`${parts[1]}_${parts[2]}_${parts[3]}.csv`) : undefined;
  if (underscored) return bi(`各部分之間須以底線 _ 分隔；請改名為 ${underscored}`, `its parts are separated by underscores _: rename it ${underscored}`);
  return undefined;
}

/** The system date written as a ROC date YYYMMDD (表二's form for the fields, not the file name's). */
const ROC_SYSTEM_DATE = /^([0-9A-Za-z]{10})_(\d{7})_(\d{3,6})\.csv$/;

/** The parts of the name separated by hyphens, dots or spaces instead of underscores. */
const OTHER_SEPARATORS = /^([0-9A-Za-z]{10})[-. ](\d{8})[-. ](\d{3,6})\.csv$/;

function rocToGregorianDate(rocDate: string): string | undefined {
  const r = parseRoc(rocDate, 'YYYMMDD');
  return r.ok ? `${r.year}${String(r.month).padStart(2, '0')}${String(r.day).padStart(2, '0')}` : undefined;
}
