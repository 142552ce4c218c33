/**
 * DICOM files as other software writes them, made at test time by dcmtk's converters:
 * - img2dcm: a cjpeg JPEG wrapped as Secondary Capture, VL Photographic and multi-frame true colour SC, and
 *   an ImageMagick BMP as uncompressed Secondary Capture,
 *   study and patient taken from a DICOM file (-stf) as a capture station takes them from the worklist;
 *   a baseline JPEG is kept as JPEG Baseline, a progressive one as the retired process 10/12 syntax;
 * - dcmcjpeg (JPEG baseline, extended 12-bit, lossless SV1 and process 14, retired spectral selection and
 *   progressive), dcmcjpls (JPEG-LS lossless and near-lossless), dcmcrle (RLE Lossless);
 * - dcmconv +ti/+te/+tb/+td (Implicit and Explicit VR Little Endian, Explicit VR Big Endian, Deflated)
 *   and +tg (GE's private Implicit VR with big-endian pixels);
 * - dcmodify and dcmscale, for what PACS exports get wrong: a Study Date written 2025-11-25, a CT of
 *   256x256, an empty Modality, a SOP Instance UID renewed after the DICOMDIR was made.
 * For each: (1) readDicomHeader, whole and through prefixes, reads what dcmdump reads; (2) the file-set,
 * indexed by dcmmkdir with the profile a PACS export uses for its transfer syntax (STD-GEN-CD,
 * STD-GEN-DVD-JPEG, else STD-GEN-MIME) and packed by 7zz, gets exactly the findings it calls for from the
 * quick and the full check, and from `nhi-imaging check --archives` (dist/cli.js: `npm run build`).
 * A DICOMDIR as a PACS writes it for CT on DVD (dcmmkdir -Pcm, icon images, a file-set ID and descriptor
 * file) is checked too, and so is a batch we build from a folder of files dcmtk compressed (dciodvfy on
 * its DICOMDIR). Debian's dicom3tools ship no converter (no dcencap, dcsmpte, ancreate or dccp): they read here only.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDicomHeader, readDicomHeaderFrom } from '../../server/src/core/dicom/read';
import { buildConvertedCt, ctSlice, dcmdumpFacts, expectArchiveFindings, expectCleanBatch, expectCliFindingsPerRow, ourFacts, packAndExpect, picture, run, suiteFolders, type ArchiveCase, type MadeFiles } from './archive-checks';

const TOOLS = ['dciodvfy', 'img2dcm', 'dcmcjpeg', 'dcmcjpls', 'dcmcrle', 'dcmconv', 'dcmodify', 'dcmscale', 'dcmdump', 'dcmmkdir', '7zz', 'cjpeg', 'convert'];

type Profile = '-Pgp' | '-Pdv' | '-Pmi';
const ENDOSCOPY = { 10: '28016C', 13: '' };

interface Variant extends MadeFiles {
  /** Writes the converted instance `out` from the source CT slice `ct` (the JPEG variants use `jpeg` and `ct` for the study). */
  make: (ct: string, out: string, instance: number, work: string) => void;
  /** dcmmkdir's profile; 'before' indexes the source files before `make` changes them (dcmmkdir refuses the result). */
  profile: Profile | 'before';
}

const SC = '1.2.840.10008.5.1.4.1.1.7';
const img2dcm = (options: string, picture: string) => (ct: string, out: string, instance: number, work: string) =>
  run('img2dcm', [...options.split(' '), '-stf', ct, '-k', 'Modality=ES', '-k', 'SeriesNumber=2', '-k', `InstanceNumber=${instance}`, join(work, picture), out]);
const tool = (cmd: string, ...args: string[]) => (ct: string, out: string) => run(cmd, [...args, ct, out]);
const dcmodify = (...args: string[]) => (ct: string, out: string) => {
  writeFileSync(out, readFileSync(ct));
  run('dcmodify', ['-nb', ...args, out]);
};

const VARIANTS: Variant[] = [
  { label: 'img2dcm Secondary Capture, JPEG baseline', make: img2dcm('-sc', 'base.jpg'), profile: '-Pdv', ts: '1.2.840.10008.1.2.4.50', sopClass: SC, findings: [], row: ENDOSCOPY },
  { label: 'img2dcm VL Photographic, JPEG baseline', make: img2dcm('-vlp', 'base.jpg'), profile: '-Pdv', ts: '1.2.840.10008.1.2.4.50', sopClass: '1.2.840.10008.5.1.4.1.1.77.1.4', findings: [], row: ENDOSCOPY },
  { label: 'img2dcm multi-frame true colour SC, JPEG baseline', make: img2dcm('-nsc', 'base.jpg'), profile: '-Pdv', ts: '1.2.840.10008.1.2.4.50', sopClass: '1.2.840.10008.5.1.4.1.1.7.4', findings: [], row: ENDOSCOPY },
  { label: 'img2dcm Secondary Capture from an ImageMagick BMP, uncompressed RGB', make: img2dcm('-sc -i BMP', 'src.bmp'), profile: '-Pgp', ts: '1.2.840.10008.1.2.1', sopClass: SC, findings: [], row: ENDOSCOPY },
  {
    label: 'img2dcm Secondary Capture, progressive JPEG (retired process 10/12)', make: img2dcm('-sc', 'prog.jpg'), profile: '-Pmi', ts: '1.2.840.10008.1.2.4.55', sopClass: SC,
    findings: ['A14-dicom-retired-syntax'], message: /1\.2\.840\.10008\.1\.2\.4\.55 \(JPEG Full Progression, Non-Hierarchical \(Process 10 & 12\)\) is retired/, row: ENDOSCOPY,
  },
  { label: 'dcmcjpeg JPEG baseline', make: tool('dcmcjpeg', '+eb'), profile: '-Pdv', ts: '1.2.840.10008.1.2.4.50', findings: [] },
  { label: 'dcmcjpeg JPEG extended, 12 bits', make: tool('dcmcjpeg', '+ee'), profile: '-Pdv', ts: '1.2.840.10008.1.2.4.51', findings: [] },
  { label: 'dcmcjpeg JPEG lossless SV1', make: tool('dcmcjpeg', '+e1'), profile: '-Pdv', ts: '1.2.840.10008.1.2.4.70', findings: [] },
  { label: 'dcmcjpeg JPEG lossless process 14', make: tool('dcmcjpeg', '+el'), profile: '-Pmi', ts: '1.2.840.10008.1.2.4.57', findings: [] },
  { label: 'dcmcjpeg spectral selection (retired)', make: tool('dcmcjpeg', '+es'), profile: '-Pmi', ts: '1.2.840.10008.1.2.4.53', findings: ['A14-dicom-retired-syntax'] },
  { label: 'dcmcjpeg progressive (retired)', make: tool('dcmcjpeg', '+ep'), profile: '-Pmi', ts: '1.2.840.10008.1.2.4.55', findings: ['A14-dicom-retired-syntax'] },
  { label: 'dcmcjpls JPEG-LS lossless', make: tool('dcmcjpls'), profile: '-Pmi', ts: '1.2.840.10008.1.2.4.80', findings: [] },
  { label: 'dcmcjpls JPEG-LS near-lossless', make: tool('dcmcjpls', '+en'), profile: '-Pmi', ts: '1.2.840.10008.1.2.4.81', findings: [] },
  { label: 'dcmcrle RLE Lossless', make: tool('dcmcrle'), profile: '-Pmi', ts: '1.2.840.10008.1.2.5', findings: [] },
  { label: 'dcmconv +ti Implicit VR Little Endian', make: tool('dcmconv', '+ti'), profile: '-Pmi', ts: '1.2.840.10008.1.2', findings: ['A14-dicom-implicit-vr'] },
  {
    label: 'dcmconv +te Explicit VR Little Endian, from Implicit VR',
    make: (ct, out, _i, work) => {
      run('dcmconv', ['+ti', ct, join(work, 'implicit')]);
      run('dcmconv', ['+te', join(work, 'implicit'), out]);
    },
    profile: '-Pgp', ts: '1.2.840.10008.1.2.1', findings: [],
  },
  { label: 'dcmconv +tb Explicit VR Big Endian (retired)', make: tool('dcmconv', '+tb'), profile: '-Pmi', ts: '1.2.840.10008.1.2.2', findings: ['A14-dicom-retired-syntax'] },
  { label: 'dcmconv +td Deflated Explicit VR Little Endian', make: tool('dcmconv', '+td'), profile: '-Pmi', ts: '1.2.840.10008.1.2.1.99', findings: [] },
  {
    // dcmdump reads its data set as Implicit VR; no DICOM reader need know a vendor's syntax: one error, and no image.
    label: 'dcmconv +tg GE private syntax', make: tool('dcmconv', '+tg'), profile: '-Pmi', ts: '1.2.840.113619.5.2',
    findings: ['A14-dicom-syntax', 'A14-empty'], message: /unknown transfer syntax 1\.2\.840\.113619\.5\.2: not a DICOM standard transfer syntax/, unreadable: true,
  },
  {
    // The ACR-NEMA form of a date (PS3.5 §6.2 asks readers to accept it) is the same day; 2025-11-25 is no DICOM date.
    label: 'dcmodify StudyDate=2025-11-25, PatientBirthDate=1986.03.12', make: dcmodify('-m', 'StudyDate=2025-11-25', '-m', 'PatientBirthDate=1986.03.12'), profile: '-Pgp', ts: '1.2.840.10008.1.2.1',
    findings: ['A14-study-date'], message: /Study Date "2025-11-25" \(not a DICOM date, YYYYMMDD\); field 12 says the exam was on 2025-11-25/,
  },
  // The header edited, not the pixels: 512 × 512 of them remain behind a 256 × 256 header (dciodvfy: "PixelData has incorrect value length").
  { label: 'dcmodify Rows=Columns=256', make: dcmodify('-m', 'Rows=256', '-m', 'Columns=256'), profile: '-Pgp', ts: '1.2.840.10008.1.2.1', findings: ['A14-dicom-pixel-excess', 'A14-image-size'], message: /256x256 is below the CT minimum of 512x512/ },
  { label: 'dcmscale to 256x256', make: tool('dcmscale', '+Sxv', '256'), profile: '-Pgp', ts: '1.2.840.10008.1.2.1', findings: ['A14-image-size'], message: /256x256 is below the CT minimum of 512x512/ },
  {
    // dcmmkdir refuses an empty Modality (Type 1 in its SERIES record): the DICOMDIR indexes the files before.
    label: 'dcmodify Modality= (empty)', make: dcmodify('-m', 'Modality='), profile: 'before', ts: '1.2.840.10008.1.2.1',
    findings: ['A14-modality'], message: /^2 images have no Modality \(0008,0060\); order 33070B \(CT\) expects CT/,
  },
  {
    label: 'dcmodify -gin (a new SOP Instance UID after the DICOMDIR was made)', make: dcmodify('-gin'), profile: 'before', ts: '1.2.840.10008.1.2.1',
    findings: ['A14-dicom-mismatch'], message: /the DICOMDIR record and the file differ: SOP Instance UID 2\.25\.\d+ ≠ 1\.2\.276\.0\.7230010\./,
  },
];

describe('interop: files of dcmtk\'s converters (img2dcm, dcmcjpeg, dcmcjpls, dcmcrle, dcmconv, dcmodify, dcmscale)', function () {
  this.timeout(120000);
  const folders = suiteFolders('nhi-converters-', TOOLS);
  let dir: string;
  let work: string;
  const archives: ArchiveCase[] = [];
  before(() => {
    ({ dir, work } = folders);
    writeFileSync(join(work, 'src.ppm'), picture());
    run('cjpeg', ['-quality', '90', '-outfile', join(work, 'base.jpg'), join(work, 'src.ppm')]);
    run('cjpeg', ['-progressive', '-outfile', join(work, 'prog.jpg'), join(work, 'src.ppm')]);
    // img2dcm reads BMPs with the Windows 3 header only.
    run('convert', [join(work, 'src.ppm'), `BMP3:${join(work, 'src.bmp')}`]);
  });

  for (const [i, variant] of VARIANTS.entries()) {
    it(`${variant.label}: read as dcmdump reads it; dcmmkdir ${variant.profile}, 7zz, quick and full check`, async () => {
      const root = join(dir, `set${i}`);
      mkdirSync(join(root, 'IMG'), { recursive: true });
      const study = `2.25.${1000 + i}1`;
      const series = `2.25.${1000 + i}2`;
      const sources = [1, 2].map((n) => {
        const path = join(work, `ct${i}_${n}.dcm`);
        writeFileSync(path, ctSlice(study, series, n));
        return path;
      });
      const files = sources.map((_, n) => join(root, 'IMG', `IM${n}`));
      if (variant.profile === 'before') {
        sources.forEach((s, n) => writeFileSync(files[n], readFileSync(s)));
        run('dcmmkdir', ['-Pgp', '--recurse', 'IMG'], root);
      }
      sources.forEach((s, n) => variant.make(s, files[n], n + 1, work));
      if (variant.profile !== 'before') run('dcmmkdir', [variant.profile, '--recurse', 'IMG'], root);

      for (const file of files) {
        const truth = dcmdumpFacts(file);
        assert.equal(truth.ts, variant.ts, 'dcmdump: the converter wrote the transfer syntax expected');
        if (variant.sopClass) assert.equal(truth.sopClass, variant.sopClass);
        const bytes = readFileSync(file);
        const whole = readDicomHeader(bytes, { untilPixelData: false });
        const prefixes = await readDicomHeaderFrom(async (n) => bytes.subarray(0, n), bytes.length, { firstRead: 1024 });
        for (const read of [whole, prefixes]) {
          if (variant.unreadable) {
            assert.equal(read.header, null);
            assert.equal(truth.rows, 512, 'dcmdump reads the data set');
            assert.deepEqual(read.problems.map((p) => p.code), ['unknown-transfer-syntax']);
            continue;
          }
          assert.ok(read.header, JSON.stringify(read.problems));
          const expected = { ...truth };
          // The ACR-NEMA form yyyy.mm.dd is read as yyyymmdd.
          if (typeof expected.birthDate === 'string') expected.birthDate = expected.birthDate.replace(/^(\d{4})\.(\d{2})\.(\d{2})$/, '$1$2$3');
          assert.deepEqual(ourFacts(read.header), expected);
        }
      }

      archives.push(await packAndExpect(dir, root, `DCF3501200000_C000000001${String(i).padStart(2, '0')}.7z`, variant));
    });
  }

  it('a CT/MR profile DICOMDIR (dcmmkdir -Pcm) with icon images (+X), a file-set ID (+F) and a descriptor file (+R), over JPEG lossless files: no finding', async () => {
    const root = join(dir, 'set-ctmr');
    mkdirSync(join(root, 'IMG'), { recursive: true });
    for (const n of [1, 2]) {
      writeFileSync(join(work, `ctmr${n}.dcm`), ctSlice('2.25.9001', '2.25.9002', n));
      run('dcmcjpeg', ['+e1', join(work, `ctmr${n}.dcm`), join(root, 'IMG', `IM${n}`)]);
    }
    writeFileSync(join(root, 'README'), 'CT of 2025-11-25, exported by the PACS\r\n');
    run('dcmmkdir', ['-Pcm', '+X', '+F', 'PACS_EXPORT', '+R', 'README', '--recurse', 'IMG'], root);
    const dump = run('dcmdump', [join(root, 'DICOMDIR')]);
    assert.match(dump, /IconImageSequence/);
    assert.match(dump, /\(0004,1141\) CS \[README\]/);
    const name = 'DCF3501200000_C00000000199.7z';
    run('7zz', ['a', '-mx=1', join(dir, name), 'DICOMDIR', 'IMG', 'README'], root);
    await expectArchiveFindings(dir, { label: 'dcmmkdir -Pcm', name, findings: [], instances: 2 });
  });

  it('a batch built from a CT folder whose files dcmtk compressed (JPEG baseline, JPEG lossless, RLE, deflated): dciodvfy and dcmdump accept its DICOMDIR, and its check finds nothing', async () => {
    const { built, syntaxes } = await buildConvertedCt(join(dir, 'build'), [['dcmcjpeg', '+eb'], ['dcmcjpeg', '+e1'], ['dcmcrle'], ['dcmconv', '+td']]);
    assert.deepEqual(syntaxes, ['1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.5']);
    await expectCleanBatch(built.csvPath, 4);
  });

  it('nhi-imaging check --archives gives each row the findings of its archive', () => {
    assert.equal(archives.length, VARIANTS.length, 'every archive above was made');
    expectCliFindingsPerRow(dir, archives);
  });
});
