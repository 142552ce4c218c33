import { strict as assert } from 'node:assert';
import { BytesSource, RangeReader } from '../../../server/src/core/archive/file-source';

describe('archive: RangeReader over bytes in memory', () => {
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const source = new BytesSource('mem', bytes);

  it('reads a range in order, a peek never past its end however much is asked', async () => {
    const r = new RangeReader(source, 100, 200);
    assert.equal(r.remaining, 100);
    const head = await r.peek(1 << 20);
    assert.deepEqual([...head], [...bytes.subarray(100, 200)]);
    r.skip(40);
    assert.equal(r.remaining, 60);
    assert.deepEqual([...(await r.takeSome(10))], [...bytes.subarray(140, 150)]);
    assert.deepEqual([...(await r.peek(1000))], [...bytes.subarray(150, 200)]);
  });

  it('answers short at the end of the source, as a file does', async () => {
    assert.equal(source.size, 300);
    const target = new Uint8Array(50);
    assert.equal(await source.readInto(target, 280), 20);
    assert.deepEqual([...target.subarray(0, 20)], [...bytes.subarray(280, 300)]);
    assert.equal(await source.readInto(target, 400), 0);
    const r = new RangeReader(source, 250, 400);
    assert.deepEqual([...(await r.peek(500))], [...bytes.subarray(250, 300)]);
  });
});
