/**
 * Pixel Data whose length does not fit its image (A14-dicom-pixel-length, A14-dicom-pixel-excess), against
 * independent tools:
 * - pydicom changes Rows, Number of Frames or the pixel bytes of its own test files (cutting the bytes and
 *   writing the length anew), and writes one-bit multi-frame images packed as PS3.5 §8.1.1 says and packed a
 *   frame to a byte; dcmtk's dcmodify changes Rows and Columns;
 * - dicom3tools' dciodvfy ("PixelData has incorrect value length - expected … got …") and pydicom's
 *   get_expected_length judge the same files, and the check agrees with them on which files are wrong and
 *   on the length expected;
 * - pydicom's test files get no finding that dciodvfy does not give (4:2:2 colour aside: see below);
 * - a file-set of such files indexed by dcmmkdir and packed by 7zz gets the findings, quick and full.
 * The converters' files of converters.test.ts are held to their exact findings there, so no new finding.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import type { DicomProblem } from '../../server/src/core/dicom/problems';
import { makeInstance } from '../fixtures/dicom';
import { pixelLengthFindings } from '../fixtures/pixel-findings';
import { requireTools } from './tools';

const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const PYTHON = '/usr/bin/python3';

/**
 * Writes the variants into argv[1] and prints, for every file of the folders argv[2:], pydicom's expected
 * Pixel Data length (get_expected_length, padded to even) and the length it holds; null for files without
 * native pixel data or without the values.
 */
const PYDICOM_SCRIPT = `
import json, os, sys
from pydicom import dcmread
from pydicom.uid import generate_uid
from pydicom.pixel_data_handlers.util import get_expected_length
src = ${JSON.stringify(PYDICOM_FILES)}
out = sys.argv[1]
def save(ds, name):
    uid = generate_uid()
    ds.SOPInstanceUID = uid
    ds.file_meta.MediaStorageSOPInstanceUID = uid
    ds.save_as(os.path.join(out, name))
def read(name): return dcmread(os.path.join(src, name))
def even(b): return b + (b'\\0' if len(b) % 2 else b'')
ds = read('CT_small.dcm'); ds.Rows = ds.Rows + 8; save(ds, 'ROWSUP')
ds = read('CT_small.dcm'); ds.PixelData = ds.PixelData[:-256]; save(ds, 'CUT')
ds = read('CT_small.dcm'); ds.Rows = ds.Rows - 8; save(ds, 'ROWSDOWN')
ds = read('CT_small.dcm'); save(ds, 'GOOD')
ds = read('MR_small_implicit.dcm'); ds.PixelData = ds.PixelData[:-128]; save(ds, 'CUTIMPL')
ds = read('MR_small_bigendian.dcm'); ds.Columns = ds.Columns + 2; save(ds, 'COLSBE')
ds = read('SC_rgb_small_odd.dcm'); ds.NumberOfFrames = 2; save(ds, 'FRAMES')
ds = read('SC_rgb_small_odd.dcm'); ds.NumberOfFrames = 2; ds.PixelData = even(ds.PixelData[:27] * 2); save(ds, 'FRAMES2')
def pack(bits):
    b = bytearray((len(bits) + 7) // 8)
    for i, v in enumerate(bits):
        if v: b[i // 8] |= 1 << (i % 8)
    return bytes(b)
def onebit(name, data):
    ds = read('CT_small.dcm')
    ds.Rows = 10; ds.Columns = 10; ds.BitsAllocated = 1; ds.BitsStored = 1; ds.HighBit = 0; ds.PixelRepresentation = 0
    ds.NumberOfFrames = 3; ds.PixelData = data
    save(ds, name)
bits = [1 if i % 3 == 0 else 0 for i in range(300)]
onebit('BIT1', even(pack(bits)))
onebit('BIT1FRAM', even(b''.join(pack(bits[i * 100:(i + 1) * 100]) for i in range(3))))
lengths = {}
for d in sys.argv[2:]:
    for f in sorted(os.listdir(d)):
        p = os.path.join(d, f)
        if os.path.isdir(p): continue
        try:
            ds = dcmread(p)
            if ds.file_meta.TransferSyntaxUID.is_compressed or 'PixelData' not in ds: raise ValueError()
            n = get_expected_length(ds)
            lengths[f] = [n + n % 2, len(ds.PixelData)]
        except Exception:
            lengths[f] = None
print(json.dumps(lengths))`;

/**
 * dciodvfy's complaint about the Pixel Data length of a file: what it expected and what it found, or null; 'crashed'
 * when it fails an assertion of its own (Bits Allocated 32, as in pydicom's RT Dose files).
 */
function dciodvfy(path: string): { expected: number; got: number } | null | 'crashed' {
  const out = spawnSync('dciodvfy', [path], { encoding: 'latin1' });
  if (out.signal || /Assertion .* failed/.test(out.stderr)) return 'crashed';
  const m = /PixelData has incorrect value length - expected (\d+) dec - got (\d+) dec/.exec(`${out.stdout}${out.stderr}`);
  return m ? { expected: Number(m[1]), got: Number(m[2]) } : null;
}

/** The pixel-length problems of the quick check's read (a prefix) and of the full check's (the whole file), which must agree. */
function ours(path: string): DicomProblem[] {
  const bytes = readFileSync(path);
  const quick = readDicomHeader(bytes.subarray(0, 65536), { totalSize: bytes.length }).problems.filter((p) => p.code.startsWith('pixel-data'));
  const full = readDicomHeader(bytes, { untilPixelData: false }).problems.filter((p) => p.code.startsWith('pixel-data'));
  assert.deepEqual(quick, full, `${path}: quick and full reads agree`);
  return full;
}

/** The length our message says the image needs. */
function expectedIn(p: DicomProblem): number {
  return Number(/needs (\d+) \(|than the (\d+) the image/.exec(p.message.en)!.slice(1).find(Boolean));
}

describe('interop: Pixel Data length with pydicom, dcmodify and dciodvfy', function () {
  this.timeout(300000);
  let dir: string;
  let img: string;
  let pydicomLengths: Record<string, [expected: number, held: number] | null>;
  before(() => {
    requireTools(['dciodvfy', 'dcmodify', 'dcmmkdir', '7zz']);
    dir = mkdtempSync(join(tmpdir(), 'nhi-pixel-length-'));
    img = join(dir, 'set', 'IMG');
    mkdirSync(img, { recursive: true });
    writeFileSync(join(img, 'OURS'), makeInstance({ rows: 64, columns: 64, bitsAllocated: 16 }).bytes);
    for (const [name, edit] of [['MODROWS', '(0028,0010)=72'], ['MODCOLS', '(0028,0011)=200']] as const) {
      copyFileSync(join(PYDICOM_FILES, 'CT_small.dcm'), join(img, name));
      execFileSync('dcmodify', ['-nb', '-gin', '-m', edit, join(img, name)], { stdio: 'pipe' });
    }
    pydicomLengths = JSON.parse(execFileSync(PYTHON, ['-c', PYDICOM_SCRIPT, img, img, PYDICOM_FILES], { maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('flags exactly the files dciodvfy and pydicom find a wrong length in, with the length they expect: short an error, long a warning', () => {
    const verdicts: Record<string, string> = {};
    for (const f of readdirSync(img).sort()) {
      const path = join(img, f);
      const theirs = dciodvfy(path);
      const found = ours(path);
      const [expected, held] = pydicomLengths[f]!;
      assert.notEqual(theirs, 'crashed', f);
      if (theirs === 'crashed') continue;
      assert.equal(theirs === null, expected === held, `${f}: dciodvfy and pydicom agree`);
      if (!theirs) {
        assert.deepEqual(found, [], f);
        verdicts[f] = 'fits';
        continue;
      }
      assert.equal(found.length, 1, f);
      assert.equal(theirs.expected, expected, `${f}: pydicom expects what dciodvfy does`);
      assert.equal(expectedIn(found[0]), theirs.expected, `${f}: ${found[0].message.en}`);
      assert.equal(found[0].code, theirs.got < theirs.expected ? 'pixel-data-short' : 'pixel-data-long', f);
      assert.equal(found[0].severity, theirs.got < theirs.expected ? 'error' : 'warning', f);
      verdicts[f] = found[0].code;
    }
    assert.deepEqual(verdicts, {
      BIT1: 'fits',
      BIT1FRAM: 'pixel-data-long',
      COLSBE: 'pixel-data-short',
      CUT: 'pixel-data-short',
      CUTIMPL: 'pixel-data-short',
      FRAMES: 'pixel-data-short',
      FRAMES2: 'fits',
      GOOD: 'fits',
      MODCOLS: 'pixel-data-short',
      MODROWS: 'pixel-data-long',
      OURS: 'fits',
      ROWSDOWN: 'pixel-data-long',
      ROWSUP: 'pixel-data-short',
    });
  });

  it("gives pydicom's own test files no pixel finding dciodvfy (or pydicom, where dciodvfy fails) does not give", () => {
    const flagged: string[] = [];
    let native = 0;
    let byPydicom = 0;
    for (const f of readdirSync(PYDICOM_FILES).sort()) {
      const path = join(PYDICOM_FILES, f);
      if (statSync(path).isDirectory()) continue;
      const found = ours(path);
      const theirs = dciodvfy(path);
      if (pydicomLengths[f]) native++;
      if (f === 'SC_ybr_full_422_uncompressed.dcm') {
        // dciodvfy counts three samples a pixel for native YBR_FULL_422; PS3.3 C.7.6.3.1.2 and pydicom two.
        assert.deepEqual(theirs, { expected: 30000, got: 20000 });
        assert.deepEqual(pydicomLengths[f], [20000, 20000]);
        assert.deepEqual(found, []);
        continue;
      }
      const lengths = pydicomLengths[f];
      if (theirs === 'crashed' && lengths) byPydicom++;
      const wrong = theirs !== 'crashed' ? theirs : lengths && lengths[0] !== lengths[1] ? { expected: lengths[0] } : null;
      if (!wrong) {
        assert.deepEqual(found.map((p) => p.message.en), [], f);
        continue;
      }
      assert.equal(found.length, 1, f);
      assert.equal(expectedIn(found[0]), wrong.expected, f);
      flagged.push(`${f} ${found[0].code}`);
    }
    assert.ok(native >= 15, `${native} files with native pixel data`);
    assert.ok(byPydicom >= 1 && byPydicom <= 6, `${byPydicom} files judged by pydicom alone`);
    // The one file of the set made with bytes past its image: 128 bytes of padding after 64 × 64 × 16 bits.
    assert.deepEqual(flagged, ['MR_small_padded.dcm pixel-data-long']);
  });

  it('a dcmmkdir file-set of them packed by 7zz: the quick and the full check name the short files (error) and the long ones (warning)', async () => {
    const set = join(dir, 'set');
    for (const f of readdirSync(img)) if (!['GOOD', 'CUT', 'ROWSUP', 'ROWSDOWN', 'BIT1', 'BIT1FRAM'].includes(f)) rmSync(join(img, f));
    execFileSync('dcmmkdir', ['--recurse', 'IMG'], { cwd: set, stdio: 'pipe' });
    const name = 'DCF3501200000_C00000000001.7z';
    execFileSync('7zz', ['a', '-bd', '-mx=1', join(dir, name), 'DICOMDIR', 'IMG'], { cwd: set, stdio: 'pipe' });
    for (const { short, long } of await pixelLengthFindings(dir, name)) {
      assert.match(short.message.en, /^2 files: IMG\/CUT: Pixel Data \(7FE0,0010\) declares 32512 bytes but the image its header describes needs 32768 .*IMG\/ROWSUP: .*declares 32768 bytes but .* needs 34816 \(Rows 136 × Columns 128 /);
      assert.match(long.message.en, /^2 files: IMG\/BIT1FRAM: .*declares 40 bytes, 2 more than the 38 .*IMG\/ROWSDOWN: .*declares 32768 bytes, 2048 more than the 30720 /);
    }
  });
});
