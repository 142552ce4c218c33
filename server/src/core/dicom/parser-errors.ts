/**
 * dicom-parser reports failure three ways: a plain string, an `Error`, or
 * `{ exception, dataSet }` (the elements read before the failure). This folds them into one shape.
 */
import type { DataSet } from 'dicom-parser';
import type { Bilingual } from '../types';
import { bi } from '../i18n';

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

/** What dicom-parser's texts mean, for people: the library's own text follows in parentheses. */
const EXPLANATIONS: readonly { pattern: RegExp; text: Bilingual }[] = [
  { pattern: /missing sequence delimiter/i, text: bi('序列缺少結束標記', 'a sequence of undefined length has no delimiter') },
  { pattern: /cannot be greater than|cannot be less than/i, text: bi('某個元素或項目宣告的長度超出其所在範圍', 'an element or item declares a length beyond what contains it') },
  { pattern: OVERREAD, text: bi('某個元素或項目宣告的長度超過其後的資料', 'an element or item declares more bytes than follow it') },
  { pattern: /item tag|xfffee000|delimiter/i, text: bi('序列中的項目標記不正確', 'a sequence holds something other than items') },
  { pattern: /maximum call stack size exceeded/i, text: bi('序列一層套一層，深到無法判讀', 'sequences are nested too deep to read') },
];

/** "plain explanation (library text)", or the library text alone when it is not one we know. */
export function explainFailure(detail: string): Bilingual {
  const known = EXPLANATIONS.find((e) => e.pattern.test(detail));
  return known ? bi(`${known.text['zh-TW']}（${detail}）`, `${known.text.en} (${detail})`) : bi(detail, detail);
}
