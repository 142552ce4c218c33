import type { Bilingual, Lang } from './types';
import { fieldSpec } from './spec/fields';

export function bi(zh: string, en: string): Bilingual {
  return { 'zh-TW': zh, en };
}

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/** One text in `lang`, for a message built on the spot. */
export function say(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}

/** What a line about a row of a batch starts with: 「第 3 列：」 / "row 3: " (`row` 0-based); nothing for no row. */
export function rowLabel(row: number | null, lang: Lang): string {
  return row === null ? '' : say(lang, `第 ${row + 1} 列：`, `row ${row + 1}: `);
}

/** 「出生日期」/ "birth date (field 9)". */
export function fieldName(n: number): Bilingual {
  const f = fieldSpec(n);
  return { 'zh-TW': f.name['zh-TW'], en: `${f.name.en} (field ${n})` };
}

/** A value quoted for a message; control and invisible characters spelled out, long values cut. */
export function shown(value: string): string {
  let s = value.length > 40 ? value.slice(0, 37) + '…' : value;
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f-\u00a0\u200b-\u200f\u2028\u2029\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `「${s}」`;
}

export function shownEn(value: string): string {
  return shown(value).replace(/^「/, '"').replace(/」$/, '"');
}
