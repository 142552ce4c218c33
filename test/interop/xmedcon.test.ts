/**
 * DICOM files as (X)MedCon 0.23 (Debian's xmedcon, `medcon`) writes them: an independent converter that research and
 * nuclear-medicine workflows use to make DICOM 3.0 of PNG, GIF, Analyze, NIfTI, InterFile, ECAT and of DICOM itself.
 * What it writes, whatever the input: NM Image Storage with Modality NM, 16-bit signed pixels (-b8: 8 bits, -b16.12:
 * 12 stored), UIDs under the root 777.777 made from the time in seconds (one Study Instance UID per run), no Study Date
 * or Patient's Birth Date of a picture; -implicit, -big (Explicit VR Big Endian), -nometa (no Part 10 header), a
 * volume as one multi-frame file or (-split3d) one file a slice, and ACR-NEMA 2.0 (-c acr) with the date 0000.00.00.
 * For each: readDicomHeader (whole, and through prefixes) reads what dcmdump reads; the file-set, indexed by
 * dcmmkdir -Pmi +I (dcmmkdir refuses medcon's files without +I, which puts today in the STUDY record's empty Study
 * Date) and packed by 7zz, gets exactly the findings listed from the quick and the full check and from
 * `nhi-imaging check --archives`. The build refuses such a folder, naming the empty Study Date, as dcmmkdir does.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBatch } from '../../server/src/core/build/batch';
import type { BuildError } from '../../server/src/core/build/types';
import { csvFor, ctSlice, expectCliFindingsPerRow, expectReadAsDcmdump, packAndExpect, run, suiteFolders, type ArchiveCase, type MadeFiles } from './archive-checks';

const TOOLS = ['medcon', 'convert', 'dcmmkdir', 'dcmdump', '7zz'];
const NM = '1.2.840.10008.5.1.4.1.1.20';
const EXPLICIT = '1.2.840.10008.1.2.1';

interface Variant extends MadeFiles {
  /** Writes IM1 and IM2 into `img` from the inputs made in `work`. */
  make: (work: string, img: string) => void;
  /** Number of Frames of each file: 1 for a picture, the slices of a volume written as one file; none in ACR-NEMA. */
  frames: number | undefined;
  /** The files have no Part 10 header: dcmmkdir cannot index them, and the archive has no DICOMDIR. */
  noDicomdir?: boolean;
}

/**
 * One run of medcon over `inputs` (in `work`) with `options`, the files it writes (m000-…, m001-…, in the order of
 * the inputs and slices) moved into `img` as IM1, IM2, …, or from IM`first` on.
 */
function medcon(work: string, inputs: string[], options: string[], img: string, first = 1): void {
  const out = mkdtempSync(join(work, 'run-'));
  // DICOM unless the options name another format (-c acr).
  run('medcon', ['-s', '-w', '-f', ...inputs.map((i) => join(work, i)), ...(options.includes('-c') ? [] : ['-c', 'dicom']), ...options], out);
  readdirSync(out).sort().forEach((name, n) => renameSync(join(out, name), join(img, `IM${first + n}`)));
  rmSync(out, { recursive: true });
}

const twoPngs = (options: string[]) => (work: string, img: string) => medcon(work, ['grey1.png', 'grey2.png'], options, img);
const base = { ts: EXPLICIT, sopClass: NM, frames: 1 };

const VARIANTS: Variant[] = [
  // NM fits no order of the text: every medcon file gets A14-modality, here under the CT row.
  { label: 'PNG (8-bit grey, 512x512)', ...base, findings: ['A14-modality'], make: twoPngs([]) },
  { label: 'PNG, -implicit', ...base, ts: '1.2.840.10008.1.2', findings: ['A14-dicom-implicit-vr', 'A14-modality'], make: twoPngs(['-implicit']) },
  {
    label: 'PNG, -big (Explicit VR Big Endian)', ...base, ts: '1.2.840.10008.1.2.2', findings: ['A14-dicom-retired-syntax', 'A14-modality'], make: twoPngs(['-big']),
    message: /IMG\/IM\d: Explicit VR Big Endian \(1\.2\.840\.10008\.1\.2\.2\) is retired from DICOM/,
  },
  { label: 'PNG, -b8 (8-bit pixels)', ...base, findings: ['A14-modality'], make: twoPngs(['-b8']) },
  { label: 'PNG, -b16.12 (12 bits stored)', ...base, findings: ['A14-modality'], make: twoPngs(['-b16.12']) },
  { label: 'GIF, -g (grey; medcon writes no colour DICOM)', ...base, findings: ['A14-modality'], make: (work, img) => medcon(work, ['grey1.gif', 'grey2.gif'], ['-g'], img) },
  {
    label: 'PNG of 640x480', ...base, findings: ['A14-image-size', 'A14-modality'], message: /640x480 is below the CT minimum of 512x512/,
    make: (work, img) => medcon(work, ['wide1.png', 'wide2.png'], [], img),
  },
  {
    label: 'PNG, -nometa (the data set alone, packed without a DICOMDIR)', ...base, noDicomdir: true,
    findings: ['A14-dicom-part10', 'A14-dicomdir-missing', 'A14-modality'], make: twoPngs(['-nometa']),
  },
  {
    // ACR-NEMA 2.0: Implicit VR without a Part 10 header, group lengths, and 0000.00.00 for the date it does not know;
    // no SOP Class, SOP Instance, Study or Series Instance UID and no Photometric Interpretation (A14-dicom-attribute).
    label: 'PNG, -c acr (ACR-NEMA 2.0)', ...base, ts: '1.2.840.10008.1.2', sopClass: undefined, frames: undefined, noDicomdir: true,
    findings: ['A14-dicom-attribute', 'A14-dicom-implicit-vr', 'A14-dicom-part10', 'A14-dicomdir-missing', 'A14-modality', 'A14-study-date'],
    message: /2 images have Study Date "0000\.00\.00" \(not a DICOM date, YYYYMMDD\)/, make: twoPngs(['-c', 'acr']),
  },
  { label: 'NIfTI and Analyze volumes of 4 slices (one multi-frame file each)', ...base, frames: 4, findings: ['A14-modality'], make: (work, img) => medcon(work, ['vol.nii', 'vol.hdr'], [], img) },
  { label: 'InterFile volumes of 4 slices', ...base, frames: 4, findings: ['A14-modality'], make: (work, img) => medcon(work, ['vol.h33', 'vol2.h33'], [], img) },
  {
    // medcon's ECAT 7 writer stores no date as 1905-05-05, which its DICOM writer then writes as Study Date and Birth Date.
    label: 'ECAT 7 volumes of 4 slices', ...base, frames: 4, findings: ['A14-birth-date', 'A14-modality', 'A14-study-date'],
    message: /2 images have Study Date 1905-05-05; field 12 says the exam was on 2025-11-25/, make: (work, img) => medcon(work, ['vol.v', 'vol2.v'], [], img),
  },
  { label: 'NIfTI volume of 2 slices, -split3d (one file a slice)', ...base, findings: ['A14-modality'], make: (work, img) => medcon(work, ['pair.nii'], ['-split3d'], img) },
  {
    // DICOM in, DICOM out: a CT becomes NM with new UIDs; its Study Date and Birth Date are kept.
    label: 'CT slices (DICOM) converted to DICOM', ...base, findings: ['A14-modality'], message: /2 images have Modality NM; order 33070B \(CT\) expects CT/,
    make: (work, img) => medcon(work, ['ct1.dcm', 'ct2.dcm'], [], img),
  },
  {
    // Each run takes its Study Instance UID from the time in seconds: two runs a second apart make two studies.
    label: 'PNG, two runs a second apart', ...base, findings: ['A14-modality', 'A14-one-study'],
    make: (work, img) => {
      medcon(work, ['grey1.png'], [], img);
      const until = Date.now() + 1100;
      while (Date.now() < until) { /* the next second */ }
      medcon(work, ['grey2.png'], [], img, 2);
    },
  },
];

describe('interop: files of XMedCon (medcon)', function () {
  this.timeout(120000);
  const folders = suiteFolders('nhi-xmedcon-', TOOLS);
  const archives: ArchiveCase[] = [];
  let dir: string;
  let work: string;
  before(() => {
    ({ dir, work } = folders);
    const convert = (args: string[]) => run('convert', args, work);
    convert(['-size', '512x512', 'gradient:gray10-white', '-depth', '8', 'grey1.png']);
    convert(['-size', '512x512', 'gradient:white-gray20', '-depth', '8', 'grey2.png']);
    convert(['-size', '512x512', 'gradient:gray10-white', 'grey1.gif']);
    convert(['-size', '512x512', 'gradient:white-gray20', 'grey2.gif']);
    convert(['-size', '640x480', 'gradient:gray10-white', '-depth', '8', 'wide1.png']);
    convert(['-size', '640x480', 'gradient:white-gray20', '-depth', '8', 'wide2.png']);
    for (const n of [1, 2, 3, 4]) convert(['-size', '512x512', `gradient:gray${n * 10}-white`, '-depth', '8', `slice${n}.png`]);
    const slices = [1, 2, 3, 4].map((n) => join(work, `slice${n}.png`));
    // A volume in each format medcon reads (Analyze and ECAT 6 share .img: no ECAT 6), and a second copy of each.
    run('medcon', ['-s', '-w', '-f', ...slices, '-stack3d', '-c', 'nifti', 'anlz', 'intf', 'ecat7', '-o', 'vol'], work);
    run('medcon', ['-s', '-w', '-f', ...slices, '-stack3d', '-c', 'intf', 'ecat7', '-o', 'vol2'], work);
    run('medcon', ['-s', '-w', '-f', ...slices.slice(0, 2), '-stack3d', '-c', 'nifti', '-o', 'pair'], work);
    for (const n of [1, 2]) writeFileSync(join(work, `ct${n}.dcm`), ctSlice('2.25.8001', '2.25.8002', n));
  });

  for (const [i, variant] of VARIANTS.entries()) {
    it(`${variant.label}: read as dcmdump reads it; dcmmkdir, 7zz, quick and full check`, async () => {
      const root = join(dir, `set${i}`);
      const img = join(root, 'IMG');
      mkdirSync(img, { recursive: true });
      variant.make(work, img);
      for (const n of [1, 2]) {
        const file = join(img, `IM${n}`);
        // Without a Part 10 header dcmdump names no transfer syntax; ours is the one the data set is read in.
        const { truth, headers } = await expectReadAsDcmdump(file, variant.noDicomdir ? ['ts'] : []);
        if (!variant.noDicomdir) assert.equal(truth.ts, variant.ts, 'dcmdump: medcon wrote the transfer syntax expected');
        assert.equal(truth.sopClass, variant.sopClass);
        for (const h of headers) {
          assert.equal(h.transferSyntaxUid, variant.ts);
          assert.equal(h.numberOfFrames, variant.frames, file);
        }
      }
      if (!variant.noDicomdir) run('dcmmkdir', ['-Pmi', '+I', '--recurse', 'IMG'], root);
      const name = `DCF3501200000_C000000004${String(i).padStart(2, '0')}.7z`;
      archives.push(await packAndExpect(dir, root, name, variant, variant.noDicomdir ? ['IMG'] : undefined));
    });
  }

  it('dcmmkdir without +I refuses the files (empty Study Date), and so does the build, naming the key', async () => {
    const root = join(dir, 'build');
    const img = join(root, 'nm', 'IMG');
    mkdirSync(img, { recursive: true });
    twoPngs([])(work, img);
    assert.throws(() => run('dcmmkdir', ['-Pmi', '--recurse', 'IMG'], join(root, 'nm')), /StudyDate \(0008,0020\) empty/);
    const draft = join(root, 'draft.csv');
    writeFileSync(draft, `${csvFor({ 14: './nm' })}\r\n`);
    await assert.rejects(buildBatch(draft, { date: '20261125', outDir: join(root, 'out'), validation: { now: Date.parse('2025-11-25T12:00:00+08:00') } }), (e: BuildError) => {
      assert.equal(e.reason, 'images');
      assert.deepEqual(e.findings.map((f) => `${f.row} ${f.ruleId}`), ['0 A14-dicomdir-keys']);
      assert.match(e.findings[0].message.en, /IM\d: STUDY Study Date \(0008,0020\) is empty\. A Type 1 key of a DICOMDIR record needs a valid value \(PS3\.3 F\.5\).*\(1 more file has such problems\)$/);
      return true;
    });
  });

  it('nhi-imaging check --archives gives each row the findings of its archive', () => {
    assert.equal(archives.length, VARIANTS.length, 'every archive above was made');
    expectCliFindingsPerRow(dir, archives);
  });
});
