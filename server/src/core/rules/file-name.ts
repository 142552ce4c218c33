import { daysInMonth } from '../roc';

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
