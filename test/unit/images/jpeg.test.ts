import { strict as assert } from 'node:assert';
import { readJpegFrame, hasEoi, isJpeg } from '../../../server/src/core/images/jpeg';
import { meetsMinimumSize } from '../../../server/src/core/images/requirements';
import { FAMILIES } from '../../../server/src/core/spec/orders';
import { makeJpeg } from '../../fixtures/jpeg';

describe('images/jpeg', () => {
  it('reads the frame size from SOF0 and SOF2', () => {
    const base = readJpegFrame(makeJpeg({ width: 1400, height: 1500 }));
    assert.deepEqual(base.problems, []);
    assert.deepEqual(base.frame && { w: base.frame.width, h: base.frame.height, p: base.frame.process }, { w: 1400, h: 1500, p: 0 });
    const prog = readJpegFrame(makeJpeg({ width: 640, height: 480, process: 2, components: 3 }));
    assert.equal(prog.frame?.process, 2);
    assert.equal(prog.frame?.components, 3);
    assert.equal(prog.frame?.width, 640);
  });

  it('judges by content: PNG bytes are not JPEG whatever the name', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = readJpegFrame(png);
    assert.equal(r.frame, null);
    assert.equal(r.problems[0].code, 'jpeg-not-jpeg');
    assert.equal(isJpeg(png), false);
  });

  it('reports a JPEG cut before its SOF as truncated, and asks for more when only a prefix was read', () => {
    const jpeg = makeJpeg({ width: 2000, height: 2000, appPadding: 3000 });
    const cut = jpeg.subarray(0, 1000);
    assert.equal(readJpegFrame(cut).problems[0].code, 'jpeg-truncated');
    const prefix = readJpegFrame(cut, jpeg.length);
    assert.ok(prefix.needMore && prefix.needMore > 1000);
    assert.equal(readJpegFrame(jpeg.subarray(0, prefix.needMore), jpeg.length).frame?.width, 2000);
  });

  it('reports a JPEG with scan data but no frame header', () => {
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0x12, 0xff, 0xd9]);
    assert.equal(readJpegFrame(bytes).problems[0].code, 'jpeg-no-frame');
  });

  it('finds the EOI at the end', () => {
    const jpeg = makeJpeg({ width: 10, height: 10 });
    assert.equal(hasEoi(jpeg), true);
    assert.equal(hasEoi(jpeg.subarray(0, jpeg.length - 2)), false);
  });

  it('follows the markers to the EOI: bytes after it (a vendor trailer, zero padding) do not hide it', () => {
    const jpeg = makeJpeg({ width: 10, height: 10, scanBytes: 3000 });
    const trailer = Uint8Array.from({ length: 208 }, (_, i) => (i % 7 === 0 ? 0xff : i & 0xff));
    assert.equal(hasEoi(Uint8Array.from([...jpeg, ...trailer])), true);
    assert.equal(hasEoi(Uint8Array.from([...jpeg, ...new Uint8Array(512)])), true);
  });

  it('does not take an EOI inside a segment (an EXIF thumbnail) or a scan cut short for the end', () => {
    const jpeg = makeJpeg({ width: 10, height: 10, scanBytes: 3000 });
    const scanEnd = jpeg.length - 2;
    // Stuffed FF 00 and RST markers are scan data; the scan is then cut.
    const cut = Uint8Array.from([...jpeg.subarray(0, scanEnd - 100), 0xff, 0x00, 0xff, 0xd0, 1, 2]);
    assert.equal(hasEoi(cut), false);
    const thumbnail = [0xff, 0xe1, 0x00, 0x06, 0xff, 0xd8, 0xff, 0xd9];
    assert.equal(hasEoi(Uint8Array.from([0xff, 0xd8, ...thumbnail, ...jpeg.subarray(2, scanEnd - 10)])), false);
  });

  it('never throws on random bytes after SOI', () => {
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: 4 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
      bytes[0] = 0xff;
      bytes[1] = 0xd8;
      bytes[2] = 0xff;
      const r = readJpegFrame(bytes, rand() < 0.5 ? bytes.length : bytes.length * 10);
      assert.ok(r.frame || r.problems.length || r.needMore);
    }
  });
});

describe('images/requirements', () => {
  it('applies the MRI rule to the longer and the shorter side', () => {
    assert.equal(meetsMinimumSize(FAMILIES.mri, { width: 256, height: 192 }), true);
    assert.equal(meetsMinimumSize(FAMILIES.mri, { width: 192, height: 256 }), true);
    assert.equal(meetsMinimumSize(FAMILIES.mri, { width: 255, height: 300 }), true);
    assert.equal(meetsMinimumSize(FAMILIES.mri, { width: 191, height: 256 }), false);
    assert.equal(meetsMinimumSize(FAMILIES.mri, { width: 200, height: 200 }), false);
  });

  it('applies both-sides minimums to CT and X-ray, and none to endoscopy', () => {
    assert.equal(meetsMinimumSize(FAMILIES.ct, { width: 512, height: 512 }), true);
    assert.equal(meetsMinimumSize(FAMILIES.ct, { width: 512, height: 511 }), false);
    assert.equal(meetsMinimumSize(FAMILIES.xray, { width: 1400, height: 1399 }), false);
    assert.equal(meetsMinimumSize(FAMILIES.endoscopy, { width: 1, height: 1 }), true);
  });
});
