/**
 * PALETTE COLOR lookup tables (image-pixel-attributes.ts) against dicom3tools' dciodvfy, dcmtk's dcm2pnm and pydicom,
 * on small images pydicom writes:
 * - segmented data (0028,1221–1223) in place of the data: dciodvfy takes it in an Ultrasound image and we say nothing;
 *   of a Secondary Capture image it reports the data missing, dcm2pnm shows no segmented palette, pydicom applies it,
 *   and we warn;
 * - a descriptor that disagrees with its data's length: dciodvfy reports "LookupTableData has wrong length" where we
 *   warn, and nowhere else; dcm2pnm shows each image.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { requiredAttributeFindings } from '../../server/src/core/dicom/required-attributes';
import { SOP_CLASS, TS } from '../../server/src/core/dicom/uids';
import { suiteFolders } from './archive-checks';
import { writePydicomImages, type PydicomImage } from './pydicom-images';

const ours = (file: string) => requiredAttributeFindings(readDicomHeader(readFileSync(file)).header!);
const dciodvfy = (file: string) => {
  const out = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  return `${out.stdout}\n${out.stderr}`.split('\n');
};

describe('interop: palette lookup tables against dciodvfy, dcm2pnm and pydicom', function () {
  this.timeout(120000);
  const folders = suiteFolders('nhi-palette-tables-', ['dciodvfy', 'dcm2pnm']);
  const image = (name: string, sopClassUid: string, palette: PydicomImage['palette']): PydicomImage => ({
    file: join(folders.work, `${name}.dcm`), sopClassUid, photometric: 'PALETTE COLOR', transferSyntaxUid: TS.ExplicitVRLittleEndian, palette,
  });

  it('segmented data: taken by an Ultrasound image, warned of in a Secondary Capture image, which pydicom shows and dcm2pnm does not', () => {
    const us = image('us-segmented', SOP_CLASS.UltrasoundImage, { entries: 256, bits: 16, segmented: true });
    const sc = image('sc-segmented', SOP_CLASS.SecondaryCapture, { entries: 256, bits: 16, segmented: true });
    writePydicomImages([us, sc]);
    assert.deepEqual(dciodvfy(us.file).filter((l) => /Palette|LookupTable/.test(l) && l.startsWith('Error')), []);
    assert.deepEqual(ours(us.file), []);
    assert.ok(dciodvfy(sc.file).some((l) => l.startsWith('Error - Missing attribute Type 1C Conditional Element=<RedPaletteColorLookupTableData>')));
    assert.deepEqual(ours(sc.file).map((f) => f.severity), ['warning']);
    assert.match(ours(sc.file)[0].message.en, /Segmented Red Palette Color Lookup Table Data \(0028,1221\)/);
    assert.notEqual(spawnSync('dcm2pnm', [sc.file, `${sc.file}.pnm`], { encoding: 'utf8' }).status, 0, 'dcm2pnm shows no segmented palette');
    const applied = spawnSync('/usr/bin/python3', ['-c', 'import sys, pydicom\nfrom pydicom.pixel_data_handlers.util import apply_color_lut\nds = pydicom.dcmread(sys.argv[1])\nprint(apply_color_lut(ds.pixel_array, ds).shape)', sc.file], { encoding: 'utf8' });
    assert.equal(applied.stdout.trim(), '(4, 4, 3)', applied.stderr);
  });

  it('a descriptor against its data\'s length: we warn where dciodvfy reports a wrong length, and dcm2pnm shows each image', () => {
    const cases: [PydicomImage, boolean][] = [
      [image('16-right', SOP_CLASS.SecondaryCapture, { entries: 256, bits: 16, words: 256 }), false],
      [image('16-short', SOP_CLASS.SecondaryCapture, { entries: 256, bits: 16, words: 128 }), true],
      [image('16-long', SOP_CLASS.SecondaryCapture, { entries: 256, bits: 16, words: 512 }), true],
      [image('16-zero-entries', SOP_CLASS.SecondaryCapture, { entries: 0, bits: 16, words: 65536 }), false],
      [image('8-packed', SOP_CLASS.SecondaryCapture, { entries: 256, bits: 8, words: 128 }), false],
      [image('8-a-word-each', SOP_CLASS.SecondaryCapture, { entries: 256, bits: 8, words: 256 }), true],
      [image('8-short', SOP_CLASS.UltrasoundImage, { entries: 256, bits: 8, words: 64 }), true],
      // An odd number of 8-bit entries padded to whole words: dciodvfy counts the pad byte as an entry.
      [image('8-odd-padded', SOP_CLASS.SecondaryCapture, { entries: 255, bits: 8, words: 128 }), true],
    ];
    writePydicomImages(cases.map(([c]) => c));
    for (const [c, wrong] of cases) {
      const theirs = dciodvfy(c.file).filter((l) => l.startsWith('Error - LookupTableData has wrong length'));
      const mine = ours(c.file).filter((f) => f.message.en.startsWith('Palette Color Lookup Table:'));
      assert.equal(theirs.length > 0, wrong, `${c.file}: dciodvfy ${theirs.join(' | ') || 'no length error'}`);
      assert.deepEqual(mine.map((f) => f.severity), wrong ? ['warning'] : [], c.file);
      assert.equal(spawnSync('dcm2pnm', [c.file, `${c.file}.pnm`], { encoding: 'utf8' }).status, 0, `${c.file}: dcm2pnm shows it`);
    }
    const odd = cases[cases.length - 1][0];
    const applied = spawnSync('/usr/bin/python3', ['-c', 'import sys, pydicom\nfrom pydicom.pixel_data_handlers.util import apply_color_lut\nds = pydicom.dcmread(sys.argv[1])\nprint(apply_color_lut(ds.pixel_array, ds).shape)', odd.file], { encoding: 'utf8' });
    assert.notEqual(applied.status, 0, `pydicom applies no palette of an odd number of 8-bit entries: ${applied.stdout}`);
  });
});
