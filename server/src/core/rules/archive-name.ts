import { bi } from '../i18n';
import { isNullLiteral } from './null-literal';
import type { Bilingual } from '../types';

/** `{DCF|ATT}{hospital 10}_{case 12}.{CAB|7z}`. */
export const ARCHIVE_NAME = /^(DCF|ATT)([0-9A-Za-z]{10})_([0-9A-Za-z]{12})\.(CAB|7z)$/;

export interface ArchiveName {
  kind: 'DCF' | 'ATT';
  hospital: string;
  caseNumber: string;
  extension: 'CAB' | '7z';
}

export function parseArchiveName(value: string): ArchiveName | undefined {
  const m = ARCHIVE_NAME.exec(value);
  return m ? { kind: m[1] as 'DCF' | 'ATT', hospital: m[2], caseNumber: m[3], extension: m[4] as 'CAB' | '7z' } : undefined;
}

/** A name of an archive's form whatever the case and whatever lies between prefix and extension; its middle is captured. */
const ARCHIVE_NAME_LIKE = /^(?:DCF|ATT)(.+)\.(?:CAB|7z)$/i;

/** Whether a value is meant as an archive name (field 14), well formed or not: DCF/ATT … .CAB/.7z in any case. */
export function looksLikeArchiveName(value: string): boolean {
  return ARCHIVE_NAME_LIKE.test(value);
}

/**
 * What makes two archive names the same case (四、(二)1.(2)E(c): a case number is never used twice): hospital and
 * case number in upper case, without file class and extension; any other text as it is.
 */
export function caseKeyOf(name: string): string {
  const m = ARCHIVE_NAME_LIKE.exec(name);
  return m ? m[1].toUpperCase() : name;
}

/**
 * 四、(二)2: JPG files have no naming scheme, but their names hold no Chinese and no symbols, only half-width
 * letters, digits and underscores; the dot before an extension is allowed. Each part of an entry path is judged.
 */
const JPG_NAME_PART = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)?$/;

export function isConformingJpgName(entryPath: string): boolean {
  return entryPath.split('/').every((part) => JPG_NAME_PART.test(part));
}

/** What field 14 of a draft row holds, as advice gives it. */
export const DRAFT_PATH_FORM: Bilingual = bi('該次檢查影像資料夾或檔案的路徑（例如 ./row1）', 'the path of the row\'s image folder or files (e.g. ./row1)');

/**
 * A path rather than a name: the draft form that Build packages. `N/A` is what an export writes for no value; a
 * path whose last part is an archive name (`D:\\NHI\\DCF…7z`, an export that wrote where the archive is) is no
 * draft either: it names the archive (archiveOfPath). A path holds a separator, or is `.` or `..` (the CSV's folder
 * or the one above it, as `./` and `../`), which no archive name can be; a folder's name alone (`row1`) is read as
 * a mistyped archive name, as it is in an upload CSV, so that it does not make the file a draft (draft-file.ts).
 */
export function isDraftPath(value: string): boolean {
  if (DOT_FOLDER.test(value)) return true;
  return (value.includes('/') || value.includes('\\')) && !isNullLiteral(value, 14) && archiveOfPath(value) === undefined && !isHomeOrVariableAlone(value);
}

/** `.` or `..`, spaces around it aside, as a path list of one (`;` separates several, each of which holds a separator then). */
const DOT_FOLDER = /^\s*\.\.?\s*$/;

/** `~` or one `%NAME%`, a separator after it aside (`~/`, `%USERPROFILE%\\`): a whole folder named without a name of its own. */
const HOME_OR_VARIABLE_ALONE = /^\s*(?:~|%[^%\\/;]+%)[\\/]?\s*$/;

/**
 * The home folder or an environment variable's folder alone in field 14 (`~`, `%USERPROFILE%`): meant as a draft's path,
 * but no draft path: Build does not expand it, as it would pack every image of that folder (the user's whole profile),
 * and asks for the row's own folder (docs/decisions/home-folder-alone.md). Under such a folder, `~/影像/row1`, it expands.
 */
export function isHomeOrVariableAlone(value: string): boolean {
  return HOME_OR_VARIABLE_ALONE.test(value);
}

/**
 * A folder named without a name of its own: `.`, `..` (with or without a separator after it) or the home folder or a
 * variable's alone. A draft may hold it, and so may a stray row of an upload CSV: it leans towards a draft, but does not
 * decide against a row that names an archive (draft-file.ts).
 */
export function isUnnamedFolder(value: string): boolean {
  return DOT_FOLDER_WITH_SEPARATOR.test(value) || isHomeOrVariableAlone(value);
}

const DOT_FOLDER_WITH_SEPARATOR = /^\s*\.\.?[\\/]?\s*$/;

/**
 * Whether a row's text may hold a draft path in a field: a separator, or a field of `.` or `..` (quoted or not). Most rows
 * of an upload CSV are ruled out by it without splitting them into fields.
 */
export function mayHoldDraftPath(rowText: string): boolean {
  return rowText.includes('/') || rowText.includes('\\') || DOT_FIELD.test(rowText);
}

const DOT_FIELD = /(?:^|,)[\s"]*\.\.?[\s"]*(?:,|$)/;

/** The archive name a path to an archive file ends in (`D:\\NHI\\DCF3501200000_C00000000001.7z`), else undefined. */
export function archiveOfPath(value: string): string | undefined {
  const at = Math.max(value.lastIndexOf('/'), value.lastIndexOf('\\'));
  if (at < 0) return undefined;
  const name = value.slice(at + 1);
  return ARCHIVE_NAME.test(name) ? name : undefined;
}

/** The same name with the prefix upper-cased and the extension spelt .CAB / .7z, when that makes it valid. */
export function caseFixedArchiveName(value: string): string | undefined {
  const m = /^(dcf|att)?(.*)\.(cab|7z)$/i.exec(value);
  if (!m) return undefined;
  const fixed = (m[1] ? m[1].toUpperCase() : '') + m[2] + '.' + (m[3].toLowerCase() === 'cab' ? 'CAB' : '7z');
  return fixed !== value && ARCHIVE_NAME.test(fixed) ? fixed : undefined;
}

/** Says which part of a malformed archive name is wrong. */
export function diagnoseArchiveName(value: string): Bilingual {
  const prefix = value.slice(0, 3);
  if (prefix !== 'DCF' && prefix !== 'ATT') return bi(`開頭須為 DCF 或 ATT（現為「${prefix}」）`, `it must start with DCF or ATT (found "${prefix}")`);
  const dot = value.lastIndexOf('.');
  const ext = dot < 0 ? '' : value.slice(dot + 1);
  if (ext !== 'CAB' && ext !== '7z') return bi(`副檔名須為 .CAB 或 .7z（現為「${ext ? '.' + ext : '無'}」）`, `the extension must be .CAB or .7z (found "${ext ? '.' + ext : 'none'}")`);
  const body = value.slice(3, dot);
  const us = body.indexOf('_');
  if (us < 0) return bi('醫事機構代號與案件編號之間須有底線 _', 'an underscore _ must separate the hospital code and the case number');
  const hospital = body.slice(0, us);
  const caseNo = body.slice(us + 1);
  if (!/^[0-9A-Za-z]{10}$/.test(hospital)) return bi(`醫事機構代號須為 10 碼英數字（現為「${hospital}」，${hospital.length} 碼）`, `the hospital code must be 10 letters or digits (found "${hospital}", ${hospital.length})`);
  if (!/^[0-9A-Za-z]{12}$/.test(caseNo)) return bi(`案件編號須為 12 碼英數字（現為「${caseNo}」，${caseNo.length} 碼）`, `the case number must be 12 letters or digits (found "${caseNo}", ${caseNo.length})`);
  const expected = ext === 'CAB' ? 30 : 29;
  return bi(`長度須為 ${expected}（現為 ${value.length}）`, `it must be ${expected} characters long (found ${value.length})`);
}
