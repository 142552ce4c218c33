/**
 * nhiImaging/checkFile over the wire: an upload CSV read from disk (no didOpen, as for a file VS Code does
 * not hand over) gets the same findings as a document with the same text, capped as documents are.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkDoneProgress } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';
import { diagnosticKeys, expectedKeys, NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validCsv, validLine } from '../fixtures/rows';
import { DEFAULT_MAX_ROW_LENGTH } from '../../server/src/core/csv/model';
import { CHECK_FILE_REQUEST, type CheckFileResult } from '../../server/src/shared/fileCheck';
import { CAPPED_CODE } from '../../server/src/lsp/report';

/** Three broken rows among valid ones: a bad birth date, a duplicate row, a missing field. */
function brokenText(): string {
  const lines = validCsv(40).split('\n').filter((l) => l !== '');
  const cells = lines[3].split(',');
  cells[8] = '0751332';
  lines[3] = cells.join(',');
  lines[10] = lines[9];
  lines[20] = lines[20].slice(0, lines[20].lastIndexOf(','));
  return lines.join('\n') + '\n';
}

describe('language server over stdio: checking a file from disk', function () {
  this.timeout(60000);
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-file-'));
    client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: NOW_ISO, idChecksumSeverity: 'warning' } });
  });
  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function check(path: string): Promise<CheckFileResult> {
    return client.conn.sendRequest<CheckFileResult>(CHECK_FILE_REQUEST, { uri: pathToFileURL(path).href });
  }

  it('answers the findings the core gives for the same text, without the file being open', async () => {
    const text = brokenText();
    assert.notEqual(validLine(3), text.split('\n')[3], 'the fixture really breaks row 4');
    const path = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(path, text);
    const r = await check(path);
    assert.equal(r.ran, true);
    assert.equal(r.rows, 40);
    const expected = expectedKeys(text);
    assert.ok(expected.some((k) => k.severity === 1), 'the text has errors');
    assert.deepEqual(diagnosticKeys(r.diagnostics), expected);
    assert.equal(r.errors, expected.filter((k) => k.severity === 1).length);
    assert.equal(r.warnings, expected.filter((k) => k.severity === 2).length);
    assert.equal(r.truncated, false);
  });

  it('rows over 64 KiB: one FILE-row-too-long each, the same from the file, the open document and the core', async () => {
    const long = 'a,'.repeat(DEFAULT_MAX_ROW_LENGTH);
    const quoted = `q,"${Array.from({ length: 40 }, () => 'y'.repeat(2000)).join('\n')}",z`;
    for (const [what, text] of [
      ['a long line first, column names after it', `${long}\nHospitalId,ExamDate,OrderCode\n${validLine(1)}\n`],
      ['a long line opening a quote it never closes, with a BOM', `\ufeff${validLine(0)}\r\n"""${long}\r\n${validLine(1)}\r\n${validLine(2)}\r\n`],
      ['quoted lines over the bound, cut at the first line break', `${validLine(0)}\n${quoted}\n${validLine(1)}\n`],
    ] as const) {
      const path = join(dir, FIXTURE_FILE_NAME);
      writeFileSync(path, text);
      const fromFile = diagnosticKeys((await check(path)).diagnostics);
      const uri = pathToFileURL(path).href;
      await client.open(uri, text);
      const report = await client.pull(uri);
      await client.close(uri);
      const expected = expectedKeys(text);
      assert.equal(expected.filter((k) => k.code === 'FILE-row-too-long').length, /cut/.test(what) ? 0 : 1, what);
      assert.deepEqual(fromFile, expected, what);
      assert.deepEqual(diagnosticKeys(report.items ?? []), expected, what);
    }
  });

  it('keeps the most severe maxDiagnostics and says how many were left out', async () => {
    const capped = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: NOW_ISO, maxDiagnostics: 5 } });
    try {
      const path = join(dir, FIXTURE_FILE_NAME);
      writeFileSync(path, brokenText());
      const r = await capped.conn.sendRequest<CheckFileResult>(CHECK_FILE_REQUEST, { uri: pathToFileURL(path).href });
      assert.equal(r.truncated, true);
      assert.equal(r.diagnostics.length, 6);
      const severities = r.diagnostics.slice(0, 5).map((d) => d.severity!);
      assert.deepEqual(severities, [...severities].sort((a, b) => a - b), 'most severe first');
      assert.equal(severities[0], 1);
      assert.equal(r.diagnostics[5].code, CAPPED_CODE);
      assert.match(r.diagnostics[5].message, /^\d+ problems in all; only the 5 most severe are shown/);
    } finally {
      await capped.stop();
    }
  });

  it('reports its progress as the file is read, in whole percents, to the work-done token it is given', async () => {
    const path = join(dir, '3501200000_20251125_003.csv');
    writeFileSync(path, validCsv(30_000));
    const token = 'file-check-progress';
    const seen: { kind: string; percentage?: number }[] = [];
    const listening = client.conn.onProgress(WorkDoneProgress.type, token, (p) => void seen.push(p));
    try {
      const r = await client.conn.sendRequest<CheckFileResult>(CHECK_FILE_REQUEST, { uri: pathToFileURL(path).href, workDoneToken: token });
      assert.equal(r.rows, 30_000);
    } finally {
      listening.dispose();
    }
    assert.equal(seen[0].kind, 'begin');
    assert.equal(seen[seen.length - 1].kind, 'end');
    const percents = seen.filter((p) => p.kind === 'report').map((p) => p.percentage!);
    assert.ok(percents.length >= 10, `reports: ${JSON.stringify(percents)}`);
    assert.deepEqual(percents, [...new Set(percents)].sort((a, b) => a - b), 'each percent once, rising');
    assert.equal(percents[percents.length - 1], 100);
  });

  it('a missing file gets one unreadable finding; a non-file URI is not checked', async () => {
    const missing = await check(join(dir, 'gone', FIXTURE_FILE_NAME));
    assert.equal(missing.ran, true);
    assert.equal(missing.errors, 1);
    assert.match(missing.diagnostics[0].message, /cannot|not|no such/i);
    const r = await client.conn.sendRequest<CheckFileResult>(CHECK_FILE_REQUEST, { uri: 'untitled:Untitled-1' });
    assert.equal(r.ran, false);
    assert.match(r.reason ?? '', /disk/);
  });

  it('a file that is not UTF-8 gets its encoding error only', async () => {
    const path = join(dir, '3501200000_20251125_002.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(validLine(0) + '\n'), Buffer.from([0xa4, 0xa4, 0xa4, 0xe5, 0x2c, 0x0a])]));
    const r = await check(path);
    assert.equal(r.errors, 1);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /UTF-8|Big5|encoding/i);
  });
});
