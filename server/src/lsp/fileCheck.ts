/**
 * `nhiImaging/checkFile`: validates an upload CSV read from disk, as `nhi-imaging check` does, for a file the
 * editor does not hand over (VS Code passes no text of files over 50 MB to extensions, so there is no
 * didOpen). Answers the diagnostics (the most severe maxDiagnostics) and the counts; keeps nothing.
 */
import { stat } from 'node:fs/promises';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { validateCsvFile } from '../core/validateFile';
import { say } from '../core/i18n';
import { untrustedRefusal } from './untrusted';
import { CHECK_FILE_REQUEST, type CheckFileParams, type CheckFileResult } from '../shared/fileCheck';
import type { ServerContext } from './context';
import { MostSevere, reportOf } from './report';
import { localPathOf } from './localPath';
import { workDoneTokenOf } from './protocolShapes';

function notRun(uri: string, reason: string): CheckFileResult {
  return { uri, ran: false, reason, diagnostics: [], rows: 0, errors: 0, warnings: 0, infos: 0, truncated: false };
}

export function register(ctx: ServerContext): void {
  ctx.connection.onRequest(CHECK_FILE_REQUEST, async (params: CheckFileParams, token: CancellationToken): Promise<CheckFileResult> => {
    // The parameters' shape (a URI, a ProgressToken or none) is checked before this runs (protocolShapes.ts).
    const { uri } = params;
    // The first settings (language, reference time, severities) may still be on their way when the server has just started.
    await ctx.settings.ready();
    const lang = ctx.lang();
    if (!ctx.trusted()) return notRun(uri, untrustedRefusal(lang, { zh: '不自磁碟讀取檔案', en: 'files are not read from disk' }, { zh: '檢查一次', en: 'check it again' }));
    const path = localPathOf(uri);
    if (path === undefined) return notRun(uri, say(lang, '只能檢查磁碟上的檔案', 'Only files on disk can be checked'));
    const max = ctx.settings.get(uri).maxDiagnostics;
    const found = new MostSevere(max);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const workDone = ctx.connection.window.attachWorkDoneProgress(workDoneTokenOf(params));
    workDone.begin(say(lang, '檢查上傳 CSV', 'Checking the upload CSV'), 0, undefined, true);
    try {
      const size = await stat(path).then((s) => s.size, () => 0);
      let reported = 0;
      // Between batches (64 KiB of rows) other requests get their turn.
      const summary = await validateCsvFile(path, ctx.optionsFor(uri), (f) => found.add(f), {
        signal: abort.signal,
        afterBatch: () => new Promise<void>((resolve) => setImmediate(resolve)),
        onRead: (bytes) => {
          const percent = size > 0 ? Math.min(100, Math.floor((bytes / size) * 100)) : 0;
          if (percent > reported) workDone.report((reported = percent), `${Math.round(bytes / 1e6)} / ${Math.round(size / 1e6)} MB`);
        },
      });
      const report = reportOf(ctx, found.chosen(), found.counts, max, lang);
      return { uri, ran: true, rows: summary.rowCount, ...report };
    } catch (e) {
      if (abort.signal.aborted) return notRun(uri, say(lang, '已取消', 'Cancelled'));
      ctx.log(`check of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      throw new ResponseError(LSPErrorCodes.RequestFailed, e instanceof Error ? e.message : String(e));
    } finally {
      cancel.dispose();
      workDone.done();
    }
  });
}
