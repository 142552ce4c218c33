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
import { PALETTE_TABLE_TAGS } from './tags';
import { PHOTOMETRIC_TERMS } from './photometric-terms';
import { transferSyntaxInfo } from './uids';

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
];
const ALL_PALETTE_TABLES = (1 << PALETTE_TABLE_TAGS.length) - 1;

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
  const tables = h.paletteColorLookupTables ?? 0;
  if (term === 'PALETTE COLOR' && tables !== ALL_PALETTE_TABLES) {
    const missing = PALETTE_TABLE_NAMES.filter((_, i) => (tables & (1 << i)) === 0);
    (out ??= []).push({
      severity: 'error',
      message: bi(
        `Photometric Interpretation (0028,0004) PALETTE COLOR：缺少 ${missing.join('、')} 或沒有值；PALETTE COLOR 影像須有紅、綠、藍三組調色盤查找表的描述與資料（Type 1C，PS3.3 C.7.6.3）`,
        `Photometric Interpretation (0028,0004) PALETTE COLOR: ${missing.join(', ')} ${agreeing(missing.length, 'is', 'are')} absent or empty, where a PALETTE COLOR image needs the descriptor and the data of its red, green and blue palette lookup tables (Type 1C, PS3.3 C.7.6.3)`,
      ),
    });
  }
  const terms = PHOTOMETRIC_TERMS.get(h.sopClassUid ?? '');
  const taken = terms?.byTransferSyntax.get(h.transferSyntaxUid);
  if (terms && taken && !taken.includes(term)) {
    // Those of as many samples as the image has: a colour image is expected to be one of the colour terms.
    const alike = taken.filter((t) => PHOTOMETRIC_SAMPLES.get(t) === samples);
    const expected = alike.length > 0 ? alike : taken;
    const article = /^[AEIOU]/.test(terms.iod) ? 'an' : 'a';
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
