import { bi } from '../i18n';
import { CARD_FLAGS, CARE_CATEGORIES, CT_MRI_SITES, DENTAL_REGIONS, VISIT_TYPES, type CodeEntry } from '../spec/codes';
import { FAMILIES, ORDER_CODES, type OrderSpec } from '../spec/orders';
import type { Bilingual } from '../types';

/**
 * A coded field written as the Chinese name the NHI text gives its code (醫事類別「門診西醫醫院」, 診療部位「頸椎及胸椎」,
 * 醫令「電腦斷層造影—無造影劑」): what to say of it, and the code when the name tells one.
 */
export interface NamedCode {
  /** The code to write, when the name stands for exactly one. */
  code?: string;
  said: Bilingual;
}

/** Names compare without the spaces the text writes in some of them (齒顎全景 X 光片攝影), and with any dash for its 「—」. */
const bare = (s: string) => s.replace(/\s+/g, '').replace(/[-‐–—―ー]/g, '—');

function byName(entries: readonly { code: string; name: Bilingual }[]): ReadonlyMap<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of entries) {
    const key = bare(e.name['zh-TW']);
    const codes = m.get(key);
    if (codes) codes.push(e.code);
    else m.set(key, [e.code]);
  }
  return m;
}

/** Fields 2, 5, 7, 10: one name, one field value. */
const SINGLE: Readonly<Record<number, ReadonlyMap<string, string[]>>> = {
  2: byName(CARE_CATEGORIES),
  5: byName(VISIT_TYPES),
  7: byName(CARD_FLAGS),
  10: byName(ORDER_CODES),
};

/** Between the names of several regions: 表二 序號13 三 writes 頸椎及胸椎 for NJ. */
const REGION_SEPARATOR = /^[、，,;；+＋及和與\s]/;

/**
 * The codes of a body site written as region names one after another, longest name first at each place (胸部及上腹部 is G,
 * not U and C), or undefined when some part is no name of the list.
 */
function regionCodes(value: string, entries: readonly CodeEntry[]): string | undefined {
  const names = entries.map((e) => ({ name: bare(e.name['zh-TW']), code: e.code })).sort((a, b) => b.name.length - a.name.length);
  let rest = bare(value);
  let codes = '';
  while (rest) {
    const hit = names.find((n) => rest.startsWith(n.name));
    if (hit) {
      codes += hit.code;
      rest = rest.slice(hit.name.length);
    } else if (codes && rest.length > 1 && REGION_SEPARATOR.test(rest)) {
      rest = rest.slice(1);
    } else {
      return undefined;
    }
  }
  return codes || undefined;
}

const written = (value: string, code: string) => ({ code, said: bi(`「${value}」應寫代碼 ${code}`, `"${value}" is written in code: ${code}`) });

/** The code a Chinese name in field `field` stands for, or what to write instead; undefined when the value is no name of the text. */
export function codeForName(field: number, value: string, order: OrderSpec | undefined): NamedCode | undefined {
  const table = SINGLE[field];
  if (table) {
    const codes = table.get(bare(value));
    if (!codes) return undefined;
    if (codes.length === 1) return written(value, codes[0]);
    return {
      said: bi(`「${value}」是醫令 ${codes.join(' 或 ')} 共用的名稱，請依原始紀錄填代碼`, `"${value}" is the name of order ${codes.join(' and of ')}: write the code from the source record`),
    };
  }
  if (field === 13 && order) {
    const kind = FAMILIES[order.family].bodySite;
    const codes = kind === 'ct-mri' ? regionCodes(value, CT_MRI_SITES) : kind === 'dental' ? regionCodes(value, DENTAL_REGIONS) : undefined;
    return codes ? written(value, codes) : undefined;
  }
  if (field === 16 && /^[男女]性?$/.test(value)) {
    return {
      said: bi('依附就醫新生兒胞胎註記以英文字母表示出生順序，男性大寫、女性小寫（單胞胎男 A、女 a；雙胞胎第 2 胎男 B、女 b）',
        'the mark is a letter giving the birth order, upper case for a boy and lower case for a girl (single birth: A or a; a twin born second: B or b)'),
    };
  }
  return undefined;
}
