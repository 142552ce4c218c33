import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { crc32, crc32Js, hex32 } from '../../../server/src/core/archive/crc32';
import { cabChecksum } from '../../../server/src/core/archive/cab/checksum';

describe('archive: checksums', () => {
  it('the JS CRC-32 (for Electron builds without zlib.crc32) matches the known vector and zlib', () => {
    assert.equal(crc32Js(Buffer.from('123456789')), 0xcbf43926);
    for (const n of [0, 1, 7, 8, 9, 1000, 65537]) {
      const b = randomBytes(n);
      assert.equal(crc32Js(b), crc32(b), `length ${n}`);
      const half = n >> 1;
      assert.equal(crc32Js(b.subarray(half), crc32Js(b.subarray(0, half))), crc32(b), `continued, length ${n}`);
    }
    assert.equal(hex32(0xcbf43926), '0xcbf43926');
  });

  it('the CAB checksum XORs little-endian words and packs the tail bytes first-highest', () => {
    assert.equal(cabChecksum(Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0]), 0), 3);
    assert.equal(cabChecksum(Uint8Array.from([0xaa, 0xbb, 0xcc]), 0), 0xaabbcc);
    assert.equal(cabChecksum(Uint8Array.from([0xaa]), 0x100), 0x1aa);
    // Unaligned views give the same result as aligned copies.
    const b = randomBytes(1001);
    assert.equal(cabChecksum(b.subarray(1), 7), cabChecksum(Uint8Array.from(b.subarray(1)), 7));
  });
});
