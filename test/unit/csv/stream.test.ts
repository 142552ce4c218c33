import { strict as assert } from 'node:assert';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { completeUtf8Length, DEFAULT_CHUNK_SIZE, encodingFindingOfBytes, encodingFindingOfFile, streamCsvFile, type CsvBatch } from '../../../server/src/core/csv/stream';
import { SNIFF_LENGTH } from '../../../server/src/core/csv/decode';
import { lineEndsOf } from '../../../server/src/core/csv/line-ends';
import { validateCsvFile } from '../../../server/src/core/validateFile';
import { defaultOptions } from '../../../server/src/core/options';
import { DEFAULT_MAX_ROW_LENGTH, isRowTooLong, type Row } from '../../../server/src/core/csv/model';
import { tooLongRowFinding } from '../../../server/src/core/csv/rules';
import type { Finding } from '../../../server/src/core/types';

async function streamAll(path: string) {
  const rows: Row[] = [];
  const findings: Finding[] = [];
  const summary = await streamCsvFile(path, (b: CsvBatch) => {
    rows.push(...b.rows);
    findings.push(...b.findings);
  });
  return { rows, findings, summary };
}

describe('streamCsvFile', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-stream-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the rows and ranges parseCsv gives, across many chunks', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 12000; i++) {
      const cells = [`r${i}`, i % 7 === 0 ? '"a,""q"""' : 'plain', '備註\u{1F600}', i % 11 === 0 ? '"two\r\nlines"' : '', ''];
      lines.push(cells.join(','));
      if (i % 13 === 0) lines.push('');
    }
    const text = '\ufeff' + lines.join('\r\n') + '\n';
    const path = join(dir, 'many.csv');
    writeFileSync(path, text);
    const whole = parseCsv(text);
    const { rows, findings, summary } = await streamAll(path);
    assert.ok(Buffer.byteLength(text) > 4 * 64 * 1024, 'spans several chunks');
    assert.deepEqual(findings, []);
    assert.equal(rows.length, whole.rows.length);
    assert.deepEqual(rows, whole.rows);
    assert.deepEqual([summary.bom, summary.lineCount, summary.rowCount], [true, whole.lineCount, whole.rows.length]);
  });

  it('reports bytes that break UTF-8 far into the file with their line, and stops there', async () => {
    const head = Array.from({ length: 3000 }, (_, i) => `row${i},x`).join('\n') + '\n';
    const path = join(dir, 'late-big5.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(head), Buffer.from([0xa4, 0xa4, 0xa4, 0xe5]), Buffer.from(',y\nafter,z\n')]));
    const { findings, summary } = await streamAll(path);
    assert.equal(summary.badEncoding, true);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['FILE-encoding', 3000]]);
    assert.match(findings[0].message.en, /Big5 .* from line 3001/);
  });

  /** `count` ASCII lines ended by `eol`, the line break at `at` (0-based) made `special`, cut so that a chunk ends right after its CR. */
  function linesWithBreakAtChunkEnd(count: number, eol: string, at: number, special: string): string {
    const lines = Array.from({ length: count }, (_, i) => `r${i},x`);
    const head = lines.slice(0, at + 1).join(eol);
    // Pad line `at` so that its CR is the last byte of the first chunk.
    const pad = DEFAULT_CHUNK_SIZE - head.length - 1;
    assert.ok(pad >= 0);
    lines[at] += ',' + 'p'.repeat(pad - 1);
    return lines.slice(0, at + 1).join(eol) + special + lines.slice(at + 1).join(eol) + eol;
  }

  for (const [what, eol, special] of [
    ['classic Mac (lone CRs), a chunk ending right after a CR', '\r', '\r'],
    ['CRLF, a chunk ending between the CR and the LF of a CRLF', '\r\n', '\r\n'],
    ['LF with one lone CR ending the first chunk', '\n', '\r'],
  ] as const) {
    it(`rows, lines and line ends as parseCsv and lineEndsOf give them: ${what}`, async () => {
      const text = linesWithBreakAtChunkEnd(8000, eol, 5000, special);
      assert.equal(text.charCodeAt(DEFAULT_CHUNK_SIZE - 1), 13, 'a CR ends the first chunk');
      const path = join(dir, 'chunk-cr.csv');
      writeFileSync(path, text);
      const whole = parseCsv(text);
      const { rows, summary } = await streamAll(path);
      assert.deepEqual(rows, whole.rows);
      assert.equal(summary.lineCount, whole.lineCount);
      assert.deepEqual(summary.lineEnds, lineEndsOf(text));
      const lineEnds: number[] = [];
      await validateCsvFile(path, defaultOptions({ lang: 'en' }), (f) => void (f.ruleId === 'FILE-line-ends' && lineEnds.push(f.range.start.line)));
      assert.deepEqual(lineEnds, special === '\r' ? [eol === '\r' ? 0 : 5000] : []);
    });
  }

  it('names the line of a bad byte after a quoted field whose lines straddle a chunk boundary', async () => {
    const head = Array.from({ length: 3000 }, (_, i) => `row${i},x`).join('\r\n') + '\r\n';
    // Lines 3000 to 3040: a record whose quoted field holds 40 line breaks and runs past the first chunk; then `ok,1` on line 3041, the bad byte starting line 3042.
    const quoted = `q,"${Array.from({ length: 41 }, () => 'y'.repeat(1000)).join('\n')}"\r\n`;
    const bytes = Buffer.concat([Buffer.from(head + quoted + 'ok,1\r\n'), Buffer.from([0xa4, 0xa4, 0xa4, 0xe5]), Buffer.from(',y\r\n')]);
    assert.ok(head.length < DEFAULT_CHUNK_SIZE && head.length + quoted.length > DEFAULT_CHUNK_SIZE);
    const path = join(dir, 'straddle-big5.csv');
    writeFileSync(path, bytes);
    const { findings } = await streamAll(path);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['FILE-encoding', 3042]]);
  });

  it('never throws on random bytes, and accounts for every byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const path = join(dir, 'random.csv');
        writeFileSync(path, bytes);
        const { rows, findings, summary } = await streamAll(path);
        assert.equal(summary.bytes, bytes.length);
        assert.equal(summary.unreadable, false);
        if (summary.badEncoding) assert.equal(findings.filter((f) => f.ruleId === 'FILE-encoding').length, 1);
        for (const row of rows) for (const cell of row.cells) assert.ok(cell.range.end.line >= cell.range.start.line);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the rows parseCsv gives around rows over the length bound, and each of those as FILE-row-too-long, wherever the chunks end', async () => {
    const max = DEFAULT_MAX_ROW_LENGTH;
    const open = '"'.repeat(3) + 'x,'.repeat(max);
    // A quoted field over several lines, closed within two chunks: once dropped whole or cut by where the chunks ended.
    const quotedLines = `q,"${Array.from({ length: 50 }, () => 'y'.repeat(2000)).join('\n')}",z`;
    for (const [what, text] of [
      ['one line of commas, no line break after it', 'a,'.repeat(max)],
      ['a long line between rows, a BOM before it', `\ufeff${'b,'.repeat(max)}\r\nc,d\r\n`],
      ['a long line opening a quote it never closes, short rows after it', `${open}\n${'y\n'.repeat(500)}`],
      ...[0, 300, 2000].map((rows) => [`a record of quoted lines over the bound after ${rows} rows`, `${'r,s\n'.repeat(rows)}${quotedLines}\nafter,1\n`]),
    ] as const) {
      const path = join(dir, 'too-long.csv');
      writeFileSync(path, text);
      const whole = parseCsv(text);
      const { rows, findings, summary } = await streamAll(path);
      assert.ok(whole.rows.some(isRowTooLong) || whole.rows.some((r) => r.cut), what);
      assert.deepEqual(rows, whole.rows.filter((r) => !isRowTooLong(r)), what);
      assert.deepEqual(findings, whole.rows.filter(isRowTooLong).map(tooLongRowFinding), what);
      assert.equal(summary.rowCount, whole.rows.length, what);
    }
  });

  it('reports a missing file and a folder as unreadable without throwing', async () => {
    const missing = await streamAll(join(dir, 'nope.csv'));
    assert.equal(missing.summary.unreadable, true);
    assert.deepEqual(missing.findings.map((f) => f.ruleId), ['FILE-unreadable']);
    const folder = await streamAll(dir);
    assert.match(folder.findings[0].message.en, /it is a folder/);
  });
});

describe('encodingFindingOfFile', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-encoding-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The encoding finding the stream reports for the same bytes, read in chunks of `chunkSize`. */
  async function streamVerdict(path: string, chunkSize: number) {
    const findings: Finding[] = [];
    await streamCsvFile(path, (b: CsvBatch) => void findings.push(...b.findings.filter((f) => f.ruleId === 'FILE-encoding')), { chunkSize });
    return findings[0];
  }

  it('gives the stream\'s encoding finding, or none, wherever the chunks cut a sequence or a bad byte stands', async () => {
    const chunkSize = SNIFF_LENGTH;
    const row = '3501200000,12,11411,1141125074200,01,0001,1,A100000001,0190101,33070B,1,11411250757,H,備註\u{1F600},,,\n';
    // Past two reads of the pass that only asks whether the bytes are UTF-8 (1 MiB each).
    const mib = 1024 * 1024;
    const base = Buffer.from(row.repeat(Math.ceil((2 * mib + chunkSize) / Buffer.byteLength(row))));
    const emoji = Buffer.from('\u{1F600}');
    const cases: [string, Buffer][] = [];
    // A four-byte character cut by the first and the second chunk's end at each of its inner bytes.
    for (const boundary of [chunkSize, 2 * chunkSize, mib, 2 * mib]) {
      for (let k = 1; k <= 3; k++) {
        const bytes = Buffer.from(base);
        emoji.copy(bytes, boundary - k);
        cases.push([`emoji cut ${k}/4 at ${boundary}`, bytes]);
      }
    }
    const late = chunkSize + 100;
    for (const [name, bad] of [['NUL', [0]], ['lone continuation', [0x80]], ['cut sequence', [0xe5, 0x41]], ['Big5', [0xb3, 0xc6]]] as const) {
      const bytes = Buffer.from(base);
      Buffer.from(bad).copy(bytes, late);
      cases.push([`${name} late`, bytes]);
      for (const end of [2 * chunkSize, mib]) {
        const atCut = Buffer.from(base);
        Buffer.from(bad).copy(atCut, end - 1);
        cases.push([`${name} at a chunk's end (${end})`, atCut]);
      }
    }
    cases.push(['a file ending inside a sequence', Buffer.concat([base, emoji.subarray(0, 2)])]);
    cases.push(['UTF-8 throughout', base]);
    for (const [name, bytes] of cases) {
      const path = join(dir, 'case.csv');
      writeFileSync(path, bytes);
      const expected = await streamVerdict(path, chunkSize);
      const found = await encodingFindingOfFile(path, { chunkSize });
      assert.deepEqual(found && { message: found.message, line: found.range.start.line }, expected && { message: expected.message, line: expected.range.start.line }, name);
      if (name.startsWith('emoji') || name === 'UTF-8 throughout') assert.equal(found, undefined, name);
      else assert.ok(found, name);
    }
  });

  it('calls UTF-8 text with more control characters than text has binary, as the stream does', async () => {
    const path = join(dir, 'controls.csv');
    writeFileSync(path, Buffer.from('\u00e9\u0001\u0001\u0001\u0001\u0001'));
    const expected = await streamVerdict(path, SNIFF_LENGTH);
    assert.equal(expected?.message.en, 'The file is binary data, not text; the upload text file must be CSV in UTF-8.');
    assert.deepEqual((await encodingFindingOfFile(path))?.message, expected.message);
    assert.deepEqual((await encodingFindingOfBytes(async function* () { yield readFileSync(path); }))?.message, expected.message);
  });

  it('agrees with the stream on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 200 }), async (tail, ascii) => {
        const path = join(dir, 'random.csv');
        writeFileSync(path, Buffer.concat([Buffer.from('a,'.repeat(ascii)), Buffer.from('\u00e9'), Buffer.from(tail)]));
        const expected = await streamVerdict(path, SNIFF_LENGTH);
        const found = await encodingFindingOfFile(path);
        assert.deepEqual(found?.message, expected?.message);
      }),
      { numRuns: 200 },
    );
  });

  it('cuts a chunk of UTF-8 text before a sequence its end splits, and only then', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(), (text, at) => {
        const bytes = Buffer.from(text);
        const end = bytes.length === 0 ? 0 : at % (bytes.length + 1);
        const cut = completeUtf8Length(bytes.subarray(0, end));
        assert.ok(isUtf8(bytes.subarray(0, cut)), 'the part before the cut is whole');
        assert.ok(end - cut <= 3);
        // Cut only where a sequence goes on past the end.
        if (cut < end) assert.ok(!isUtf8(bytes.subarray(0, end)));
      }),
      { numRuns: 2000 },
    );
  });
});
