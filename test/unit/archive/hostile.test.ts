import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { openArchive, detectArchiveKindOfFile, ArchiveError } from '../../../server/src/core/archive';
import { cfdataChecksum } from '../../../server/src/core/archive/cab/checksum';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { crc32 } from '../../../server/src/core/archive/crc32';
import { archivesEachTest, dicomLike, storeSevenZip } from './helpers';

const isCode = (code: string) => (e: unknown) => e instanceof ArchiveError && e.code === code && e.bilingual['zh-TW'].length > 0 && e.bilingual.en.length > 0;

describe('archive: hostile input', () => {
  const tmp = archivesEachTest();
  const { build7z, buildCab } = tmp;

  it('names a ZIP that is called .7z', async () => {
    const p = join(tmp.dir, 'x.7z');
    writeFileSync(p, Buffer.from('504b0304140000000000', 'hex'));
    await assert.rejects(openArchive(p), (e: ArchiveError) => isCode('not-archive')(e) && /ZIP/.test(e.message));
  });

  it('rejects empty and unknown files and missing paths with typed errors', async () => {
    const empty = join(tmp.dir, 'e.7z');
    writeFileSync(empty, '');
    await assert.rejects(openArchive(empty), isCode('not-archive'));
    const text = join(tmp.dir, 't.CAB');
    writeFileSync(text, 'hello');
    await assert.rejects(openArchive(text), isCode('not-archive'));
    await assert.rejects(openArchive(join(tmp.dir, 'missing.7z')), isCode('not-found'));
    await assert.rejects(openArchive(tmp.dir), isCode('io'));
  });

  it('refuses a named pipe called .7z at once, without waiting for a writer', async function () {
    if (process.platform === 'win32') this.skip(); // no mkfifo
    const fifo = join(tmp.dir, 'p.7z');
    execFileSync('mkfifo', [fifo]);
    // Were the open to wait for a writer, this test would time out instead of failing on an assertion.
    await assert.rejects(openArchive(fifo), (e: ArchiveError) => isCode('io')(e) && /not a regular file/.test(e.message));
    await assert.rejects(detectArchiveKindOfFile(fifo), isCode('io'));
  });

  it('reports a truncated 7z (header cut off) as truncated', async () => {
    const p = await build7z({ A: dicomLike(50_000) });
    truncateSync(p, statSync(p).size - 10);
    await assert.rejects(openArchive(p), isCode('truncated'));
    // A cut file and the first volume of a split archive look alike: the message names both, in each language.
    await assert.rejects(openArchive(p), (e: ArchiveError) =>
      /first part of a split archive \(\.7z\.001\)/.test(e.bilingual.en) && /分割壓縮（\.7z\.001）的第一段/.test(e.bilingual['zh-TW']));
  });

  it('reports a 7z cut inside its signature header', async () => {
    const p = await build7z({ A: dicomLike(10) });
    truncateSync(p, 20);
    await assert.rejects(openArchive(p), (e: ArchiveError) => e instanceof ArchiveError && ['truncated', 'corrupt'].includes(e.code));
  });

  it('finds a flipped byte in 7z stored data as a CRC mismatch on that entry only', async () => {
    const p = await build7z({ A: dicomLike(5000), B: dicomLike(5000) });
    const bytes = readFileSync(p);
    bytes[32 + 5000 + 200] ^= 0xff; // inside B
    writeFileSync(p, bytes);
    const r = await openArchive(p);
    try {
      const res = await r.verify();
      assert.equal(res.ok, false);
      assert.deepEqual(res.problems.map((x) => [x.entry?.name, x.error.code]), [['B', 'crc-mismatch']]);
    } finally {
      await r.close();
    }
  });

  it('finds a corrupted 7z header by its CRC', async () => {
    const p = await build7z({ A: dicomLike(100) });
    const bytes = readFileSync(p);
    bytes[bytes.length - 3] ^= 0x01;
    writeFileSync(p, bytes);
    await assert.rejects(openArchive(p), isCode('corrupt'));
  });

  it('finds a wrong CAB block checksum', async () => {
    const p = await buildCab({ A: dicomLike(100_000) }, 'none');
    const bytes = readFileSync(p);
    bytes[bytes.length - 100] ^= 0x55;
    writeFileSync(p, bytes);
    const r = await openArchive(p);
    try {
      const res = await r.verify();
      assert.equal(res.ok, false);
      assert.equal(res.problems[0].error.code, 'bad-checksum');
      assert.equal(res.problems[0].entry?.name, 'A');
      await assert.rejects(r.readEntry(r.entries()[0]), isCode('bad-checksum'));
    } finally {
      await r.close();
    }
  });

  it('reports a truncated CAB', async () => {
    const p = await buildCab({ A: dicomLike(100_000) });
    truncateSync(p, statSync(p).size - 5000);
    await assert.rejects(openArchive(p), isCode('truncated'));
  });

  it('turns an entry with a huge declared size into a finding, not an allocation', async () => {
    const p = await buildCab({ A: dicomLike(1000) }, 'none');
    const bytes = readFileSync(p);
    bytes.writeUInt32LE(0xfffffff0, 36 + 8); // CFFILE.cbFile of the only file
    writeFileSync(p, bytes);
    const r = await openArchive(p, { limits: { maxEntryBytes: 1 << 20 } });
    try {
      assert.equal(r.entries()[0].size, 0xfffffff0);
      await assert.rejects(r.readEntry(r.entries()[0]), isCode('limit-exceeded'));
      const head = await r.readEntry(r.entries()[0], { maxBytes: 132 });
      assert.equal(Buffer.from(head.subarray(128, 132)).toString('latin1'), 'DICM');
      const res = await r.verify();
      assert.equal(res.ok, false);
      assert.ok(['limit-exceeded', 'truncated'].includes(res.problems[0].error.code));
    } finally {
      await r.close();
    }
  });

  it('calls a stored 7z entry whose declared size runs past the file truncated, in the quick and the full read alike, not a bomb', async () => {
    const p = join(tmp.dir, 'DCF3501200000_C00000000001.7z');
    writeFileSync(p, storeSevenZip([dicomLike(100)], ['IMG0001'], [], undefined, [2 ** 40]));
    const r = await openArchive(p);
    try {
      assert.equal(r.entries()[0].size, 2 ** 40);
      const beyond = (e: unknown) => isCode('truncated')(e) && /stored data of IMG0001 lies beyond the end/.test((e as ArchiveError).message);
      await assert.rejects(r.readEntry(r.entries()[0], { maxBytes: 132 }), beyond);
      await assert.rejects(r.readEntry(r.entries()[0]), beyond);
      const res = await r.verify();
      assert.equal(res.ok, false);
      assert.ok(beyond(res.problems[0].error), res.problems[0].error.message);
    } finally {
      await r.close();
    }
  });

  it('caps the bytes inflated in total (a deflate bomb gives limit-exceeded)', async () => {
    const p = await buildCab({ Z1: Buffer.alloc(4 << 20), Z2: Buffer.alloc(4 << 20) });
    assert.ok(statSync(p).size < 200_000, 'zeros compress well');
    const r = await openArchive(p, { limits: { maxTotalBytes: 6 << 20 } });
    try {
      const res = await r.verify();
      assert.equal(res.ok, false);
      assert.ok(res.problems.some((x) => x.error.code === 'limit-exceeded'));
    } finally {
      await r.close();
    }
  });

  it('reports entry names with "..", absolute paths and drive letters exactly as stored', async () => {
    const p = await buildCab({ 'XX/A': Buffer.from('a'), 'YB': Buffer.from('b'), 'ZZC': Buffer.from('c') }, 'none');
    const bytes = readFileSync(p);
    const patch = (from: string, to: string) => {
      const at = bytes.indexOf(Buffer.from(from, 'latin1'));
      assert.ok(at > 0);
      bytes.write(to, at, 'latin1');
    };
    patch('XX\\A', '..\\A');
    patch('YB\0', '\\B\0');
    patch('ZZC', 'C:C');
    writeFileSync(p, bytes);
    const r = await openArchive(p);
    try {
      assert.deepEqual(r.entries().map((e) => e.name), ['../A', '/B', 'C:C']);
      assert.deepEqual(r.entries().map((e) => e.rawName), ['..\\A', '\\B', 'C:C']);
    } finally {
      await r.close();
    }
  });

  it('names the next cabinet of a multi-cabinet set in a notice', async () => {
    const p = await buildCab({ A: Buffer.from('abc') }, 'none');
    const cab = readFileSync(p);
    const names = Buffer.from('NEXT.CAB\0DISK2\0', 'latin1');
    const out = Buffer.concat([cab.subarray(0, 36), names, cab.subarray(36)]);
    out.writeUInt16LE(out.readUInt16LE(30) | 0x0002, 30); // cfhdrNEXT_CABINET
    out.writeUInt32LE(out.readUInt32LE(8) + names.length, 8); // cbCabinet
    out.writeUInt32LE(out.readUInt32LE(16) + names.length, 16); // coffFiles
    const folder = 36 + names.length;
    out.writeUInt32LE(out.readUInt32LE(folder) + names.length, folder); // coffCabStart
    writeFileSync(p, out);
    const r = await openArchive(p);
    try {
      assert.deepEqual(r.notices.map((n) => n.code), ['multi-volume']);
      assert.match(r.notices[0].message.en, /NEXT\.CAB/);
      assert.equal(Buffer.from(await r.readEntry(r.entries()[0])).toString(), 'abc');
    } finally {
      await r.close();
    }
  });

  it('a crafted cabinet of many folders on the same blocks, past its cbCabinet: opened at once, its end not walked block by block for each', async () => {
    const folders = 2000;
    const dataStart = 36 + folders * 8;
    const head = Buffer.alloc(dataStart);
    head.write('MSCF', 0, 'latin1');
    head.writeUInt32LE(dataStart, 8); // cbCabinet: the blocks, all zero (empty), lie past it
    head.writeUInt32LE(dataStart, 16); // coffFiles: no files
    head[24] = 3;
    head[25] = 1;
    head.writeUInt16LE(folders, 26);
    for (let i = 0; i < folders; i++) {
      head.writeUInt32LE(dataStart, 36 + i * 8);
      head.writeUInt16LE(0xffff, 36 + i * 8 + 4);
    }
    const p = join(tmp.dir, 'same-blocks.CAB');
    writeFileSync(p, Buffer.concat([head, Buffer.alloc(800_000)]));
    const started = Date.now();
    const r = await openArchive(p);
    await r.close();
    // Walked for every folder, the 65,535 block headers of each would be read: 131 million reads, minutes.
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  });

  it('refuses files continued from another cabinet', async () => {
    const p = await buildCab({ A: Buffer.from('abc') }, 'none');
    const bytes = readFileSync(p);
    // Mark the file as continued from a previous cabinet (iFolder 0xFFFD).
    bytes.writeUInt16LE(0xfffd, 36 + 8 + 8);
    writeFileSync(p, bytes);
    const r = await openArchive(p);
    try {
      await assert.rejects(r.readEntry(r.entries()[0]), isCode('multi-volume'));
    } finally {
      await r.close();
    }
  });

  it('names a 7z coder 7-Zip does not know once, in a notice, where 7-Zip says "Unsupported Method" of every file', async () => {
    const archive = storeSevenZip([Buffer.from('abc'), Buffer.from('def')], ['A.jpg', 'B.jpg']);
    // The folders' coders (one byte of id each, Copy's 00) made 7F, a method no 7-Zip has; the header's CRC follows.
    const at = 32 + Number(archive.readBigUInt64LE(12));
    const header = archive.subarray(at);
    const coders = header.indexOf(Buffer.from([0x0b, 0x02, 0x00, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00]));
    header[coders + 5] = header[coders + 8] = 0x7f;
    archive.writeUInt32LE(crc32(header), 28);
    archive.writeUInt32LE(crc32(archive.subarray(12, 32)), 8);
    const p = join(tmp.dir, 'ATT3501200000_251125BR6XUZ.7z');
    writeFileSync(p, archive);
    const r = await openArchive(p);
    try {
      assert.deepEqual(r.notices.map((n) => [n.code, n.message.en]), [['unsupported-method', 'Unsupported compression method: coder 7F, a method 7-Zip does not know']]);
      await assert.rejects(r.readEntry(r.entries()[1]), isCode('unsupported-method'));
    } finally {
      await r.close();
    }
    const { issues } = await checkArchiveFile({ name: 'ATT3501200000_251125BR6XUZ.7z', path: p, mode: 'full' });
    assert.deepEqual(issues.map(([rule, file]) => [rule, file]), [['A14-unreadable', null]]);
  });

  it('reports Quantum folders as unsupported and MSZIP blocks without "CK" as corrupt', async () => {
    const p = await buildCab({ A: Buffer.from('hello hello hello') });
    const bytes = readFileSync(p);
    const q = Buffer.from(bytes);
    q.writeUInt16LE(2, 36 + 6); // typeCompress = Quantum
    writeFileSync(p, q);
    let r = await openArchive(p);
    assert.deepEqual(r.notices.map((n) => n.code), ['unsupported-method']);
    await assert.rejects(r.readEntry(r.entries()[0]), isCode('unsupported-method'));
    await r.close();

    const ck = Buffer.from(bytes);
    const dataStart = ck.readUInt32LE(36);
    ck[dataStart + 8] = 0x58; // 'X' instead of 'C'
    const payload = ck.subarray(dataStart + 8, dataStart + 8 + ck.readUInt16LE(dataStart + 4));
    ck.writeUInt32LE(cfdataChecksum(ck.subarray(dataStart + 4, dataStart + 8), payload), dataStart);
    writeFileSync(p, ck);
    r = await openArchive(p);
    await assert.rejects(r.readEntry(r.entries()[0]), isCode('corrupt'));
    await r.close();
  });

  it('reads MSZIP blocks whose deflate data refers to the previous block (history carried)', async () => {
    // Hand-made cabinet: block 2 is a deflate stream using block 1 as its dictionary.
    const block1 = Buffer.from('NHI imaging upload '.repeat(1724)).subarray(0, 32768);
    const block2 = Buffer.from(block1.subarray(0, 1000));
    const d1 = Buffer.concat([Buffer.from('CK'), deflateRawSync(block1)]);
    const d2 = Buffer.concat([Buffer.from('CK'), deflateRawSync(block2, { dictionary: block1 })]);
    const name = Buffer.from('A\0');
    const dataStart = 36 + 8 + 16 + name.length;
    const blocks = [d1, d2].map((d, i) => {
      const h = Buffer.alloc(8);
      h.writeUInt16LE(d.length, 4);
      h.writeUInt16LE(i === 0 ? block1.length : block2.length, 6);
      h.writeUInt32LE(cfdataChecksum(h.subarray(4, 8), d), 0);
      return Buffer.concat([h, d]);
    });
    const head = Buffer.alloc(dataStart);
    head.write('MSCF', 0, 'latin1');
    head.writeUInt32LE(dataStart + blocks[0].length + blocks[1].length, 8);
    head.writeUInt32LE(44, 16);
    head[24] = 3;
    head[25] = 1;
    head.writeUInt16LE(1, 26);
    head.writeUInt16LE(1, 28);
    head.writeUInt32LE(dataStart, 36);
    head.writeUInt16LE(2, 40);
    head.writeUInt16LE(1, 42);
    head.writeUInt32LE(block1.length + block2.length, 44);
    name.copy(head, 60);
    const p = join(tmp.dir, 'h.CAB');
    writeFileSync(p, Buffer.concat([head, ...blocks]));
    const r = await openArchive(p);
    try {
      const data = await r.readEntry(r.entries()[0]);
      assert.ok(Buffer.from(data).equals(Buffer.concat([block1, block2])));
      assert.ok((await r.verify()).ok);
    } finally {
      await r.close();
    }
  });
});
