/**
 * Hostile archives: a 7z whose header was changed and its checksums made right again (as a crafted file
 * would be), a CAB whose header, folder and file records were changed, and a CAB whose deflate data was
 * changed with its block checksums made right, either open or fail with an ArchiveError of the reader's
 * own; so do the reads and the verify of whatever opened. Never another exception, nor a programming
 * error wrapped as an I/O error; and the archive check of each gives findings, never an exception.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { openArchive } from '../../../server/src/core/archive';
import { cfdataChecksum } from '../../../server/src/core/archive/cab/checksum';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { ArchiveError } from '../../../server/src/core/archive/errors';
import { signatureHeader } from '../../../server/src/core/archive/sevenzip/writer-store';
import { write7z, writeCab } from '../../../server/src/core/archive/write';
import { makeSources, sampleContents, tempDir } from './helpers';

const SEED = 0x7a1f;
const RUNS = 120;

/** One change: a byte, a 4-byte little-endian value (a size or a count), or a cut. */
type Edit = { kind: 'set'; at: number; value: number } | { kind: 'word'; at: number; value: number } | { kind: 'cut'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('word' as const), at: fc.nat(), value: fc.oneof(fc.nat(0xff), fc.nat(0xffff), fc.constant(0xffffffff), fc.nat(0xffffffff)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
);

/** `bytes` with the edits applied inside [from, to) (a cut shortens the region to where it falls). */
function edited(bytes: Buffer, from: number, to: number, list: readonly Edit[]): Buffer {
  let region = Buffer.from(bytes.subarray(from, to));
  for (const e of list) {
    if (region.length === 0) break;
    const at = e.at % region.length;
    if (e.kind === 'set') region[at] = e.value;
    else if (e.kind === 'word') for (let i = 0; i < 4 && at + i < region.length; i++) region[at + i] = (e.value >>> (8 * i)) & 0xff;
    else region = region.subarray(0, at);
  }
  return Buffer.concat([bytes.subarray(0, from), region, bytes.subarray(to)]);
}

/** A 7z with its next header changed: the start header's size and CRC fields follow, as a crafted file's would. */
function edited7z(original: Buffer, list: readonly Edit[]): Buffer {
  const offset = Number(original.readBigUInt64LE(12));
  const size = Number(original.readBigUInt64LE(20));
  const out = edited(original, 32 + offset, 32 + offset + size, list);
  const header = out.subarray(32 + offset, out.length - (original.length - (32 + offset + size)));
  out.set(signatureHeader(offset, header), 0);
  return out;
}

/**
 * A failure the reader meant: an ArchiveError of its own, not a programming error (a TypeError, a
 * RangeError from an out-of-bounds Buffer read…) that the open's last resort wrapped as an I/O error.
 */
function expected(e: unknown): void {
  if (!(e instanceof ArchiveError)) assert.fail(`not an ArchiveError: ${e instanceof Error ? e.stack : String(e)}`);
  if (e.code !== 'io') return;
  const cause = e.cause as { code?: unknown } | undefined;
  const systemError = typeof cause?.code === 'string' && /^E[A-Z]+$/.test(cause.code);
  if (cause instanceof Error && !systemError) assert.fail(`an internal error surfaced as "${e.message}": ${cause.stack}`);
}

/**
 * A CAB (no reserve fields, as writeCab makes it) with changes inside its blocks' deflate data, each
 * block's checksum made right again: the data reaches the inflater as a crafted file's would.
 */
function editedCabData(original: Buffer, list: readonly Edit[]): Buffer {
  const out = Buffer.from(original);
  const blocks: Array<{ at: number; size: number }> = [];
  for (let at = out.readUInt32LE(36); at + 8 <= out.length; ) {
    const size = out.readUInt16LE(at + 4);
    blocks.push({ at, size });
    at += 8 + size;
  }
  for (const e of list) {
    const b = blocks[e.at % blocks.length];
    const at = b.at + 8 + 2 + ((e.at >>> 8) % Math.max(1, b.size - 2)); // past the "CK" signature
    if (e.kind === 'set') out[at] = e.value;
    else if (e.kind === 'word') for (let i = 0; i < 4 && at + i < b.at + 8 + b.size; i++) out[at + i] = (e.value >>> (8 * i)) & 0xff;
  }
  for (const b of blocks) out.writeUInt32LE(cfdataChecksum(out.subarray(b.at + 4, b.at + 8), out.subarray(b.at + 8, b.at + 8 + b.size)), b.at);
  return out;
}

/** Opens, reads every entry (whole and a prefix) and verifies; any failure must be one the reader meant. */
async function exercise(path: string): Promise<void> {
  let reader;
  try {
    reader = await openArchive(path, { limits: { maxEntryBytes: 1 << 20, maxTotalBytes: 4 << 20, maxDictionaryBytes: 1 << 24 } });
  } catch (e) {
    return expected(e);
  }
  try {
    for (const entry of reader.entries().slice(0, 8)) {
      await reader.readEntry(entry, { maxBytes: 64 }).catch(expected);
      await reader.readEntry(entry).catch(expected);
    }
    await reader.verify().catch(expected);
  } finally {
    await reader.close();
  }
  // The archive check turns every such failure into findings: it never rejects.
  for (const mode of ['quick', 'full'] as const) {
    const name = path.endsWith('.CAB') ? 'DCF3501200000_F00000000001.CAB' : 'DCF3501200000_F00000000001.7z';
    const outcome = await checkArchiveFile({ name, path, mode });
    assert.ok(outcome.issues.length > 0 || outcome.content !== null, `${mode}: neither findings nor content`);
  }
}

describe('archive: hostile headers give the reader\'s own errors, never an internal one', function () {
  this.timeout(180_000);
  let tmp: ReturnType<typeof tempDir>;
  const made: Record<'store' | 'lzma2' | 'cab', Buffer> = {} as never;

  before(async () => {
    tmp = tempDir('nhi-header-fuzz-');
    const inputs = makeSources(join(tmp.dir, 'in'), sampleContents());
    await write7z(inputs, join(tmp.dir, 'store.7z'));
    await write7z(inputs, join(tmp.dir, 'lzma2.7z'), { level: 1 });
    await writeCab(inputs, join(tmp.dir, 'mszip.CAB'), { compression: 'mszip' });
    made.store = readFileSync(join(tmp.dir, 'store.7z'));
    made.lzma2 = readFileSync(join(tmp.dir, 'lzma2.7z'));
    made.cab = readFileSync(join(tmp.dir, 'mszip.CAB'));
  });
  after(() => tmp.cleanup());

  // The store archive's header is plain: its every part (streams, folders, names, times) gets changed.
  // 7-Zip packs an LZMA2 archive's header: the changes fall on the packed header's description and data.
  for (const kind of ['store', 'lzma2'] as const) {
    it(`7z (${kind}): a changed ${kind === 'store' ? 'plain' : 'packed'} header with checksums made to match`, async () => {
      assert.equal(made[kind][32 + Number(made[kind].readBigUInt64LE(12))], kind === 'store' ? 0x01 : 0x17, 'kHeader or kEncodedHeader');
      const path = join(tmp.dir, `fuzz-${kind}.7z`);
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (list) => {
          writeFileSync(path, edited7z(made[kind], list));
          await exercise(path);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  it('CAB: changed header, folder and file records', async () => {
    const path = join(tmp.dir, 'fuzz.CAB');
    // CFHEADER, CFFOLDER and CFFILE records come before the first data block.
    const recordsEnd = made.cab.readUInt32LE(36);
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (list) => {
        writeFileSync(path, edited(made.cab, 0, recordsEnd, list));
        await exercise(path);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('CAB: changed deflate data with block checksums made to match', async () => {
    const path = join(tmp.dir, 'fuzz-data.CAB');
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (list) => {
        writeFileSync(path, editedCabData(made.cab, list));
        await exercise(path);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the rewritten 7z headers are really read: unchanged, it opens alike; its first byte changed, it is refused as corrupt, not by its CRC', async () => {
    const path = join(tmp.dir, 'same.7z');
    writeFileSync(path, edited7z(made.store, []));
    const [same, original] = [await openArchive(path), await openArchive(join(tmp.dir, 'store.7z'))];
    try {
      assert.deepEqual(same.entries(), original.entries());
    } finally {
      await same.close();
      await original.close();
    }
    // The header's first byte is kHeader (0x01); anything else is refused as corrupt.
    writeFileSync(path, edited7z(made.store, [{ kind: 'set', at: 0, value: 0x42 }]));
    await assert.rejects(openArchive(path), (e: unknown) => e instanceof ArchiveError && e.code === 'corrupt' && !/CRC/.test(e.message));
  });
});
