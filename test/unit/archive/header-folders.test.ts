/**
 * 7z folders whose bytes repeat the folder before (a store-mode archive lists one copy folder per file)
 * are read once: they share its coders and bindings, and each still gets its own sizes and pack stream.
 */
import { strict as assert } from 'node:assert';
import { ByteReader } from '../../../server/src/core/archive/sevenzip/bytes';
import { readStreamsInfo } from '../../../server/src/core/archive/sevenzip/header';

const COPY = [0x01, 0x01, 0x00];
/** One LZMA coder (id 03 01 01) with its 5 property bytes. */
const lzma = (dictionaryByte: number) => [0x01, 0x23, 0x03, 0x01, 0x01, 0x05, 0x5d, 0x00, 0x00, dictionaryByte, 0x00];

/** PackInfo and UnpackInfo of `folders`, each with one pack stream of 10 bytes and unpacking to 10, 20, 30... bytes. */
function streams(folders: number[][]): Uint8Array {
  const n = folders.length;
  const packInfo = [0x06, 0x00, n, 0x09, ...folders.map(() => 10), 0x00];
  const unpackInfo = [0x07, 0x0b, n, 0x00, ...folders.flat(), 0x0c, ...folders.map((_, i) => 10 * (i + 1)), 0x00];
  return Uint8Array.from([...packInfo, ...unpackInfo, 0x00]);
}

describe('archive: 7z folders alike byte for byte', () => {
  it('share the coders of the folder before, each with its own sizes and pack stream', () => {
    const s = readStreamsInfo(new ByteReader(streams([COPY, COPY, lzma(0x01), lzma(0x01), lzma(0x02), COPY])), 100);
    assert.deepEqual(s.folders.map((f) => f.coders.map((c) => c.method).join('+')), ['copy', 'copy', 'lzma', 'lzma', 'lzma', 'copy']);
    assert.deepEqual(s.folders.map((f) => f.firstPackStream), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(s.folders.map((f) => f.unpackSizes), [[10], [20], [30], [40], [50], [60]]);
    assert.deepEqual(s.folders.map((f) => [...f.coders[0].props]), [[], [], [0x5d, 0, 0, 1, 0], [0x5d, 0, 0, 1, 0], [0x5d, 0, 0, 2, 0], []]);
    assert.equal(s.folders[1].coders, s.folders[0].coders);
    assert.equal(s.folders[3].coders, s.folders[2].coders);
    assert.equal(s.folders[3].packedStreams, s.folders[2].packedStreams);
    // Other bytes, or alike but not next to each other: read again.
    assert.notEqual(s.folders[4].coders, s.folders[3].coders);
    assert.notEqual(s.folders[5].coders, s.folders[0].coders);
    assert.deepEqual(s.folders[5], { ...s.folders[0], unpackSizes: [60], firstPackStream: 5 });
  });
});
