/**
 * The JPEG reader over JPEGs other software writes: libjpeg-turbo's cjpeg (baseline, optimised, restart
 * markers, greyscale, 4:4:4, progressive, arithmetic-coded sequential and progressive), jpegtran (made
 * progressive, markers kept), ExifTool (an EXIF APP1 holding a thumbnail JPEG of its own before the
 * frame), wrjpgcom (a COM segment), ImageMagick (CMYK with Adobe's APP14, interlaced) and dcmtk's
 * dcmcjpeg (12-bit extended and lossless frames, taken out of their DICOM files by pydicom). For each:
 * the frame header read, whole and from prefixes, is the one dicom3tools' jpegdump reads, the EOI is
 * found, and an ATT archive of them all (7zz) for a chest X-ray order gets no finding, quick and full.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinkedArchives } from '../../server/src/core/archive/check';
import { parseCsv } from '../../server/src/core/csv/parse';
import { hasEoi, readJpegFrame } from '../../server/src/core/images/jpeg';
import type { JpegFrame } from '../../server/src/core/images/jpeg';
import { defaultOptions } from '../../server/src/core/options';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { makeInstance } from '../fixtures/dicom';
import { requireTools } from './tools';

const PYTHON = '/usr/bin/python3';
const SIZE = 1400;
const FIRST_FRAME_PY = `import sys
from pydicom import dcmread
from pydicom.encaps import generate_pixel_data_frame
ds = dcmread(sys.argv[1])
open(sys.argv[2], 'wb').write(next(generate_pixel_data_frame(ds.PixelData)))
`;

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/** A portable pixmap (P6 colour, P5 grey) with a gradient. */
function pixmap(width: number, height: number, grey = false): Buffer {
  const channels = grey ? 1 : 3;
  const px = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      px[at] = (x * 255) / width;
      if (!grey) px.set([(y * 255) / height, (x + y) & 0xff], at + 1);
    }
  }
  return Buffer.concat([Buffer.from(`${grey ? 'P5' : 'P6'}\n${width} ${height}\n255\n`), px]);
}

/** The first frame header dicom3tools' jpegdump finds, in JpegFrame's terms. */
function jpegdumpFrame(path: string): JpegFrame {
  // jpegdump writes its listing to standard error.
  const dump = spawnSync('jpegdump', [], { input: readFileSync(path), encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  const out = `${dump.stdout}${dump.stderr}`;
  // Its names run SOF0 … SOF9, SOFA … SOFF: the marker's last hex digit is n of SOFn.
  const sof = /Marker 0xffc([0-9a-f]) SOF[^\n]*\n\s*JPEG_SOF_Parameters:\s*SamplePrecision = (\d+)\s*nLines = (\d+)\s*nSamplesPerLine = (\d+)\s*nComponentsInFrame = (\d+)/.exec(out);
  assert.ok(sof, `jpegdump finds no SOF in ${path}`);
  return { process: parseInt(sof[1], 16), precision: Number(sof[2]), height: Number(sof[3]), width: Number(sof[4]), components: Number(sof[5]) };
}

/** The frame read through prefixes as the quick check reads them: start small, read what it asks for. */
function frameFromPrefixes(bytes: Uint8Array): JpegFrame | null {
  let want = 64;
  for (;;) {
    const r = readJpegFrame(bytes.subarray(0, want), bytes.length);
    if (r.needMore === undefined) return r.frame;
    assert.ok(r.needMore > want, 'asks for more than it had');
    want = r.needMore;
  }
}

interface Written {
  name: string;
  process: number;
  precision?: number;
  components?: number;
  make: (work: string, out: string) => void;
}

const cjpeg = (...args: string[]) => (work: string, out: string) => run('cjpeg', [...args, '-outfile', out, join(work, 'colour.ppm')]);
const fromDicom = (option: string) => (work: string, out: string) => {
  run('dcmcjpeg', [option, join(work, 'dx16.dcm'), join(work, `dx${option}.dcm`)]);
  run(PYTHON, ['-c', FIRST_FRAME_PY, join(work, `dx${option}.dcm`), out]);
};

const WRITERS: Written[] = [
  { name: 'CJPEG_BASELINE.jpg', process: 0, make: cjpeg('-quality', '90') },
  { name: 'CJPEG_OPTIMIZED.jpg', process: 0, make: cjpeg('-optimize') },
  { name: 'CJPEG_RESTART.jpg', process: 0, make: cjpeg('-restart', '1') },
  { name: 'CJPEG_GREY.jpg', process: 0, components: 1, make: (work, out) => run('cjpeg', ['-outfile', out, join(work, 'grey.pgm')]) },
  { name: 'CJPEG_444.jpg', process: 0, make: cjpeg('-sample', '1x1') },
  { name: 'CJPEG_PROGRESSIVE.jpg', process: 2, make: cjpeg('-progressive') },
  { name: 'CJPEG_ARITHMETIC.jpg', process: 9, make: cjpeg('-arithmetic') },
  { name: 'CJPEG_ARITH_PROG.jpg', process: 10, make: cjpeg('-arithmetic', '-progressive') },
  {
    // EXIF (APP1) with a 160x120 thumbnail JPEG inside it, before the 1400x1400 frame.
    name: 'EXIFTOOL_THUMBNAIL.jpg', process: 0,
    make: (work, out) => {
      run('cjpeg', ['-outfile', join(work, 'thumb.jpg'), join(work, 'thumb.ppm')]);
      run('cjpeg', ['-outfile', out, join(work, 'colour.ppm')]);
      run('exiftool', ['-q', '-overwrite_original', '-Make=NHI', '-Model=PANO 1', '-DateTimeOriginal=2025:11:25 09:45:00', `-ThumbnailImage<=${join(work, 'thumb.jpg')}`, out]);
    },
  },
  {
    name: 'JPEGTRAN_PROGRESSIVE.jpg', process: 2,
    make: (work, out) => run('jpegtran', ['-progressive', '-copy', 'all', '-outfile', out, join(work, 'EXIFTOOL_THUMBNAIL.jpg')]),
  },
  { name: 'WRJPGCOM.jpg', process: 0, make: (work, out) => run('sh', ['-c', `wrjpgcom -comment "PANO export" "${join(work, 'CJPEG_BASELINE.jpg')}" > "${out}"`]) },
  { name: 'IMAGEMAGICK_CMYK.jpg', process: 0, components: 4, make: (work, out) => run('convert', [join(work, 'colour.ppm'), '-colorspace', 'CMYK', out]) },
  { name: 'IMAGEMAGICK_INTERLACED.jpg', process: 2, make: (work, out) => run('convert', [join(work, 'colour.ppm'), '-interlace', 'Plane', out]) },
  { name: 'DCMCJPEG_EXTENDED_12.jpg', process: 1, precision: 12, components: 1, make: fromDicom('+ee') },
  { name: 'DCMCJPEG_LOSSLESS_SV1.jpg', process: 3, components: 1, make: fromDicom('+e1') },
  { name: 'DCMCJPEG_LOSSLESS.jpg', process: 3, components: 1, make: fromDicom('+el') },
];

describe('interop: JPEGs written by cjpeg, jpegtran, ExifTool, wrjpgcom, ImageMagick and dcmcjpeg', function () {
  this.timeout(120000);
  let dir: string;
  let work: string;
  before(() => {
    requireTools(['cjpeg', 'jpegtran', 'wrjpgcom', 'exiftool', 'convert', 'dcmcjpeg', 'jpegdump', '7zz']);
    dir = mkdtempSync(join(tmpdir(), 'nhi-jpeg-writers-'));
    work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'colour.ppm'), pixmap(SIZE, SIZE));
    writeFileSync(join(work, 'grey.pgm'), pixmap(SIZE, SIZE, true));
    writeFileSync(join(work, 'thumb.ppm'), pixmap(160, 120));
    const pixels = new Uint8Array(SIZE * SIZE * 2);
    for (let i = 0; i < SIZE * SIZE; i++) {
      const v = (i % SIZE) * 2 + Math.floor(i / SIZE);
      pixels[i * 2] = v & 0xff;
      pixels[i * 2 + 1] = (v >> 8) & 0x0f;
    }
    writeFileSync(join(work, 'dx16.dcm'), makeInstance({ modality: 'DX', rows: SIZE, columns: SIZE, bitsAllocated: 16, pixels }).bytes);
    for (const w of WRITERS) w.make(work, join(work, w.name));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const w of WRITERS) {
    it(`${w.name}: the frame jpegdump reads (SOF${w.process}), whole and from prefixes, and its EOI`, () => {
      const path = join(work, w.name);
      const bytes = new Uint8Array(readFileSync(path));
      const truth = jpegdumpFrame(path);
      assert.deepEqual({ process: truth.process, width: truth.width, height: truth.height }, { process: w.process, width: SIZE, height: SIZE }, 'the writer wrote the frame expected');
      if (w.precision) assert.equal(truth.precision, w.precision);
      if (w.components) assert.equal(truth.components, w.components);
      const whole = readJpegFrame(bytes);
      assert.deepEqual(whole.problems, []);
      assert.deepEqual(whole.frame, truth);
      assert.deepEqual(frameFromPrefixes(bytes), truth);
      assert.equal(hasEoi(bytes), true);
    });
  }

  it('an ATT archive of them all for a chest X-ray (32001C) gets no finding, quick and full', async () => {
    const name = 'ATT3501200000_C00000000201.7z';
    execFileSync('7zz', ['a', '-mx=1', join(dir, name), ...WRITERS.map((w) => w.name)], { cwd: work, stdio: 'pipe' });
    const row = EXAMPLE_ROW.map((v, i) => ({ 10: '32001C', 13: '', 14: name } as Record<number, string>)[i + 1] ?? v).join(',') + '\r\n';
    for (const mode of ['quick', 'full'] as const) {
      const r = await checkLinkedArchives(join(dir, '3501200000_20251125_001.csv'), parseCsv(row), { options: defaultOptions({ lang: 'en' }), mode });
      assert.deepEqual(r.findings.map((f) => `${f.ruleId}: ${f.message.en}`), [], mode);
      assert.deepEqual(r.summaries[0].sizes, [{ width: SIZE, height: SIZE, count: WRITERS.length }], mode);
    }
  });
});
