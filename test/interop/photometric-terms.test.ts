/**
 * The Photometric Interpretation terms each IOD takes by transfer syntax (photometric-terms.ts) against dicom3tools'
 * dciodvfy: pydicom writes a small image of every term for each SOP class the tables list, each class dciodvfy holds
 * to its own terms (RESTRICTED, which the tables must list), and one class they do not list (PET), and for each file
 * dciodvfy's lines about Photometric Interpretation and our findings about it agree: an Error of dciodvfy is a finding
 * of ours (an error for the terms dcmtk shows no image of, else a warning), a Warning of dciodvfy a warning of ours, and
 * nothing is nothing (PET is not judged by us). Of a one-sample term in a class that takes only colour dciodvfy reports
 * Samples per Pixel instead, which counts as refusing the term. The first class of each table is asked in every
 * transfer syntax the table lists; a class sharing its table, in every third one (which third changes from class to
 * class), which keeps the run short. pydicom's own CT and MR test images get nothing from either.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PHOTOMETRIC_SAMPLES } from '../../server/src/core/dicom/image-pixel-attributes';
import { PHOTOMETRIC_TERMS } from '../../server/src/core/dicom/photometric-terms';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { requiredAttributeFindings } from '../../server/src/core/dicom/required-attributes';
import { SOP_CLASS } from '../../server/src/core/dicom/uids';
import { suiteFolders } from './archive-checks';
import { writePydicomImages, type PydicomImage } from './pydicom-images';

/** dcm2pnm shows no image of these, whatever the IOD (docs/decisions/dicom-required-attributes.md). */
const NOT_SHOWN = new Set(['YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT']);
const TERMS = [...PHOTOMETRIC_SAMPLES.keys()].filter((t) => t !== 'XYB');
const EXPLICIT = '1.2.840.10008.1.2.1';
/** Positron Emission Tomography Image, which photometric-terms.ts does not list. */
const PET = '1.2.840.10008.5.1.4.1.1.128';
/**
 * Classes dciodvfy holds to their own terms, which are asked whether or not photometric-terms.ts lists them: CT, MR,
 * CR, DX, MG and IO (for presentation and for processing), Enhanced CT and MR, XA, RF, NM and the multi-frame
 * Secondary Capture classes.
 */
const RESTRICTED = [
  SOP_CLASS.CTImage, SOP_CLASS.MRImage, SOP_CLASS.ComputedRadiography, SOP_CLASS.DigitalXRayForPresentation, SOP_CLASS.DigitalIntraOralXRayForPresentation,
  ...['1.1.1', '1.2', '1.2.1', '1.3.1', '2.1', '4.1', '12.1', '12.2', '20', '7.1', '7.2', '7.3', '7.4'].map((c) => `1.2.840.10008.5.1.4.1.1.${c}`),
];

/** dciodvfy's lines about Photometric Interpretation, and the worst of them: 'error', 'warning' or 'none'. */
function dciodvfySays(file: string): { said: string; lines: string[] } {
  const out = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  const lines = `${out.stdout}\n${out.stderr}`.split('\n').filter((l) => /<Photometric ?Interpretation>|enumerated value .* <Samples per Pixel>/.test(l));
  return { said: lines.some((l) => l.startsWith('Error')) ? 'error' : lines.some((l) => l.startsWith('Warning')) ? 'warning' : 'none', lines };
}

/** Our findings about Photometric Interpretation. */
const photometricFindings = (file: string) => requiredAttributeFindings(readDicomHeader(readFileSync(file)).header!).filter((f) => f.message.en.includes('(0028,0004)'));

describe('interop: Photometric Interpretation by IOD and transfer syntax against dciodvfy (pydicom)', function () {
  this.timeout(300000);
  const folders = suiteFolders('nhi-photometric-terms-', ['dciodvfy']);

  it('agrees with dciodvfy on every term of every listed IOD and of the classes it restricts, by transfer syntax, and on PET, which we do not judge', () => {
    const asked = new Set<ReadonlyMap<string, readonly string[]>>();
    const images: PydicomImage[] = [...new Set([...PHOTOMETRIC_TERMS.keys(), ...RESTRICTED, PET])].flatMap((sopClassUid, c) => {
      const table = PHOTOMETRIC_TERMS.get(sopClassUid)?.byTransferSyntax;
      const listed = [...(table?.keys() ?? [EXPLICIT])];
      const syntaxes = !table || !asked.has(table) ? listed : listed.filter((_, s) => s % 3 === c % 3);
      if (table) asked.add(table);
      return syntaxes.flatMap((transferSyntaxUid, s) => TERMS.map((photometric, t): PydicomImage => ({
        file: join(folders.work, `c${c}-s${s}-t${t}.dcm`),
        sopClassUid,
        photometric,
        transferSyntaxUid,
        palette: photometric === 'PALETTE COLOR' ? { entries: 256, bits: 16, words: 256 } : undefined,
      })));
    });
    writePydicomImages(images);
    const disagreements: string[] = [];
    for (const image of images) {
      const theirs = dciodvfySays(image.file);
      const ours = photometricFindings(image.file);
      const expected = image.sopClassUid === PET || theirs.said === 'none' ? [] : [theirs.said === 'error' && NOT_SHOWN.has(image.photometric) ? 'error' : 'warning'];
      const got = ours.map((f) => f.severity);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        disagreements.push(`${image.sopClassUid} ${image.transferSyntaxUid} ${image.photometric}: dciodvfy ${theirs.said} (${theirs.lines.join(' | ')}), ours ${JSON.stringify(got)}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });

  it('finds nothing about the term of pydicom\'s monochrome CT and MR test images, nor does dciodvfy', () => {
    const r = spawnSync('/usr/bin/python3', ['-c', 'from pydicom.data import get_testdata_file as f; print(f("CT_small.dcm")); print(f("MR_small.dcm"))'], { encoding: 'utf8' });
    const files = r.stdout.trim().split('\n');
    assert.equal(files.length, 2, r.stderr);
    const said = files.map((file) => `${readDicomHeader(readFileSync(file)).header!.sopClassUid}: dciodvfy ${dciodvfySays(file).said}, ours ${photometricFindings(file).length}`);
    assert.deepEqual(said, [`${SOP_CLASS.CTImage}: dciodvfy none, ours 0`, `${SOP_CLASS.MRImage}: dciodvfy none, ours 0`]);
  });
});
