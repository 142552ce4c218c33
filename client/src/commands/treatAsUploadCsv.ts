import * as vscode from 'vscode';
import type { Feature } from '../feature';
import { pick } from '../i18n';
import { LANGUAGE_ID } from '../languageClient';

export const TREAT_AS_UPLOAD_CSV = 'nhiImaging.treatAsUploadCsv';

/** For upload CSVs whose names do not follow the upload pattern (drafts, exports, copies). */
export const registerTreatAsUploadCsv: Feature = ({ extension }) => {
  extension.subscriptions.push(
    vscode.commands.registerCommand(TREAT_AS_UPLOAD_CSV, async (uri?: vscode.Uri) => {
      const document = uri instanceof vscode.Uri
        ? await vscode.workspace.openTextDocument(uri)
        : vscode.window.activeTextEditor?.document;
      if (!document) {
        void vscode.window.showWarningMessage(
          pick({ 'zh-TW': '請先開啟一個 CSV 檔案。', en: 'Open a CSV file first.' }),
        );
        return undefined;
      }
      return vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    }),
  );
};
