/**
 * "NHI Imaging: Check Linked Archives" in a real VS Code: archives made at test time beside a
 * CSV in the workspace (or in an archive folder outside it); the command's result, the diagnostics
 * it adds on field 14 of the right rows, and what becomes of them when archives change on disk
 * and when the language server restarts or crashes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FeatureContext } from '../../../client/src/feature';
import { CHECK_ARCHIVES_REQUEST, type CheckArchivesResult } from '../../../server/src/shared/archives';
import { archiveFindings, checkedIn, extensionApi, openCsv, writeDcf } from './archiveHelpers';
import { codeOf, crashServerWhenSent, waitFor } from './helpers';

const CSV = '3501200000_20251125_777.csv';
const GOOD = 'DCF3501200000_V00000000001.7z';
const SMALL = 'DCF3501200000_V00000000002.7z';
const MISSING = 'DCF3501200000_V00000000003.7z';

/** Replaces `dir/name` by an archive of images `size` pixels square, moved into place as a tool writing it would. */
async function replaceDcf(dir: string, name: string, size: number): Promise<void> {
  const stage = mkdtempSync(join(tmpdir(), 'nhi-archive-'));
  try {
    renameSync(await writeDcf(stage, name, size), join(dir, name));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

async function reportOf(doc: vscode.TextDocument, csvName: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'nhi-imaging-report', path: `/${csvName}.archives.md`, query: doc.uri.toString() }));
}

/** Runs `body` with nhiImaging.archiveFolder set to `folder` for the workspace; then sets it back and removes `scratch`. */
async function withArchiveFolder(folder: string, scratch: string, body: () => Promise<void>): Promise<void> {
  const settings = vscode.workspace.getConfiguration('nhiImaging');
  try {
    await settings.update('archiveFolder', folder, vscode.ConfigurationTarget.Workspace);
    await body();
  } finally {
    await settings.update('archiveFolder', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Checks a CSV whose archive folder, two levels under a new `scratch` folder, is missing; then creates the
 * folder (as a PACS export does, with both levels) and the archive: the missing-archive finding must go.
 */
async function checkedAgainWhenFolderAppears(scratchFolder: () => string, csvName: string, late: string): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    const doc = await openCsv(workspaceDir(), csvName, [late]);
    assert.equal(((await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult).ran, false);
    return;
  }
  const scratch = scratchFolder();
  const folder = join(scratch, 'pacs', 'exports');
  await withArchiveFolder(folder, scratch, async () => {
    const doc = await openCsv(workspaceDir(), csvName, [late]);
    await checkedIn(doc, folder);
    await waitFor('the missing-archive finding', () => archiveFindings(doc).length === 1);
    assert.deepEqual(archiveFindings(doc), [[0, 'A14-missing']]);
    // A watcher takes a moment to start.
    await new Promise((r) => setTimeout(r, 3000));
    mkdirSync(folder, { recursive: true });
    await writeDcf(folder, late, 512);
    await waitFor('the finding to go once the folder and its archive are there', () => archiveFindings(doc).length === 0, 30_000);
  });
}

/**
 * Closes `doc` (as the extension and the server see it: a language switch is a close and an open) at the moment
 * the client sends the archive check of it; until `restore` is called.
 */
function closeWhenChecked(client: FeatureContext['client'], doc: vscode.TextDocument): { restore: () => void } {
  const uri = client.code2ProtocolConverter.asUri(doc.uri);
  const closed = new Promise<void>((resolve) => {
    const listening = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.toString() !== doc.uri.toString()) return;
      listening.dispose();
      resolve();
    });
  });
  const send = client.sendRequest;
  client.sendRequest = function (this: unknown, ...args: unknown[]) {
    const [type, params] = args as [unknown, { uri?: string } | undefined];
    const answer = (send as (...a: unknown[]) => Promise<unknown>).apply(client, args);
    if (type !== CHECK_ARCHIVES_REQUEST || params?.uri !== uri) return answer;
    void vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    // However quickly the server answers, the answer is read after the close.
    return answer.then(async (a) => (await closed, a));
  } as typeof client.sendRequest;
  return { restore: () => void (client.sendRequest = send) };
}

/** The lines written to the Output channel until `restore` is called. */
function outputLines(output: vscode.OutputChannel): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const { append, appendLine } = output;
  output.append = (value: string) => void (lines.push(value), append.call(output, value));
  output.appendLine = (value: string) => void (lines.push(value), appendLine.call(output, value));
  return { lines, restore: () => void Object.assign(output, { append, appendLine }) };
}

describe('NHI Imaging: Check Linked Archives', function () {
  this.timeout(90_000);

  // In a trusted workspace the archives are read; in restricted mode (how the code-server runner
  // opens its workspace) the command must refuse and add nothing.
  it('checks the archives of the open CSV and puts the findings on field 14 of their rows', async function () {
    const dir = workspaceDir();
    await writeDcf(dir, GOOD, 512);
    await writeDcf(dir, SMALL, 256);
    const doc = await openCsv(dir, CSV, [GOOD, SMALL, MISSING]);

    const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult;
    assert.ok(result, 'the command returns its result');
    if (!vscode.workspace.isTrusted) {
      // Restricted mode: text validation only; the archives must not be read.
      assert.equal(result.ran, false);
      assert.match(result.reason ?? '', /not trusted/);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(archiveFindings(doc), []);
      return;
    }
    assert.equal(result.ran, true, result.reason);
    // The rows with findings; the report is asked for when the report document is read.
    assert.equal(result.rows, 3);
    assert.deepEqual(result.summaries.map((s) => [s.row, s.instances]), [[1, 1], [2, 0]]);
    assert.equal(result.report, undefined);
    assert.deepEqual(result.findings, { errors: 2, warnings: 0, infos: 0 });

    const found = await waitFor('the archive findings', () => (archiveFindings(doc).length >= 2 ? vscode.languages.getDiagnostics(doc.uri) : undefined));
    const byLine = found.filter((d) => codeOf(d).startsWith('A14-')).map((d) => [d.range.start.line, codeOf(d), doc.getText(d.range)]).sort();
    assert.deepEqual(byLine, [[1, 'A14-image-size', SMALL], [2, 'A14-missing', MISSING]]);
    const report = await reportOf(doc, CSV);
    assert.match(report.getText(), /# Archive check report[\s\S]*A14-image-size[\s\S]*A14-missing/);
  });

  it('opens the report of a check of a few rows beside the CSV, and leaves that of more than 1,000 rows to Show Report', async function () {
    const dir = workspaceDir();
    const shown = (name: string) => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes(`${name}.archives.md`)));
    const few = '3501200000_20251125_796.csv';
    const many = '3501200000_20251125_797.csv';
    const small = await openCsv(dir, few, ['DCF3501200000_V00000000071.7z']);
    const first = (await vscode.commands.executeCommand('nhiImaging.checkArchives', small.uri)) as CheckArchivesResult;
    if (!vscode.workspace.isTrusted) {
      assert.equal(first.ran, false);
      return;
    }
    await waitFor('the report of one row beside the CSV', () => shown(few));
    const archives = Array.from({ length: 1001 }, (_, i) => `DCF3501200000_V${String(100_000 + i).padStart(11, '0')}.7z`);
    const large = await openCsv(dir, many, archives);
    const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', large.uri)) as CheckArchivesResult;
    assert.deepEqual([result.ran, result.rows, result.summaries.length, result.omitted], [true, 1001, 1000, 1]);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(shown(many), false, 'no report of 1,001 rows opened by itself');
    // Asked for, it is the server's report of every row.
    const report = await reportOf(large, many);
    assert.equal(report.getText().match(/A14-missing/g)?.length, 1001);
  });

  it('run while the language server is starting, waits for it and checks, rather than saying it is not running', async function () {
    const dir = workspaceDir();
    const name = '3501200000_20251125_810.csv';
    const archive = 'DCF3501200000_V00000000081.7z';
    await writeDcf(dir, archive, 512);
    const doc = await openCsv(dir, name, [archive]);
    const { client } = await extensionApi();
    await client.stop();
    const starting = client.start();
    try {
      assert.equal(client.isRunning(), false, 'still starting');
      const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult | undefined;
      assert.ok(result, 'the command checked once the server ran');
      if (vscode.workspace.isTrusted) assert.equal(result.ran, true, result.reason);
      else assert.match(result.reason ?? '', /not trusted/);
    } finally {
      await starting;
    }
  });

  it('after the language server is stopped and started again, checks the archives again as they are now', async function () {
    const dir = workspaceDir();
    const name = '3501200000_20251125_778.csv';
    const small = 'DCF3501200000_V00000000012.7z';
    const missing = 'DCF3501200000_V00000000013.7z';
    await writeDcf(dir, small, 256);
    const doc = await openCsv(dir, name, [small, missing]);
    const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult;
    if (!vscode.workspace.isTrusted) {
      assert.equal(result.ran, false);
      return;
    }
    await waitFor('the first findings', () => archiveFindings(doc).length === 2);
    const report = await reportOf(doc, name);
    assert.match(report.getText(), /A14-image-size/);

    const { client, deadlinesView } = await extensionApi();
    await client.stop();
    try {
      await waitFor('the report to say its results are gone', () => /language server stopped/.test(report.getText()));
      // The deadlines view says why it lists nothing, and which command starts the server again.
      assert.match(deadlinesView?.message ?? '', /The language server is not running.*Restart Language Server/);
      // Changed while no server listens: only a fresh check can know.
      await replaceDcf(dir, small, 512);
    } finally {
      await vscode.commands.executeCommand('nhiImaging.restartServer');
    }

    const again = await waitFor('the archive findings of a new check', () => {
      const found = archiveFindings(doc);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(again, [[1, 'A14-missing']]);
    await waitFor('the report of the new check', () => /A14-missing/.test(report.getText()) && !/A14-image-size|stopped/.test(report.getText()));
    assert.equal(deadlinesView?.message, undefined, 'no message once the server runs again');
  });

  it('after the language server crashes, checks again, and the Output channel shows the restart without stray lines', async function () {
    const dir = workspaceDir();
    const name = '3501200000_20251125_779.csv';
    const missing = 'DCF3501200000_V00000000023.7z';
    const doc = await openCsv(dir, name, [missing]);
    const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult;
    const trusted = vscode.workspace.isTrusted;
    assert.equal(result.ran, trusted);
    if (trusted) await waitFor('the first findings', () => archiveFindings(doc).length === 1);

    const { client, output } = await extensionApi();
    const { lines, restore } = outputLines(output);
    try {
      // The process the library started; killing it is a crash as far as the extension can tell.
      const pid = (client as unknown as { _serverProcess?: { pid?: number } })._serverProcess?.pid;
      assert.equal(typeof pid, 'number', 'the server process is known');
      process.kill(pid!, 'SIGKILL');
      await waitFor('the automatic restart', () => lines.some((l) => /Server will restart/.test(l)) && client.isRunning());
      const stray = lines.filter((l) => /^\s*(true|false)\s*$/.test(l));
      assert.deepEqual(stray, [], `Output channel lines: ${JSON.stringify(lines)}`);
      if (trusted) {
        assert.deepEqual(await waitFor('the archive findings again', () => (archiveFindings(doc).length ? archiveFindings(doc) : undefined)), [[0, 'A14-missing']]);
      } else {
        await waitFor('the diagnostics again', () => vscode.languages.getDiagnostics(doc.uri).length > 0);
      }
    } finally {
      restore();
    }
  });

  it('re-checks when an archive changes in an archive folder outside the workspace', async function () {
    if (!vscode.workspace.isTrusted) {
      // nhiImaging.archiveFolder is a restricted setting: nothing to watch in restricted mode.
      const doc = await openCsv(workspaceDir(), '3501200000_20251125_780.csv', ['DCF3501200000_V00000000031.7z']);
      const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult;
      assert.equal(result.ran, false);
      return;
    }
    const outside = mkdtempSync(join(tmpdir(), 'nhi-archive-folder-'));
    const small = 'DCF3501200000_V00000000031.7z';
    await writeDcf(outside, small, 256);
    await withArchiveFolder(outside, outside, async () => {
      const doc = await openCsv(workspaceDir(), '3501200000_20251125_780.csv', [small]);
      await checkedIn(doc, outside);
      await waitFor('the image-size finding', () => archiveFindings(doc).length === 1);
      assert.deepEqual(archiveFindings(doc), [[0, 'A14-image-size']]);

      // VS Code starts the watcher of a folder outside the workspace in its file watcher process after the
      // check asked for it, and a change before that watcher runs is not reported: if the first replacement is
      // not seen, the archive is written once more, as a user saving again would.
      await replaceDcf(outside, small, 512);
      const seen = await waitFor('the finding to go after the archive changed', () => archiveFindings(doc).length === 0, 10_000).catch(() => false);
      if (!seen) {
        await replaceDcf(outside, small, 512);
        await waitFor('the finding to go after the archive was written again', () => archiveFindings(doc).length === 0, 30_000);
      }
    });
  });

  it('checks again when the archive folder outside the workspace did not exist at the check and appears later with its archives', async function () {
    await checkedAgainWhenFolderAppears(() => mkdtempSync(join(tmpdir(), 'nhi-later-folder-')), '3501200000_20251125_782.csv', 'DCF3501200000_V00000000051.7z');
  });

  it('checks again when the archive folder inside the workspace did not exist at the check and appears later with its archives', async function () {
    await checkedAgainWhenFolderAppears(() => mkdtempSync(join(workspaceDir(), 'later-')), '3501200000_20251125_783.csv', 'DCF3501200000_V00000000052.7z');
  });

  it('checks again when a missing archive appears beside a CSV outside the workspace (one opened by itself from the Explorer)', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-outside-'));
    try {
      const late = 'DCF3501200000_V00000000041.7z';
      const doc = await openCsv(dir, '3501200000_20251125_781.csv', [late]);
      const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult;
      if (!vscode.workspace.isTrusted) {
        assert.equal(result.ran, false);
        return;
      }
      await waitFor('the missing-archive finding', () => archiveFindings(doc).length === 1);
      assert.deepEqual(archiveFindings(doc), [[0, 'A14-missing']]);
      // The archive arrives a while later, as it does from a PACS export (a watcher takes a moment to start).
      await new Promise((r) => setTimeout(r, 3000));
      await writeDcf(dir, late, 512);
      await waitFor('the finding to go once the archive is there, without checking again by hand', () => archiveFindings(doc).length === 0, 30_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a CSV closed while the language server restarts is not checked again, warns of nothing, and its report is dropped', async function () {
    const dir = workspaceDir();
    const docs: vscode.TextDocument[] = [];
    for (const n of [1, 2, 3]) docs.push(await openCsv(dir, `3501200000_20251125_79${n}.csv`, [`DCF3501200000_V0000000006${n}.7z`]));
    const results = [];
    for (const doc of docs) results.push((await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult);
    if (!vscode.workspace.isTrusted) {
      assert.deepEqual(results.map((r) => r.ran), [false, false, false]);
      return;
    }
    const reports = await Promise.all(docs.map((doc, i) => reportOf(doc, `3501200000_20251125_79${i + 1}.csv`)));
    for (const report of reports) await waitFor('the first report', () => /A14-missing/.test(report.getText()));
    const [closedWhileStopped, closedAsChecked, kept] = docs;

    const { client, output } = await extensionApi();
    const written = outputLines(output);
    let closing: { restore: () => void } | undefined;
    try {
      await client.stop();
      await waitFor('the reports to say their results are gone', () => reports.every((r) => /language server stopped/.test(r.getText())));
      await vscode.languages.setTextDocumentLanguage(closedWhileStopped, 'plaintext');
      closing = closeWhenChecked(client, closedAsChecked);
    } finally {
      await vscode.commands.executeCommand('nhiImaging.restartServer');
    }
    try {
      await waitFor('the CSV left open to be checked again', () => /A14-missing/.test(reports[2].getText()) && !/stopped/.test(reports[2].getText()));
      assert.deepEqual(archiveFindings(kept), [[0, 'A14-missing']]);
      for (const report of reports.slice(0, 2)) {
        await waitFor('the report of a closed CSV to go', () => /No check results/.test(report.getText())).catch((e: Error) => {
          throw new Error(`${e.message}: ${report.uri.toString()} ${report.getText()}`);
        });
        assert.doesNotMatch(report.getText(), /A14-missing|stopped/);
      }
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(written.lines.filter((l) => /could not be checked again/.test(l)), [], `Output channel lines: ${JSON.stringify(written.lines)}`);
    } finally {
      closing?.restore();
      written.restore();
    }
  });

  it('a CSV closed while its archives are checked shows no report and no warning', async function () {
    const doc = await openCsv(workspaceDir(), '3501200000_20251125_794.csv', ['DCF3501200000_V00000000064.7z']);
    const { client } = await extensionApi();
    const closing = closeWhenChecked(client, doc);
    try {
      const result = await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri);
      assert.equal(result, undefined, `what the command answered: ${JSON.stringify(result)}`);
    } finally {
      closing.restore();
    }
    assert.match((await reportOf(doc, '3501200000_20251125_794.csv')).getText(), /No check results/);
  });
  it('a check the language server dies during ends quietly, and the CSV is checked once the server runs again', async function () {
    const doc = await openCsv(workspaceDir(), '3501200000_20251125_795.csv', ['DCF3501200000_V00000000065.7z']);
    const { client } = await extensionApi();
    const crash = crashServerWhenSent(client, CHECK_ARCHIVES_REQUEST, doc.uri);
    try {
      assert.equal(await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri), undefined);
    } finally {
      crash.restore();
    }
    await waitFor('the automatic restart', () => client.isRunning());
    if (vscode.workspace.isTrusted) {
      assert.deepEqual(await waitFor('the archive findings of the check after the restart', () => (archiveFindings(doc).length ? archiveFindings(doc) : undefined)), [[0, 'A14-missing']]);
    }
  });
});
