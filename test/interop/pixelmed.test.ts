/**
 * DICOM files and DICOMDIRs as PixelMed (David Clunie's Java toolkit; Debian's libpixelmed-java 20220618) writes
 * them, made at test time from fixture CTs (test/fixtures/dicom.ts) and pictures made by ImageMagick's `convert`:
 * - com.pixelmed.dicom.AttributeList rewrites a CT in Explicit and Implicit VR Little Endian, Explicit VR Big Endian
 *   and Deflated; com.pixelmed.apps.CompressDicomFiles compresses to RLE (its only lossless codec in Debian; JPEG
 *   baseline on 8-bit images; no JPEG lossless, JPEG-LS or JPEG 2000 writer);
 * - com.pixelmed.dicom.ImageToDicom makes a Secondary Capture of a JPEG and a CT of a grey PNG; it writes today as
 *   the Study Date and a new Study Instance UID each run, and no birth date;
 * - com.pixelmed.convert.TIFFToDicom makes a CT of a grey TIFF with the patient and study given in JSON, keeping the
 *   TIFF's header (classic or BigTIFF) in the preamble: a dual-personality file, DICOM and TIFF at once;
 * - com.pixelmed.dicom.DicomDirectory writes the DICOMDIR over the files, their File IDs in capitals (img/im1.dcm
 *   becomes IMG\IM1.DCM, which PS3.10 does not allow and the archive does not hold).
 * For each: readDicomHeader (whole, and through prefixes) reads what dcmdump reads; the archive (7zz) gets exactly
 * the findings listed from the quick and the full check and from `nhi-imaging check --archives`.
 * Last, a batch built from a folder of slices PixelMed rewrote: PixelMed reads its DICOMDIR and every file, makes
 * a DICOMDIR of its own over the same files with the same records, dciodvfy finds no error in its DICOMDIR, and the
 * check finds only what the sources brought (Implicit VR, Big Endian), as the build warned.
 * PixelMed's IOD validator (com.pixelmed.validate.DicomInstanceValidator) is not used: Debian's build knows seven
 * enhanced and segmentation IODs, none of CT, Secondary Capture or the DICOMDIR (docs/decisions/dicom-from-other-software.md).
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildConvertedCt, ctSlice, expectCleanBatch, expectCliFindingsPerRow, expectReadAsDcmdump, packAndExpect, run, suiteFolders, type ArchiveCase, type MadeFiles } from './archive-checks';

const JAR = '/usr/share/java/pixelmed.jar';
const TOOLS = ['java', 'convert', 'dcmdump', 'dciodvfy', '7zz'];
const CT = '1.2.840.10008.5.1.4.1.1.2';
const SC = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT = '1.2.840.10008.1.2.1';
const ENDOSCOPY = { 10: '28016C', 13: '' };

/**
 * Runs a PixelMed class. Its command-line classes log an exception and still exit 0: any exception or SEVERE
 * line in what it prints fails the run.
 */
function pixelmed(cls: string, args: string[], cwd?: string): string {
  const out = run('sh', ['-c', 'java -Djava.awt.headless=true -cp "$0" "$@" 2>&1', JAR, `com.pixelmed.${cls}`, ...args], cwd);
  assert.doesNotMatch(out, /Exception|^SEVERE/m, `${cls} ${args.join(' ')}: ${out}`);
  return out;
}

/** AttributeList rewrites every file of `img` in the transfer syntax `ts`, in place. */
const rewriteAll = (ts: string) => (img: string): void => {
  for (const name of readdirSync(img)) {
    pixelmed('dicom.AttributeList', [join(img, name), ts, join(img, `${name}.new`)]);
    renameSync(join(img, `${name}.new`), join(img, name));
  }
};

/** CompressDicomFiles over `img` to `ts`; it names each file by its SOP Instance UID, so they are renamed back by instance order. */
const compressAll = (ts: string) => (img: string): void => {
  const out = `${img}.out`;
  mkdirSync(out);
  pixelmed('apps.CompressDicomFiles', [img, out, ts]);
  rmSync(img, { recursive: true });
  mkdirSync(img);
  const made = readdirSync(out).map((name) => ({ name, n: Number(/\(0020,0013\) IS \[(\d+)\]/.exec(run('dcmdump', ['+P', '0020,0013', join(out, name)]))![1]) }));
  for (const { name, n } of made) renameSync(join(out, name), join(img, `IM${n}`));
  rmSync(out, { recursive: true });
};

type Source = 'fixture' | 'jpeg' | 'png' | 'tiff' | 'bigtiff';

interface Variant extends MadeFiles {
  /** Fixture CTs (512x512, 16 bits, the patient and study of EXAMPLE_ROW) or ImageToDicom of a picture. */
  source: Source;
  convert?: (img: string) => void;
  /** Files named img/im1.dcm, img/im2.dcm (not IMG/IM1, IMG/IM2): DicomDirectory writes their File IDs in capitals. */
  lowerCase?: true;
}

/** Where instance `n` of a variant's file-set is, from its root. */
const fileOf = (variant: Variant, n: number): string => (variant.lowerCase ? `img/im${n}.dcm` : `IMG/IM${n}`);

const VARIANTS: Variant[] = [
  { label: 'AttributeList, Explicit VR Little Endian', source: 'fixture', convert: rewriteAll(EXPLICIT), ts: EXPLICIT, sopClass: CT, findings: [] },
  { label: 'AttributeList, Implicit VR Little Endian', source: 'fixture', convert: rewriteAll('1.2.840.10008.1.2'), ts: '1.2.840.10008.1.2', sopClass: CT, findings: ['A14-dicom-implicit-vr'] },
  {
    label: 'AttributeList, Explicit VR Big Endian', source: 'fixture', convert: rewriteAll('1.2.840.10008.1.2.2'), ts: '1.2.840.10008.1.2.2', sopClass: CT,
    findings: ['A14-dicom-retired-syntax'], message: /IMG\/IM\d: Explicit VR Big Endian \(1\.2\.840\.10008\.1\.2\.2\) is retired from DICOM/,
  },
  { label: 'AttributeList, Deflated Explicit VR Little Endian', source: 'fixture', convert: rewriteAll('1.2.840.10008.1.2.1.99'), ts: '1.2.840.10008.1.2.1.99', sopClass: CT, findings: [] },
  { label: 'CompressDicomFiles, RLE Lossless', source: 'fixture', convert: compressAll('1.2.840.10008.1.2.5'), ts: '1.2.840.10008.1.2.5', sopClass: CT, findings: [] },
  {
    // Each run of ImageToDicom starts a study of today: two pictures are two studies, on another day than the exam.
    label: 'ImageToDicom Secondary Capture from a JPEG (uncompressed RGB)', source: 'jpeg', ts: EXPLICIT, sopClass: SC, row: ENDOSCOPY,
    findings: ['A14-one-study', 'A14-study-date'], message: /field 12 says the exam was on 2025-11-25/,
  },
  {
    label: 'ImageToDicom Secondary Capture from a JPEG, CompressDicomFiles JPEG Baseline', source: 'jpeg', convert: compressAll('1.2.840.10008.1.2.4.50'),
    ts: '1.2.840.10008.1.2.4.50', sopClass: SC, row: ENDOSCOPY, findings: ['A14-one-study', 'A14-study-date'],
  },
  { label: 'TIFFToDicom CT from a grey TIFF, the TIFF kept in the preamble (a dual-personality DICOM-TIFF file)', source: 'tiff', ts: EXPLICIT, sopClass: CT, findings: [] },
  { label: 'TIFFToDicom CT from a grey TIFF, a BigTIFF header in the preamble', source: 'bigtiff', ts: EXPLICIT, sopClass: CT, findings: [] },
  {
    label: 'AttributeList, Explicit VR Little Endian, files img/im1.dcm (File IDs IMG\\IM1.DCM)', source: 'fixture', convert: rewriteAll(EXPLICIT), ts: EXPLICIT, sopClass: CT, lowerCase: true,
    findings: ['A14-file-id', 'A14-file-id-case'], message: /IMG\\IM1\.DCM \(component "IM1\.DCM"\)/,
  },
  { label: 'ImageToDicom CT from a grey PNG (8 bits)', source: 'png', ts: EXPLICIT, sopClass: CT, findings: ['A14-one-study', 'A14-study-date'] },
];

describe('interop: files and DICOMDIRs of PixelMed (AttributeList, CompressDicomFiles, ImageToDicom, TIFFToDicom, DicomDirectory)', function () {
  this.timeout(120000);
  const folders = suiteFolders('nhi-pixelmed-', TOOLS);
  const archives: ArchiveCase[] = [];
  let dir: string;
  let work: string;
  before(() => {
    assert.ok(existsSync(JAR), `${JAR} is missing: .ci/run installs libpixelmed-java with apt-get`);
    ({ dir, work } = folders);
    run('convert', ['-size', '640x480', 'gradient:red-blue', '-quality', '90', 'pic.jpg'], work);
    run('convert', ['-size', '512x512', 'gradient:gray10-white', '-depth', '8', 'grey.png'], work);
    run('convert', ['-size', '512x512', 'gradient:gray10-white', '-depth', '8', '-compress', 'none', 'grey.tif'], work);
  });

  function makeSource(variant: Variant, i: number, root: string): void {
    for (const n of [1, 2]) {
      const out = join(root, fileOf(variant, n));
      if (variant.source === 'fixture') writeFileSync(out, ctSlice(`2.25.${9000 + i}1`, `2.25.${9000 + i}2`, n));
      else if (variant.source === 'jpeg') pixelmed('dicom.ImageToDicom', [join(work, 'pic.jpg'), out, 'TEST^PATIENT', 'A123456789', '1', '1', String(n), 'ES', SC]);
      else if (variant.source === 'png') pixelmed('dicom.ImageToDicom', [join(work, 'grey.png'), out, 'TEST^PATIENT', 'A123456789', '1', '1', String(n), 'CT', CT]);
      else tiffToDicom(variant.source === 'bigtiff', i, n, out);
    }
  }

  /** TIFFToDicom of grey.tif with the patient and study of EXAMPLE_ROW (from a JSON file), its TIFF header in the preamble. */
  function tiffToDicom(big: boolean, i: number, n: number, out: string): void {
    const json = join(work, `tiff${i}_${n}.json`);
    const top = {
      PatientName: 'TEST^PATIENT', PatientID: 'A123456789', PatientBirthDate: '19860312', StudyDate: '20251125', StudyTime: '094500', StudyID: '1',
      SeriesNumber: '1', InstanceNumber: String(n), StudyInstanceUID: `2.25.${9000 + i}1`, SeriesInstanceUID: `2.25.${9000 + i}2`,
    };
    writeFileSync(json, JSON.stringify({ top }));
    const prefix = join(work, `tiff${i}_${n}`);
    pixelmed('convert.TIFFToDicom', [json, join(work, 'grey.tif'), prefix, 'CT', CT, EXPLICIT, 'ADDTIFF', big ? 'USEBIGTIFF' : 'DONOTUSEBIGTIFF']);
    renameSync(`${prefix}_0.dcm`, out);
    assert.equal(readFileSync(out).subarray(0, 4).toString('latin1'), big ? 'II+\0' : 'II*\0', 'a TIFF header in the preamble');
  }

  for (const [i, variant] of VARIANTS.entries()) {
    it(`${variant.label}: read as dcmdump reads it; DicomDirectory, 7zz, quick and full check`, async () => {
      const root = join(dir, `set${i}`);
      const files = [1, 2].map((n) => fileOf(variant, n));
      const img = join(root, dirname(files[0]));
      mkdirSync(img, { recursive: true });
      makeSource(variant, i, root);
      variant.convert?.(img);
      for (const file of files) {
        const { truth } = await expectReadAsDcmdump(join(root, file));
        assert.equal(truth.ts, variant.ts, 'dcmdump: PixelMed wrote the transfer syntax expected');
        assert.equal(truth.sopClass, variant.sopClass);
      }
      pixelmed('dicom.DicomDirectory', ['DICOMDIR', ...files], root);
      archives.push(await packAndExpect(dir, root, `DCF3501200000_C000000007${String(i).padStart(2, '0')}.7z`, variant, ['DICOMDIR', dirname(files[0])]));
    });
  }

  it('nhi-imaging check --archives gives each row the findings of its archive', () => {
    assert.equal(archives.length, VARIANTS.length, 'every archive above was made');
    expectCliFindingsPerRow(dir, archives);
  });

  it('a batch built from CT slices PixelMed rewrote (Implicit VR, Big Endian, Deflated, Explicit VR): PixelMed reads its DICOMDIR and files and indexes them alike; the check finds what the sources brought', async () => {
    const attributeList = (ts: string) => ['sh', '-c', `java -cp ${JAR} com.pixelmed.dicom.AttributeList "$0" ${ts} "$1" 2>&1 | grep -q Exception && exit 1 || exit 0`];
    const { built, dicomdir, syntaxes } = await buildConvertedCt(join(dir, 'build'), ['1.2.840.10008.1.2', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99', EXPLICIT].map(attributeList));
    assert.deepEqual(syntaxes, ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);
    const unpacked = join(dir, 'build', 'x');
    const ours = pixelmed('dicom.AttributeList', [dicomdir]);
    const files = [...ours.matchAll(/\(0x0004,0x1500\) ReferencedFileID VR=<CS> VL=<0x[0-9a-f]+> <([^>]+)>/g)].map((m) => m[1].trim().split('\\').join('/'));
    assert.equal(files.length, 4, ours);
    for (const file of files) assert.match(pixelmed('dicom.AttributeList', [join(unpacked, file)]), /\(0x7fe0,0x0010\) PixelData/, file);
    // PixelMed's own DICOMDIR over the same files has the same records, in kind and in what they reference.
    const records = (dump: string) => [...dump.matchAll(/(DirectoryRecordType|ReferencedSOPInstanceUIDInFile|ReferencedTransferSyntaxUIDInFile|StudyInstanceUID|SeriesInstanceUID) VR=<\w\w> VL=<0x[0-9a-f]+> <([^>]*)>/g)].map((m) => `${m[1]} ${m[2].trim()}`).sort();
    const theirs = join(dir, 'build', 'pixelmed-DICOMDIR');
    pixelmed('dicom.DicomDirectory', [theirs, ...files], unpacked);
    assert.deepEqual(records(ours), records(pixelmed('dicom.AttributeList', [theirs])));
    // The build copies each file as it is: it warns of the retired syntax as the check of its batch does, and
    // Implicit VR is information.
    assert.deepEqual(built.warnings.map((f) => `${f.ruleId}: ${f.message.en}`.replace(/^(\S+: )\S+\.7z: /, '$1')), [
      'A14-dicom-retired-syntax: DICOM/PA000001/ST000001/SE000001/IM000002: Explicit VR Big Endian (1.2.840.10008.1.2.2) is retired from DICOM: export it again from the PACS or the modality in a current transfer syntax (Explicit VR Little Endian, for one)',
    ]);
    await expectCleanBatch(built.csvPath, 4, ['A14-dicom-implicit-vr', 'A14-dicom-retired-syntax']);
  });
});
