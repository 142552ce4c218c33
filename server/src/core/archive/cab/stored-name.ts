/**
 * The text of a CFFILE name. A name with the _A_NAME_IS_UTF attribute is UTF-8 (MS-CAB 2.3). One without it is in
 * the code page of the Windows that wrote it: makecab and cabarc write the ANSI code page, which on a Taiwanese
 * Windows is 950 (Big5), and Windows' own expand and Explorer read it so. A name whose bytes are well-formed Big5 is
 * read as Big5, so that a name written in Chinese is shown as the user wrote it; any other is read byte for byte
 * (Latin-1), which keeps every byte visible.
 */

import type { ArchiveEntry } from '../types';

/** CFFILE.attribs: the name is UTF-8. */
export const CAB_ATTR_NAME_IS_UTF = 0x80;

interface Decoder {
  decode(bytes: Uint8Array): string;
}

let big5: Decoder | null | undefined;

/** Big5's decoder; null where the runtime has none (a Node.js built without full ICU). */
function big5Decoder(): Decoder | null {
  if (big5 === undefined) {
    try {
      big5 = new TextDecoder('big5', { fatal: true });
    } catch {
      big5 = null;
    }
  }
  return big5;
}

export function cabNameText(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!isBig5Shaped(bytes)) return latin1;
  try {
    const text = big5Decoder()?.decode(bytes);
    return text === undefined || text.includes('\ufffd') ? latin1 : text;
  } catch {
    return latin1;
  }
}

/**
 * Whether the bytes hold some beyond ASCII, each a Big5 lead byte (0x81-0xFE) followed by a trail byte (0x40-0x7E
 * or 0xA1-0xFE). Checked here because decoders differ on the bytes Big5 leaves undefined (ICU's drops a lone 0x80).
 */
function isBig5Shaped(bytes: Uint8Array): boolean {
  let wide = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const t = bytes[i + 1];
    if (b === 0x80 || b === 0xff || t === undefined || !((t >= 0x40 && t <= 0x7e) || (t >= 0xa1 && t <= 0xfe))) return false;
    wide = true;
    i++;
  }
  return wide;
}

/** Whether a CAB entry's name is beyond ASCII in a Windows code page (no UTF-8 attribute). */
export function hasCodePageName(entry: ArchiveEntry): boolean {
  return ((entry.attributes ?? 0) & CAB_ATTR_NAME_IS_UTF) === 0 && !/^[\x00-\x7f]*$/.test(entry.rawName);
}
