/**
 * Drafts and the ledger in the editor.
 * - Findings (source "drafts"): for an open CSV on disk, each field-14 draft path exists and holds
 *   images the row's order allows, at least one of its DICOM files with pixel data (checkDraftRows, reading
 *   headers within PixelVerdicts' limits), and rows that are the same record as a row already sent but differ
 *   from it are flagged (checkAgainstLedger). Re-run when the document settles; stopped when it changes.
 * - Requests: `nhiImaging/build` (build the draft; progress notifications, $/progress, cancellation,
 *   a `nhiImaging/buildDecision` request back to the client for image problems), `nhiImaging/ledgerRows`
 *   and `nhiImaging/resend`.
 * Untrusted workspaces: no file access, no findings, requests answer `ok: false`.
 */
import * as path from 'node:path';
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { rowLabel, say } from '../core/i18n';
import { untrustedRefusal } from './untrusted';
import { buildBatch, type RowImageProblem } from '../core/build/batch';
import { MAX_ARCHIVE_BYTES } from '../core/build/pack';
import { checkDraftRows } from '../core/build/draft-check';
import { PixelVerdicts } from '../core/build/draft-pixels';
import { findLedger, type LedgerState } from '../core/build/ledger';
import { resendRows } from '../core/build/resend';
import { housekeepingNotes, housekeepingWarnings } from '../core/build/housekeeping';
import { BuildError, type BuildProgress, type BuildSummary } from '../core/build/types';
import { deadlineText } from '../core/build/deadlineText';
import { referenceTime } from '../shared/settings';
import type { Finding, Lang } from '../core/types';
import type { ServerContext } from './context';
import { LedgerCache } from './sentRows';
import { DraftRows } from './draftRows';
import {
  BUILD_DECISION_REQUEST,
  BUILD_PROGRESS_NOTIFICATION,
  BUILD_REQUEST,
  LEDGER_ROWS_REQUEST,
  RESEND_REQUEST,
  type BuildDecisionParams,
  type BuildDecisionResult,
  type BuildParams,
  type BuildProgressParams,
  type BuildResult,
  type LedgerRowsParams,
  type LedgerRowsResult,
  type ResendParams,
} from '../shared/build';
import { localPathOf } from './localPath';
import { workDoneTokenOf } from './protocolShapes';

export const DRAFTS_SOURCE = 'drafts';

/**
 * For tests only: the largest archive in bytes (BuildOptions.archiveLimit), so that megabytes stand for the 4.5 GB
 * limit a build over the wire is held to. It can only lower the limit: anything but a positive whole number below
 * 4.5 GiB leaves the limit as it is, so that no setting of it lets through an archive the NHI refuses.
 */
const TEST_ARCHIVE_LIMIT = ((v) => (Number.isSafeInteger(v) && v > 0 && v < MAX_ARCHIVE_BYTES ? v : undefined))(Number(process.env.NHI_IMAGING_TEST_ARCHIVE_LIMIT));

function rowText(f: Finding, lang: Lang): string {
  return rowLabel(f.row, lang) + f.message[lang];
}

export function register(ctx: ServerContext): void {
  const generation = new Map<string, number>();
  const ledgers = new LedgerCache();
  /** Per open document: its draft rows and rows that differ from what was sent, followed through its edits. */
  const followed = new Map<string, DraftRows>();

  /** The headers of draft rows' DICOM files, read once while their size and time stay the same. */
  const pixels = new PixelVerdicts();
  /** Per document: the draft check running, stopped when the document changes, closes or loses trust. */
  const running = new Map<string, AbortController>();
  const stop = (uri: string): void => {
    running.get(uri)?.abort();
    running.delete(uri);
  };

  async function refreshFindings(uri: string): Promise<void> {
    const doc = ctx.documents.get(uri);
    const csvPath = localPathOf(uri);
    if (!doc || csvPath === undefined || !ctx.trusted()) return;
    const mine = (generation.get(uri) ?? 0) + 1;
    generation.set(uri, mine);
    stop(uri);
    const abort = new AbortController();
    running.set(uri, abort);
    // The document's own options: the same object until the settings change (optionsFor makes a new one each call),
    // so that the rows compared with the ledger are not all compared again on every refresh.
    const options = doc.getOptions();
    let tracked = followed.get(uri);
    if (!tracked) followed.set(uri, (tracked = new DraftRows()));
    try {
      // A folder in an upload CSV is only its F14-pattern error: no image check would make that row right.
      const draftRows = options.draft === true ? tracked.draftRows(doc) : [];
      const findings: Finding[] = draftRows.length > 0 ? await checkDraftRows(csvPath, draftRows, options, abort.signal, pixels) : [];
      const ledgerPath = await findLedger(path.dirname(csvPath));
      const ledger = await ledgers.get(ledgerPath);
      // The document as it is now: edits made meanwhile are followed, and a newer refresh publishes instead of this one.
      const now = ctx.documents.get(uri);
      if (generation.get(uri) !== mine || !now) return;
      findings.push(...tracked.sentFindings(now, ledger, now.getOptions()));
      ctx.findings.set(uri, DRAFTS_SOURCE, findings);
    } catch (e) {
      // Stopped by an edit, the document's closing or a newer check: the check after the edit publishes.
      if (abort.signal.aborted) return;
      ctx.log(`draft check of ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (running.get(uri) === abort) running.delete(uri);
    }
  }

  ctx.documents.onDidChange((doc) => {
    stop(doc.uri);
    followed.get(doc.uri)?.follow(doc);
  });
  ctx.documents.onDidSettle((doc) => void refreshFindings(doc.uri));
  ctx.documents.onDidClose((uri) => {
    stop(uri);
    generation.delete(uri);
    followed.delete(uri);
  });
  ctx.onTrustChange((trusted) => {
    for (const doc of ctx.documents.all()) {
      if (trusted) void refreshFindings(doc.uri);
      else {
        stop(doc.uri);
        ctx.findings.set(doc.uri, DRAFTS_SOURCE, []);
      }
    }
  });

  function csvPathOf(uri: string): string {
    const csvPath = localPathOf(uri);
    if (csvPath === undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, say(ctx.lang(), '文件不是本機磁碟上的檔案', 'The document is not a file on a local disk'));
    return csvPath;
  }

  function reporter(uri: string, workDoneToken: string | number | undefined, title: string): { report: (p: BuildProgress) => void; done: () => void } {
    const lang = ctx.lang();
    const workDone = ctx.connection.window.attachWorkDoneProgress(workDoneToken);
    workDone.begin(title, 0, undefined, true);
    return {
      report: (p) => {
        const params: BuildProgressParams = {
          uri,
          phase: p.phase,
          row: p.row === undefined ? undefined : p.row + 1,
          rowCount: p.rowCount,
          bytesDone: p.bytesDone,
          bytesTotal: p.bytesTotal,
          etaMs: p.etaMs,
          message: p.message[lang],
        };
        // To a client that asked for the server's own notifications (archives.ts); $/progress to any.
        if (ctx.initializationOptions.statusNotifications === true) void ctx.connection.sendNotification(BUILD_PROGRESS_NOTIFICATION, params);
        workDone.report(p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 0, p.message[lang]);
      },
      done: () => workDone.done(),
    };
  }

  function toResult(uri: string, s: BuildSummary): BuildResult {
    const lang = ctx.lang();
    return {
      uri,
      ok: true,
      summary: {
        csvPath: s.csvPath,
        outDir: s.outDir,
        ledgerPath: s.ledgerPath,
        rows: s.rows.length,
        archives: s.archives,
        bytes: s.bytes,
        earliestDeadline: s.earliestDeadline,
        earliestDeadlineText: s.earliestDeadline === undefined ? undefined : deadlineText(s.earliestDeadline, referenceTime(ctx.settings.get(uri)), lang),
        warnings: [...housekeepingWarnings(s).map((w) => w[lang]), ...s.warnings.map((f) => rowText(f, lang))],
        notes: [
          ...housekeepingNotes(s).map((n) => n[lang]),
          ...s.rows.flatMap((r) => r.notes.map((n) => rowLabel(r.row, lang) + n[lang])),
        ],
      },
    };
  }

  function failure(uri: string, e: unknown): BuildResult {
    const lang = ctx.lang();
    if (e instanceof BuildError) {
      return { uri, ok: false, cancelled: e.reason === 'cancelled', error: { message: e.bilingual[lang], details: e.findings.map((f) => rowText(f, lang)), ...(e.remedy ? { remedy: e.remedy } : {}) } };
    }
    ctx.log(`build failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return { uri, ok: false, error: { message: e instanceof Error ? e.message : String(e), details: [] } };
  }

  async function untrusted(uri: string): Promise<BuildResult> {
    // Said in the language of the settings, which may still be on their way right after start-up.
    await ctx.settings.ready();
    return { uri, ok: false, error: { message: untrustedRefusal(ctx.lang(), { zh: '不建置', en: 'nothing is built' }, { zh: '建置一次', en: 'build again' }), details: [] } };
  }

  const clientDecides = ctx.initializationOptions.buildDecisions === true;
  /** The client's answer to the image problems of the build of `uri`; stop when it has none. */
  const askDecision = (uri: string) => async (problems: RowImageProblem[]): Promise<'continue' | 'stop'> => {
    const lang = ctx.lang();
    const ask: BuildDecisionParams = { uri, problems: problems.map((p) => rowLabel(p.row, lang) + p.message[lang]) };
    try {
      const answer = (await ctx.connection.sendRequest(BUILD_DECISION_REQUEST, ask)) as BuildDecisionResult | null;
      return answer?.decision === 'continue' ? 'continue' : 'stop';
    } catch {
      return 'stop';
    }
  };

  ctx.connection.onRequest(BUILD_REQUEST, async (params: BuildParams, token: CancellationToken): Promise<BuildResult> => {
    // The parameters' shape (a URI, a level 7-Zip takes, a ProgressToken or none) is checked before this runs (protocolShapes.ts).
    const uri = params.uri;
    if (!ctx.trusted()) return untrusted(uri);
    const csvPath = csvPathOf(uri);
    const format = params.format === 'cab' ? 'cab' : '7z';
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const progress = reporter(uri, workDoneTokenOf(params), say(ctx.lang(), '建置上傳批次', 'Building the upload batch'));
    try {
      const summary = await buildBatch(csvPath, {
        format,
        // CAB is MSZIP whatever the setting says; the request's level is checked against its format beforehand.
        level: format === 'cab' ? 0 : (params.level ?? ctx.settings.get(uri).buildCompressionLevel),
        archiveLimit: TEST_ARCHIVE_LIMIT,
        date: params.date,
        outDir: outDirFor(csvPath, params.outDir),
        rebuildDicomdir: params.rebuildDicomdir === true,
        validation: ctx.optionsFor(uri),
        signal: abort.signal,
        onProgress: progress.report,
        // Asked only of a client that declared it answers; without a question the build stops, as the CLI's without --force.
        onDecision: clientDecides ? askDecision(uri) : undefined,
      });
      void refreshFindings(uri);
      return toResult(uri, summary);
    } catch (e) {
      return failure(uri, e);
    } finally {
      cancel.dispose();
      progress.done();
    }
  });

  ctx.connection.onRequest(LEDGER_ROWS_REQUEST, async (params: LedgerRowsParams): Promise<LedgerRowsResult> => {
    // The parameters' shape (a URI) is checked before this runs (protocolShapes.ts).
    const ledgerPath = await findLedger(path.dirname(csvPathOf(params.uri)));
    // Refusals are said in the message language, a setting that may still be on its way as the client starts.
    await ctx.settings.ready();
    if (!ctx.trusted()) {
      return { ledgerPath, rows: [], refused: untrustedRefusal(ctx.lang(), { zh: '不讀取帳冊', en: 'the ledger is not read' }, { zh: '重送一次', en: 're-send again' }) };
    }
    let ledger: LedgerState;
    try {
      ledger = await ledgers.get(ledgerPath);
    } catch (e) {
      // A file there that is no ledger, or a damaged one: said as a build says it, not as a failed request.
      return { ledgerPath, rows: [], refused: e instanceof BuildError ? e.bilingual[ctx.lang()] : e instanceof Error ? e.message : String(e) };
    }
    const rows = [...ledger.rowsByKey.values()].map((r) => ({ key: r.key, caseNumber: r.case, text: r.text, csvName: path.basename(r.csv), at: r.at }));
    return { ledgerPath, rows };
  });

  ctx.connection.onRequest(RESEND_REQUEST, async (params: ResendParams, token: CancellationToken): Promise<BuildResult> => {
    // The parameters' shape (a URI, keys, a ProgressToken or none) is checked before this runs (protocolShapes.ts).
    const uri = params.uri;
    if (!ctx.trusted()) return untrusted(uri);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const progress = reporter(uri, workDoneTokenOf(params), say(ctx.lang(), '建置重送批次', 'Building the re-send batch'));
    try {
      const summary = await resendRows({
        ledgerPath: await findLedger(path.dirname(csvPathOf(uri))),
        rows: params.keys.filter((k) => typeof k === 'string'),
        // Unnamed, the folder the rows were last sent from, wherever the CSV this was started from is (resend.ts).
        outDir: outDirFor(csvPathOf(uri), params.outDir),
        date: params.date,
        rebuildDicomdir: params.rebuildDicomdir === true,
        validation: ctx.optionsFor(uri),
        signal: abort.signal,
        onProgress: progress.report,
      });
      return toResult(uri, summary);
    } catch (e) {
      return failure(uri, e);
    } finally {
      cancel.dispose();
      progress.done();
    }
  });
}

/**
 * The output folder a client names, a relative one taken from the CSV's folder, as nhiImaging.archiveFolder is:
 * the server's working folder is wherever the editor started it (a client in single-file mode has no workspace).
 */
function outDirFor(csvPath: string, outDir: unknown): string | undefined {
  return typeof outDir === 'string' && outDir.trim() !== '' ? path.resolve(path.dirname(csvPath), outDir) : undefined;
}
