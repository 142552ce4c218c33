/**
 * Files at the edges of the DICOM encoding, made by hand, against what dcmdump and pydicom (with its frame reading)
 * make of them: a deflated data set whose meta group lacks (0002,0000) or declares it past the file's end, its
 * deflate stream read as a group-0002 (or 0001) element or not; bytes after its Pixel Data or after its deflate
 * stream; encapsulated Pixel Data whose Basic Offset Table cannot find the frames. dciodvfy reads no deflated file
 * and says nothing of a Basic Offset Table. Where both readers fail, ours gives an error; where one does, a finding
 * (an error where the frames cannot be found).
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { afterMetaGroup } from '../../server/src/core/dicom/structure-scan';
import { TS } from '../../server/src/core/dicom/uids';
import { deflatedSpellingMetaElement, deflatedStored, encapsulatedInstance, makeInstance, offsetTable, pixelItem, withGroupLength, withoutGroupLength } from '../fixtures/dicom';
import { requireTools } from './tools';

const PYTHON = '/usr/bin/python3';
const PYDICOM = `import sys, warnings
warnings.simplefilter('ignore')
from pydicom import dcmread
from pydicom.encaps import generate_pixel_data_frame
try:
    ds = dcmread(sys.argv[1])
    for el in ds.iterall(): pass
    len(ds.PixelData)
    if ds.file_meta.TransferSyntaxUID.is_compressed:
        frames = generate_pixel_data_frame(ds.PixelData, int(ds.get('NumberOfFrames', 1)))
        print('ok ' + ','.join(str(len(f)) for f in frames))
    else:
        print('ok')
except Exception as e:
    print(type(e).__name__ + ': ' + str(e)[:100])`;

describe('interop: DICOM edge files against dcmdump and pydicom', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    requireTools(['dcmdump', 'dciodvfy']);
    assert.ok(existsSync(PYTHON), 'python3-pydicom is missing');
    dir = mkdtempSync(join(tmpdir(), 'nhi-dicom-edges-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** dcmdump's warnings and errors (its W: and E: lines) and whether it read the file, and pydicom's verdict. */
  function readers(name: string, bytes: Uint8Array): { dcmdump: boolean; said: string; pydicom: string } {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const dump = spawnSync('dcmdump', [path], { encoding: 'latin1' });
    const said = `${dump.stdout}${dump.stderr}`.split('\n').filter((l) => /^[WE]: /.test(l)).join('\n');
    const pydicom = spawnSync(PYTHON, ['-c', PYDICOM, path], { encoding: 'utf8' }).stdout.trim();
    return { dcmdump: dump.status === 0 && !/^E: /m.test(said), said, pydicom };
  }

  /** Our findings of the full check; the quick check's are the same unless it stops before what is wrong (`fullOnly`). */
  const ours = (bytes: Uint8Array, fullOnly = false) => {
    const full = readDicomHeader(bytes, { untilPixelData: false });
    if (!fullOnly) assert.deepEqual(readDicomHeader(bytes).problems, full.problems, 'quick and full');
    return full.problems.map((p) => `${p.severity} ${p.code}`);
  };

  it('a deflated file without (0002,0000): dcmdump warns of it and reads the file, as pydicom does; ours says only that', () => {
    const bytes = withoutGroupLength(makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes);
    const t = readers('deflated-no-group-length.dcm', bytes);
    assert.deepEqual([t.dcmdump, t.said, t.pydicom], [true, 'W: DcmMetaInfo: No Group Length available in Meta Information Header', 'ok']);
    assert.deepEqual(ours(bytes), ['warning meta-group-length']);
  });

  it('a deflated file without (0002,0000) whose deflate stream reads as a group-0002 element: dcmdump and pydicom fail to inflate it, ours reads it and gives an error saying why', () => {
    const bytes = withoutGroupLength(deflatedSpellingMetaElement().bytes);
    const t = readers('deflated-no-group-length-spelling.dcm', bytes);
    assert.equal(t.dcmdump, false);
    assert.match(t.said, /^E: dcmdump: ZLib Error: invalid block type/m);
    assert.match(t.pydicom, /invalid block type/);
    assert.deepEqual(ours(bytes), ['warning meta-group-length', 'error deflated-meta-end']);
    assert.equal(readDicomHeader(bytes).header?.rows, 512);
  });

  it('a deflated file whose right (0002,0000) ends the meta group before a deflate stream that reads as a group-0002 element: dcmdump reads it, pydicom and dciodvfy fail to inflate it; ours reads it and warns', () => {
    const bytes = deflatedSpellingMetaElement().bytes;
    const t = readers('deflated-group-length-before-spelling.dcm', bytes);
    assert.deepEqual([t.dcmdump, t.said], [true, '']);
    assert.match(t.pydicom, /invalid block type/);
    const vfy = spawnSync('dciodvfy', [join(dir, 'deflated-group-length-before-spelling.dcm')], { encoding: 'latin1' });
    assert.match(`${vfy.stdout}${vfy.stderr}`, /^Error - Dicom dataset read failed/m);
    assert.deepEqual(ours(bytes), ['warning deflated-meta-lookalike']);
    assert.equal(readDicomHeader(bytes).header?.rows, 512);
  });

  it('a deflated file whose (0002,0000) says 0x7FFFFFFF: dcmdump reads the data set as meta group and fails, pydicom reads it; ours reads it and gives an error saying the length runs past the file and dcmtk fails', () => {
    const bytes = withGroupLength(makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes, 0x7fffffff);
    const t = readers('deflated-group-length-past-end.dcm', bytes);
    assert.equal(t.dcmdump, false);
    assert.match(t.said, /Invalid Element \([0-9a-f]{4},[0-9a-f]{4}\) found in Meta Information Header/);
    assert.equal(t.pydicom, 'ok');
    assert.deepEqual(ours(bytes), ['error meta-group-overrun']);
    assert.match(readDicomHeader(bytes).problems[0].message.en, /says 2147483647, past the end of the file .*; dcmtk reads on by it into the Deflated data set/);
    const spelled = withGroupLength(deflatedSpellingMetaElement().bytes, 0x7fffffff);
    const s = readers('deflated-group-length-past-end-spelling.dcm', spelled);
    assert.deepEqual([s.dcmdump, /invalid block type/.test(s.pydicom)], [false, true]);
    assert.deepEqual(ours(spelled), ['error meta-group-overrun', 'error deflated-meta-end']);
  });

  it('a deflate stream of stored blocks whose first bytes read as a tag in group 0001: dcmdump and pydicom inflate it, ours too, with no finding', () => {
    const bytes = deflatedStored().bytes;
    const t = readers('deflated-stored.dcm', bytes);
    assert.deepEqual([t.dcmdump, t.said, t.pydicom], [true, '', 'ok']);
    assert.deepEqual(ours(bytes), []);
  });

  it('bytes after a deflated data set: 8 stray ones after its Pixel Data fail dcmdump and pydicom, and ours in the full check; padding there is read; bytes after the deflate stream all pass over, ours warns', () => {
    const inst = makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian });
    const metaEnd = afterMetaGroup(inst.bytes).start;
    const dataSet = inflateRawSync(inst.bytes.subarray(metaEnd));
    const deflatedWith = (tail: Buffer) => Buffer.concat([inst.bytes.subarray(0, metaEnd), deflateRawSync(Buffer.concat([dataSet, tail]))]);
    const stray = deflatedWith(Buffer.alloc(8, 0x5a));
    const t = readers('deflated-stray-8.dcm', stray);
    assert.equal(t.dcmdump, false);
    assert.match(t.said, /^E: dcmdump: I\/O suspension or premature end of stream/m);
    assert.match(t.pydicom, /Unknown Value Representation 'ZZ'/);
    assert.deepEqual(ours(stray, true), ['error truncated']);
    const padded = deflatedWith(Buffer.from([0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const p = readers('deflated-padding.dcm', padded);
    assert.deepEqual([p.dcmdump, p.said, p.pydicom], [true, '', 'ok']);
    assert.deepEqual(ours(padded), []);
    const after = Buffer.concat([inst.bytes, Buffer.alloc(16, 0x5a)]);
    const a = readers('deflated-after-stream.dcm', after);
    assert.deepEqual([a.dcmdump, a.said, a.pydicom], [true, '', 'ok']);
    assert.deepEqual(ours(after), ['warning deflate-trailing']);
  });

  it('pydicom pads a deflate stream of odd length with a NUL: not a stray byte to ours', () => {
    const source = join(dir, 'explicit.dcm');
    writeFileSync(source, makeInstance({ modality: 'CT' }).bytes);
    const script = `import sys
from pydicom import dcmread
from pydicom.uid import DeflatedExplicitVRLittleEndian
for n in range(1, 33):
    ds = dcmread(sys.argv[1])
    ds.PatientName = 'X' * n
    ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(sys.argv[2] + str(n), write_like_original=False)`;
    spawnSync(PYTHON, ['-c', script, source, join(dir, 'pydicom-deflated-')], { stdio: 'pipe' });
    let padded = 0;
    // About half of the streams come out of odd length (the instance's UIDs are generated): 32 leave none padded once in 2^32 runs.
    for (let n = 1; n <= 32; n++) {
      const bytes = readFileSync(join(dir, `pydicom-deflated-${n}`));
      const start = afterMetaGroup(bytes).start;
      const read = (inflateRawSync(bytes.subarray(start), { info: true }) as unknown as { engine: { bytesWritten: number } }).engine.bytesWritten;
      if (start + read < bytes.length) padded++;
      assert.deepEqual(ours(bytes), [], String(n));
    }
    assert.ok(padded > 0, 'some of the streams pydicom wrote are padded');
  });

  it('Basic Offset Tables: pydicom finds no frames by one whose length is no multiple of 4 (dcmdump fails on an odd one), and the wrong ones by offsets where no fragment starts or one too few; ours gives an error for each, in the full check', () => {
    const fragment = () => pixelItem(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(96, 0x11), Buffer.from([0xff, 0xd9])]));
    const good = encapsulatedInstance([offsetTable([0, 108]), fragment(), fragment()], 2).bytes;
    const t = readers('offset-table-good.dcm', good);
    assert.deepEqual([t.dcmdump, t.pydicom], [true, 'ok 100,100']);
    assert.deepEqual(ours(good, true), []);
    const six = encapsulatedInstance([pixelItem(Buffer.from([0, 0, 0, 0, 108, 0])), fragment(), fragment()], 2).bytes;
    const sixSaid = readers('offset-table-6.dcm', six);
    assert.deepEqual([sixSaid.dcmdump, sixSaid.pydicom], [true, 'ValueError: The length of the Basic Offset Table item is not a multiple of 4']);
    assert.deepEqual(ours(six, true), ['error bad-offset-table']);
    const five = encapsulatedInstance([pixelItem(5), fragment()]).bytes;
    const fiveSaid = readers('offset-table-5.dcm', five);
    assert.equal(fiveSaid.dcmdump, false);
    assert.match(fiveSaid.said, /^W: DcmSequenceOfItems: Length of item in sequence PixelData \(7fe0,0010\) is odd/m);
    assert.match(fiveSaid.pydicom, /not a multiple of 4/);
    assert.deepEqual(ours(five, true), ['error bad-offset-table']);
    // Frame 2 at byte 5000 of two fragments of 108 bytes: pydicom makes frame 1 of both and no frame 2.
    const past = encapsulatedInstance([offsetTable([0, 5000]), fragment(), fragment()], 2).bytes;
    const pastSaid = readers('offset-table-past.dcm', past);
    assert.deepEqual([pastSaid.dcmdump, pastSaid.pydicom], [true, 'ok 200']);
    assert.deepEqual(ours(past, true), ['error bad-offset-table']);
    assert.deepEqual(readDicomHeader(past).problems, [], 'the quick check stops at the Pixel Data\'s header');
    // One offset for two frames: pydicom makes one frame of both fragments.
    const short = encapsulatedInstance([offsetTable([0]), fragment(), fragment()], 2).bytes;
    const shortSaid = readers('offset-table-short.dcm', short);
    assert.deepEqual([shortSaid.dcmdump, shortSaid.pydicom], [true, 'ok 200']);
    assert.deepEqual(ours(short, true), ['error bad-offset-table']);
  });
});
