/**
 * The archive check over the wire: nhiImaging/checkArchives with progress, findings merged into
 * the document's diagnostics on field 14, and a re-check after nhiImaging/archivesChanged.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './harness';
import { withRawClient } from './rawClient';
import type { RegistrationParams } from 'vscode-languageserver-protocol';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import {
  ARCHIVE_PROGRESS_NOTIFICATION,
  ARCHIVES_CHANGED_NOTIFICATION,
  ARCHIVES_CHECKED_NOTIFICATION,
  ARCHIVE_REPORT_REQUEST,
  CHECK_ARCHIVES_REQUEST,
  MAX_SUMMARIES,
  type ArchiveProgressParams,
  type ArchiveReportResult,
  type CheckArchivesResult,
} from '../../server/src/shared/archives';
import { writeDcfArchive } from '../fixtures/archives';
import { CHECK_FILE_REQUEST, type CheckFileResult } from '../../server/src/shared/fileCheck';
import { BUILD_REQUEST, type BuildResult } from '../../server/src/shared/build';

const GOOD = 'DCF3501200000_C00000000001.7z';
const LATE = 'DCF3501200000_C00000000002.7z';

function writeDcf(dir: string, name: string, studyDate = '20251125'): Promise<string> {
  return writeDcfArchive(dir, name, { studyDate, birthDate: '19860312' });
}

describe('language server over stdio: archive checks', function () {
  this.timeout(60000);
  let client: LspClient;
  let dir: string;
  const progress: ArchiveProgressParams[] = [];
  const workDone: unknown[] = [];
  const rechecked: CheckArchivesResult[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-archives-'));
    client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: '2025-11-25T04:00:00Z' } });
    client.conn.onNotification(ARCHIVE_PROGRESS_NOTIFICATION, (p: ArchiveProgressParams) => progress.push(p));
    client.conn.onNotification('$/progress', (p: unknown) => workDone.push(p));
    client.conn.onNotification(ARCHIVES_CHECKED_NOTIFICATION, (r: CheckArchivesResult) => rechecked.push(r));
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks, reports progress, merges findings on field 14, answers the report when asked and re-checks after a change on disk', async () => {
    await writeDcf(dir, GOOD);
    const csvPath = join(dir, '3501200000_20251125_001.csv');
    const row1 = EXAMPLE_ROW.join(',');
    const row2 = EXAMPLE_ROW.map((v, i) => (i === 13 ? LATE : i === 10 ? '2' : v)).join(',');
    const text = `${row1}\r\n${row2}\r\n`;
    writeFileSync(csvPath, text);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, text);

    assert.deepEqual(await client.request<ArchiveReportResult>(ARCHIVE_REPORT_REQUEST, { uri }), { uri, report: null }, 'no check yet');
    const result = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri, complete: false, workDoneToken: 'archives-1' });
    assert.equal(result.ran, true);
    // The rows with findings only, and no report: that is asked for.
    assert.equal(result.rows, 2);
    assert.deepEqual(result.summaries.map((s) => [s.row, s.archive, s.instances]), [[1, LATE, 0]]);
    assert.equal(result.omitted, 0);
    assert.deepEqual(result.findings, { errors: 1, warnings: 0, infos: 0 });
    assert.equal(result.report, undefined);
    const { report: asked } = await client.request<ArchiveReportResult>(ARCHIVE_REPORT_REQUEST, { uri });
    assert.match(asked ?? '', /# Archive check report[\s\S]*✅ Row 1 \(line 1\)[\s\S]*❌ Row 2 \(line 2\)[\s\S]*A14-missing/);
    // Progress is throttled: the last report, sent as the check ends, is an archive's end.
    assert.ok(progress.some((p) => p.uri === uri && p.phase === 'done' && p.total === 2));
    assert.ok(workDone.length >= 2, 'begin and end of $/progress');

    const report = await client.pull(uri);
    const missing = report.items!.filter((d) => d.code === 'A14-missing');
    assert.equal(missing.length, 1);
    assert.equal(missing[0].range.start.line, 1);
    assert.equal(text.split('\r\n')[1].slice(missing[0].range.start.character, missing[0].range.end.character), LATE);

    // Without `complete` (other editors' requests): every row's summary and the report, as every answer was before the
    // report could be asked for apart.
    const complete = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
    assert.deepEqual(complete.summaries.map((s) => [s.row, s.archive, s.instances]), [[0, GOOD, 1], [1, LATE, 0]]);
    assert.deepEqual([complete.rows, complete.omitted, complete.findings], [2, 0, { errors: 1, warnings: 0, infos: 0 }]);
    // A second check of the same archives: the same report but for the time each archive took to read.
    const untimed = (md: string | null | undefined) => md?.replace(/\| \d+\.\d s \|/g, '| (time) |');
    assert.equal(untimed(complete.report), untimed(asked));
    assert.equal((await client.request<ArchiveReportResult>(ARCHIVE_REPORT_REQUEST, { uri })).report, complete.report, 'the report of the last check');

    await writeDcf(dir, LATE);
    await client.conn.sendNotification(ARCHIVES_CHANGED_NOTIFICATION, { paths: [join(dir, LATE)] });
    const again = await client.waitFor(() => rechecked.find((r) => r.uri === uri), 15000);
    assert.equal(again.ran, true);
    assert.deepEqual(again.findings, { errors: 0, warnings: 0, infos: 0 });
    // Of the shape the last request asked for.
    assert.deepEqual(again.summaries.map((s) => [s.row, s.instances]), [[0, 1], [1, 1]]);
    assert.match(again.report ?? '', /✅ Row 2 \(line 2\)/);
    assert.equal((await client.request<ArchiveReportResult>(ARCHIVE_REPORT_REQUEST, { uri })).report, again.report);
    const after = await client.pull(uri);
    assert.equal(after.items!.filter((d) => String(d.code).startsWith('A14-')).length, 0);
    await client.close(uri);
    assert.equal((await client.request<ArchiveReportResult>(ARCHIVE_REPORT_REQUEST, { uri })).report, null, 'closed: its check is gone');
  });

  it('answers a check of many rows with missing archives with the counts and the first rows, and the report when asked, as complete answered it', async () => {
    const folder = mkdtempSync(join(dir, 'answer-'));
    const csvPath = join(folder, '3501200000_20251125_001.csv');
    const n = 2500;
    const archive = (k: number) => `DCF3501200000_C${String(k).padStart(11, '0')}.7z`;
    const text = Array.from({ length: n }, (_, k) => EXAMPLE_ROW.map((v, i) => (i === 13 ? archive(k) : v)).join(',') + '\r\n').join('');
    writeFileSync(csvPath, text);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, text);
    const answer = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri, complete: false });
    assert.deepEqual([answer.rows, answer.findings, answer.omitted], [n, { errors: n, warnings: 0, infos: 0 }, n - MAX_SUMMARIES]);
    assert.deepEqual(answer.summaries.map((s) => [s.row, s.archive, s.path, s.worst]), Array.from({ length: MAX_SUMMARIES }, (_, k) => [k, archive(k), null, 'error']));
    assert.equal(answer.report, undefined);
    const { report } = await client.request<ArchiveReportResult>(ARCHIVE_REPORT_REQUEST, { uri });
    const complete = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri, complete: true });
    assert.equal(complete.summaries.length, n);
    assert.equal(complete.omitted, 0);
    assert.equal(report, complete.report, 'the report asked for is the one complete carries');
    assert.equal(report!.match(/A14-missing/g)?.length, n);
    // The answer summarises no more rows however many there are (about 0.3 KB a summary): here a fifth of the
    // complete answer, on 100,000 rows 0.5 % of it (BENCHMARKS.md).
    const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
    assert.ok(size(answer) < MAX_SUMMARIES * 400, `${size(answer)} bytes`);
    assert.ok(size(complete) > 5 * size(answer), `${size(complete)} bytes against ${size(answer)}`);
    await client.close(uri);
  });

  it('reports the progress of many missing archives a few times a second, not twice per archive', async () => {
    const folder = mkdtempSync(join(dir, 'many-'));
    const csvPath = join(folder, '3501200000_20251125_001.csv');
    const n = 3000;
    const text = Array.from({ length: n }, (_, k) => EXAMPLE_ROW.map((v, i) => (i === 13 ? `DCF3501200000_C${String(k).padStart(11, '0')}.7z` : v)).join(',') + '\r\n').join('');
    writeFileSync(csvPath, text);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, text);
    const token = 'archives-many';
    const started = Date.now();
    const result = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri, workDoneToken: token });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(result.findings.errors, n);
    const own = progress.filter((p) => p.uri === uri);
    const reports = workDone.filter((p) => (p as { token?: unknown; value?: { kind?: string } }).token === token && (p as { value: { kind: string } }).value.kind === 'report');
    // At most one per 100 ms, the first and the last: unthrottled, a start and an end per archive (6,000).
    const most = Math.ceil(seconds * 10) + 2;
    assert.ok(own.length >= 1 && own.length <= most, `${own.length} nhiImaging/archiveProgress in ${seconds} s`);
    assert.ok(reports.length >= 1 && reports.length <= most, `${reports.length} $/progress reports in ${seconds} s`);
    assert.equal(own[own.length - 1].phase, 'done');
    await client.close(uri);
  });

  it('moves archive findings with their rows when lines are inserted, and drops them when the row goes', async () => {
    const csvPath = join(dir, '3501200000_20251125_003.csv');
    const row = EXAMPLE_ROW.map((v, i) => (i === 13 ? 'DCF3501200000_C00000000009.7z' : v)).join(',');
    const text = `${row}\r\n`;
    writeFileSync(csvPath, text);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, text);
    const result = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
    assert.equal(result.findings.errors, 1);
    const a14 = async () => (await client.pull(uri)).items!.filter((d) => String(d.code).startsWith('A14-'));
    assert.deepEqual((await a14()).map((d) => d.range.start.line), [0]);
    const other = EXAMPLE_ROW.map((v, i) => (i === 13 ? GOOD : v)).join(',');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${other}\r\n` }]);
    const moved = await a14();
    assert.deepEqual(moved.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['A14-missing', 1, row.lastIndexOf('DCF')]]);
    await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
    assert.deepEqual(await a14(), []);
  });

  it('moves the findings of an archive named on two rows with both rows', async () => {
    const csvPath = join(dir, '3501200000_20251125_004.csv');
    const missing = 'DCF3501200000_C00000000008.7z';
    const row = (serial: string) => EXAMPLE_ROW.map((v, i) => (i === 13 ? missing : i === 5 ? serial : v)).join(',');
    const text = `${row('0001')}\r\n${row('0002')}\r\n`;
    writeFileSync(csvPath, text);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, text);
    await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
    const lines = async () => (await client.pull(uri)).items!.filter((d) => d.code === 'A14-missing').map((d) => d.range.start.line).sort();
    assert.deepEqual(await lines(), [0, 1]);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${EXAMPLE_ROW.map((v, i) => (i === 13 ? GOOD : v)).join(',')}\r\n` }]);
    assert.deepEqual(await lines(), [1, 2]);
  });

  it('moves archive findings through a change of the whole text, and drops one when its row names another archive', async () => {
    const csvPath = join(dir, '3501200000_20251125_006.csv');
    const missing = 'DCF3501200000_C00000000007.7z';
    const row = EXAMPLE_ROW.map((v, i) => (i === 13 ? missing : v)).join(',');
    const other = EXAMPLE_ROW.map((v, i) => (i === 13 ? GOOD : i === 10 ? '2' : v)).join(',');
    writeFileSync(csvPath, `${row}\r\n`);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, `${row}\r\n`);
    await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
    const a14 = async () => (await client.pull(uri)).items!.filter((d) => d.code === 'A14-missing').map((d) => [d.range.start.line, d.range.start.character]);
    assert.deepEqual(await a14(), [[0, row.lastIndexOf('DCF')]]);
    // As a client that syncs the whole text sends an edit.
    await client.change(uri, [{ text: `${other}\r\n${other}\r\n${row}\r\n` }]);
    assert.deepEqual(await a14(), [[2, row.lastIndexOf('DCF')]]);
    const at = row.lastIndexOf('7.7z');
    await client.change(uri, [{ range: { start: { line: 2, character: at }, end: { line: 2, character: at + 1 } }, text: '6' }]);
    assert.deepEqual(await a14(), []);
  });

  it('re-checks in the new folder when nhiImaging.archiveFolder changes, and back when it is removed', async () => {
    const csvPath = join(dir, '3501200000_20251125_005.csv');
    const text = `${EXAMPLE_ROW.map((v, i) => (i === 13 ? LATE : v)).join(',')}\r\n`;
    writeFileSync(csvPath, text);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, text);
    const sub = join(dir, 'zips');
    mkdirSync(sub, { recursive: true });
    await writeDcf(sub, LATE);
    rmSync(join(dir, LATE), { force: true });
    const first = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
    assert.equal(first.findings.errors, 1, 'missing beside the CSV');

    rechecked.length = 0;
    await client.changeSettings({ ...client.settings, archiveFolder: 'zips' });
    const inZips = await client.waitFor(() => rechecked.find((r) => r.uri === uri), 15000);
    assert.equal(inZips.ran, true);
    assert.deepEqual(inZips.findings, { errors: 0, warnings: 0, infos: 0 });
    assert.equal((await client.pull(uri)).items!.filter((d) => d.code === 'A14-missing').length, 0);

    rechecked.length = 0;
    await client.changeSettings({ ...client.settings, archiveFolder: '' });
    const back = await client.waitFor(() => rechecked.find((r) => r.uri === uri), 15000);
    assert.equal(back.findings.errors, 1, 'missing beside the CSV again');
    await client.close(uri);
  });

  it('a check asked right after start-up looks in the configured archive folder, and names the folder it read', async () => {
    const sub = join(dir, 'startup-zips');
    mkdirSync(sub, { recursive: true });
    await writeDcf(sub, LATE);
    const csvPath = join(dir, '3501200000_20251125_006.csv');
    const text = `${EXAMPLE_ROW.map((v, i) => (i === 13 ? LATE : v)).join(',')}\r\n`;
    writeFileSync(csvPath, text);
    // As after a restart: the check follows initialized and didOpen before the settings were answered.
    const fresh = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: '2025-11-25T04:00:00Z', archiveFolder: sub } });
    try {
      const uri = pathToFileURL(csvPath).href;
      await fresh.open(uri, text);
      const r = await fresh.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
      assert.equal(r.ran, true);
      assert.deepEqual(r.findings, { errors: 0, warnings: 0, infos: 0 });
      assert.equal(r.archiveFolder, sub);
    } finally {
      await fresh.stop();
    }
  });

  it('a check asked right after a settings change looks in the new archive folder', async () => {
    const sub = join(dir, 'changed-zips');
    mkdirSync(sub, { recursive: true });
    const name = 'DCF3501200000_C00000000007.7z';
    await writeDcf(sub, name);
    const csvPath = join(dir, '3501200000_20251125_007.csv');
    const text = `${EXAMPLE_ROW.map((v, i) => (i === 13 ? name : v)).join(',')}\r\n`;
    writeFileSync(csvPath, text);
    const uri = pathToFileURL(csvPath).href;
    await client.open(uri, text);
    const before = client.settings;
    try {
      await client.changeSettings({ ...before, archiveFolder: sub });
      const r = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
      assert.equal(r.archiveFolder, sub);
      assert.deepEqual(r.findings, { errors: 0, warnings: 0, infos: 0 });
    } finally {
      await client.changeSettings(before);
      await client.close(uri);
    }
  });

  it('does not read archives in an untrusted workspace', async () => {
    const untrusted = await LspClient.start({ pull: true, initializationOptions: { trusted: false }, settings: { language: 'en' } });
    try {
      const uri = pathToFileURL(join(dir, '3501200000_20251125_002.csv')).href;
      await untrusted.open(uri, `${EXAMPLE_ROW.join(',')}\r\n`);
      const r = await untrusted.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
      assert.equal(r.ran, false);
      assert.match(r.reason ?? '', /not trusted/);
    } finally {
      await untrusted.stop();
    }
  });

  it('refuses in the language of the settings also when asked before they arrive (nhiImaging.language against the client\'s locale)', async () => {
    const uri = pathToFileURL(join(dir, '3501200000_20251125_002.csv')).href;
    const slow = await LspClient.start({ pull: true, locale: 'zh-tw', initializationOptions: { trusted: false }, settings: { language: 'en' }, configurationDelayMs: 1500 });
    try {
      const [archives, file, build] = await Promise.all([
        slow.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri }),
        slow.request<CheckFileResult>(CHECK_FILE_REQUEST, { uri }),
        slow.request<BuildResult>(BUILD_REQUEST, { uri, format: '7z' }),
      ]);
      for (const text of [archives.reason, file.reason, build.error?.message]) assert.match(text ?? '', /^The workspace is not trusted/, text);
    } finally {
      await slow.stop();
    }
  });

  it('says, when it refuses to read from disk in an untrusted workspace, how to grant trust (both languages)', async () => {
    const uri = pathToFileURL(join(dir, '3501200000_20251125_002.csv')).href;
    const cases = [
      { language: 'en' as const, locale: 'en', trust: /run "Workspaces: Manage Workspace Trust", trust the workspace and (check them|check it|build) again\.$/ },
      { language: 'zh-TW' as const, locale: 'zh-tw', trust: /請執行命令「工作區: 管理工作區信任」並信任此工作區，再(檢查|建置)一次。$/ },
    ];
    for (const { language, locale, trust } of cases) {
      const untrusted = await LspClient.start({ pull: true, locale, initializationOptions: { trusted: false }, settings: { language } });
      try {
        await untrusted.open(uri, `${EXAMPLE_ROW.join(',')}\r\n`);
        const archives = await untrusted.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri });
        const file = await untrusted.request<CheckFileResult>(CHECK_FILE_REQUEST, { uri });
        const build = await untrusted.request<BuildResult>(BUILD_REQUEST, { uri, format: '7z' });
        for (const [what, text] of [['archives', archives.reason], ['file', file.reason], ['build', build.error?.message]] as const) {
          assert.match(text ?? '', trust, `${language} ${what}: ${text}`);
        }
      } finally {
        await untrusted.stop();
      }
    }
  });
  it('a client that watches files for the server (Helix, Neovim, eglot, lsp-mode, Sublime, Zed) is asked to watch the archives, and its workspace/didChangeWatchedFiles re-checks the documents whose last check named one', async () => {
    const csvPath = join(dir, '3501200000_20251125_007.csv');
    const text = `${EXAMPLE_ROW.map((v, i) => (i === 13 ? LATE : v)).join(',')}\r\n`;
    writeFileSync(csvPath, text);
    rmSync(join(dir, LATE), { force: true });
    const uri = pathToFileURL(csvPath).href;
    const capabilities = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: false } } };
    await withRawClient({ capabilities }, async (client) => {
      const registrations = await client.waitFor(() => client.sent('client/registerCapability').at(0));
      assert.deepEqual((registrations.params as RegistrationParams).registrations.map((r) => [r.method, r.registerOptions]), [
        ['workspace/didChangeWatchedFiles', { watchers: [{ globPattern: '**/*.{7[zZ],[cC][aA][bB]}' }] }],
      ]);
      client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: { language: 'en', deadlineReferenceTime: '2025-11-25T04:00:00Z' } } });
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'csv', version: 1, text } });
      const first = (await client.request(CHECK_ARCHIVES_REQUEST, { uri })).result as CheckArchivesResult;
      assert.deepEqual(first.findings, { errors: 1, warnings: 0, infos: 0 });
      const codes = (m: { params?: unknown }): string[] => (m.params as { diagnostics: { code?: unknown }[] }).diagnostics.map((d) => String(d.code));
      await client.waitFor(() => client.sent('textDocument/publishDiagnostics').find((m) => codes(m).includes('A14-missing')));
      const published = client.sent('textDocument/publishDiagnostics').length;

      await writeDcf(dir, LATE);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'unrelated.7z')).href, type: 1 }, { uri: pathToFileURL(join(dir, LATE)).href, type: 1 }] });
      await client.waitFor(() => client.sent('textDocument/publishDiagnostics').slice(published).find((m) => !codes(m).some((c) => c.startsWith('A14-'))), 15000);
      // A client that did not ask for them is sent no notifications of the server's own.
      assert.deepEqual(client.sent(ARCHIVES_CHECKED_NOTIFICATION), []);
    });
  });

  it('a client that cannot register watchers is not asked to', async () => {
    await withRawClient({ capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } } }, async (client) => {
      await client.request('textDocument/documentSymbol', { textDocument: { uri: pathToFileURL(join(dir, 'none.csv')).href } });
      assert.deepEqual(client.sent('client/registerCapability'), []);
    });
  });
});
