/**
 * DICOM files and DICOMDIRs as GDCM (libgdcm-tools, the toolkit under many PACS and hospital viewers) writes them,
 * made at test time:
 * - gdcmimg: a CT slice from raw little-endian pixels, a CT from a 16-bit PGM (big-endian pixels, which gdcmimg keeps
 *   under GE's private syntax 1.2.840.113619.5.2), a Secondary Capture from a JPEG (kept as JPEG Baseline); gdcmimg
 *   writes no patient, Modality or numbers, so gdcmanon --dumb --replace adds them as a capture station would;
 * - gdcmconv to every transfer syntax it writes: --raw, --implicit, --explicit, --deflated, --rle, --jpeg (lossless
 *   SV1; --lossy: extended 12-bit), --jpegls (and near-lossless), --j2k (lossless and lossy), fragments split (-S),
 *   an icon image (--generate-icon); the lossy ones give the image a new SOP Instance UID, as DICOM asks;
 * - gdcmanon's Basic Application Level Confidentiality Profile (an X.509 certificate, over the folder at once);
 * - a DICOMDIR from gdcmgendir, which indexes only Explicit VR Little Endian files (General Purpose CD-R): over the
 *   compressed ones it is made before they are converted (its records then name the old transfer syntax), or
 *   dcmmkdir -Pmi indexes them; and one made inside the image folder, whose File IDs lack the folder;
 * - a real CT of pydicom's test files, compressed by gdcmconv.
 * For each: readDicomHeader reads what gdcmdump prints, and the archive (7zz; one CAB by gcab) gets exactly the
 * findings listed, from the quick and the full check and from `nhi-imaging check --archives` (dist/cli.js).
 * Last, a batch built from a folder of files GDCM compressed: dciodvfy, dcmdump, gdcmdump, gdcminfo and pydicom
 * read its DICOMDIR and files without an error.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeSampleDraft, SAMPLE_ROWS } from '../../samples/draft/generate';
import { buildBatch } from '../../server/src/core/build/batch';
import type { BuildError } from '../../server/src/core/build/types';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { buildConvertedCt, csvFor, expectArchiveFindings, expectCleanBatch, expectCliFindingsPerRow, packAndExpect, picture, run, suiteFolders, type ArchiveCase, type MadeFiles } from './archive-checks';

const TOOLS = ['gdcmimg', 'gdcmconv', 'gdcmanon', 'gdcmgendir', 'gdcmdump', 'gdcminfo', 'dcmmkdir', 'dcmdump', 'dciodvfy', '7zz', 'gcab', 'cjpeg', 'openssl'];
const PYDICOM_CT = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm';

/** What gdcmdump prints of the elements compared (its '?? (VR)' form too, for a data set it reads as Implicit VR). */
type Facts = Partial<Record<'ts' | 'sopClass' | 'sopInstance' | 'rows' | 'columns' | 'modality' | 'studyDate' | 'birthDate', string | number>>;
const DUMPED: Array<[keyof Facts, string]> = [
  ['ts', '0002,0010'], ['sopClass', '0008,0016'], ['sopInstance', '0008,0018'], ['rows', '0028,0010'], ['columns', '0028,0011'],
  ['modality', '0008,0060'], ['studyDate', '0008,0020'], ['birthDate', '0010,0030'],
];

function gdcmdumpFacts(path: string): Facts {
  const lines = run('gdcmdump', [path]).split('\n');
  const facts: Facts = {};
  for (const [key, tag] of DUMPED) {
    // The first line of the tag at the top level (an icon image's Rows are indented).
    const line = lines.find((l) => l.startsWith(`(${tag})`));
    const m = line && /^\(\S+\) (?:\?\? \()?(\w\w)\)? (.*?)\s+# /.exec(line);
    if (!m || m[2].startsWith('(no value')) continue;
    facts[key] = m[1] === 'US' ? Number(m[2]) : m[2].replace(/^\[|\]$/g, '').trim();
  }
  return facts;
}

/** A 512x512 CT slice, 12 bits in 16, with a gradient, as raw little-endian pixels (`pgm`: as a 16-bit PGM, big-endian). */
function ctPixels(pgm: boolean): Buffer {
  const size = 512;
  const px = Buffer.alloc(size * size * 2);
  for (let i = 0; i < size * size; i++) {
    const v = ((i % size) * 7 + Math.floor(i / size) * 3) % 4096;
    if (pgm) px.writeUInt16BE(v, i * 2);
    else px.writeUInt16LE(v, i * 2);
  }
  return pgm ? Buffer.concat([Buffer.from(`P5\n${size} ${size}\n4095\n`), px]) : px;
}

const CT = '1.2.840.10008.5.1.4.1.1.2';
const SC = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT = '1.2.840.10008.1.2.1';
const ENDOSCOPY = { 10: '28016C', 13: '' };

type Source = 'raw' | 'pgm' | 'jpeg' | 'pydicom';
/**
 * How the DICOMDIR is made: gdcmgendir over the finished files; gdcmgendir over their Explicit VR Little Endian
 * form, before `convert` (what a GDCM user has to do for compressed files); gdcmgendir run inside IMG; dcmmkdir -Pmi.
 */
type Indexer = 'gendir' | 'gendir-before' | 'gendir-in-img' | 'dcmmkdir';

interface Variant extends MadeFiles {
  source: Source;
  /** gdcmconv's options (each file in turn), or a function that rewrites the folder IMG of Explicit VR files. */
  convert?: string[] | ((img: string, work: string) => void);
  indexer: Indexer;
}

/** gdcmconv over every file of `img`, in place. */
function gdcmconvAll(img: string, args: string[]): void {
  for (const name of readdirSync(img)) {
    run('gdcmconv', [...args, join(img, name), join(img, `${name}.new`)]);
    renameSync(join(img, `${name}.new`), join(img, name));
  }
}

const VARIANTS: Variant[] = [
  { label: 'gdcmimg CT from raw pixels, gdcmanon --dumb tags, Explicit VR Little Endian', source: 'raw', indexer: 'gendir', ts: EXPLICIT, sopClass: CT, findings: [] },
  { label: 'gdcmconv --implicit', source: 'raw', convert: ['--implicit'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2', findings: ['A14-dicom-implicit-vr'] },
  {
    label: 'gdcmconv --implicit, then --explicit', source: 'raw', indexer: 'gendir', ts: EXPLICIT, findings: [],
    convert: (img) => {
      gdcmconvAll(img, ['--implicit']);
      gdcmconvAll(img, ['--explicit']);
    },
  },
  { label: 'gdcmconv --deflated', source: 'raw', convert: ['--deflated'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.1.99', findings: [] },
  { label: 'gdcmconv --rle', source: 'raw', convert: ['--rle'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.5', findings: [] },
  { label: 'gdcmconv --jpeg (lossless SV1)', source: 'raw', convert: ['--jpeg'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.70', findings: [] },
  { label: 'gdcmconv --jpeg --lossy (extended, 12 bits)', source: 'raw', convert: ['--jpeg', '--lossy', '-q', '90'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.51', findings: [] },
  { label: 'gdcmconv --jpegls', source: 'raw', convert: ['--jpegls'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.80', findings: [] },
  { label: 'gdcmconv --jpegls --lossy (near-lossless)', source: 'raw', convert: ['--jpegls', '--lossy', '-e', '2'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.81', findings: [] },
  { label: 'gdcmconv --j2k (lossless)', source: 'raw', convert: ['--j2k'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.90', findings: [] },
  { label: 'gdcmconv --j2k --lossy', source: 'raw', convert: ['--j2k', '--lossy', '-q', '30'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.91', findings: [] },
  {
    label: 'gdcmconv --jpeg, then -S 4096 (each frame in many fragments)', source: 'raw', indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.70', findings: [],
    convert: (img) => {
      gdcmconvAll(img, ['--jpeg']);
      gdcmconvAll(img, ['-S', '4096']);
    },
  },
  { label: 'gdcmconv --raw --generate-icon (a 64x64 icon in (0088,0200))', source: 'raw', convert: ['--raw', '--generate-icon', '--icon-auto-minmax'], indexer: 'gendir', ts: EXPLICIT, findings: [] },
  {
    // gdcmgendir takes only Explicit VR Little Endian: a DICOMDIR it made before the files were compressed names their old syntax.
    label: 'gdcmgendir before gdcmconv --jpeg', source: 'raw', convert: ['--jpeg'], indexer: 'gendir-before', ts: '1.2.840.10008.1.2.4.70',
    findings: ['A14-dicom-mismatch'], message: /the DICOMDIR record and the file differ: Transfer Syntax 1\.2\.840\.10008\.1\.2\.1 ≠ 1\.2\.840\.10008\.1\.2\.4\.70/,
  },
  {
    label: 'gdcmgendir before gdcmconv --j2k --lossy (a new SOP Instance UID)', source: 'raw', convert: ['--j2k', '--lossy'], indexer: 'gendir-before', ts: '1.2.840.10008.1.2.4.91',
    findings: ['A14-dicom-mismatch'], message: /the DICOMDIR record and the file differ: SOP Instance UID [\d.]+ ≠ [\d.]+; Transfer Syntax 1\.2\.840\.10008\.1\.2\.1 ≠ 1\.2\.840\.10008\.1\.2\.4\.91/,
  },
  {
    label: 'gdcmgendir run inside IMG (File IDs without the folder)', source: 'raw', indexer: 'gendir-in-img', ts: EXPLICIT,
    findings: ['A14-dicom-unreferenced', 'A14-file-missing'],
    message: /IM1: referenced by the DICOMDIR but not in the archive, which has IMG\/IM1: the DICOMDIR's File IDs leave out the folder IMG, as those of a DICOMDIR made inside that folder do/,
  },
  {
    // No standard syntax: one error, and no image. The DICOMDIR indexes the same files in Explicit VR Little Endian.
    label: 'gdcmimg CT from a 16-bit PGM (GE private syntax, big-endian pixels)', source: 'pgm', indexer: 'gendir-before', ts: '1.2.840.113619.5.2',
    findings: ['A14-dicom-syntax', 'A14-empty'], message: /unknown transfer syntax 1\.2\.840\.113619\.5\.2: not a DICOM standard transfer syntax/, unreadable: true,
  },
  { label: 'gdcmimg Secondary Capture from a JPEG (JPEG Baseline kept)', source: 'jpeg', indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.50', sopClass: SC, findings: [], row: ENDOSCOPY },
  { label: 'gdcmimg Secondary Capture from a JPEG, gdcmconv --raw (colour, uncompressed)', source: 'jpeg', convert: ['--raw'], indexer: 'gendir', ts: EXPLICIT, sopClass: SC, findings: [], row: ENDOSCOPY },
  { label: 'gdcmimg Secondary Capture from a JPEG, gdcmconv --j2k (colour)', source: 'jpeg', convert: ['--j2k'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.90', sopClass: SC, findings: [], row: ENDOSCOPY },
  {
    // The profile empties Patient ID and Study ID, which a DICOMDIR's records need (gdcmgendir and dcmmkdir refuse the
    // files), and the birth date, and renews the UIDs: the DICOMDIR made before names other files.
    label: 'gdcmanon (Basic Application Level Confidentiality Profile) over the folder after gdcmgendir', source: 'raw', indexer: 'gendir-before', ts: EXPLICIT,
    findings: ['A14-dicom-mismatch'], message: /IMG\/IM1: the DICOMDIR record and the file differ: SOP Instance UID [\d.]+ ≠ [\d.]+; Series Instance UID 2\.25\.\d+ ≠ [\d.]+; Study Instance UID 2\.25\.\d+ ≠ [\d.]+/,
    convert: (img, work) => {
      run('gdcmanon', ['-e', '-c', join(work, 'cert.pem'), '-r', '-i', img, '-o', `${img}.anon`]);
      rmSync(img, { recursive: true });
      renameSync(`${img}.anon`, img);
    },
  },
  {
    // pydicom's CT_small (128x128, a study of 2004, no birth date) as GDCM compresses it: the findings of its content, none of its encoding.
    label: 'pydicom CT_small.dcm, gdcmconv --j2k', source: 'pydicom', convert: ['--j2k'], indexer: 'dcmmkdir', ts: '1.2.840.10008.1.2.4.90', findings: ['A14-image-size', 'A14-study-date'],
    message: /128x128 is below the CT minimum of 512x512/,
  },
];

describe('interop: files and DICOMDIRs of GDCM (gdcmimg, gdcmconv, gdcmanon, gdcmgendir)', function () {
  this.timeout(120000);
  const folders = suiteFolders('nhi-gdcm-', TOOLS);
  let dir: string;
  let work: string;
  const archives: ArchiveCase[] = [];
  before(() => {
    ({ dir, work } = folders);
    assert.ok(existsSync(PYDICOM_CT), 'python3-pydicom test files are missing');
    writeFileSync(join(work, 'ct.raw'), ctPixels(false));
    writeFileSync(join(work, 'ct.pgm'), ctPixels(true));
    writeFileSync(join(work, 'src.ppm'), picture());
    run('cjpeg', ['-quality', '90', '-outfile', join(work, 'base.jpg'), join(work, 'src.ppm')]);
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem'), '-days', '2', '-subj', '/CN=nhi-imaging test']);
  });

  /** Instance `n` of variant `i` from its source, with the patient and study of EXAMPLE_ROW (or the row's modality). */
  function makeSource(variant: Variant, i: number, n: number, out: string): void {
    if (variant.source === 'pydicom') {
      writeFileSync(out, readFileSync(PYDICOM_CT));
      // Two instances of one series: the second gets its own SOP Instance UID and number.
      if (n === 2) run('gdcmanon', ['--dumb', '--replace', `0008,0018=2.25.${7000 + i}`, '--replace', '0020,0013=2', '-i', PYDICOM_CT, '-o', out]);
      return;
    }
    const raw = join(work, `src${i}_${n}.dcm`);
    const made: Record<Exclude<Source, 'pydicom'>, [sopClass: string, input: string, pixels: string[]]> = {
      raw: [CT, 'ct.raw', ['-s', '512,512', '-d', '16']],
      pgm: [CT, 'ct.pgm', []],
      jpeg: [SC, 'base.jpg', []],
    };
    const [sopClass, input, pixels] = made[variant.source];
    run('gdcmimg', [...pixels, '-C', sopClass, '-T', `2.25.${1000 + i}1`, '-S', `2.25.${1000 + i}2`, '-i', join(work, input), '-o', raw]);
    const tags: Record<string, string> = {
      '0008,0060': variant.source === 'jpeg' ? 'ES' : 'CT', '0008,0020': '20251125', '0008,0030': '094500', '0010,0010': 'TEST^PATIENT', '0010,0020': 'A123456789',
      '0010,0030': '19860312', '0020,0010': '1', '0020,0011': '1', '0020,0013': String(n),
    };
    run('gdcmanon', ['--dumb', ...Object.entries(tags).flatMap(([tag, value]) => ['--replace', `${tag}=${value}`]), '-i', raw, '-o', out]);
  }

  for (const [i, variant] of VARIANTS.entries()) {
    it(`${variant.label}: read as gdcmdump reads it; ${variant.indexer}, 7zz, quick and full check`, async () => {
      const root = join(dir, `set${i}`);
      const img = join(root, 'IMG');
      mkdirSync(img, { recursive: true });
      // gdcmconv cannot convert GE's private syntax: the DICOMDIR before indexes the same slices made from raw pixels.
      const make = () => { for (const n of [1, 2]) makeSource(variant, i, n, join(img, `IM${n}`)); };
      if (variant.source === 'pgm') for (const n of [1, 2]) makeSource({ ...variant, source: 'raw' }, i, n, join(img, `IM${n}`));
      else make();
      if (variant.indexer === 'gendir-before') run('gdcmgendir', ['-r', '-i', '.', '-o', 'DICOMDIR'], root);
      if (variant.source === 'pgm') make();
      if (typeof variant.convert === 'function') variant.convert(img, work);
      else if (variant.convert) gdcmconvAll(img, variant.convert);
      if (variant.indexer === 'gendir') run('gdcmgendir', ['-r', '-i', '.', '-o', 'DICOMDIR'], root);
      if (variant.indexer === 'gendir-in-img') run('gdcmgendir', ['-r', '-i', 'IMG', '-o', 'DICOMDIR'], root);
      if (variant.indexer === 'dcmmkdir') run('dcmmkdir', ['-Pmi', '--recurse', 'IMG'], root);

      for (const n of [1, 2]) {
        const file = join(img, `IM${n}`);
        const truth = gdcmdumpFacts(file);
        assert.equal(truth.ts, variant.ts, 'gdcmdump: GDCM wrote the transfer syntax expected');
        if (variant.sopClass) assert.equal(truth.sopClass, variant.sopClass);
        const read = readDicomHeader(readFileSync(file), { untilPixelData: false });
        if (variant.unreadable) {
          assert.equal(read.header, null);
          assert.equal(truth.rows, 512, 'gdcmdump reads the data set');
          assert.deepEqual(read.problems.map((p) => p.code), ['unknown-transfer-syntax']);
          continue;
        }
        const h = read.header;
        assert.ok(h, JSON.stringify(read.problems));
        const ours: Facts = { ts: h.transferSyntaxUid, sopClass: h.sopClassUid, sopInstance: h.sopInstanceUid, rows: h.rows, columns: h.columns, modality: h.modality, studyDate: h.studyDate, birthDate: h.patientBirthDate };
        for (const k of Object.keys(ours) as (keyof Facts)[]) if (ours[k] === undefined) delete ours[k];
        assert.deepEqual(ours, truth);
      }

      archives.push(await packAndExpect(dir, root, `DCF3501200000_C000000002${String(i).padStart(2, '0')}.7z`, variant));
    });
  }

  it('the GDCM file-set of the first variant packed by gcab (MSZIP CAB): no finding, quick and full', async () => {
    const name = 'DCF3501200000_C00000000300.CAB';
    run('gcab', ['-c', '-z', join(dir, name), 'DICOMDIR', 'IMG/IM1', 'IMG/IM2'], join(dir, 'set0'));
    await expectArchiveFindings(dir, { label: 'gcab', name, findings: [], instances: 2 });
  });

  it("gdcmgendir's DICOMDIR leaves out two Type 2 keys of its STUDY record, which dciodvfy reports and the check does not (docs/decisions/dicom-from-other-software.md)", () => {
    const verified = spawnSync('dciodvfy', [join(dir, 'set0', 'DICOMDIR')], { encoding: 'utf8' });
    const errors = `${verified.stdout}${verified.stderr}`.split('\n').filter((l) => /^Error/.test(l));
    assert.deepEqual(errors, [
      'Error - Missing attribute Type 2 Required Element=<StudyDescription> Module=<StudyDirectoryRecord>',
      'Error - Missing attribute Type 2 Required Element=<AccessionNumber> Module=<StudyDirectoryRecord>',
    ]);
    assert.deepEqual(archives[0].findings, [], 'the first variant, checked above, has no finding');
  });

  it('the build refuses a folder gdcmanon de-identified (Patient ID emptied), naming the key, as gdcmgendir and dcmmkdir refuse it', async () => {
    const root = join(dir, 'build-anon');
    const draft = writeSampleDraft(root, [SAMPLE_ROWS[0]]);
    const folder = join(root, SAMPLE_ROWS[0].folder);
    run('gdcmanon', ['-e', '-c', join(work, 'cert.pem'), '-r', '-i', folder, '-o', `${folder}.anon`]);
    rmSync(folder, { recursive: true });
    renameSync(`${folder}.anon`, folder);
    assert.throws(() => run('gdcmgendir', ['-r', '-i', folder, '-o', join(root, 'DICOMDIR')]));
    await assert.rejects(buildBatch(draft, { date: '20261125', outDir: join(root, 'out'), validation: { now: Date.parse('2025-11-25T12:00:00+08:00') } }), (e: BuildError) => {
      assert.equal(e.reason, 'images');
      assert.deepEqual(e.findings.map((f) => `${f.row} ${f.ruleId}`), ['0 A14-dicomdir-keys']);
      assert.match(e.findings[0].message.en, /Patient ID \(0010,0020\) is empty\. A Type 1 key of a DICOMDIR record needs a valid value \(PS3\.3 F\.5\).*\(3 more files have such problems\)$/);
      return true;
    });
    assert.equal(existsSync(join(root, 'out')), false, 'nothing was built');
  });

  it("a folder whose gdcmgendir DICOMDIR was made before gdcmconv --jpeg: the build writes a new DICOMDIR instead of keeping the stale one, and its check finds nothing", async () => {
    const root = join(dir, 'build-stale');
    const img = join(root, 'ct', 'IMG');
    mkdirSync(img, { recursive: true });
    for (const n of [1, 2]) makeSource(VARIANTS[0], 90, n, join(img, `IM${n}`));
    run('gdcmgendir', ['-r', '-i', '.', '-o', 'DICOMDIR'], join(root, 'ct'));
    gdcmconvAll(img, ['--jpeg']);
    const draft = join(root, 'draft.csv');
    writeFileSync(draft, `${csvFor({ 14: './ct' })}\r\n`);
    const built = await buildBatch(draft, { date: '20261125', outDir: join(root, 'out'), validation: { now: Date.parse('2025-11-25T12:00:00+08:00') } });
    assert.ok(built.rows[0].notes.some((n) => /^DICOMDIR rebuilt: the existing DICOMDIR's records disagree with the files \(IMG\\IM\d: Transfer Syntax 1\.2\.840\.10008\.1\.2\.1 ≠ 1\.2\.840\.10008\.1\.2\.4\.70\)/.test(n.en)), JSON.stringify(built.rows[0].notes));
    assert.deepEqual(built.warnings.map((f) => `${f.ruleId}: ${f.message.en}`), []);
    await expectCleanBatch(built.csvPath, 2);
  });

  it('nhi-imaging check --archives gives each row the findings of its archive', () => {
    assert.equal(archives.length, VARIANTS.length, 'every archive above was made');
    expectCliFindingsPerRow(dir, archives);
  });

  it('a batch built from a CT folder GDCM compressed (JPEG 2000 lossless and lossy, JPEG-LS, RLE): dciodvfy, dcmdump, gdcmdump, gdcminfo and pydicom accept what it writes', async () => {
    const gdcmconv = (...args: string[]) => ['gdcmconv', ...args];
    const { built, dicomdir, syntaxes } = await buildConvertedCt(join(dir, 'build'), [gdcmconv('--j2k'), gdcmconv('--j2k', '--lossy'), gdcmconv('--jpegls'), gdcmconv('--rle')]);
    assert.deepEqual(syntaxes, ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.5']);
    const unpacked = dirname(dicomdir);
    // GDCM reads the DICOMDIR as one (Media Storage Directory) and each file it references.
    assert.match(run('gdcminfo', [dicomdir]), /MediaStorage is 1\.2\.840\.10008\.1\.3\.10/);
    const gdcm = spawnSync('gdcmdump', [dicomdir], { encoding: 'utf8' });
    assert.equal(gdcm.status, 0, gdcm.stderr);
    assert.equal(gdcm.stdout.match(/\(0004,1430\) CS \[IMAGE ?\]/g)?.length, 4);
    const files = gdcm.stdout.match(/\(0004,1500\) CS \[([^\]]+)\]/g)!.map((l) => /\[([^\]]+)\]/.exec(l)![1].trim().split('\\').join('/'));
    for (const file of files) assert.equal(spawnSync('gdcminfo', [join(unpacked, file)]).status, 0, file);
    const py = spawnSync('/usr/bin/python3', ['-c', `import pydicom, sys
from pydicom.fileset import FileSet
fs = FileSet(pydicom.dcmread(sys.argv[1]))
print(len(fs), sorted({i.TransferSyntaxUID for i in fs}))`, dicomdir], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    assert.match(py.stdout, /^4 \[/);
    await expectCleanBatch(built.csvPath, 4);
  });
});
