/**
 * The Photometric Interpretation terms each IOD takes by transfer syntax (photometric-terms.ts) against dicom3tools'
 * dciodvfy: pydicom writes a small image of every term in every transfer syntax the tables list, for each SOP class
 * they list and one they do not (CT), and for each file dciodvfy's lines about Photometric Interpretation and our
 * findings about it agree: an Error of dciodvfy is a finding of ours (an error for the terms dcmtk shows no image of,
 * else a warning), a Warning of dciodvfy a warning of ours, and nothing is nothing (CT is not judged by us).
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

describe('interop: Photometric Interpretation by IOD and transfer syntax against dciodvfy (pydicom)', function () {
  this.timeout(300000);
  const folders = suiteFolders('nhi-photometric-terms-', ['dciodvfy']);

  it('agrees with dciodvfy on every term of every listed IOD in every listed transfer syntax, and on CT, which we do not judge', () => {
    const classes = [...PHOTOMETRIC_TERMS.keys(), SOP_CLASS.CTImage];
    const images: PydicomImage[] = classes.flatMap((sopClassUid, c) => {
      const syntaxes = [...(PHOTOMETRIC_TERMS.get(sopClassUid)?.byTransferSyntax.keys() ?? ['1.2.840.10008.1.2.1'])];
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
      const out = spawnSync('dciodvfy', [image.file], { encoding: 'utf8' });
      const lines = `${out.stdout}\n${out.stderr}`.split('\n').filter((l) => /<Photometric Interpretation>/.test(l));
      const theirs = lines.some((l) => l.startsWith('Error')) ? 'error' : lines.some((l) => l.startsWith('Warning')) ? 'warning' : 'none';
      const ours = requiredAttributeFindings(readDicomHeader(readFileSync(image.file)).header!).filter((f) => f.message.en.includes('(0028,0004)'));
      const judged = PHOTOMETRIC_TERMS.has(image.sopClassUid);
      const expected = !judged || theirs === 'none' ? [] : [theirs === 'error' && NOT_SHOWN.has(image.photometric) ? 'error' : 'warning'];
      const got = ours.map((f) => f.severity);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        disagreements.push(`${image.sopClassUid} ${image.transferSyntaxUid} ${image.photometric}: dciodvfy ${theirs} (${lines.join(' | ')}), ours ${JSON.stringify(got)}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });
});
