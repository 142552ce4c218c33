import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { streamCsvFile, type CsvBatch } from '../../../server/src/core/csv/stream';
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
