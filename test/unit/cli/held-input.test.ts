import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdInput, type HeldInput } from '../../../server/src/cli/held-input';

async function* chunksOf(parts: Buffer[], failAfter?: Error): AsyncIterable<Uint8Array> {
  yield* parts;
  if (failAfter) throw failAfter;
}

async function readAll(held: HeldInput): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of held.chunks()) out.push(Buffer.from(c));
  return Buffer.concat(out);
}

describe('CLI: standard input held whole for check -', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-held-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(10_000 + i, 0x41 + (i % 26)));
  const whole = Buffer.concat(parts);

  for (const inMemory of [Infinity, 0, 25_000]) {
    it(`gives back the bytes from their start at every read (${inMemory} bytes in memory), leaving no file behind`, async () => {
      const held = await holdInput(chunksOf(parts), { inMemory, folder: dir });
      assert.ok(!('finding' in held));
      assert.deepEqual(await readAll(held), whole);
      assert.deepEqual(await readAll(held), whole);
      await held.release();
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('says why when the input cannot be read, or is too large for memory and the temporary folder cannot be written', async () => {
    const broken = await holdInput(chunksOf(parts, Object.assign(new Error('boom'), { code: 'EIO' })), { folder: dir });
    assert.ok('finding' in broken);
    assert.equal(broken.finding.ruleId, 'FILE-unreadable');
    assert.match(broken.finding.message.en, /input\/output error/);
    const notHeld = await holdInput(chunksOf(parts), { inMemory: 1000, folder: join(dir, 'missing') });
    assert.ok('finding' in notHeld);
    assert.equal(notHeld.finding.ruleId, 'FILE-unreadable');
    assert.match(notHeld.finding.message.en, /standard input: it is over .* which cannot be written \(no such file\); give the file's path instead/);
    assert.match(notHeld.finding.message['zh-TW'], /標準輸入/);
  });
});
