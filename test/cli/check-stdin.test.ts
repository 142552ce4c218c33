import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FIXTURE_FILE_NAME, validCsv } from '../fixtures/rows';
import { CLI, line, removeDir, ROOT, runCli, tempDir, validRow, type CliRun } from './helpers';

const NOW = ['--now', '2025-11-25T09:00:00+08:00'];
const FORMATS = ['text', 'json', 'sarif'] as const;

/** Runs the CLI with `chunks` written to its standard input one at a time, `pauseMs` apart, then closed. */
async function runCliChunked(args: string[], chunks: Buffer[], pauseMs: number): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => stdout.push(b));
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  for (const chunk of chunks) {
    await new Promise<void>((done, fail) => child.stdin.write(chunk, (e) => (e ? fail(e) : done())));
    await sleep(pauseMs);
  }
  child.stdin.end();
  const status = await exited;
  return { status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}

/** `bytes` cut at `fractions` of its length (odd places: inside a row, a value, a multi-byte character). */
function cutAt(bytes: Buffer, fractions: number[]): Buffer[] {
  const at = [0, ...fractions.map((f) => Math.floor(bytes.length * f)), bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
}

/** Rows with an error each (a Gregorian birth date), more than the first chunk read (64 KiB). */
function rowsWithErrors(count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => {
    const v = validRow(i);
    v[8] = `${Number(v[8].slice(0, 3)) + 1911}${v[8].slice(3)}`;
    return `${line(v)}\r\n`;
  }).join(''));
}

describe('nhi-imaging check - (standard input) as a file', function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  /** The runs of `bytes` from a file and from standard input (in `chunks`, or at once), alike in every format. */
  async function assertAsFile(bytes: Buffer, chunks: Buffer[] | undefined, codesAmong: string[]): Promise<void> {
    const path = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(path, bytes);
    for (const format of FORMATS) {
      const args = ['check', '--format', format, '--lang', 'en', ...NOW];
      const fromFile = runCli([...args, path]);
      const piped = ['--stdin-filename', path, '-'];
      const fromStdin = chunks ? await runCliChunked([...args, ...piped], chunks, 40) : runCli([...args, ...piped], { input: bytes });
      assert.equal(fromStdin.status, fromFile.status, `${format}: ${fromStdin.stderr}`);
      assert.equal(fromStdin.stdout, fromFile.stdout, format);
      assert.equal(fromStdin.stderr, fromFile.stderr, format);
      if (format === 'json') {
        const report = JSON.parse(fromFile.stdout) as { files: { diagnostics: { code: string }[] }[] };
        const codes = new Set(report.files[0].diagnostics.map((d) => d.code));
        for (const code of codesAmong) assert.ok(codes.has(code), `${code} in ${[...codes].join(' ')}`);
      }
    }
  }

  const rows = rowsWithErrors(1500);
  for (const [name, bytes] of [
    ['invalid UTF-8 late', Buffer.concat([rows, Buffer.from([0x61, 0xe6, 0x0d, 0x0a])])],
    ['a NUL byte late', Buffer.concat([rows, Buffer.from('3501200000,x\0y\r\n')])],
    ['invalid UTF-8 early', Buffer.concat([rows.subarray(0, 300), Buffer.from([0xb3, 0xc6]), rows.subarray(300)])],
  ] as const) {
    it(`gives input with ${name}, written in pieces with pauses, only the encoding error, as for the file`, async () => {
      await assertAsFile(bytes, cutAt(bytes, [0.0001, 0.3, 0.30001, 0.7, 0.9999]), ['FILE-encoding']);
      const path = join(dir, FIXTURE_FILE_NAME);
      const run = runCli(['check', '--format', 'json', '--lang', 'en', ...NOW, '--stdin-filename', path, '-'], { input: bytes });
      assert.deepEqual((JSON.parse(run.stdout) as { files: { diagnostics: { code: string }[] }[] }).files[0].diagnostics.map((d) => d.code), ['FILE-encoding']);
    });
  }

  it('gives UTF-8 input written in pieces with pauses the findings of the file, in its order', async () => {
    await assertAsFile(rows, cutAt(rows, [0.00013, 0.5, 0.77777]), ['F09-format', 'DEADLINE']);
  });

  it('reads a large input through a pipe (over 1 MiB, and over what is held in memory) as the file', async () => {
    const large = rowsWithErrors(12_000);
    assert.ok(large.length > 1024 * 1024);
    await assertAsFile(Buffer.concat([large, Buffer.from([0xff, 0x0d, 0x0a])]), undefined, ['FILE-encoding']);
    // Over the 8 MiB held in memory: the rest goes to a temporary file, read back for the rows.
    const larger = Buffer.concat([Buffer.from(validCsv(75_000, '\r\n')), Buffer.from([0xc0, 0x0d, 0x0a])]);
    assert.ok(larger.length > 8 * 1024 * 1024);
    await assertAsFile(larger, undefined, ['FILE-encoding']);
    const valid = larger.subarray(0, larger.length - 3);
    const path = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(path, valid);
    const args = ['check', '--format', 'json', '--lang', 'en', ...NOW];
    const fromFile = runCli([...args, path]);
    const fromStdin = runCli([...args, '--stdin-filename', path, '-'], { input: valid });
    assert.equal(fromStdin.status, fromFile.status, fromStdin.stderr);
    assert.equal(fromStdin.stdout, fromFile.stdout);
  });
});
