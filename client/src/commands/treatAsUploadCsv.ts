import * as vscode from 'vscode';
import type { Feature } from '../feature';
import { targetDocument } from '../commandTarget';
import { pick } from '../i18n';
import { LANGUAGE_ID } from '../languageClient';

export const TREAT_AS_UPLOAD_CSV = 'nhiImaging.treatAsUploadCsv';

/** Workspace-state key: the URIs of the files treated as upload CSVs, re-applied when they are opened again. */
const TREATED_KEY = 'nhiImaging.treatedAsUploadCsv';

/** For upload CSVs whose names do not follow the upload pattern (drafts, exports, copies); remembered per workspace. */
export const registerTreatAsUploadCsv: Feature = ({ extension }) => {
  const treated = () => extension.workspaceState.get<string[]>(TREATED_KEY, []);
  // A language change reaches extensions as a close and an open of the same document in one go: a treated
  // file switched to another language by the user is forgotten, not switched back.
  let switchedAway: string | undefined;
  const reapply = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    if (document.languageId === LANGUAGE_ID || !treated().includes(key)) return;
    if (switchedAway === key) void extension.workspaceState.update(TREATED_KEY, treated().filter((k) => k !== key));
    else void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  };
  extension.subscriptions.push(
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.languageId !== LANGUAGE_ID) return;
      switchedAway = document.uri.toString();
      queueMicrotask(() => (switchedAway = undefined));
    }),
    vscode.workspace.onDidOpenTextDocument(reapply),
    vscode.commands.registerCommand(TREAT_AS_UPLOAD_CSV, async (target?: unknown) => {
      const document = await targetDocument(target);
      if (document === null) return undefined;
      if (!document) {
        void vscode.window.showWarningMessage(
          pick({ 'zh-TW': '請先開啟一個 CSV 檔案。', en: 'Open a CSV file first.' }),
        );
        return undefined;
      }
      const key = document.uri.toString();
      if (!treated().includes(key)) await extension.workspaceState.update(TREATED_KEY, [...treated(), key]);
      return vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    }),
  );
  for (const document of vscode.workspace.textDocuments) reapply(document);
};
