import { strict as assert } from 'node:assert';
import { nextFirstRead, QUICK_FIRST_READ } from '../../../server/src/core/images/inspect';

describe('images: the first read of a DICOM header in a quick check', () => {
  it('is 16 KiB for the first file, then the longest header so far with a quarter and 1 KiB to spare, in 4 KiB pages, at most 16 KiB', () => {
    assert.equal(nextFirstRead(undefined), QUICK_FIRST_READ);
    assert.equal(QUICK_FIRST_READ, 16384);
    assert.equal(nextFirstRead(1300), 4096); // 1300 × 1.25 + 1024 = 2649
    assert.equal(nextFirstRead(2457), 4096); // 4095.25
    assert.equal(nextFirstRead(2458), 8192); // 4096.5
    assert.equal(nextFirstRead(6000), 12288);
    assert.equal(nextFirstRead(20000), QUICK_FIRST_READ);
  });
});
