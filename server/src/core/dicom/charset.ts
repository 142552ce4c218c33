import { TextDecoder } from 'node:util';
import { latin1 } from './byte-values';

/**
 * Text of a DICOM data set by its Specific Character Set (0008,0005), PS3.5 6.1 and Annexes H, I, J.
 *
 * A single value without code extensions names one encoding. The "ISO 2022 IR …" terms, and any
 * multi-valued set, use ISO/IEC 2022 code extensions: escape sequences in the value switch the G0
 * set (bytes 0x21-0x7E) or the G1 set (bytes 0xA0-0xFF); the first value of (0008,0005) names what
 * is in force at the start of a value. Each run of bytes is then decoded with the WHATWG decoder of
 * its set: JIS X 0208 / 0212 in G0 as EUC-JP (bytes | 0x80, JIS X 0212 after 0x8F), KS X 1001 and
 * GB 2312 in G1 as EUC-KR and GBK. Unknown terms are refused, never read as UTF-8.
 */

interface CodeElement {
  /** The escape sequence after ESC that designates it. */
  escape: string;
  g: 0 | 1;
  /** WHATWG encoding label; undefined: ASCII. */
  label?: string;
  /** Bytes per character in G0 (JIS X 0208 and 0212). */
  width?: 2;
  /** Prefix before the bytes for the decoder (JIS X 0212 in EUC-JP). */
  prefix?: number;
  /** JIS X 0201 Romaji: ASCII but for the yen sign and overline. */
  romaji?: true;
}

const ASCII: CodeElement = { escape: '(B', g: 0 };
const ROMAJI: CodeElement = { escape: '(J', g: 0, romaji: true };
const KATAKANA: CodeElement = { escape: ')I', g: 1, label: 'shift_jis' };

/** ISO 2022 terms (PS3.5 Tables C.12-3 and C.12-4) → the code element each designates. */
const ISO_2022: Readonly<Record<string, CodeElement>> = normalKeys({
  'ISO 2022 IR 6': ASCII,
  'ISO 2022 IR 100': { escape: '-A', g: 1, label: 'iso-8859-1' },
  'ISO 2022 IR 101': { escape: '-B', g: 1, label: 'iso-8859-2' },
  'ISO 2022 IR 109': { escape: '-C', g: 1, label: 'iso-8859-3' },
  'ISO 2022 IR 110': { escape: '-D', g: 1, label: 'iso-8859-4' },
  'ISO 2022 IR 144': { escape: '-L', g: 1, label: 'iso-8859-5' },
  'ISO 2022 IR 127': { escape: '-G', g: 1, label: 'iso-8859-6' },
  'ISO 2022 IR 126': { escape: '-F', g: 1, label: 'iso-8859-7' },
  'ISO 2022 IR 138': { escape: '-H', g: 1, label: 'iso-8859-8' },
  'ISO 2022 IR 148': { escape: '-M', g: 1, label: 'iso-8859-9' },
  'ISO 2022 IR 203': { escape: '-b', g: 1, label: 'iso-8859-15' },
  'ISO 2022 IR 166': { escape: '-T', g: 1, label: 'windows-874' },
  'ISO 2022 IR 13': KATAKANA,
  'ISO 2022 IR 87': { escape: '$B', g: 0, label: 'euc-jp', width: 2 },
  'ISO 2022 IR 159': { escape: '$(D', g: 0, label: 'euc-jp', width: 2, prefix: 0x8f },
  'ISO 2022 IR 149': { escape: '$)C', g: 1, label: 'euc-kr' },
  'ISO 2022 IR 58': { escape: '$)A', g: 1, label: 'gbk' },
});

/** Every escape sequence a value may hold: those of the terms, and JIS X 0201 Romaji (with IR 13). */
const BY_ESCAPE = new Map<string, CodeElement>([...Object.values(ISO_2022), ROMAJI].map((e) => [e.escape, e]));

/**
 * The terms that name the default repertoire only (PS3.5 §6.1.2.1): a value of bytes above 7FH under them is no
 * text of any set (WHATWG's "ascii" label would read it as windows-1252): decodeAscii, and undeclared-charset.ts.
 */
const DEFAULT_REPERTOIRE: ReadonlySet<string> = new Set(['', 'ISO_IR 6', 'ISO 2022 IR 6'].map(normal));

/** Whether the value of (0008,0005) leaves text in the default repertoire, ASCII: absent, empty, ISO_IR 6 alone. */
export function defaultRepertoireOnly(specificCharacterSet: string): boolean {
  return !specificCharacterSet.includes('\\') && DEFAULT_REPERTOIRE.has(normal(specificCharacterSet));
}

/** Whether a value holds a byte above 7FH, which ASCII does not have. */
export function beyondAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true;
  return false;
}

/** ASCII, each byte above 7FH as U+FFFD: its character cannot be known. */
function decodeAscii(bytes: Uint8Array): string {
  const text = latin1(bytes, 0, bytes.length);
  return beyondAscii(bytes) ? text.replace(/[\u0080-\u00ff]/g, '\ufffd') : text;
}

/** Single-valued terms without code extensions → WHATWG encoding labels. */
const PLAIN: Readonly<Record<string, string>> = normalKeys({
  'ISO_IR 100': 'iso-8859-1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
});

function normalKeys<T>(table: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [normal(k), v]));
}

/**
 * A term the runtime cannot decode, or that DICOM does not define; `alone`: one DICOM defines only as the single value
 * of (0008,0005), without code extensions (ISO_IR 192, GB18030, GBK), written beside other values.
 */
export class CharacterSetError extends Error {
  constructor(readonly term: string, readonly unsupported: boolean, readonly alone = false) {
    super(unsupported ? `the character set ${term} cannot be decoded here` : alone ? `the character set ${term} is used only alone` : `unknown character set ${term}`);
  }
}

export type TextDecode = (bytes: Uint8Array) => string;

/** A decoder for the value of (0008,0005); throws CharacterSetError for a term it cannot decode. */
export function decoderFor(specificCharacterSet: string): TextDecode {
  const written = specificCharacterSet.split('\\').map((t) => t.trim());
  const terms = written.map(normal);
  if (defaultRepertoireOnly(specificCharacterSet)) return decodeAscii;
  if (terms.length === 1 && PLAIN[terms[0]] !== undefined) {
    const label = PLAIN[terms[0]];
    const d = decoder(label, written[0]);
    const page = WINDOWS_C1[label];
    return page === undefined ? (bytes) => d.decode(bytes) : (bytes) => decodeSingleByte(d, page, bytes);
  }
  const elements = terms.map((t, i) => {
    // A multi-valued set of "ISO_IR n" terms stands for their ISO 2022 forms.
    const e = ISO_2022[t] ?? ISO_2022[t.replace(/^ISO IR /, 'ISO 2022 IR ')] ?? (i === 0 && t === '' ? ASCII : undefined);
    if (!e) throw new CharacterSetError(written[i] || specificCharacterSet, false, PLAIN[t] !== undefined);
    if (e.label) decoder(e.label, written[i]);
    return e;
  });
  if (elements.some((e) => e === KATAKANA)) decoder('shift_jis', 'ISO 2022 IR 13');
  const first = elements[0];
  // G1 bytes before any escape: the set the terms name for G1 (some writers, pydicom for IR 58 among them, leave the escape out).
  const initial = { g0: first === KATAKANA ? ROMAJI : first.g === 0 && !first.width ? first : ASCII, g1: first.g === 1 ? first : elements.find((e) => e.g === 1) };
  return (bytes) => decodeExtended(bytes, initial);
}

/**
 * The first term of a value of (0008,0005) that DICOM does not define (PS3.3 C.12.1.1.2), such as `BIG5`, which older
 * Taiwanese systems write, or one it defines only alone written beside others (`alone`, `ISO_IR 192\GB18030`): readers
 * hold its text to the default repertoire (dciodvfy does). Undefined when every term is defined and used as DICOM
 * allows (also one the runtime cannot decode).
 */
export function unusableTerm(specificCharacterSet: string): { term: string; alone: boolean } | undefined {
  // Asked of every item's (0008,0005): a DICOMDIR's records repeat one value a hundred thousand times.
  if (UNUSABLE.has(specificCharacterSet)) return UNUSABLE.get(specificCharacterSet);
  let found: { term: string; alone: boolean } | undefined;
  try {
    decoderFor(specificCharacterSet);
  } catch (e) {
    if (e instanceof CharacterSetError && !e.unsupported) found = { term: e.term, alone: e.alone };
  }
  if (UNUSABLE.size >= 256) UNUSABLE.clear();
  UNUSABLE.set(specificCharacterSet, found);
  return found;
}

const UNUSABLE = new Map<string, { term: string; alone: boolean } | undefined>();

/** Terms as written by some software ("ISO_IR_100", "iso-ir 100") in the form of the tables' keys. */
function normal(term: string): string {
  return term.trim().toUpperCase().replace(/[_-]/g, ' ').replace(/ +/g, ' ');
}

const DECODERS = new Map<string, TextDecoder>();

/** A Windows code page's characters at 80H-9FH, one a byte, U+FFFD where it has none (from its code chart). */
interface C1Page {
  name: string;
  chars: string;
  /**
   * Whether well-formed UTF-8 with a sequence of three or four bytes (lead E0H-F4H, then two or three of 80H-BFH) is
   * taken for UTF-8 without a byte of 80H-9FH: so in the ISO 8859 sets whose A0H-BFH hold no small letters, where such a
   * lead is a letter (à-ô in Latin-1) followed by two or three symbols or capitals, no word; not in TIS 620, where E0H-E4H are the vowels
   * เ แ โ ใ ไ written before a consonant (A1H-CEH), and "เกด" (E0 A1 B4) is well-formed UTF-8.
   */
  longUtf8: boolean;
}

const WINDOWS_1252: C1Page = { name: 'windows-1252', longUtf8: true, chars: '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178' };
const WINDOWS_1254: C1Page = { name: 'windows-1254', longUtf8: true, chars: '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\ufffd\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\ufffd\u0178' };
/**
 * windows-1252 for the ISO 8859 sets whose A0H-BFH hold small letters (8859-2, -3, -4, -15: ą ż š œ): there a lead of
 * E0H-EFH followed by two of them is a word ("ciężą", EA BF B1 in ISO 8859-2, is well-formed UTF-8), so three-byte
 * sequences do not tell UTF-8 apart.
 */
const WINDOWS_1252_SMALL_LETTERS_IN_A0: C1Page = { ...WINDOWS_1252, longUtf8: false };
const WINDOWS_874: C1Page = { name: 'windows-874', longUtf8: false, chars: '\u20ac\ufffd\ufffd\ufffd\ufffd\u2026\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd' };

/**
 * The single-byte sets (ISO 8859, and TIS 620 as windows-874), in which 80H-9FH are C1 control codes, no text: an ISO 8859
 * set's characters are GL's and GR's, 20H-7EH and A0H-FFH (PS3.5 §6.1.2.3), and the control characters DICOM uses are
 * C0's (§6.1.3); dciodvfy: "Character invalid for character repertoire". → the Windows code page such a byte is read
 * by without code extensions (windowsC1Reading): windows-1252, -1254 and -874 for the sets they extend (ISO_IR 100,
 * 148, 166), which WHATWG's decoders of these labels are meant to be (Node 20's "iso-8859-1" gives C1 codes), and
 * windows-1252 for the others, whose ’ – … are where every Windows code page has them. Their letters (Š Œ Ž) may not
 * be what a writer of another script meant; the punctuation this is for is.
 */
const WINDOWS_C1: Readonly<Record<string, C1Page>> = {
  'iso-8859-1': WINDOWS_1252,
  'iso-8859-2': WINDOWS_1252_SMALL_LETTERS_IN_A0,
  'iso-8859-3': WINDOWS_1252_SMALL_LETTERS_IN_A0,
  'iso-8859-4': WINDOWS_1252_SMALL_LETTERS_IN_A0,
  'iso-8859-5': WINDOWS_1252,
  'iso-8859-6': WINDOWS_1252,
  'iso-8859-7': WINDOWS_1252,
  'iso-8859-8': WINDOWS_1252,
  'iso-8859-9': WINDOWS_1254,
  'iso-8859-15': WINDOWS_1252_SMALL_LETTERS_IN_A0,
  'windows-874': WINDOWS_874,
};

/**
 * The Windows code page whose characters 80H-9FH of a value are read as under `specificCharacterSet`, a single ISO 8859
 * or TIS 620 term (windows-1252 for ISO_IR 100): a Windows writer's ’ (92H) or – (96H) in a Latin name is what it meant.
 * Undefined for other sets, and with code extensions, whose G1 bytes stay the set's alone.
 * docs/decisions/undeclared-character-set.md.
 */
export function windowsC1Reading(specificCharacterSet: string): string | undefined {
  return singleBytePage(specificCharacterSet)?.name;
}

/** The page of `specificCharacterSet` when it is a single ISO 8859 or TIS 620 term, without code extensions. */
function singleBytePage(specificCharacterSet: string): C1Page | undefined {
  if (specificCharacterSet.includes('\\')) return undefined;
  const label = PLAIN[normal(specificCharacterSet)];
  return label === undefined ? undefined : WINDOWS_C1[label];
}

/**
 * The UTF-8 reading of a value under `specificCharacterSet`, a single ISO 8859 or TIS 620 term, whose bytes are UTF-8
 * the file declares as that set: well-formed UTF-8 with a byte of 80H-9FH (C1 codes, no text of the set), or, under an
 * ISO 8859 set, with a sequence of three or four bytes (中 is E4 B8 AD, which ISO_IR 100 reads as "ä¸­"). Two-byte
 * sequences alone are not taken for UTF-8: Latin-1 letter pairs form them ("Ã©"). Undefined otherwise, and for other sets.
 */
export function utf8AsSingleByteReading(specificCharacterSet: string, bytes: Uint8Array): string | undefined {
  const page = singleBytePage(specificCharacterSet);
  return page && utf8LikeFor(page, bytes) ? utf8Reading(bytes) : undefined;
}

/**
 * `bytes` read by the set of `specificCharacterSet` (a single ISO 8859 or TIS 620 term) as other readers show them, with
 * no judgement of UTF-8: "ä¸­" for E4 B8 AD under ISO_IR 100. For a value without bytes of 80H-9FH.
 */
export function singleByteReading(specificCharacterSet: string, bytes: Uint8Array): string {
  return decoder(PLAIN[normal(specificCharacterSet)], specificCharacterSet).decode(bytes);
}

/** Whether UTF-8 with a sequence of three or four bytes and no byte of 80H-9FH is taken for UTF-8 under `specificCharacterSet` (an ISO 8859 set's single term). */
export function takesLongUtf8(specificCharacterSet: string): boolean {
  return singleBytePage(specificCharacterSet)?.longUtf8 === true;
}

/** Whether `bytes` could be UTF-8 declared as `page`'s set (a byte of 80H-9FH, or a lead of E0H-F4H where `page` takes it): utf8Reading tells. */
function utf8LikeFor(page: C1Page, bytes: Uint8Array): boolean {
  return hasC1(bytes) || (page.longUtf8 && hasLongLead(bytes));
}

/** Whether a value holds a byte of E0H-FFH, in well-formed UTF-8 the lead of a sequence of three or four bytes. */
export function hasLongLead(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0xe0) return true;
  return false;
}

/** Whether a value holds a byte of 80H-9FH, a C1 control code in the single-byte sets. */
export function hasC1(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (isC1(bytes[i])) return true;
  return false;
}

let utf8: TextDecoder | undefined;

/**
 * The text of `bytes` read as UTF-8, when they are well-formed UTF-8 and hold a byte above 7FH (so a multi-byte
 * sequence): bytes of 80H-9FH that are so are UTF-8 a file declares as a single-byte set (王 is E7 8E 8B), not a
 * Windows writer's punctuation, which is no well-formed UTF-8 (a lone 92H, or after a Latin letter).
 */
export function utf8Reading(bytes: Uint8Array): string | undefined {
  if (!beyondAscii(bytes)) return undefined;
  utf8 ??= new TextDecoder('utf-8', { fatal: true });
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * `d`'s text of `bytes` with each of 80H-9FH read as `page` has it (U+FFFD where it has no character: 81H, 8DH, 8FH,
 * 90H, 9DH in windows-1252), or with U+FFFD for each byte above 7FH where the value is UTF-8 declared as the set
 * (utf8AsSingleByteReading): no guess then.
 */
function decodeSingleByte(d: TextDecoder, page: C1Page, bytes: Uint8Array): string {
  const text = d.decode(bytes);
  if (!beyondAscii(bytes)) return text;
  const utf8 = utf8LikeFor(page, bytes) && utf8Reading(bytes) !== undefined;
  if (!utf8 && !hasC1(bytes)) return text;
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += utf8 && bytes[i] > 0x7f ? '\ufffd' : !isC1(bytes[i]) ? text[i] : page.chars[bytes[i] - 0x80];
  return out;
}

/** Under code extensions, G1 bytes of 80H-9FH are C1 control codes (PS3.5 §6.1.2.4): U+FFFD each in `text`, one character a byte. */
function c1AsReplacement(text: string, bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += isC1(bytes[i]) ? '\ufffd' : text[i];
  return out;
}

function isC1(code: number): boolean {
  return code >= 0x80 && code <= 0x9f;
}

function decoder(label: string, term: string): TextDecoder {
  let d = DECODERS.get(label);
  if (!d) {
    try {
      d = new TextDecoder(label);
    } catch {
      throw new CharacterSetError(term, true);
    }
    DECODERS.set(label, d);
  }
  return d;
}

const ESC = 0x1b;

function decodeExtended(bytes: Uint8Array, initial: { g0: CodeElement; g1?: CodeElement }): string {
  let { g0, g1 } = initial;
  let out = '';
  let run: number[] = [];
  let runSet: CodeElement | undefined;
  const flush = (): void => {
    if (run.length) out += decodeRun(run, runSet);
    run = [];
  };
  const push = (set: CodeElement | undefined, ...b: number[]): void => {
    if (set !== runSet) {
      flush();
      runSet = set;
    }
    run.push(...b);
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === ESC) {
      const e = escapeAt(bytes, i + 1);
      if (e) {
        if (e.element.g === 0) g0 = e.element;
        else g1 = e.element;
        i += e.length;
        continue;
      }
    }
    if (b >= 0x80) push(g1, b);
    else if (g0.width && b >= 0x21 && b <= 0x7e && i + 1 < bytes.length) push(g0, ...(g0.prefix ? [g0.prefix] : []), b | 0x80, bytes[++i] | 0x80);
    else push(g0.romaji ? ROMAJI : ASCII, b);
  }
  flush();
  return out;
}

function escapeAt(bytes: Uint8Array, at: number): { element: CodeElement; length: number } | undefined {
  for (const length of [2, 3]) {
    const element = BY_ESCAPE.get(String.fromCharCode(...bytes.subarray(at, at + length)));
    if (element) return { element, length };
  }
  return undefined;
}

function decodeRun(run: number[], set: CodeElement | undefined): string {
  if (!set) return '\ufffd'.repeat(run.length); // G1 bytes before any G1 set was designated
  if (!set.label) {
    // One argument a byte would overrun the call stack on a long run (an Implicit VR value may be any length).
    const ascii = latin1(Uint8Array.from(run), 0, run.length);
    return set.romaji ? ascii.replace(/\\/g, '\u00a5').replace(/~/g, '\u203e') : ascii;
  }
  const bytes = Uint8Array.from(run);
  const text = DECODERS.get(set.label)!.decode(bytes);
  return WINDOWS_C1[set.label] === undefined || !hasC1(bytes) ? text : c1AsReplacement(text, bytes);
}
