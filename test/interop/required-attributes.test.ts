/**
 * The identifying and Image Pixel attributes (A14-dicom-attribute, A14-dicom-attribute-minor) against dicom3tools'
 * dciodvfy: dcmtk's img2dcm makes an RGB, a JPEG Baseline colour (YBR_FULL_422) and (through dcmdjpeg) a monochrome
 * Secondary Capture image, dcmodify makes a PALETTE COLOR one of the monochrome (lookup tables inserted) and erases or
 * changes one attribute at a time, and for each file
 * - dciodvfy's Error lines about the attributes changed and our errors agree both ways (an error of ours where it
 *   reports one, none where it reports none), the unchanged files included;
 * - where we warn instead of erring, dciodvfy either only warns (High Bit above Bits Stored − 1) or reports an Error
 *   on a value dcmtk's dcm2pnm still shows an image from (docs/decisions/dicom-required-attributes.md): each such
 *   variant is checked to show with dcm2pnm (dcmj2pnm for the JPEG one).
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { requiredAttributeFindings } from '../../server/src/core/dicom/required-attributes';
import { run, suiteFolders } from './archive-checks';

/** Our attributes as dciodvfy names them: by keyword (Element=<Rows>, "missing SOPClassUID") or by name (attribute <Bits Stored>, "High Bit = 8"). */
const ATTRIBUTES: Record<string, { tag: string; keyword: string; name: string }> = {
  sopClass: { tag: '(0008,0016)', keyword: 'SOPClassUID', name: 'SOP Class UID' },
  sopInstance: { tag: '(0008,0018)', keyword: 'SOPInstanceUID', name: 'SOP Instance UID' },
  study: { tag: '(0020,000D)', keyword: 'StudyInstanceUID', name: 'Study Instance UID' },
  series: { tag: '(0020,000E)', keyword: 'SeriesInstanceUID', name: 'Series Instance UID' },
  samples: { tag: '(0028,0002)', keyword: 'SamplesPerPixel', name: 'Samples per Pixel' },
  photometric: { tag: '(0028,0004)', keyword: 'PhotometricInterpretation', name: 'Photometric Interpretation' },
  planar: { tag: '(0028,0006)', keyword: 'PlanarConfiguration', name: 'Planar Configuration' },
  rows: { tag: '(0028,0010)', keyword: 'Rows', name: 'Rows' },
  columns: { tag: '(0028,0011)', keyword: 'Columns', name: 'Columns' },
  bitsAllocated: { tag: '(0028,0100)', keyword: 'BitsAllocated', name: 'Bits Allocated' },
  bitsStored: { tag: '(0028,0101)', keyword: 'BitsStored', name: 'Bits Stored' },
  highBit: { tag: '(0028,0102)', keyword: 'HighBit', name: 'High Bit' },
  pixelRepresentation: { tag: '(0028,0103)', keyword: 'PixelRepresentation', name: 'Pixel Representation' },
  redDescriptor: { tag: '(0028,1101)', keyword: 'RedPaletteColorLookupTableDescriptor', name: 'Red Palette Color Lookup Table Descriptor' },
  greenDescriptor: { tag: '(0028,1102)', keyword: 'GreenPaletteColorLookupTableDescriptor', name: 'Green Palette Color Lookup Table Descriptor' },
  blueDescriptor: { tag: '(0028,1103)', keyword: 'BluePaletteColorLookupTableDescriptor', name: 'Blue Palette Color Lookup Table Descriptor' },
  redData: { tag: '(0028,1201)', keyword: 'RedPaletteColorLookupTableData', name: 'Red Palette Color Lookup Table Data' },
  greenData: { tag: '(0028,1202)', keyword: 'GreenPaletteColorLookupTableData', name: 'Green Palette Color Lookup Table Data' },
  blueData: { tag: '(0028,1203)', keyword: 'BluePaletteColorLookupTableData', name: 'Blue Palette Color Lookup Table Data' },
};
const PALETTE_TABLES = ['redDescriptor', 'greenDescriptor', 'blueDescriptor', 'redData', 'greenData', 'blueData'] as const;
type Attribute = keyof typeof ATTRIBUTES;

function mentions(line: string, a: Attribute): boolean {
  const { keyword, name } = ATTRIBUTES[a];
  return new RegExp(`<${keyword}>|<${name}>|\\b${keyword}\\b|\\b${name} (=|\\d)`).test(line);
}

/** Attributes judged together (PIXEL_CONSISTENCY): a change to one is compared on the lines about any of them. */
const GROUPS: readonly (readonly Attribute[])[] = [['samples', 'photometric', 'planar', ...PALETTE_TABLES], ['bitsAllocated', 'bitsStored', 'highBit']];
const withGroup = (changed: Attribute[]): Attribute[] => [...new Set(changed.flatMap((a) => GROUPS.find((g) => g.includes(a)) ?? [a]))];

type Base = 'rgb' | 'mono' | 'pal' | 'jpeg';

interface Variant {
  label: string;
  base: Base;
  /** dcmodify's arguments. */
  edit: string[];
  /** The attributes changed and those judged with them, whose dciodvfy lines are compared. */
  about: Attribute[];
  /** Our verdict on them. */
  ours: 'error' | 'warning' | 'none';
}

const erase = (base: Base, a: Attribute, ours: Variant['ours'] = 'error'): Variant => ({ label: `${base}: ${ATTRIBUTES[a].name} erased`, base, edit: ['-ea', ATTRIBUTES[a].tag], about: withGroup([a]), ours });
const set = (base: Base, values: Partial<Record<Attribute, string>>, ours: Variant['ours']): Variant => ({
  label: `${base}: ${Object.entries(values).map(([a, v]) => `${ATTRIBUTES[a].name} ${JSON.stringify(v)}`).join(', ')}`,
  base,
  edit: Object.entries(values).flatMap(([a, v]) => ['-m', `${ATTRIBUTES[a].tag}=${v}`]),
  about: withGroup(Object.keys(values) as Attribute[]),
  ours,
});

const VARIANTS: Variant[] = [
  { label: 'rgb as img2dcm wrote it', base: 'rgb', edit: [], about: Object.keys(ATTRIBUTES) as Attribute[], ours: 'none' },
  { label: 'mono as img2dcm and dcmdjpeg wrote it', base: 'mono', edit: [], about: Object.keys(ATTRIBUTES) as Attribute[], ours: 'none' },
  ...(['sopClass', 'sopInstance', 'study', 'series'] as const).map((a) => erase('rgb', a)),
  set('rgb', { study: '' }, 'error'),
  set('rgb', { series: '' }, 'error'),
  ...(['samples', 'photometric', 'planar', 'rows', 'columns', 'bitsAllocated', 'bitsStored', 'pixelRepresentation'] as const).map((a) => erase('rgb', a)),
  ...(['samples', 'photometric', 'rows', 'bitsStored'] as const).map((a) => erase('mono', a)),
  set('rgb', { photometric: '' }, 'error'),
  set('rgb', { photometric: 'FOO' }, 'error'),
  set('rgb', { photometric: 'MONOCHROME2' }, 'error'),
  set('mono', { photometric: 'RGB' }, 'error'),
  set('rgb', { photometric: 'YBR_FULL' }, 'none'),
  set('rgb', { samples: '4' }, 'error'),
  set('rgb', { rows: '0' }, 'error'),
  set('rgb', { bitsAllocated: '0' }, 'error'),
  set('rgb', { bitsStored: '0' }, 'error'),
  set('rgb', { bitsStored: '12' }, 'error'),
  set('rgb', { highBit: '6' }, 'error'),
  set('rgb', { highBit: '8' }, 'error'),
  set('mono', { highBit: '3' }, 'error'),
  // dciodvfy warns: High Bit above Bits Stored − 1, within Bits Allocated.
  set('rgb', { bitsStored: '6' }, 'warning'),
  set('mono', { bitsStored: '7', highBit: '7' }, 'warning'),
  set('rgb', { pixelRepresentation: '1' }, 'none'),
  set('rgb', { planar: '1' }, 'none'),
  // Checks of image-pixel-attributes.ts: the palette tables of PALETTE COLOR, a Secondary Capture image's colour terms.
  { label: 'pal as dcmodify made it', base: 'pal', edit: [], about: Object.keys(ATTRIBUTES) as Attribute[], ours: 'none' },
  erase('pal', 'redDescriptor'),
  erase('pal', 'blueData'),
  set('mono', { photometric: 'PALETTE COLOR' }, 'error'),
  set('rgb', { photometric: 'YBR_PARTIAL_420' }, 'error'),
  set('rgb', { photometric: 'YBR_ICT' }, 'none'),
  { label: 'jpeg as img2dcm wrote it', base: 'jpeg', edit: [], about: Object.keys(ATTRIBUTES) as Attribute[], ours: 'none' },
  set('jpeg', { photometric: 'YBR_ICT' }, 'error'),
];

/** dciodvfy errs, dcm2pnm still shows the image: our warnings, not errors (docs/decisions/dicom-required-attributes.md). */
const SHOWN_DESPITE_ERROR: Variant[] = [
  erase('rgb', 'highBit', 'warning'),
  erase('mono', 'highBit', 'warning'),
  set('rgb', { pixelRepresentation: '2' }, 'warning'),
  set('rgb', { planar: '2' }, 'warning'),
  { label: 'mono: Planar Configuration "0" inserted', base: 'mono', edit: ['-i', '(0028,0006)=0'], about: withGroup(['planar']), ours: 'warning' },
  set('rgb', { photometric: 'YBR_FULL_422' }, 'warning'),
  set('rgb', { photometric: 'YBR_PARTIAL_422' }, 'warning'),
  set('jpeg', { photometric: 'YBR_FULL' }, 'warning'),
];

describe('interop: required DICOM attributes against dciodvfy (dcmtk img2dcm, dcmodify)', function () {
  this.timeout(120000);
  const folders = suiteFolders('nhi-required-attributes-', ['img2dcm', 'dcmodify', 'dcmdjpeg', 'dcm2pnm', 'dcmj2pnm', 'dciodvfy', 'convert']);
  const base: Record<Base, string> = { rgb: '', mono: '', pal: '', jpeg: '' };
  before(() => {
    const { work } = folders;
    run('convert', ['-size', '64x48', 'gradient:red-blue', join(work, 'src.ppm')]);
    run('convert', [join(work, 'src.ppm'), `BMP3:${join(work, 'src.bmp')}`]);
    run('convert', ['-size', '64x48', 'gradient:', '-colorspace', 'Gray', '-quality', '95', join(work, 'grey.jpg')]);
    base.rgb = join(work, 'rgb.dcm');
    base.mono = join(work, 'mono.dcm');
    run('img2dcm', ['-i', 'BMP', '-sc', '-k', 'Modality=OT', join(work, 'src.bmp'), base.rgb]);
    run('img2dcm', ['-sc', '-k', 'Modality=OT', join(work, 'grey.jpg'), join(work, 'mono-jpeg.dcm')]);
    run('dcmdjpeg', [join(work, 'mono-jpeg.dcm'), base.mono]);
    run('convert', ['-size', '64x48', 'gradient:red-blue', '-quality', '95', join(work, 'colour.jpg')]);
    base.jpeg = join(work, 'jpeg.dcm');
    run('img2dcm', ['-sc', '-k', 'Modality=OT', join(work, 'colour.jpg'), base.jpeg]);
    // 256 entries of 16 bits each, a grey ramp, for each of the red, green and blue tables.
    const lut = join(work, 'lut.bin');
    writeFileSync(lut, Buffer.from(Array.from({ length: 256 }, (_, i) => [i, i]).flat()));
    base.pal = join(work, 'pal.dcm');
    copyFileSync(base.mono, base.pal);
    const tables = PALETTE_TABLES.flatMap((a, i) => (i < 3 ? ['-i', `${ATTRIBUTES[a].tag}=256\\0\\16`] : ['-if', `${ATTRIBUTES[a].tag}=${lut}`]));
    run('dcmodify', ['-nb', '-q', '-m', '(0028,0004)=PALETTE COLOR', ...tables, base.pal]);
  });

  /** The variant written anew, with dciodvfy's lines about its attributes and our findings. */
  function judge(v: Variant, i: number): { errors: string[]; warnings: string[]; ours: { severity: string; message: string }[]; file: string } {
    const file = join(folders.work, `v${i}-${v.base}.dcm`);
    copyFileSync(base[v.base], file);
    if (v.edit.length) run('dcmodify', ['-nb', '-q', ...v.edit, file]);
    const out = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    const lines = `${out.stdout}\n${out.stderr}`.split('\n').filter((l) => v.about.some((a) => mentions(l, a)));
    const bytes = readFileSync(file);
    const reads = [readDicomHeader(bytes), readDicomHeader(bytes, { walker: false }), readDicomHeader(bytes, { untilPixelData: false })];
    const all = reads.map((r) => requiredAttributeFindings(r.header!).map((f) => ({ severity: f.severity, message: f.message.en })));
    for (const other of all.slice(1)) assert.deepEqual(other, all[0], `${v.label}: every read gives the same findings`);
    const ours = all[0].filter((f) => v.about.some((a) => f.message.includes(ATTRIBUTES[a].tag)));
    assert.deepEqual(all[0].filter((f) => !ours.includes(f)), [], `${v.label}: no finding about other attributes`);
    return { errors: lines.filter((l) => l.startsWith('Error')), warnings: lines.filter((l) => l.startsWith('Warning')), ours, file };
  }

  VARIANTS.forEach((v, i) => {
    it(`${v.label}: dciodvfy ${v.ours === 'error' ? 'reports an Error' : v.ours === 'warning' ? 'only warns' : 'reports nothing'}, and so do we`, () => {
      const { errors, warnings, ours } = judge(v, i);
      const oursErrors = ours.filter((f) => f.severity === 'error');
      const oursWarnings = ours.filter((f) => f.severity === 'warning');
      assert.equal(errors.length > 0, oursErrors.length > 0, `dciodvfy: ${errors.join(' | ') || 'no error'}; ours: ${ours.map((f) => f.message).join(' | ') || 'none'}`);
      assert.equal(oursErrors.length > 0, v.ours === 'error', `ours: ${ours.map((f) => f.message).join(' | ')}`);
      if (v.ours === 'warning') {
        assert.ok(warnings.length > 0, 'dciodvfy warns');
        assert.ok(oursWarnings.length > 0, 'we warn');
      }
      if (v.ours === 'none') assert.deepEqual(ours, [], 'no finding');
    });
  });

  SHOWN_DESPITE_ERROR.forEach((v, i) => {
    const viewer = v.base === 'jpeg' ? 'dcmj2pnm' : 'dcm2pnm';
    it(`${v.label}: dciodvfy reports an Error, ${viewer} shows the image: a warning of ours`, () => {
      const { errors, ours, file } = judge(v, VARIANTS.length + i);
      assert.ok(errors.length > 0, 'dciodvfy reports an error');
      assert.deepEqual(ours.map((f) => f.severity), ['warning']);
      const shown = spawnSync(viewer, [file, `${file}.pnm`], { encoding: 'utf8' });
      assert.equal(shown.status, 0, shown.stderr);
    });
  });
});
