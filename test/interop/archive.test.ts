import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { openArchive, ArchiveError, type ArchiveReader } from '../../server/src/core/archive';
import { write7z, writeCab } from '../../server/src/core/archive/write';
import { PREFIX_BYTES } from '../../server/src/core/archive/wasm/foreign';
import { checkArchiveFile } from '../../server/src/core/archive/check-archive';
import { IssueList } from '../../server/src/core/images/issues';
import { crc32 } from '../../server/src/core/archive/crc32';
import { makeJpeg } from '../fixtures/jpeg';
import { checkJson, CLI } from '../cli/helpers';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { dicomLike, lzxCabinet, makeSources, sampleContents, sevenZipWithHole, storeSevenZip, tempDir, withEncodedHeader, withReserves } from '../unit/archive/helpers';

/** Interop with the Debian tools (.ci/run installs them with apt-get: 7zip, gcab, cabextract, osslsigncode, libarchive-tools, python3-py7zr). */
function requireTool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is missing: install it (apt-get install 7zip gcab cabextract) before running the interop suite`);
}

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

function filesUnder(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

async function readAll(reader: ArchiveReader): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const e of reader.entries()) if (!e.isDirectory) out[e.name] = Buffer.from(await reader.readEntry(e));
  return out;
}

const contents = sampleContents();

/** libarchive's bsdtar: the reader of Windows 11's File Explorer for 7z (and of many Linux desktops). */
function extractWithLibarchive(archive: string, dest: string): Record<string, Buffer> {
  mkdirSync(dest, { recursive: true });
  run('bsdtar', ['-xf', archive, '-C', dest]);
  return filesUnder(dest);
}

/** py7zr, a 7z reader written apart from 7-Zip (Python). */
function extractWithPy7zr(archive: string, dest: string): Record<string, Buffer> {
  run('/usr/bin/python3', ['-c', 'import sys, py7zr\nwith py7zr.SevenZipFile(sys.argv[1]) as z: z.extractall(sys.argv[2])', archive, dest]);
  return filesUnder(dest);
}

describe('archive interop: archives made by 7zz and gcab, read by us', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  let srcDir: string;

  before(() => {
    requireTool('7zz', ['i']);
    requireTool('gcab', ['--version']);
    requireTool('cabextract', ['--version']);
    tmp = tempDir('nhi-archive-interop-');
    makeSources(tmp.dir, contents);
    srcDir = join(tmp.dir, 'src');
  });
  after(() => tmp.cleanup());

  const sevenZipCases: Array<[string, string[], string]> = [
    ['store (-mx=0)', ['-mx=0'], 'copy'],
    ['LZMA2 (-mx=1)', ['-mx=1'], 'lzma2'],
    ['LZMA2 (-mx=5, solid)', ['-mx=5'], 'lzma2'],
    ['LZMA (-m0=LZMA)', ['-m0=LZMA'], 'lzma'],
    ['LZMA2 with a BCJ filter (through the WebAssembly fallback)', ['-m0=BCJ', '-m1=LZMA2'], 'other'],
    ['PPMd (through the WebAssembly fallback)', ['-m0=PPMd'], 'other'],
  ];
  for (const [label, args, method] of sevenZipCases) {
    it(`7zz a ${label}: same bytes, verify passes`, async () => {
      const out = join(tmp.dir, `${label.replace(/\W+/g, '_')}.7z`);
      run('7zz', ['a', ...args, out, '.'], srcDir);
      const r = await openArchive(out);
      try {
        assert.deepEqual(await readAll(r), contents);
        assert.ok(r.entries().filter((e) => e.size > 0).every((e) => e.method === method), label);
        const v = await r.verify();
        assert.deepEqual(v.problems, []);
      } finally {
        await r.close();
      }
    });
  }

  it('7zz a -mx=0 with one flipped data byte: verify names the entry (CRC mismatch)', async () => {
    const out = join(tmp.dir, 'flip.7z');
    run('7zz', ['a', '-mx=0', out, 'DICOM'], srcDir);
    const bytes = readFileSync(out);
    bytes[32 + 100] ^= 0x40;
    writeFileSync(out, bytes);
    const r = await openArchive(out);
    try {
      const v = await r.verify();
      assert.equal(v.ok, false);
      assert.equal(v.problems[0].error.code, 'crc-mismatch');
    } finally {
      await r.close();
    }
  });

  // The end of a block's packed data, past its last file: LZMA's last 5 bytes flush its range coder, LZMA2 closes with 0.
  const damagedEnds: Array<[string, string[], number, number]> = [
    ['LZMA2, a bit of its range coder\'s last bytes', ['-m0=LZMA2'], 2, 0x01],
    ['LZMA2, its end marker', ['-m0=LZMA2'], 1, 0x01],
    ['LZMA, a bit of its range coder\'s last bytes', ['-m0=LZMA'], 1, 0x10],
    ['BCJ + LZMA2 (through the WebAssembly fallback), a bit of its range coder\'s last bytes', ['-m0=BCJ', '-m1=LZMA2'], 2, 0x01],
  ];
  for (const [label, args, back, bit] of damagedEnds) {
    it(`7zz a ${label} flipped: 7zz t reports a data error, the files are whole, and verify says it once, of the archive`, async () => {
      const src = join(tmp.dir, 'text');
      const text = { 'A.TXT': Buffer.from('PatientName^Test '.repeat(4000)), 'B.TXT': Buffer.from('StudyDate 20251125 '.repeat(3000)) };
      mkdirSync(src, { recursive: true });
      for (const [name, data] of Object.entries(text)) writeFileSync(join(src, name), data);
      const out = join(tmp.dir, `end-${label.replace(/\W+/g, '_')}.7z`);
      run('7zz', ['a', '-mhc=off', ...args, out, '.'], src);
      const bytes = readFileSync(out);
      const dataEnd = 32 + Number(bytes.readBigUInt64LE(12)); // a plain header (-mhc=off) follows the data
      bytes[dataEnd - back] ^= bit;
      writeFileSync(out, bytes);
      const sevenZip = spawnSync('7zz', ['t', out], { encoding: 'utf8' });
      assert.match(sevenZip.stdout + sevenZip.stderr, /ERROR: Data Error/);
      const r = await openArchive(out);
      try {
        assert.deepEqual(await readAll(r), text);
        const v = await r.verify();
        assert.deepEqual(v.problems.map((p) => [p.entry, p.error.code]), [[null, 'corrupt']]);
      } finally {
        await r.close();
      }
    });
  }

  it('py7zr (default BCJ + LZMA2, through the WebAssembly fallback) with names stored with "\\": same bytes, prefixes and whole', async () => {
    const out = join(tmp.dir, 'py7zr-backslash.7z');
    const script = `import py7zr, sys
with py7zr.SevenZipFile(sys.argv[1], 'w') as z:
    for name in sys.argv[2:]:
        z.write(name, name.replace('/', chr(92)))
`;
    const names = Object.keys(contents).filter((n) => contents[n].length > 0);
    run('/usr/bin/python3', ['-c', script, out, ...names], srcDir);
    const r = await openArchive(out);
    try {
      assert.ok(r.entries().some((e) => e.rawName.includes('\\')));
      for (const e of r.entries()) assert.deepEqual(Buffer.from(await r.readEntry(e, { maxBytes: 100 })), contents[e.name].subarray(0, 100), e.name);
      assert.deepEqual(await readAll(r), Object.fromEntries(names.map((n) => [n, contents[n]])));
      assert.deepEqual((await r.verify()).problems, []);
    } finally {
      await r.close();
    }
  });

  /** The quick and the full check's [rule, file] findings on py7zr's archive (default BCJ + LZMA2) of [source, stored name] pairs. */
  async function py7zrFindings(label: string, stored: Array<[string, string]>): Promise<Record<'quick' | 'full', Array<[string, string | null]>>> {
    const out = join(tmp.dir, `py7zr-${label}.7z`);
    const script = `import py7zr, sys
with py7zr.SevenZipFile(sys.argv[1], 'w') as z:
    for source, name in zip(sys.argv[2::2], sys.argv[3::2]):
        z.write(source, name)
`;
    run('/usr/bin/python3', ['-c', script, out, ...stored.flat()], srcDir);
    const findings = async (mode: 'quick' | 'full') =>
      (await checkArchiveFile({ name: 'ATT3501200000_251125BR6XUZ.7z', path: out, mode })).issues.map(([rule, file]): [string, string | null] => [rule, file]);
    return { quick: await findings('quick'), full: await findings('full') };
  }

  it('py7zr (BCJ + LZMA2, through the WebAssembly fallback) of unsafe names only: the full check names them, as the quick check does, and nothing else', async () => {
    const jpeg = Object.keys(contents).find((n) => contents[n].length > 0)!;
    const found = await py7zrFindings('unsafe', [[jpeg, '../B.jpg'], [jpeg, '/tmp/A.jpg']]);
    const named = [['A14-entry-name', '../B.jpg'], ['A14-entry-name', '/tmp/A.jpg']];
    assert.deepEqual(found, { quick: named, full: named });
  });

  it('py7zr (BCJ + LZMA2, through the WebAssembly fallback) of one name stored twice, the longer first: named so, and neither copy called damaged though 7-Zip unpacks the shorter over it', async () => {
    const [longer, shorter] = Object.keys(contents).filter((n) => contents[n].length > 0).sort((a, b) => contents[b].length - contents[a].length);
    assert.notEqual(contents[longer].length, contents[shorter].length);
    const found = await py7zrFindings('twice', [[longer, 'A.jpg'], [shorter, 'A.jpg']]);
    const aboutNames = (all: Array<[string, string | null]>) => all.filter(([rule]) => rule !== 'A14-att-not-jpeg' && rule !== 'A14-empty');
    assert.deepEqual({ quick: aboutNames(found.quick), full: aboutNames(found.full) }, { quick: [['A14-entry-name', 'A.jpg']], full: [['A14-entry-name', 'A.jpg']] });
  });

  it('7zz a -mf=BCJ read in prefixes, as a quick check does: temp holds only the start of each entry, a longer read extracts its entry alone, close removes it all', async () => {
    const out = join(tmp.dir, 'bcj-prefixes.7z');
    run('7zz', ['a', '-mf=BCJ', '-mx=1', out, '.'], srcDir);
    const temp = join(tmp.dir, 'temp');
    mkdirSync(temp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    // The worker threads' tsx keeps its cache in the temp folder too.
    const extractions = () => readdirSync(temp).filter((n) => n.startsWith('nhi-archive-x-'));
    const r = await openArchive(out);
    try {
      const files = r.entries().filter((e) => e.size > 0);
      for (const e of files) assert.deepEqual(Buffer.from(await r.readEntry(e, { maxBytes: 1000 })), contents[e.name].subarray(0, 1000), e.name);
      const written = Object.entries(filesUnder(temp)).reduce((t, [name, b]) => (name.startsWith('nhi-archive-x-') ? t + b.length : t), 0);
      assert.equal(written, files.reduce((t, e) => t + Math.min(e.size, PREFIX_BYTES), 0));
      const big = files.find((e) => e.size > PREFIX_BYTES)!;
      assert.deepEqual(Buffer.from(await r.readEntry(big, { maxBytes: PREFIX_BYTES + 1 })), contents[big.name].subarray(0, PREFIX_BYTES + 1));
      assert.equal(extractions().length, 1, 'the entry extracted alone is removed after its read');
    } finally {
      await r.close();
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    assert.deepEqual(extractions(), []);
  });

  it('7zz u with an anti-item (a file deleted since the base archive): the marker is no entry', async () => {
    const work = join(tmp.dir, 'anti-src');
    execFileSync('cp', ['-r', srcDir, work]);
    const base = join(tmp.dir, 'anti-base.7z');
    const update = join(tmp.dir, 'anti-update.7z');
    run('7zz', ['a', '-mx=0', base, '.'], work);
    execFileSync('rm', [join(work, 'DICOM', 'ST1', 'SE1', 'IM2')]);
    // The update archive holds what changed since the base: here only the deletion of IM2 (an anti-item).
    run('7zz', ['u', base, '-u-', `-up0q3r2x2y2z0w2!${update}`, '.'], work);
    assert.match(run('7zz', ['l', '-slt', update]), /Anti = \+/, '7-Zip lists an anti-item');
    const r = await openArchive(update);
    try {
      assert.deepEqual(r.entries().filter((e) => !e.isDirectory).map((e) => e.name), []);
    } finally {
      await r.close();
    }
  });

  it('7zz a -p -mhe=on (encrypted names): opening says "encrypted"', async () => {
    const out = join(tmp.dir, 'enc-he.7z');
    run('7zz', ['a', '-psecret', '-mhe=on', out, '.'], srcDir);
    await assert.rejects(openArchive(out), (e: ArchiveError) => e instanceof ArchiveError && e.code === 'encrypted' && /加密/.test(e.bilingual['zh-TW']));
  });

  it('7zz a -p (AES data, names visible): entries flagged encrypted, reading refused, verify lists them', async () => {
    const out = join(tmp.dir, 'enc.7z');
    run('7zz', ['a', '-psecret', out, '.'], srcDir);
    const r = await openArchive(out);
    try {
      const withData = r.entries().filter((e) => e.size > 0);
      assert.ok(withData.length > 0 && withData.every((e) => e.encrypted && e.method === 'aes'));
      assert.ok(r.notices.some((n) => n.code === 'encrypted'));
      await assert.rejects(r.readEntry(withData[0], { maxBytes: 10 }), (e: ArchiveError) => e.code === 'encrypted');
      const v = await r.verify();
      assert.ok(!v.ok && v.problems.every((p) => p.error.code === 'encrypted'));
    } finally {
      await r.close();
    }
  });

  it('7zz a -snl stores a symbolic link: flagged isSymlink', async () => {
    const linkDir = join(tmp.dir, 'links');
    mkdirSync(linkDir);
    writeFileSync(join(linkDir, 'target'), 'x');
    symlinkSync('/etc/passwd', join(linkDir, 'evil'));
    const out = join(tmp.dir, 'link.7z');
    run('7zz', ['a', '-snl', out, '.'], linkDir);
    const r = await openArchive(out);
    try {
      const byName = Object.fromEntries(r.entries().map((e) => [e.name, e]));
      assert.equal(byName.evil.isSymlink, true);
      assert.equal(byName.target.isSymlink, false);
    } finally {
      await r.close();
    }
  });

  it('the crafted LZX cabinet of the unit tests is valid: cabextract and 7zz extract the same bytes as we read', async () => {
    const data = Buffer.from('LZX interop '.repeat(500));
    const p = join(tmp.dir, 'LZX.CAB');
    writeFileSync(p, lzxCabinet('IM1', data));
    assert.match(run('cabextract', ['-t', p]), /All done, no errors/);
    assert.ok(execFileSync('cabextract', ['-p', p]).equals(data));
    assert.ok(execFileSync('7zz', ['e', '-so', p]).equals(data));
    const r = await openArchive(p);
    try {
      assert.ok(Buffer.from(await r.readEntry(r.entries()[0])).equals(data));
    } finally {
      await r.close();
    }
  });

  it('gcab cabinets given reserved areas: 7zz checks block checksums over the reserve, cabextract without it; we read both', async () => {
    const plain = join(tmp.dir, 'for-reserve.CAB');
    run('gcab', ['-c', '-z', plain, ...Object.keys(contents)], srcDir);
    for (const checksum of ['with-reserve', 'without-reserve'] as const) {
      const out = join(tmp.dir, `reserve-${checksum}.CAB`);
      writeFileSync(out, withReserves(readFileSync(plain), { header: 20, folder: 4, data: 8, checksum }));
      const sevenZip = spawnSync('7zz', ['t', out], { encoding: 'utf8' });
      const cabextract = spawnSync('cabextract', ['-t', out], { encoding: 'utf8' });
      assert.equal(sevenZip.status === 0, checksum === 'with-reserve', `7zz t: ${sevenZip.stdout}`);
      assert.equal(cabextract.status === 0, checksum === 'without-reserve', `cabextract -t: ${cabextract.stdout}`);
      const r = await openArchive(out);
      try {
        assert.deepEqual(await readAll(r), contents);
        assert.deepEqual((await r.verify()).problems, []);
      } finally {
        await r.close();
      }
    }
  });

  for (const [label, make] of [
    ['7zz a -mx=5 (solid LZMA2)', (out: string) => run('7zz', ['a', '-mx=5', out, '.'], srcDir)],
    ['gcab -c -z (MSZIP)', (out: string) => run('gcab', ['-c', '-z', out, ...Object.keys(contents)], srcDir)],
  ] as const) {
    it(`${label} followed by a second archive or by other bytes: 7zz t passes with a warning of the tail's size, and the check warns of as many bytes`, async () => {
      const ext = label.startsWith('gcab') ? 'CAB' : '7z';
      const first = join(tmp.dir, `first.${ext}`);
      const second = join(tmp.dir, `second.${ext}`);
      make(first);
      make(second);
      for (const [what, tail] of [['second archive', readFileSync(second)], ['other bytes', Buffer.from('\r\n-- end of upload --\r\n')]] as const) {
        const joined = join(tmp.dir, `joined.${ext}`);
        writeFileSync(joined, Buffer.concat([readFileSync(first), tail]));
        const tested = spawnSync('7zz', ['t', joined], { encoding: 'utf8' });
        assert.equal(tested.status, 0, what);
        assert.match(tested.stdout, /There are data after the end of archive/, what);
        const tailSize = Number(/^Tail Size = (\d+)$/m.exec(tested.stdout)?.[1]);
        assert.equal(tailSize, tail.length, what);
        for (const mode of ['quick', 'full'] as const) {
          const { issues } = await checkArchiveFile({ name: `DCF3501200000_C00000000001.${ext}`, path: joined, mode });
          const trailing = issues.filter(([rule]) => rule === 'A14-trailing-data');
          assert.equal(trailing.length, 1, `${what} ${mode}`);
          assert.match(trailing[0][2].en, new RegExp(`, and ${tailSize.toLocaleString('en-US')} more bytes follow`), `${what} ${mode}`);
          assert.equal(/a second (7z|CAB) archive appended/.test(trailing[0][2].en), what === 'second archive', `${what} ${mode}`);
          assert.ok(!issues.some(([rule]) => rule === 'A14-unreadable'), `${what} ${mode}`);
        }
      }
    });
  }

  it('a gcab cabinet whose header gives it fewer bytes than its blocks fill: 7zz t and cabextract -t read it whole, and so does the full check', async () => {
    const out = join(tmp.dir, 'short-header.CAB');
    run('gcab', ['-c', out, ...Object.keys(contents)], srcDir);
    const bytes = readFileSync(out);
    bytes.writeUInt32LE(bytes.length - 5000, 8); // cbCabinet: the file's size, less part of the last block
    writeFileSync(out, bytes);
    assert.equal(spawnSync('7zz', ['t', out]).status, 0);
    assert.equal(spawnSync('cabextract', ['-t', out]).status, 0);
    const r = await openArchive(out);
    try {
      assert.deepEqual(r.notices, [], 'the blocks past cbCabinet are no data after the end');
      assert.deepEqual((await r.verify()).problems, []);
      assert.deepEqual(await readAll(r), contents);
    } finally {
      await r.close();
    }
  });

  /** `nhi-imaging check` (dist/cli.js) with `mode` of an upload CSV whose one row names `archive` (copied beside it): its findings on the archive. */
  function cliArchiveFindings(archive: string, mode: '--archives' | '--full'): string[] {
    assert.ok(existsSync(CLI), `${CLI} missing: run npm run build`);
    const dir = join(tmp.dir, 'batch');
    mkdirSync(dir, { recursive: true });
    const name = 'DCF3501200000_C00000000001.CAB';
    copyFileSync(archive, join(dir, name));
    const csv = join(dir, '3501200000_20251125_001.csv');
    writeFileSync(csv, EXAMPLE_ROW.map((v, i) => (i === 13 ? name : v)).join(',') + '\r\n');
    const { report } = checkJson([csv], ['--now', '2025-11-25T12:00:00+08:00', mode]);
    return report.files[0].diagnostics.filter((d) => d.code.startsWith('A14-')).map((d) => `${d.code}: ${d.message}`);
  }

  it('a gcab cabinet signed by osslsigncode (Authenticode, its signature after cbCabinet where the header reserve says): the tools accept it, and the checks find in it what they find in the unsigned one', async () => {
    requireTool('osslsigncode', ['--version']);
    const plain = join(tmp.dir, 'unsigned.CAB');
    const signed = join(tmp.dir, 'signed.CAB');
    run('gcab', ['-c', '-z', plain, ...Object.keys(contents)], srcDir);
    const [key, cert] = [join(tmp.dir, 'signer.key'), join(tmp.dir, 'signer.pem')];
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=NHI interop test', '-days', '2']);
    run('osslsigncode', ['sign', '-certs', cert, '-key', key, '-in', plain, '-out', signed]);
    assert.match(run('osslsigncode', ['verify', '-CAfile', cert, '-in', signed]), /Signature verification: ok/);
    assert.equal(spawnSync('cabextract', ['-t', signed]).status, 0);
    const tested = spawnSync('7zz', ['t', signed], { encoding: 'utf8' });
    assert.equal(tested.status, 0);

    // The header reserve (cbCFHeader = 20) places the signature right after cbCabinet, to the end of the file; its
    // length is the DER blob's padded to a multiple of 8 bytes. 7-Zip counts all of it as a tail.
    const bytes = readFileSync(signed);
    assert.equal(bytes.readUInt16LE(30) & 0x0004, 0x0004, 'reserve flag');
    assert.deepEqual([bytes.readUInt16LE(36), bytes[38], bytes[39]], [20, 0, 0], 'cbCFHeader, cbCFFolder, cbCFData');
    const [offset, length] = [bytes.readUInt32LE(44), bytes.readUInt32LE(48)];
    assert.deepEqual([bytes.readUInt32LE(40), offset, offset + length], [0x00100000, bytes.readUInt32LE(8), bytes.length]);
    assert.equal(bytes[offset], 0x30, 'a DER SEQUENCE');
    const der = 4 + bytes.readUInt16BE(offset + 2);
    assert.ok(bytes[offset + 1] === 0x82 && length - der >= 0 && length - der < 8 && length % 8 === 0, `DER ${der} bytes in ${length}`);
    assert.equal(Number(/^Tail Size = (\d+)$/m.exec(tested.stdout)?.[1]), length);

    const r = await openArchive(signed);
    try {
      assert.deepEqual(r.notices, []);
      assert.deepEqual((await r.verify()).problems, []);
      assert.deepEqual(await readAll(r), contents);
    } finally {
      await r.close();
    }
    for (const mode of ['quick', 'full'] as const) {
      const findings = async (path: string) => (await checkArchiveFile({ name: 'DCF3501200000_C00000000001.CAB', path, mode })).issues.map(([rule, file]) => [rule, file]);
      assert.deepEqual(await findings(signed), await findings(plain), mode);
    }
    for (const mode of ['--archives', '--full'] as const) {
      const found = cliArchiveFindings(signed, mode);
      assert.ok(!found.some((f) => f.startsWith('A14-trailing-data')), `${mode}: ${found.join('; ')}`);
      assert.deepEqual(found, cliArchiveFindings(plain, mode), mode);
    }

    // Bytes after the signature are still data after the end.
    const tailed = join(tmp.dir, 'signed-tailed.CAB');
    writeFileSync(tailed, Buffer.concat([bytes, Buffer.from('\r\n-- end of upload --\r\n')]));
    for (const mode of ['--archives', '--full'] as const) {
      const trailing = cliArchiveFindings(tailed, mode).filter((f) => f.startsWith('A14-trailing-data'));
      assert.equal(trailing.length, 1, mode);
      assert.match(trailing[0], new RegExp(`the CAB archive and its Authenticode signature end after ${bytes.length.toLocaleString('en-US')} bytes, and 23 more bytes follow`), mode);
    }
  });

  for (const [label, args, method] of [
    ['gcab -c -z (MSZIP)', ['-c', '-z'], 'mszip'],
    ['gcab -c (none)', ['-c'], 'none'],
  ] as const) {
    it(`${label}: same bytes, every block checksum verified`, async () => {
      const out = join(tmp.dir, `${method}.CAB`);
      run('gcab', [...args, out, ...Object.keys(contents)], srcDir);
      const r = await openArchive(out);
      try {
        assert.deepEqual(await readAll(r), contents);
        assert.ok(r.entries().every((e) => e.method === method));
        assert.deepEqual((await r.verify()).problems, []);
      } finally {
        await r.close();
      }
    });
  }
});

describe('archive interop: archives we write, checked by 7zz, cabextract, gcab, libarchive and py7zr', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;

  before(() => {
    requireTool('7zz', ['i']);
    requireTool('gcab', ['--version']);
    requireTool('cabextract', ['--version']);
    requireTool('bsdtar', ['--version']);
    tmp = tempDir('nhi-archive-interop-');
  });
  after(() => tmp.cleanup());

  for (const level of [0, 1]) {
    it(`write7z level ${level}: 7zz t passes; 7zz x, libarchive (bsdtar) and py7zr give identical files`, async () => {
      const dir = join(tmp.dir, `7z${level}`);
      const out = join(dir, `ours.7z`);
      await write7z(makeSources(dir, contents), out, { level });
      assert.match(run('7zz', ['t', out]), /Everything is Ok/);
      run('7zz', ['x', '-y', `-o${join(dir, 'x')}`, out]);
      assert.deepEqual(filesUnder(join(dir, 'x')), contents);
      assert.deepEqual(extractWithLibarchive(out, join(dir, 'bsdtar')), contents);
      assert.deepEqual(extractWithPy7zr(out, join(dir, 'py7zr')), contents);
    });
  }

  it('write7z store: 7zz l -slt shows each file\'s modification time to the 100 ns, as stat gives it', async () => {
    const dir = join(tmp.dir, '7z-times');
    const sources = makeSources(dir, { A: Buffer.from('a'), 'B/C': Buffer.from('c') });
    utimesSync(sources[1].sourcePath, 1_764_229_435.8167116, 1_764_229_435.8167116);
    const out = join(dir, 'ours.7z');
    await write7z(sources, out, { level: 0 });
    const listed = execFileSync('7zz', ['l', '-slt', out], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const shown = [...listed.matchAll(/^Modified = (.*)$/gm)].map((m) => m[1]);
    const expected = sources.map((s) => {
      const ns = statSync(s.sourcePath, { bigint: true }).mtimeNs;
      const seconds = new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      return `${seconds}.${String((ns % 1_000_000_000n) / 100n).padStart(7, '0')}`;
    });
    assert.deepEqual(shown, expected);
  });

  it('the sparse 7z of the unit tests, its data past 4 GiB, is valid: 7zz t passes and 7zz e gives the same bytes', async () => {
    const dir = join(tmp.dir, 'past-4gib');
    const small = join(dir, 'small.7z');
    const big = join(dir, 'big.7z');
    await write7z(makeSources(dir, { A: contents['NOTES.TXT'] }), small);
    sevenZipWithHole(readFileSync(small), big, 4_600_000_000);
    assert.match(run('7zz', ['t', big]), /Everything is Ok/);
    assert.ok(execFileSync('7zz', ['e', '-so', big, 'A']).equals(contents['NOTES.TXT']));
  });

  it('writeCab of files from 1975 and 2110: cabextract -l and 7zz l show the nearest times a cabinet holds', async () => {
    const dir = join(tmp.dir, 'cab-times');
    const sources = makeSources(dir, { OLD: Buffer.from('a'), NEW: Buffer.from('b') });
    utimesSync(sources[0].sourcePath, new Date(1975, 5, 1, 12), new Date(1975, 5, 1, 12));
    utimesSync(sources[1].sourcePath, new Date(2110, 2, 4, 5, 6, 8), new Date(2110, 2, 4, 5, 6, 8));
    const out = join(dir, 'OURS.CAB');
    await writeCab(sources, out);
    const listed = run('cabextract', ['-l', out]);
    assert.match(listed, /\| 01\.01\.1980 00:00:00 \| OLD$/m);
    assert.match(listed, /\| 31\.12\.2107 23:59:58 \| NEW$/m);
    assert.deepEqual([...run('7zz', ['l', '-slt', out]).matchAll(/^Modified = (.*)$/gm)].map((m) => m[1]), ['1980-01-01 00:00:00', '2107-12-31 23:59:58']);
  });

  for (const compression of ['mszip', 'none'] as const) {
    it(`writeCab ${compression}: cabextract -t, gcab -x, libarchive (bsdtar) and 7zz t pass; extracted files identical`, async () => {
      const dir = join(tmp.dir, `cab-${compression}`);
      const out = join(dir, 'OURS.CAB');
      await writeCab(makeSources(dir, contents), out, { compression });
      const test = run('cabextract', ['-t', out]);
      assert.match(test, /All done, no errors/);
      run('cabextract', ['-q', '-d', join(dir, 'cx'), out]);
      assert.deepEqual(filesUnder(join(dir, 'cx')), contents);
      mkdirSync(join(dir, 'gx'));
      run('gcab', ['-x', '-C', join(dir, 'gx'), out]);
      assert.deepEqual(filesUnder(join(dir, 'gx')), contents);
      assert.deepEqual(extractWithLibarchive(out, join(dir, 'bsdtar')), contents);
      assert.match(run('7zz', ['t', out]), /Everything is Ok/);
    });
  }
});

describe('archive interop: the crafted 7z headers of the unit tests, as 7-Zip judges them', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    requireTool('7zz', ['i']);
    requireTool('bsdtar', ['--version']);
    requireTool('lsar', ['-v']);
    tmp = tempDir('nhi-archive-crafted-');
  });
  after(() => tmp.cleanup());

  const sevenZipTest = (bytes: Buffer) => {
    const path = join(tmp.dir, 'a.7z');
    writeFileSync(path, bytes);
    return spawnSync('7zz', ['t', path], { encoding: 'utf8' });
  };
  const two = [Buffer.from('one'), Buffer.from('two')];

  it('the well-formed one passes 7zz t', () => {
    assert.equal(sevenZipTest(storeSevenZip(two, ['A', 'B'])).status, 0);
  });

  it('a names block with a name more than its files: 7zz t fails with a headers error, and we call it corrupt', async () => {
    const bytes = storeSevenZip(two, ['A', 'B'], [...Buffer.from('HIDDEN\0', 'utf16le')]);
    const r = sevenZipTest(bytes);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /Headers Error/);
    await assert.rejects(openArchive(join(tmp.dir, 'a.7z')), (e: unknown) => e instanceof ArchiveError && e.code === 'corrupt');
  });

  it('a data stream no file owns: 7zz cannot open it, and we call it corrupt', async () => {
    const r = sevenZipTest(storeSevenZip(two, ['A']));
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /Cannot open the file as \[7z\] archive/);
    await assert.rejects(openArchive(join(tmp.dir, 'a.7z')), (e: unknown) => e instanceof ArchiveError && e.code === 'corrupt');
  });

  it('an entry with data and the directory attribute: 7zz, bsdtar and lsar list it as a file of its size, and so do we', async () => {
    const bytes = storeSevenZip(two, ['A', 'B'], [], [0x20, 0x10]);
    assert.equal(sevenZipTest(bytes).status, 0);
    const path = join(tmp.dir, 'a.7z');
    assert.match(run('7zz', ['l', '-slt', path]), /Path = B\nSize = 3\n/);
    assert.match(run('bsdtar', ['-tvf', path]), /^-\S+ .* 3 .* B$/m);
    assert.match(run('lsar', ['-l', path]), /^\s*\d+\. -{5}\s+3\s.*\sB$/m); // flags "-----": no D (directory)
    const r = await openArchive(path);
    assert.deepEqual(r.entries().map((e) => [e.name, e.size, e.isDirectory]), [['A', 3, false], ['B', 3, false]]);
    await r.close();
  });
  it('headers packed with Deflate and BZip2 (kEncodedHeader): 7zz t passes both; we read the first and call the second not checked', async () => {
    const plain = storeSevenZip(two, ['A', 'B/C']);
    const deflated = withEncodedHeader(plain, [0x04, 0x01, 0x08], (h) => deflateRawSync(h));
    assert.equal(sevenZipTest(deflated).status, 0);
    const r = await openArchive(join(tmp.dir, 'a.7z'));
    assert.deepEqual(r.entries().map((e) => e.name), ['A', 'B/C']);
    await r.close();
    const bz2 = (h: Buffer) => execFileSync('/usr/bin/python3', ['-c', 'import sys, bz2; sys.stdout.buffer.write(bz2.compress(sys.stdin.buffer.read()))'], { input: h });
    assert.equal(sevenZipTest(withEncodedHeader(plain, [0x04, 0x02, 0x02], bz2)).status, 0);
    await assert.rejects(openArchive(join(tmp.dir, 'a.7z')), (e: unknown) => e instanceof ArchiveError && e.code === 'not-checked');
  });
});


describe('archive interop: names unpacking cannot keep apart, in archives of bsdtar and 7zz', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    requireTool('7zz', ['i']);
    requireTool('bsdtar', ['--version']);
    tmp = tempDir('nhi-archive-same-names-');
  });
  after(() => tmp.cleanup());

  const check = async (path: string) =>
    (await checkArchiveFile({ name: 'ATT3501200000_251125BR6XUZ.7z', path, mode: 'full' })).issues.map(([rule, file, detail]) => [rule, file, detail.en]);

  it('bsdtar given a file twice stores it twice; 7zz lists both, and the check names the name stored twice', async () => {
    const src = join(tmp.dir, 'twice');
    mkdirSync(src);
    writeFileSync(join(src, 'A.jpg'), 'abc');
    const out = join(tmp.dir, 'twice.7z');
    run('bsdtar', ['--format', '7zip', '-cf', out, 'A.jpg', 'A.jpg'], src);
    assert.equal(run('7zz', ['l', '-slt', out]).match(/^Path = A\.jpg$/gm)?.length, 2);
    assert.deepEqual((await check(out)).filter(([rule]) => rule === 'A14-entry-name'), [['A14-entry-name', 'A.jpg', 'appears 2 times in the archive: unpacking keeps only one of them']]);
  });

  it('7zz a on Linux of A.jpg and a.jpg: the check names them as one file on Windows', async () => {
    const src = join(tmp.dir, 'case');
    mkdirSync(src);
    writeFileSync(join(src, 'A.jpg'), 'abc');
    writeFileSync(join(src, 'a.jpg'), 'def');
    const out = join(tmp.dir, 'case.7z');
    run('7zz', ['a', '-mx=0', out, 'A.jpg', 'a.jpg'], src);
    const windows = (await check(out)).filter(([rule]) => rule === 'A14-entry-windows');
    assert.equal(windows.length, 1);
    assert.match(String(windows[0][2]), /^differs only in letter case from "(A|a)\.jpg": Windows, where archives are unpacked, takes them for one file/);
  });

  it('7zz a of folders named CON and AUX: the folders and the files in them are counted as entries, not files, in the one finding', async () => {
    const src = join(tmp.dir, 'devices');
    for (const [folder, file] of [['CON', 'A.jpg'], ['AUX', 'B.jpg']]) {
      mkdirSync(join(src, folder), { recursive: true });
      writeFileSync(join(src, folder, file), 'abc');
    }
    const out = join(tmp.dir, 'devices.7z');
    run('7zz', ['a', '-mx=0', out, 'CON', 'AUX'], src);
    assert.match(run('7zz', ['l', '-slt', out]), /^Path = CON\n(.+\n)*?Attributes = D /m);
    const { issues } = await checkArchiveFile({ name: 'ATT3501200000_251125BR6XUZ.7z', path: out, mode: 'quick' });
    const windows = IssueList.from(issues).issues().find((i) => i.ruleId === 'A14-entry-windows')!;
    assert.match(windows.message.en, /^4 entries: (AUX|CON): "\1" is a name Windows keeps for a device/);
    assert.match(windows.message['zh-TW'], /^4 個項目：/);
  });

  it('bsdtar -cf x.7z . stores "./01271C_001.jpg": 7zz x writes 01271C_001.jpg, and the check takes the name as conforming', async () => {
    const src = join(tmp.dir, 'dot');
    mkdirSync(src);
    writeFileSync(join(src, '01271C_001.jpg'), makeJpeg({ width: 1400, height: 1400 }));
    const out = join(tmp.dir, 'dot.7z');
    run('bsdtar', ['--format', '7zip', '-cf', out, '.'], src);
    assert.match(run('7zz', ['l', out]), / \.\/01271C_001\.jpg$/m);
    mkdirSync(join(tmp.dir, 'xdot'));
    run('7zz', ['x', out], join(tmp.dir, 'xdot'));
    assert.deepEqual(readdirSync(join(tmp.dir, 'xdot')), ['01271C_001.jpg']);
    assert.deepEqual((await check(out)).filter(([rule]) => rule === 'A14-att-name'), []);
  });

  it('a file B beside B/C.jpg: 7zz x and bsdtar -x fail on it, and the check names B', async () => {
    const out = join(tmp.dir, 'file-and-folder.7z');
    writeFileSync(out, storeSevenZip([Buffer.from('abc'), Buffer.from('def')], ['B', 'B/C.jpg']));
    mkdirSync(join(tmp.dir, 'x7'));
    assert.notEqual(spawnSync('7zz', ['x', '-y', out], { cwd: join(tmp.dir, 'x7') }).status, 0);
    mkdirSync(join(tmp.dir, 'xb'));
    assert.notEqual(spawnSync('bsdtar', ['-xf', out], { cwd: join(tmp.dir, 'xb') }).status, 0);
    assert.deepEqual((await check(out)).filter(([rule]) => rule === 'A14-entry-name'), [['A14-entry-name', 'B', 'is a file and also a folder of other entries (B/C.jpg): unpacking cannot make both']]);
  });
});


/**
 * `archive` (7zz a -mhc=off: a plain header) with the 32-bit size in the properties of its coder `id` (3 bytes; 5 bytes of
 * properties, the size after the first) made `size`; the header's CRC and the start header's follow.
 */
function withCoderSize(archive: Buffer, id: number[], size: number): Buffer {
  const out = Buffer.from(archive);
  const at = 32 + Number(out.readBigUInt64LE(12));
  const header = out.subarray(at, at + Number(out.readBigUInt64LE(20)));
  // The coder's flag byte: an id of 3 bytes, with properties (0x20).
  const coder = Buffer.from([0x23, ...id, 0x05]);
  const found = header.indexOf(coder);
  assert.ok(found >= 0 && header.indexOf(coder, found + 1) < 0, 'the coder is in the header once');
  header.writeUInt32LE(size, found + coder.length + 1);
  out.writeUInt32LE(crc32(header), 28);
  out.writeUInt32LE(crc32(out.subarray(12, 32)), 8);
  return out;
}

describe('archive interop: 7z that 7zz opens with more memory than 7-Zip in WebAssembly can allocate', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    requireTool('7zz', ['i']);
    tmp = tempDir('nhi-archive-memory-');
    makeSources(tmp.dir, { DICOMDIR: dicomLike(3000), 'DICOM/IM1': dicomLike(40_000) });
  });
  after(() => tmp.cleanup());

  // 7zz shrinks the model and the dictionary to the data; what it writes for data of gigabytes is written here.
  const cases: Array<[string, string[], number[], number]> = [
    ['PPMd with a 2 GiB model (-m0=PPMd:mem=2g)', ['-m0=PPMd'], [0x03, 0x04, 0x01], 2 * 1024 ** 3],
    // Behind BCJ, the LZMA folder is read by 7-Zip, not by our decoder.
    ['BCJ + LZMA with a 3 GiB dictionary (-m0=BCJ -m1=LZMA:d=3g)', ['-m0=BCJ', '-m1=LZMA'], [0x03, 0x01, 0x01], 3 * 1024 ** 3],
  ];
  for (const [label, args, id, size] of cases) {
    it(`${label}: 7zz t passes; the check says once that the archive was not checked, no damage`, async () => {
      const plain = join(tmp.dir, 'plain.7z');
      rmSync(plain, { force: true });
      run('7zz', ['a', '-mhc=off', ...args, plain, '.'], join(tmp.dir, 'src'));
      const out = join(tmp.dir, `${label.replace(/\W+/g, '_')}.7z`);
      writeFileSync(out, withCoderSize(readFileSync(plain), id, size));
      assert.match(run('7zz', ['t', out]), /Everything is Ok/);
      for (const mode of ['quick', 'full'] as const) {
        const issues = (await checkArchiveFile({ name: 'DCF3501200000_251125BR6XUZ.7z', path: out, mode })).issues;
        assert.deepEqual(issues.map(([rule, file]) => [rule, file]), [['A14-not-checked', null]], mode);
        assert.match(issues[0][2].en, /more memory .* than the checker's 7-Zip \(WebAssembly\) can allocate/, mode);
      }
    });
  }
});
