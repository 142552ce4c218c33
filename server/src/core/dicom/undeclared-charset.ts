import { TextDecoder } from 'node:util';
import type { Bilingual } from '../types';
import { agreeing, counted } from '../counted';
import { bi } from '../i18n';
import { beyondAscii, decoderFor, defaultRepertoireOnly, hasC1, singleByteReading, unusableTerm, utf8Reading } from './charset';
import { problem, type DicomProblem } from './problems';
import { TAG, tagLabel } from './tags';

/**
 * Text of a file whose Specific Character Set (0008,0005) names nothing beyond the default repertoire, ASCII (PS3.5
 * §6.1.2.1), that holds bytes above 7FH: no reader can know its characters. Older Taiwanese systems write names in
 * Big5 (CP950) so, a set DICOM has no term for. docs/decisions/undeclared-character-set.md.
 */

/** The VRs whose values Specific Character Set governs (PS3.5 §6.1.2.3, Table 6.2-1). */
export const CHARSET_TEXT_VRS: ReadonlySet<string> = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

/**
 * Text elements looked at in Implicit VR, which writes no VR: the names and descriptions such systems fill in
 * (PS3.6: PN, LO, SH). Other elements of an Implicit VR data set are not judged.
 */
const IMPLICIT_TEXT: ReadonlyMap<number, string> = new Map([
  [TAG.AccessionNumber, 'Accession Number'],
  [0x00080080, 'Institution Name'],
  [0x00080090, "Referring Physician's Name"],
  [TAG.StudyDescription, 'Study Description'],
  [TAG.SeriesDescription, 'Series Description'],
  [0x00081050, "Performing Physician's Name"],
  [0x00081070, "Operators' Name"],
  [TAG.PatientName, "Patient's Name"],
  [TAG.PatientID, 'Patient ID'],
  [TAG.StudyID, 'Study ID'],
]);

/** Whether an element of `vr` (undefined: Implicit VR) and `tag` holds text Specific Character Set governs. */
export function isText(vr: string | undefined, tag: number): boolean {
  return vr === undefined ? IMPLICIT_TEXT.has(tag) : CHARSET_TEXT_VRS.has(vr);
}

/**
 * By what the text of a sequence item is judged (PS3.5 §7.5.3): an item without a Specific Character Set of its own
 * takes its data set's (INHERITED, the enclosing item's for a nested one); one that declares the default repertoire
 * alone is judged by that (OWN_ASCII); one that declares another set (a DICOMDIR record's ISO_IR 192, ISO 2022 code
 * extensions) is not judged (OWN_OTHER).
 */
export const INHERITED = 0;
export const OWN_ASCII = 1;
export const OWN_OTHER = 2;
export type TextScope = typeof INHERITED | typeof OWN_ASCII | typeof OWN_OTHER;

/** The scope of an item whose (0008,0005) is `specificCharacterSet`; a term DICOM does not define leaves ASCII. */
export function ownScope(specificCharacterSet: string): TextScope {
  return defaultRepertoireOnly(specificCharacterSet) || unusableTerm(specificCharacterSet) !== undefined ? OWN_ASCII : OWN_OTHER;
}

/** Whether [start, start + length) of `bytes` (clamped to them) holds a byte above 7FH. */
export function highBytesAt(bytes: Uint8Array, start: number, length: number): boolean {
  return beyondAscii(bytes.subarray(start, Math.min(bytes.length, start + length)));
}

/** A value found so: where its element starts, its tag, its bytes. */
export interface HighText {
  at: number;
  tag: number;
  value: Uint8Array;
}

/** "Patient's Name (0010,0010)" for the elements named above, "(0010,0010)" for others. */
export function elementName(tag: number): string {
  const name = IMPLICIT_TEXT.get(tag);
  return name ? `${name} ${tagLabel(tag)}` : tagLabel(tag);
}

const SHOWN_BYTES = 16;

/** `value` without the spaces or NULs that pad it. */
function unpadded(value: Uint8Array): Uint8Array {
  let end = value.length;
  while (end > 0 && (value[end - 1] === 0 || value[end - 1] === 0x20)) end--;
  return value.subarray(0, end);
}

/** The first SHOWN_BYTES bytes of `bytes` in hex, "…" after them when there are more. */
function hexOf(bytes: Uint8Array): string {
  return [...bytes.subarray(0, SHOWN_BYTES)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ') + (bytes.length > SHOWN_BYTES ? ' …' : '');
}
let big5: TextDecoder | null | undefined;

/**
 * The bytes in hex, and what they read as in Big5 (CP950) when that decodes them to Chinese characters: the likeliest
 * source of such a value here, said as a reading, not as the value (a European system writes Latin-1 so).
 */
function described(value: Uint8Array): { hex: string; big5?: string } {
  const trimmed = unpadded(value);
  const hex = hexOf(trimmed);
  if (big5 === undefined) {
    try {
      big5 = new TextDecoder('big5', { fatal: true });
    } catch {
      big5 = null;
    }
  }
  try {
    const text = big5?.decode(trimmed);
    return text && /[\u3400-\u9fff]/.test(text) ? { hex, big5: text } : { hex };
  } catch {
    return { hex };
  }
}

/**
 * The value of (0008,0005) that governs a value found so, when it names a set: `defined` false, a term DICOM does not
 * define (BIG5), or with `alone` one it defines only alone written beside others, which leaves the value to ASCII;
 * true, a set DICOM defines in which the value's bytes are no text.
 */
export interface GoverningSet {
  term: string;
  defined: boolean;
  alone?: boolean;
}

/** Why the bytes are no text: the words after "but Specific Character Set (0008,0005)", and the section that says so. */
function whyNoText(set: GoverningSet | undefined): { zh: string; en: string } {
  if (set === undefined) return { zh: '卻未宣告 ASCII 以外的字元集，而 ASCII 是其預設字元集（PS3.5 §6.1.2.1）', en: 'names no character set beyond ASCII, its default repertoire (PS3.5 §6.1.2.1)' };
  if (!set.defined && set.alone) return { zh: `的「${set.term}」只能單獨使用，卻與其他值（代碼延伸）並列（PS3.3 C.12.1.1.2），文字只能依預設字元集 ASCII 讀（PS3.5 §6.1.2.1）`, en: `holds "${set.term}" beside other values, though it may only stand alone, without code extensions (PS3.3 C.12.1.1.2), which leaves its text to ASCII, the default repertoire (PS3.5 §6.1.2.1)` };
  if (!set.defined) return { zh: `卻是 DICOM 未定義的「${set.term}」（PS3.3 C.12.1.1.2），文字只能依預設字元集 ASCII 讀（PS3.5 §6.1.2.1）`, en: `is "${set.term}", a term DICOM does not define (PS3.3 C.12.1.1.2), which leaves its text to ASCII, the default repertoire (PS3.5 §6.1.2.1)` };
  return { zh: `宣告的是「${set.term}」，這些位元組在該字元集中並非文字（PS3.5 §6.1.2.3）`, en: `declares "${set.term}", in which these bytes are no text (PS3.5 §6.1.2.3)` };
}

/** What such a value is, as "X holds bytes above 7FH (…), but … (read as Big5 (CP950): "…")"; `set`: whyNoText's. */
export function undeclaredText(subject: Bilingual, value: Uint8Array, set?: GoverningSet): { zh: string; en: string; zhReading: string; enReading: string } {
  const { hex, big5: reading } = described(value);
  const but = whyNoText(set);
  return {
    zh: `${subject['zh-TW']} 含大於 7FH 的位元組（${hex}），Specific Character Set (0008,0005) ${but.zh}`,
    en: `${subject.en} holds bytes above 7FH (${hex}), but Specific Character Set (0008,0005) ${but.en}`,
    zhReading: reading ? `（以 Big5（CP950）讀為「${reading}」）` : '',
    enReading: reading ? ` (read as Big5 (CP950): "${reading}")` : '',
  };
}

/**
 * The check's warning (A14-dicom-encoding) of the first such value and how many others there are. `set`: the data
 * set's (0008,0005) term that DICOM does not define (or only alone), when that is why the value is held to ASCII.
 */
export function undeclaredCharsetProblem(first: HighText, more: number, set?: GoverningSet): DicomProblem {
  const label = tagLabel(first.tag);
  const t = undeclaredText(bi(`位元組 ${first.at} 的資料元素 ${label}`, `element ${label} at byte ${first.at}`), first.value, set);
  return problem(
    'undeclared-charset',
    'warning',
    `${t.zh}：各程式無從得知其文字${t.zhReading}${more ? `；另有 ${more} 個值亦同` : ''}`,
    `${t.en}: readers cannot know its text${t.enReading}${more ? `; so ${agreeing(more, 'does', 'do')} ${counted(more, 'more value')}` : ''}`,
  );
}

/*
 * Values with bytes of 80H-9FH under a single ISO 8859 or TIS 620 term, C1 control codes that are no characters of the
 * set (PS3.5 §6.1.2.3, §6.1.3): those whose bytes are well-formed UTF-8 (UTF-8 declared as ISO_IR 100, which the
 * build refuses) and the others (a Windows writer's ’ or –, read as the Windows code page has them: windowsC1Reading).
 */

/** Where a value of 80H-9FH bytes stands: "X holds bytes of 80H-9FH (…), C1 control codes that are no characters of "ISO_IR 100" (PS3.5 …)". */
function c1Text(subject: Bilingual, value: Uint8Array, term: string): { zh: string; en: string } {
  const hex = hexOf(unpadded(value));
  return {
    zh: `${subject['zh-TW']} 含 80H–9FH 的位元組（${hex}），這些是 C1 控制碼，不是「${term}」的字元（PS3.5 §6.1.2.3、§6.1.3）`,
    en: `${subject.en} holds bytes of 80H-9FH (${hex}), C1 control codes that are no characters of "${term}" (PS3.5 §6.1.2.3, §6.1.3)`,
  };
}

/**
 * Where a value of UTF-8 with sequences of three or four bytes and none of 80H-9FH stands: "X holds bytes (E4 B8 AD) that
 * "ISO_IR 100" reads as "ä¸­"", each of them a character of the set, so no other reader says a word.
 */
function longUtf8Text(subject: Bilingual, value: Uint8Array, term: string): { zh: string; en: string } {
  const bytes = unpadded(value);
  const hex = hexOf(bytes);
  const reading = singleByteReading(term, bytes);
  return {
    zh: `${subject['zh-TW']} 的位元組（${hex}）依「${term}」讀為「${reading}」`,
    en: `${subject.en} holds bytes (${hex}) that "${term}" reads as "${reading}"`,
  };
}

/** Such a value whose bytes are UTF-8 declared as `term`: what they read as, and what the file likely is. */
export function utf8AsSingleByteText(subject: Bilingual, value: Uint8Array, term: string): { zh: string; en: string } {
  const t = hasC1(value) ? c1Text(subject, value, term) : longUtf8Text(subject, value, term);
  const reading = utf8Reading(unpadded(value)) ?? '';
  return {
    zh: `${t.zh}，以 UTF-8 讀則為「${reading}」：此檔多半宣告 ${term}，寫的卻是 UTF-8`,
    en: `${t.en}, but its bytes read as UTF-8 give "${reading}": the file likely declares ${term} while holding UTF-8`,
  };
}

/** The check's warning (A14-dicom-encoding) of the first value whose bytes are UTF-8 under `term`, and how many others there are. */
export function utf8AsSingleByteProblem(first: HighText, more: number, term: string): DicomProblem {
  const label = tagLabel(first.tag);
  const t = utf8AsSingleByteText(bi(`位元組 ${first.at} 的資料元素 ${label}`, `element ${label} at byte ${first.at}`), first.value, term);
  return problem(
    'utf8-as-single-byte',
    'warning',
    `${t.zh}；建置不會把這樣的值寫入 DICOMDIR${more ? `；另有 ${more} 個值亦同` : ''}`,
    `${t.en}; the build writes no such value into a DICOMDIR${more ? `; so ${agreeing(more, 'does', 'do')} ${counted(more, 'more value')}` : ''}`,
  );
}

/**
 * The check's warning of the first value with other bytes of 80H-9FH under `term`, read as `windows` (windowsC1Reading)
 * has them, and how many others there are; a byte windows has no character for is said to stop the build.
 */
export function c1ReadAsWindowsProblem(first: HighText, more: number, term: string, windows: string): DicomProblem {
  const label = tagLabel(first.tag);
  const t = c1Text(bi(`位元組 ${first.at} 的資料元素 ${label}`, `element ${label} at byte ${first.at}`), first.value, term);
  const reading = decoderFor(term)(unpadded(first.value));
  const gap = reading.includes('\ufffd');
  return problem(
    'c1-read-as-windows',
    'warning',
    `${t.zh}；依 ${windows} 讀為「${reading}」${gap ? `，其中有 ${windows} 也沒有字元的位元組，建置不會把這樣的值寫入 DICOMDIR` : ''}${more ? `；另有 ${more} 個值亦同` : ''}`,
    `${t.en}; they are read as ${windows} has them: "${reading}"${gap ? `, though ${windows} has no character for some of them, and the build writes no such value into a DICOMDIR` : ''}${more ? `; so ${agreeing(more, 'does', 'do')} ${counted(more, 'more value')}` : ''}`,
  );
}
