/**
 * dicom-parser reports failure three ways: a plain string, an `Error`, or
 * `{ exception, dataSet }` (the elements read before the failure). This folds them into one shape.
 */
import type { DataSet, Element } from 'dicom-parser';
import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { tagLabel } from './tags';

export interface ParserFailure {
  /** The library's own text, for logs and the English message. */
  detail: string;
  /** Elements read before the failure, when the library handed them over. */
  partial?: DataSet;
  /** The library tried to read past the end of the bytes it was given. */
  overread: boolean;
}

/** Reads past the end, or an item or sequence whose declared end lies beyond the bytes. */
const OVERREAD = /past end of buffer|buffer overrun|buffer overread|eof encountered|invalid value for parameter 'maxP ?osition'/i;

function textOf(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}

export function parserFailure(e: unknown): ParserFailure {
  if (e && typeof e === 'object' && 'exception' in e) {
    const wrapped = e as { exception: unknown; dataSet?: DataSet };
    const detail = textOf(wrapped.exception);
    return { detail, partial: wrapped.dataSet, overread: OVERREAD.test(detail) };
  }
  const detail = textOf(e);
  return { detail, overread: OVERREAD.test(detail) };
}

/** What dicom-parser's texts mean, for people: found by the library's own words, first match wins. */
const EXPLANATIONS: readonly { pattern: RegExp; text: (m: RegExpExecArray) => Bilingual }[] = [
  { pattern: /DICM prefix not found/i, text: () => bi('第 128 位元組起沒有「DICM」，不是 DICOM Part 10 檔案', 'there is no "DICM" at byte 128: it is not a DICOM Part 10 file') },
  { pattern: /meta header attribute 0002,0010/i, text: () => bi('Part 10 檔頭缺少 (0002,0010) Transfer Syntax UID', 'the Part 10 meta group lacks (0002,0010) Transfer Syntax UID') },
  { pattern: /no inflater available|incorrect header check|invalid (block type|stored block lengths|distance|code lengths|literal)|unexpected end of file/i, text: () => bi('以 Deflate 壓縮的資料毀損，無法解壓', 'the deflated data set is damaged and cannot be inflated') },
  { pattern: /invalid (DA|TM) '([^']*)'/, text: (m) => (m[1] === 'DA' ? bi(`日期（DA）「${m[2]}」不是有效的日期`, `the date (DA) "${m[2]}" is not a valid date`) : bi(`時間（TM）「${m[2]}」不是有效的時間`, `the time (TM) "${m[2]}" is not a valid time`)) },
  { pattern: /eof encountered before finding (sequence )?item delimiter|eof encountered before finding sequence (delimitation|delimiter)/i, text: () => bi('檔案在未定長度的序列或項目結束標記之前就結束', 'the file ends inside a sequence or item of undefined length, before its delimiter') },
  { pattern: /unexpected tag x(\w{4})(\w{4}) while searching for end of pixel data/i, text: (m) => bi(`封裝的影像資料 (7FE0,0010) 中出現 (${m[1].toUpperCase()},${m[2].toUpperCase()})，此處應是項目 (FFFE,E000) 或序列結束標記 (FFFE,E0DD)`, `the encapsulated Pixel Data (7FE0,0010) holds (${m[1].toUpperCase()},${m[2].toUpperCase()}) where an item (FFFE,E000) or the sequence delimiter (FFFE,E0DD) belongs`) },
  { pattern: /missing sequence delimiter/i, text: () => bi('序列缺少結束標記', 'a sequence of undefined length has no delimiter') },
  { pattern: /cannot be greater than|cannot be less than/i, text: () => bi('某個元素或項目宣告的長度超出其所在範圍', 'an element or item declares a length beyond what contains it') },
  { pattern: new RegExp(`${OVERREAD.source}|outside the bounds|out of bounds|invalid typed array length`, 'i'), text: () => bi('某個元素或項目宣告的長度超過其後的資料', 'an element or item declares more bytes than follow it') },
  { pattern: /item tag|xfffee000|delimiter/i, text: () => bi('序列中的項目標記不正確', 'a sequence holds something other than items') },
  { pattern: /maximum call stack size exceeded/i, text: () => bi('序列一層套一層，深到無法判讀', 'sequences are nested too deep to read') },
];

/**
 * What a dicom-parser failure means, in both languages, to go inside a sentence of either. The library's
 * own English text is kept only for a failure not known here, quoted as what the parser reported.
 */
export function explainFailure(detail: string, partial?: DataSet): Bilingual {
  const item = partial && /item tag \(FFFE,E000\) not found at offset (\d+)/.exec(detail);
  if (item) return notAnItem(partial, Number(item[1]) - 8);
  for (const { pattern, text } of EXPLANATIONS) {
    const m = pattern.exec(detail);
    if (m) return text(m);
  }
  return bi(`解析程式回報「${detail}」`, `the parser reported "${detail}"`);
}

/** The element read last (the one at the highest offset) of a data set. */
export function lastElement(ds: DataSet): Element | undefined {
  let last: Element | undefined;
  for (const key of Object.keys(ds.elements)) {
    const el = ds.elements[key];
    if (!last || el.dataOffset > last.dataOffset) last = el;
  }
  return last;
}

/**
 * dicom-parser found no item tag at `at` (the tag it read there), inside the sequence that follows the last
 * element it kept at the top level: a wrong or missing delimiter, or an element outside any item. The offsets
 * are those of the bytes parsed (for a deflated file, of the inflated data set), as dicom-parser reports them.
 */
function notAnItem(partial: DataSet, at: number): Bilingual {
  const bytes = partial.byteArray;
  const tagAt = (p: number): number | undefined => (p >= 0 && p + 4 <= bytes.length ? ((partial.byteArrayParser.readUint16(bytes, p) << 16) | partial.byteArrayParser.readUint16(bytes, p + 2)) >>> 0 : undefined);
  const found = tagAt(at);
  const last = lastElement(partial);
  const seqAt = last && last.length !== 0xffffffff ? last.dataOffset + last.length : undefined;
  const sequence = seqAt !== undefined && seqAt < at ? tagAt(seqAt) : undefined;
  const foundText = found === undefined ? '' : tagLabel(found);
  const zhIn = sequence === undefined ? '序列中' : `從位元組 ${seqAt} 起的序列 ${tagLabel(sequence)} 中，`;
  const enIn = sequence === undefined ? 'in a sequence' : `in the sequence ${tagLabel(sequence)} at byte ${seqAt},`;
  return bi(
    `${zhIn}位元組 ${at} 是 ${foundText}，此處應是項目 (FFFE,E000) 或序列結束標記 (FFFE,E0DD)`,
    `${enIn} byte ${at} holds ${foundText} where an item (FFFE,E000) or the sequence delimiter (FFFE,E0DD) belongs`,
  );
}
