/**
 * "NHI Imaging: Build Upload Batch" and "NHI Imaging: Re-send Rows…": ask the language server to
 * build the active draft (or a re-send batch of ledger rows), show a cancellable progress
 * notification per row with bytes and time left, ask whether to stop or go on when images have
 * problems, and end with a summary offering to reveal the output folder. A build the server stops
 * during (a restart, a crash) may have finished or not: the user is told where to look before building
 * again, which would give the rows new case numbers.
 */
import * as vscode from 'vscode';
import { targetDocument } from '../commandTarget';
import type { Feature } from '../feature';
import { buildProgressText, buildRequestParams, buildSummaryText, refusalDetail, REMEDIES, REMEDIES_TAKEN, remedyOffered, SHOW_DETAILS } from '../buildTexts';
import { displayLang, pick } from '../i18n';
import { showRefusal, warningUi } from '../refusalUi';
import { unlessCancelled } from '../cancellable';
import { LANGUAGE_ID } from '../languageClient';
import { serverReady, stoppedDuring, warnIfStoppedDuring } from '../serverStopped';
import { SETTINGS_SECTION } from '../../../server/src/shared/settings';
import {
  BUILD_DECISION_REQUEST,
  BUILD_PROGRESS_NOTIFICATION,
  BUILD_REQUEST,
  LEDGER_ROWS_REQUEST,
  RESEND_REQUEST,
  type BuildDecisionParams,
  type BuildDecisionResult,
  type BuildProgressParams,
  type BuildRemedy,
  type BuildResult,
  type LedgerRowsResult,
} from '../../../server/src/shared/build';
import { counted } from '../../../server/src/core/counted';

export const BUILD_BATCH = 'nhiImaging.buildBatch';
export const RESEND_ROWS = 'nhiImaging.resendRows';

const STOPPED_DURING_BUILD = {
  'zh-TW': '語言伺服器在建置途中停止，建置可能已完成，也可能沒有。再次建置前，請先查看輸出資料夾與帳冊（.nhi-imaging/ledger.jsonl）：再次建置會使用新的案件編號。',
  en: 'The language server stopped during the build; the build may or may not have completed. Look in the output folder and the ledger (.nhi-imaging/ledger.jsonl) before building again: building again would use new case numbers.',
};


export const registerBuildCommands: Feature = ({ extension, client, output }) => {
  const progressListeners = new Set<(p: BuildProgressParams) => void>();
  extension.subscriptions.push(
    client.onNotification(BUILD_PROGRESS_NOTIFICATION, (p: BuildProgressParams) => {
      for (const l of progressListeners) l(p);
    }),
    client.onRequest(BUILD_DECISION_REQUEST, async (p: BuildDecisionParams): Promise<BuildDecisionResult> => {
      const goOn = pick({ 'zh-TW': '仍要建置', en: 'Build Anyway' });
      const stop = pick({ 'zh-TW': '停止', en: 'Stop' });
      const shown = p.problems.slice(0, 8).join('\n') + (p.problems.length > 8 ? `\n… (+${p.problems.length - 8})` : '');
      const answer = await vscode.window.showWarningMessage(
        pick({ 'zh-TW': `影像有 ${p.problems.length} 個問題（大小或檢查類別）`, en: `${counted(p.problems.length, 'image problem')} (size or modality)` }),
        { modal: true, detail: shown },
        goOn,
        stop,
      );
      return { decision: answer === goOn ? 'continue' : 'stop' };
    }),
  );

  async function activeCsv(target?: unknown): Promise<{ uri: string; document: vscode.TextDocument } | undefined> {
    const document = await targetDocument(target);
    if (document === null) return undefined;
    if (!document || (document.languageId !== LANGUAGE_ID && !document.fileName.toLowerCase().endsWith('.csv'))) {
      void vscode.window.showWarningMessage(pick({ 'zh-TW': '請先開啟草稿 CSV 檔案。', en: 'Open a draft CSV file first.' }));
      return undefined;
    }
    if (document.isUntitled) {
      void vscode.window.showWarningMessage(pick({ 'zh-TW': '請先存檔：影像路徑相對於 CSV 所在資料夾。', en: 'Save the file first: image paths are relative to its folder.' }));
      return undefined;
    }
    // The build reads the draft from disk: one whose edits could not be saved (a conflict with a newer file on disk, a
    // read-only folder) would be built as it was before them.
    if (document.isDirty && !(await document.save())) {
      void vscode.window.showWarningMessage(pick({
        'zh-TW': '草稿未能存檔，未開始建置：建置讀取磁碟上的檔案，請先存檔。',
        en: 'The draft could not be saved, so nothing was built: the build reads the file on disk. Save it first.',
      }));
      return undefined;
    }
    if (!(await serverReady(client))) return undefined;
    return { uri: client.code2ProtocolConverter.asUri(document.uri), document };
  }

  /**
   * Builds with a progress notification, then reports the result; the result, or undefined if there is none. A refusal
   * whose remedy is among `remedies` offers a button building again with the remedy's options.
   */
  async function build(title: string, uri: string, method: string, params: object, remedies: readonly BuildRemedy[]): Promise<BuildResult | undefined> {
    // Asked again: the server may have stopped while the user chose a format, rows or a remedy (Restart Language Server).
    if (!(await serverReady(client))) return undefined;
    let result: BuildResult | undefined;
    try {
      result = await run(title, uri, method, params);
    } catch (e) {
      if (!stoppedDuring(e)) throw e;
      void vscode.window.showErrorMessage(pick(STOPPED_DURING_BUILD));
      return undefined;
    }
    // The summary waits for the user's choice; the command's result does not.
    void report(result, remedies, (remedy) => build(title, uri, method, { ...params, ...REMEDIES[remedy].params }, remedies));
    return result;
  }

  async function run(title: string, uri: string, method: string, params: object): Promise<BuildResult | undefined> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      let reported = 0;
      const listener = (p: BuildProgressParams) => {
        if (p.uri !== uri) return;
        const percent = p.bytesTotal ? Math.min(100, Math.round((100 * p.bytesDone) / p.bytesTotal)) : 0;
        progress.report({ message: buildProgressText(p, displayLang()), increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
      };
      progressListeners.add(listener);
      try {
        return await unlessCancelled(client.sendRequest<BuildResult>(method, { ...params, uri }, token), token);
      } finally {
        progressListeners.delete(listener);
      }
    });
  }

  /** `again`: the same build with a remedy's options, offered when the refusal says they would let it through. */
  async function report(result: BuildResult | undefined, remedies: readonly BuildRemedy[], again: (remedy: BuildRemedy) => Promise<unknown>): Promise<void> {
    if (!result || result.cancelled) {
      void vscode.window.showInformationMessage(pick({ 'zh-TW': '已取消建置，未留下任何輸出。', en: 'Build cancelled; no output was left.' }));
      return;
    }
    if (!result.ok || !result.summary) {
      const e = result.error;
      const message = e?.message ?? pick({ 'zh-TW': '建置失敗。', en: 'The build failed.' });
      const { detail, cut } = refusalDetail(e?.details ?? [], displayLang());
      if (e?.details.length) output.appendLine([message, ...e.details.map((line) => `  ${line}`)].join('\n'));
      const more = pick(SHOW_DETAILS);
      const cure = remedyOffered(e?.remedy, remedies, displayLang());
      let chosen: string | undefined;
      const ui = {
        ...warningUi,
        show: async (text: string, buttons: string[]) =>
          (chosen = await vscode.window.showErrorMessage(text, { modal: true, detail }, ...buttons, ...(cure ? [cure.button] : []), ...(cut ? [more] : []))),
      };
      await showRefusal(ui, message, vscode.workspace.isTrusted, displayLang());
      if (chosen === more) output.show(true);
      if (cure && chosen === cure.button) await again(cure.remedy);
      return;
    }
    const s = result.summary;
    const { message, details } = buildSummaryText(s, displayLang());
    const reveal = pick({ 'zh-TW': '顯示輸出資料夾', en: 'Reveal Output Folder' });
    const open = pick({ 'zh-TW': '開啟 CSV', en: 'Open CSV' });
    const more = pick(SHOW_DETAILS);
    if (details.length) output.appendLine([message, ...details.map((line) => `  ${line}`)].join('\n'));
    const show = s.warnings.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(message, reveal, open, ...(details.length ? [more] : []));
    if (choice === more) output.show(true);
    if (choice === reveal) await revealFile(vscode.Uri.file(s.csvPath));
    if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(s.csvPath));
  }

  async function askFormat(): Promise<'7z' | 'cab' | undefined> {
    const picked = await vscode.window.showQuickPick(
      [
        { label: '7z', description: pick({ 'zh-TW': '預設', en: 'default' }), value: '7z' as const },
        { label: 'CAB', description: pick({ 'zh-TW': 'MSZIP，每列 2 GiB 以下', en: 'MSZIP, under 2 GiB per row' }), value: 'cab' as const },
      ],
      { placeHolder: pick({ 'zh-TW': '壓縮格式', en: 'Archive format' }) },
    );
    return picked?.value;
  }

  extension.subscriptions.push(
    // Arguments (for keybindings and scripts): the draft's URI or path and { format } to skip the question; a keybinding,
    // which gives one, { format } alone for the active editor's draft. A 7z is packed at the level of
    // nhiImaging.buildCompressionLevel for the draft, store by default.
    vscode.commands.registerCommand(BUILD_BATCH, async (target?: unknown, args?: unknown) => {
      if (isOptions(target)) [target, args] = [undefined, target];
      const csv = await activeCsv(target);
      if (!csv) return undefined;
      const format = formatOf(args) ?? (await askFormat());
      if (!format) return undefined;
      const level = vscode.workspace.getConfiguration(SETTINGS_SECTION, csv.document.uri).get('buildCompressionLevel');
      const title = pick({ 'zh-TW': '建置上傳批次', en: 'Building the upload batch' });
      return build(title, csv.uri, BUILD_REQUEST, buildRequestParams(format, level), REMEDIES_TAKEN.build);
    }),
    vscode.commands.registerCommand(RESEND_ROWS, async (target?: unknown) => {
      const csv = await activeCsv(target);
      if (!csv) return undefined;
      const uri = csv.uri;
      let ledger: LedgerRowsResult;
      try {
        ledger = await client.sendRequest<LedgerRowsResult>(LEDGER_ROWS_REQUEST, { uri });
      } catch (e) {
        return warnIfStoppedDuring(e, {
          'zh-TW': '語言伺服器在讀取帳冊前停止：請再執行一次「重送資料列…」。',
          en: 'The language server stopped before the ledger was read: run Re-send Rows again.',
        });
      }
      if (ledger.refused) {
        void showRefusal(warningUi, ledger.refused, vscode.workspace.isTrusted, displayLang());
        return undefined;
      }
      if (ledger.rows.length === 0) {
        void vscode.window.showInformationMessage(pick({ 'zh-TW': `帳冊中沒有已送出的列：${ledger.ledgerPath}`, en: `No sent rows in the ledger: ${ledger.ledgerPath}` }));
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        ledger.rows.map((r) => ({ label: r.caseNumber, description: `${r.csvName} ${r.at.slice(0, 10)}`, detail: r.text, key: r.key })),
        { canPickMany: true, matchOnDetail: true, placeHolder: pick({ 'zh-TW': '選擇要重送的列', en: 'Choose the rows to re-send' }) },
      );
      if (!picked || picked.length === 0) return undefined;
      // A re-send takes no level: it packs compressed on its own an archive that store would take past the limit.
      return build(pick({ 'zh-TW': '建置重送批次', en: 'Building the re-send batch' }), uri, RESEND_REQUEST, { keys: picked.map((p) => p.key) }, REMEDIES_TAKEN.resend);
    }),
  );
};

function isOptions(arg: unknown): arg is object {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri);
}

/** The format { format } names, if it is one the build takes. */
function formatOf(args: unknown): '7z' | 'cab' | undefined {
  const format = isOptions(args) ? (args as { format?: unknown }).format : undefined;
  return format === '7z' || format === 'cab' ? format : undefined;
}

/** The OS file manager where there is one (desktop VS Code); VS Code's Explorer in a browser (code-server, vscode.dev). */
async function revealFile(uri: vscode.Uri): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  await vscode.commands.executeCommand(commands.includes('revealFileInOS') ? 'revealFileInOS' : 'revealInExplorer', uri);
}
