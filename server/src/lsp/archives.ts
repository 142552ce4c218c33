/**
 * Archive checks in the editor: the `nhiImaging/checkArchives` request runs checkLinkedArchives
 * for an open upload CSV, reports progress ($/progress when the client sends a workDoneToken,
 * and `nhiImaging/archiveProgress` notifications), honours cancellation, merges the findings into
 * the document's diagnostics (findings source "archives") and answers the counts and the rows with findings
 * (archiveAnswer.ts); `nhiImaging/archiveReport` answers the Markdown report of the last check, made when it is
 * asked for. When the client reports archives changed on disk, documents whose last
 * check named one of them are checked again and `nhiImaging/archivesChecked` carries the result; so are
 * documents whose archive folder changed with the nhiImaging.archiveFolder setting.
 * Untrusted workspaces: no file access, the request answers with `ran: false`.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CancellationToken,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ResponseError,
  type DidChangeWatchedFilesParams,
  type FileEvent,
} from 'vscode-languageserver';
import { checkLinkedArchives, type ArchiveProgress } from '../core/archive/check';
import { CheckPoolKeeper } from '../core/archive/check-pool';
import { say } from '../core/i18n';
import { untrustedRefusal } from './untrusted';
import type { ServerContext } from './context';
import {
  ARCHIVE_PROGRESS_NOTIFICATION,
  ARCHIVE_REPORT_REQUEST,
  ARCHIVES_CHANGED_NOTIFICATION,
  ARCHIVES_CHECKED_NOTIFICATION,
  CHECK_ARCHIVES_REQUEST,
  type ArchiveProgressParams,
  type ArchiveReportParams,
  type ArchiveReportResult,
  type ArchivesChangedParams,
  type CheckArchivesParams,
  type CheckArchivesResult,
} from '../shared/archives';
import { localPathOf } from './localPath';
import { workDoneTokenOf } from './protocolShapes';
import { isSamePath } from '../core/local-paths';
import { expandPathVariables } from '../core/path-variables';
import { workspaceFolderOf } from './workspaceFolderOf';
import { misdecoded } from './misdecoded';
import { ArchiveFindings } from './archiveFindings';
import { ProgressThrottle } from './progressThrottle';
import { checkedAnswer, notRunAnswer } from './archiveAnswer';
import { KeptArchiveReport } from './keptArchiveReport';

export const ARCHIVES_SOURCE = 'archives';
/** The archives a client that watches files for the server is asked to report (LSP glob: 7z and CAB, in either case). */
export const ARCHIVE_GLOB = '**/*.{7[zZ],[cC][aA][bB]}';
/** Changes on disk arrive in bursts (an archive being written): wait for quiet before re-checking. */
const RECHECK_DELAY_MS = 750;

interface Checked {
  archiveDir: string;
  /** The findings of the last check, following their rows through edits. */
  findings: ArchiveFindings;
  /** Archive names (field 14) the last check looked for, upper-cased for case-insensitive file systems. */
  names: Set<string>;
  mode: 'quick' | 'full';
  /** The last request asked for every summary and the report: a re-check's notification carries them too. */
  complete: boolean;
  /** What the report of the check as it ran (its findings on the rows of then) is made of, in its message language. */
  report: KeptArchiveReport;
}

/**
 * The archive folder for a CSV: the setting (relative to the CSV's folder, or absolute), else the CSV's folder.
 * The setting's `\` and `/` both separate folders, as in a draft's paths: a workspace's settings.json written on
 * Windows (`..\\archives`) is read alike elsewhere. `~`, `${userHome}`, `${workspaceFolder}`, `${env:NAME}` and on
 * Windows `%NAME%` are expanded first (core/path-variables.ts).
 */
export function archiveDirFor(
  csvPath: string,
  setting: string,
  platform: NodeJS.Platform = process.platform,
  context: { workspaceFolder?: string; home?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): string {
  const api = platform === 'win32' ? path.win32 : path.posix;
  const base = api.dirname(csvPath);
  const s = setting.trim();
  if (s === '') return base;
  const expanded = expandPathVariables(s, { platform, home: context.home ?? os.homedir(), env: context.env ?? process.env, workspaceFolder: context.workspaceFolder });
  return api.resolve(base, expanded.replace(/[\\/]/g, api.sep));
}

export function register(ctx: ServerContext): void {
  const checked = new Map<string, Checked>();
  const running = new Map<string, AbortController>();
  // The check's worker threads stay (idle ones do not keep the process alive) so that the next check runs compiled code.
  const workerPool = new CheckPoolKeeper();

  function archiveDirOf(uri: string, csvPath: string): string {
    const folder = workspaceFolderOf(uri, ctx.workspaceFolders());
    const workspaceFolder = folder === undefined ? undefined : localPathOf(folder.uri);
    return archiveDirFor(csvPath, ctx.settings.get(uri).archiveFolder, process.platform, { workspaceFolder });
  }

  // The extension's progress notification goes to a client that asked for the server's own notifications (lsp-mode
  // warns of each one it does not know); $/progress, for a workDoneToken, to any.
  const ownNotifications = ctx.initializationOptions.statusNotifications === true;

  async function run(uri: string, mode: 'quick' | 'full', complete: boolean, token: CancellationToken, workDoneToken?: string | number): Promise<CheckArchivesResult> {
    // Right after start-up the settings (the messages' language, the archive folder) may still be on their way.
    await ctx.settings.ready();
    const lang = ctx.lang();
    const notRun = (reason: string): CheckArchivesResult => notRunAnswer(uri, reason, complete);
    if (!ctx.trusted()) return notRun(untrustedRefusal(lang, { zh: '不讀取壓縮檔', en: 'archives are not read' }, { zh: '檢查一次', en: 'check them again' }));
    const doc = ctx.documents.get(uri);
    if (!doc) return notRun(say(lang, '文件未開啟', 'The document is not open'));
    const csvPath = localPathOf(uri);
    if (csvPath === undefined) return notRun(say(lang, '文件不是本機磁碟上的檔案：找不到壓縮檔所在的資料夾', 'The document is not a file on a local disk: no folder to find archives in'));
    // NUL in a text not stored as UTF-8 (UTF-16 read as UTF-8): no rows, so no archive names to look for.
    if (misdecoded(ctx, doc)?.noRows) {
      return notRun(say(lang, '此 CSV 不是 UTF-8 文字（編輯器中的內容含 NUL 字元），讀不出資料列：請先以 UTF-8 儲存再檢查壓縮檔', 'The CSV is not UTF-8 text (NUL characters in the editor), so it has no rows to read: save it as UTF-8, then check the archives'));
    }

    running.get(uri)?.abort();
    const abort = new AbortController();
    running.set(uri, abort);
    const archiveDir = archiveDirOf(uri, csvPath);
    const cancel = token.onCancellationRequested(() => abort.abort());
    const workDone = ctx.connection.window.attachWorkDoneProgress(workDoneToken);
    workDone.begin(say(lang, '檢查影像壓縮檔', 'Checking linked archives'), 0, undefined, true);
    // Every archive reports as it starts and ends: a batch of missing ones would send thousands of messages a second.
    const progress = new ProgressThrottle((p: ArchiveProgress) => {
      const params: ArchiveProgressParams = { uri, archive: p.archive, index: p.index + 1, total: p.total, entriesDone: p.entriesDone, entriesTotal: p.entriesTotal, phase: p.phase };
      if (ownNotifications) void ctx.connection.sendNotification(ARCHIVE_PROGRESS_NOTIFICATION, params);
      const pct = p.total ? Math.floor(((p.index + (p.entriesTotal ? p.entriesDone / p.entriesTotal : 0)) / p.total) * 100) : 0;
      workDone.report(Math.min(100, pct), `${p.archive} (${p.index + 1}/${p.total})`);
    });
    try {
      const rows = [...doc.rows];
      const result = await checkLinkedArchives(csvPath, rows, {
        archiveDir,
        options: ctx.optionsFor(uri),
        mode,
        signal: abort.signal,
        workerPool,
        onProgress: (p) => progress.push(p),
      });
      progress.flush();
      ctx.findings.set(uri, ARCHIVES_SOURCE, result.findings);
      const nameOfRow = new Map(result.summaries.map((s) => [s.row, s.archive]));
      checked.set(uri, {
        archiveDir,
        mode,
        complete,
        report: new KeptArchiveReport(result, lang),
        names: new Set(result.summaries.map((s) => s.archive.toUpperCase())),
        findings: new ArchiveFindings(result.findings.map((finding) => ({ finding, archive: nameOfRow.get(finding.row ?? -1) ?? '' })), ctx.documents.get(uri)),
      });
      return checkedAnswer(uri, archiveDir, result, lang, complete);
    } catch (e) {
      if (abort.signal.aborted) return notRun(say(lang, '已取消', 'Cancelled'));
      ctx.log(`archive check of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      throw new ResponseError(LSPErrorCodes.RequestFailed, e instanceof Error ? e.message : String(e));
    } finally {
      progress.dispose();
      cancel.dispose();
      workDone.done();
      if (running.get(uri) === abort) running.delete(uri);
    }
  }

  ctx.connection.onRequest(CHECK_ARCHIVES_REQUEST, (params: CheckArchivesParams, token: CancellationToken) => {
    // The parameters' shape (a URI, a ProgressToken or none) is checked before this runs (protocolShapes.ts).
    return run(params.uri, params.mode === 'full' ? 'full' : 'quick', params.complete !== false, token, workDoneTokenOf(params));
  });

  // Made when asked for: the report of 100,000 rows is 32 MB of Markdown, and the extension shows it only when it is opened.
  ctx.connection.onRequest(ARCHIVE_REPORT_REQUEST, (params: ArchiveReportParams): ArchiveReportResult => {
    const c = checked.get(params.uri);
    return { uri: params.uri, report: c ? c.report.report() : null };
  });

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  // The extension's watcher names the archives that changed on disk; another client says it with LSP's own
  // notification, for the watchers registered below.
  ctx.connection.onNotification(ARCHIVES_CHANGED_NOTIFICATION, (params: ArchivesChangedParams) => {
    if (Array.isArray(params?.paths)) changedOnDisk(params.paths);
  });
  ctx.connection.onDidChangeWatchedFiles((params: Partial<DidChangeWatchedFilesParams> | null) => {
    if (!Array.isArray(params?.changes)) return;
    changedOnDisk(params.changes.map((c: Partial<FileEvent> | null) => (typeof c?.uri === 'string' ? localPathOf(c.uri) : undefined)));
  });
  if (ctx.clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true) {
    ctx.onInitialized(() => void ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: ARCHIVE_GLOB }] }));
  }

  /** Archives created, changed or deleted at `paths`: the documents whose last check named one there are checked again. */
  function changedOnDisk(paths: readonly unknown[]): void {
    for (const p of paths) {
      if (typeof p !== 'string') continue;
      const name = path.basename(p).toUpperCase();
      for (const [uri, c] of checked) if (c.names.has(name) && isSamePath(c.archiveDir, path.dirname(p))) pending.add(uri);
    }
    if (pending.size === 0) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const uris = [...pending];
      pending.clear();
      recheck(uris);
    }, RECHECK_DELAY_MS);
  }

  /**
   * Checks the documents again in the mode of their last check: their diagnostics show the result, and
   * `nhiImaging/archivesChecked` carries it to a client that takes the server's own notifications.
   */
  function recheck(uris: readonly string[]): void {
    for (const uri of uris) {
      const c = checked.get(uri);
      if (!c || !ctx.documents.get(uri)) continue;
      void run(uri, c.mode, c.complete, CancellationToken.None).then(
        (result) => void (ownNotifications && ctx.connection.sendNotification(ARCHIVES_CHECKED_NOTIFICATION, result)),
        (e) => ctx.log(`archive re-check of ${uri} failed: ${String(e)}`),
      );
    }
  }

  // nhiImaging.archiveFolder changed: results read from the former folder are re-checked in the new one.
  ctx.settings.onDidChange(() => {
    const moved: string[] = [];
    for (const [uri, c] of checked) {
      const csvPath = localPathOf(uri);
      if (csvPath !== undefined && archiveDirOf(uri, csvPath) !== c.archiveDir) moved.push(uri);
    }
    recheck(moved);
  });

  // After an edit the findings follow their rows (archiveFindings.ts).
  ctx.documents.onDidChange((doc) => {
    const c = checked.get(doc.uri);
    if (!c || c.findings.isEmpty) return;
    if (c.findings.follow(doc)) ctx.findings.set(doc.uri, ARCHIVES_SOURCE, c.findings.findings, true);
  });

  ctx.documents.onDidClose((uri) => {
    running.get(uri)?.abort();
    checked.delete(uri);
  });
  ctx.onTrustChange((trusted) => {
    if (trusted) return;
    for (const uri of checked.keys()) ctx.findings.set(uri, ARCHIVES_SOURCE, []);
    checked.clear();
  });
}
