/**
 * The Image Pixel checks dciodvfy makes beyond each attribute's own values (required-attributes.ts): the Type 1C
 * attributes whose presence Photometric Interpretation and Samples per Pixel decide (PS3.3 C.7.6.3), and the
 * Photometric Interpretation terms an image of each IOD photometric-terms.ts lists may have in each transfer syntax.
 * Severities as required-attributes.ts gives them: an error where dciodvfy reports an Error and dcmtk's dcm2pnm shows no image, a warning where it still shows one
 * (docs/decisions/dicom-required-attributes.md).
 */
import { agreeing } from '../counted';
import { bi } from '../i18n';
import type { AttributeFinding } from './required-attributes';
import type { DicomHeader } from './read';
import { PHOTOMETRIC_TERMS } from './photometric-terms';
import { SOP_CLASS, transferSyntaxInfo } from './uids';

/**
 * Photometric Interpretation's defined terms (PS3.3 C.7.6.3.1.2) and the Samples per Pixel each has. YBR_PARTIAL_422 is
 * retired but read by viewers; the retired HSV, ARGB and CMYK are not taken as defined (dciodvfy reports them, and
 * dcmtk reads no ARGB).
 */
export const PHOTOMETRIC_SAMPLES: ReadonlyMap<string, number> = new Map([
  ['MONOCHROME1', 1], ['MONOCHROME2', 1], ['PALETTE COLOR', 1],
  ['RGB', 3], ['YBR_FULL', 3], ['YBR_FULL_422', 3], ['YBR_PARTIAL_422', 3], ['YBR_PARTIAL_420', 3], ['YBR_ICT', 3], ['YBR_RCT', 3], ['XYB', 3],
]);

/** PALETTE_TABLE_TAGS' names, in its order. */
const PALETTE_TABLE_NAMES: readonly string[] = [
  'Red Palette Color Lookup Table Descriptor (0028,1101)', 'Green Palette Color Lookup Table Descriptor (0028,1102)', 'Blue Palette Color Lookup Table Descriptor (0028,1103)',
  'Red Palette Color Lookup Table Data (0028,1201)', 'Green Palette Color Lookup Table Data (0028,1202)', 'Blue Palette Color Lookup Table Data (0028,1203)',
  'Segmented Red Palette Color Lookup Table Data (0028,1221)', 'Segmented Green Palette Color Lookup Table Data (0028,1222)', 'Segmented Blue Palette Color Lookup Table Data (0028,1223)',
];
/** The descriptors and the data (PALETTE_TABLE_TAGS' first six), which a PALETTE COLOR image needs. */
const NEEDED_PALETTE_TABLES = 0b111111;
/**
 * The SOP classes whose IOD takes Segmented Palette Color Lookup Table Data in place of the data (the Palette Color
 * Lookup Table module, PS3.3 C.7.9), as dciodvfy answered: Ultrasound Image and Ultrasound Multi-frame Image. Of the
 * other classes it reported the data missing and the segmented data "not present in standard DICOM IOD".
 */
const SEGMENTED_PALETTE_CLASSES: ReadonlySet<string> = new Set([SOP_CLASS.UltrasoundImage, SOP_CLASS.UltrasoundMultiFrameImage]);
const COLOURS = ['red', 'green', 'blue'];
const ZH_COLOURS = ['紅', '綠', '藍'];

/**
 * Colour terms dcm2pnm shows no image of, whatever the file (it shows RGB, YBR_FULL, YBR_FULL_422 and YBR_PARTIAL_422,
 * and the monochrome and palette terms whatever the IOD).
 */
const NOT_SHOWN_COLOUR: ReadonlySet<string> = new Set(['YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT', 'XYB']);

/**
 * The findings of these checks of an image whose Samples per Pixel and Photometric Interpretation are valid and agree
 * (required-attributes.ts says it otherwise), pushed onto `out`; `out` itself, made only when something is found.
 */
export function imagePixelFindings(h: DicomHeader, out: AttributeFinding[] | undefined): AttributeFinding[] | undefined {
  const samples = h.samplesPerPixel!;
  const term = h.photometricInterpretation!;
  if (samples === 1 && h.planarConfiguration !== undefined) {
    const what = `Planar Configuration (0028,0006) ${h.planarConfiguration}, Samples per Pixel (0028,0002) 1`;
    (out ??= []).push({
      severity: 'warning',
      message: bi(
        `${what}：Planar Configuration 是 Image Pixel 模組的 Type 1C 屬性，只在 Samples per Pixel 大於 1 時才可出現（PS3.3 C.7.6.3）`,
        `${what}: Planar Configuration, a Type 1C attribute of the Image Pixel module, may be present only when Samples per Pixel is more than 1 (PS3.3 C.7.6.3)`,
      ),
    });
  }
  if (term === 'PALETTE COLOR') out = paletteFindings(h, out);
  const terms = PHOTOMETRIC_TERMS.get(h.sopClassUid ?? '');
  const taken = terms?.byTransferSyntax.get(h.transferSyntaxUid);
  if (terms && taken && !taken.includes(term)) {
    // Those of as many samples as the image has: a colour image is expected to be one of the colour terms.
    const alike = taken.filter((t) => PHOTOMETRIC_SAMPLES.get(t) === samples);
    const expected = alike.length > 0 ? alike : taken;
    // 'an' before a vowel, and before an initialism or X-Ray whose letter is said with one (an MR, an NM, an X-Ray).
    const article = /^([AEIOU]|[FHLMNRSX](?=[A-Z-]))/.test(terms.iod) ? 'an' : 'a';
    const syntax = `${transferSyntaxInfo(h.transferSyntaxUid)?.name ?? ''} (${h.transferSyntaxUid})`;
    (out ??= []).push({
      severity: NOT_SHOWN_COLOUR.has(term) ? 'error' : 'warning',
      message: bi(
        `Photometric Interpretation (0028,0004) ${term}：以 ${syntax} 編碼的 ${terms.iod} 影像（PS3.3 ${terms.section}）只可為 ${expected.join('、')}（dciodvfy 的檢查）`,
        `Photometric Interpretation (0028,0004) ${term}: ${article} ${terms.iod} image (PS3.3 ${terms.section}) encoded in ${syntax} is expected to be ${expected.join(', ')} (as dciodvfy checks it)`,
      ),
    });
  }
  return out;
}

/**
 * Of a PALETTE COLOR image: its lookup tables' descriptors and data (PS3.3 C.7.6.3), the segmented data standing for
 * the data (C.7.9), and each descriptor against its data's length (C.7.6.3.1.5).
 */
function paletteFindings(h: DicomHeader, out: AttributeFinding[] | undefined): AttributeFinding[] | undefined {
  const tables = h.paletteColorLookupTables ?? 0;
  // Colours whose segmented data is present and plain data absent: the segmented data stands for it.
  const standIn = (tables >> 6) & ~(tables >> 3) & 0b111;
  const have = (tables | (standIn << 3)) & NEEDED_PALETTE_TABLES;
  if (have !== NEEDED_PALETTE_TABLES) {
    const missing = PALETTE_TABLE_NAMES.slice(0, 6).filter((_, i) => (have & (1 << i)) === 0);
    (out ??= []).push({
      severity: 'error',
      message: bi(
        `Photometric Interpretation (0028,0004) PALETTE COLOR：缺少 ${missing.join('、')} 或沒有值；PALETTE COLOR 影像須有紅、綠、藍三組調色盤查找表的描述與資料（Type 1C，PS3.3 C.7.6.3）`,
        `Photometric Interpretation (0028,0004) PALETTE COLOR: ${missing.join(', ')} ${agreeing(missing.length, 'is', 'are')} absent or empty, where a PALETTE COLOR image needs the descriptor and the data of its red, green and blue palette lookup tables (Type 1C, PS3.3 C.7.6.3)`,
      ),
    });
    return out;
  }
  if (standIn !== 0 && !SEGMENTED_PALETTE_CLASSES.has(h.sopClassUid ?? '')) {
    const segmented = PALETTE_TABLE_NAMES.slice(6).filter((_, i) => (standIn & (1 << i)) !== 0);
    (out ??= []).push({
      severity: 'warning',
      message: bi(
        `Photometric Interpretation (0028,0004) PALETTE COLOR：調色盤資料只以 ${segmented.join('、')} 提供；分段調色盤（PS3.3 C.7.9）只有超音波影像的 IOD 接受，此 IOD 須有 (0028,1201–1203) 的資料（dciodvfy 指為缺少），dcmtk 也不顯示分段調色盤，pydicom 等可讀分段表的軟體則可顯示`,
        `Photometric Interpretation (0028,0004) PALETTE COLOR: the palette is given only as ${segmented.join(', ')}; segmented palettes (PS3.3 C.7.9) are taken by the IODs of Ultrasound images, not by this one, which asks for the data (0028,1201–1203) (dciodvfy reports it missing), and dcmtk shows no segmented palette; software that reads segmented tables, pydicom for one, shows the image`,
      ),
    });
  }
  const wrong = (h.paletteTableSizes ?? []).flatMap((size, i) => {
    const expected = size && paletteDataBytes(size);
    return size && expected !== undefined && expected !== size.dataLength ? [{ i, ...size, expected }] : [];
  });
  if (wrong.length > 0) {
    const zh = wrong.map((w) => `${ZH_COLOURS[w.i]}色描述 (0028,110${w.i + 1}) 為 ${w.entries} 個 ${w.bits} 位元的項目，應有 ${w.expected} 位元組資料，(0028,120${w.i + 1}) 卻有 ${w.dataLength} 位元組`);
    const en = wrong.map((w) => `the ${COLOURS[w.i]} descriptor (0028,110${w.i + 1}) gives ${w.entries} entries of ${w.bits} bits, ${w.expected} bytes of data, where (0028,120${w.i + 1}) holds ${w.dataLength}`);
    const odd = wrong.some((w) => w.bits === 8 && w.entries % 2 === 1);
    (out ??= []).push({
      severity: 'warning',
      message: bi(
        `Palette Color Lookup Table：${zh.join('；')}（PS3.3 C.7.6.3.1.5；項目數 0 即 65536；${odd ? '8 位元的項目為奇數個時，把資料補足為完整 16 位元字組的那個位元組，dciodvfy 與 pydicom 會讀成多一個項目；' : ''}dciodvfy 列為錯誤，dcmtk 依資料長度顯示影像）`,
        `Palette Color Lookup Table: ${en.join('; ')} (PS3.3 C.7.6.3.1.5; 0 entries means 65536; ${odd ? 'of an odd number of 8-bit entries, the byte that pads the data to whole 16-bit words reads as one more entry, in dciodvfy and pydicom; ' : ''}dciodvfy reports it, dcmtk shows the image by the data's length)`,
      ),
    });
  }
  return out;
}

/**
 * The bytes of palette data a descriptor gives: 2 a 16-bit entry, 1 an 8-bit entry, as dciodvfy counts them (two 8-bit
 * entries a word: the byte that pads an odd number of them is one more, which pydicom cannot apply either); undefined
 * for other bit depths, which C.7.6.3.1.5 does not define.
 */
function paletteDataBytes({ entries, bits }: { entries: number; bits: number }): number | undefined {
  const n = entries === 0 ? 65536 : entries;
  if (bits === 16) return 2 * n;
  if (bits === 8) return n;
  return undefined;
}
