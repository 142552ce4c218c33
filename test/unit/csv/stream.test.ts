import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { DEFAULT_CHUNK_SIZE, streamCsvFile, type CsvBatch } from '../../../server/src/core/csv/stream';
import { lineEndsOf } from '../../../server/src/core/csv/line-ends';
import { validateCsvFile } from '../../../server/src/core/validateFile';
import { defaultOptions } from '../../../server/src/core/options';
import type { Row } from '../../../server/src/core/csv/model';
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

  it('reports a missing file and a folder as unreadable without throwing', async () => {
    const missing = await streamAll(join(dir, 'nope.csv'));
    assert.equal(missing.summary.unreadable, true);
    assert.deepEqual(missing.findings.map((f) => f.ruleId), ['FILE-unreadable']);
    const folder = await streamAll(dir);
    assert.match(folder.findings[0].message.en, /it is a folder/);
  });
});
