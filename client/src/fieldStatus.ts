import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { FIELD_AT_REQUEST, type FieldAtParams, type FieldAtResult } from '../../server/src/shared/protocol';
import type { Feature } from './feature';
import { displayLang } from './i18n';
import { LANGUAGE_ID } from './languageClient';
import { statusItemNames } from './statusText';

/** How long the cursor rests before the field under it is asked for: moving with a held key asks once. */
const REST_MS = 60;

/**
 * The field under the cursor of an upload CSV in the status bar, beside Ln/Col (a row has no header to read it
 * from): "Field 10 order code (醫令代碼)". Its tooltip is what the NHI text says about the field; a click shows
 * the cell's hover.
 */
export const registerFieldStatus: Feature = ({ extension, client }) => {
  const item = vscode.window.createStatusBarItem('nhiImaging.field', vscode.StatusBarAlignment.Right, 101);
  item.command = 'editor.action.showHover';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  const update = async (editor: vscode.TextEditor | undefined) => {
    const ask = ++asked;
    if (!editor || editor.document.languageId !== LANGUAGE_ID || client.state !== State.Running) {
      item.hide();
      return;
    }
    const params: FieldAtParams = {
      textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) },
      position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    };
    const field = await client.sendRequest<FieldAtResult | null>(FIELD_AT_REQUEST, params).catch(() => null);
    // A later move asked again meanwhile: its answer shows.
    if (ask !== asked) return;
    if (!field) {
      item.hide();
      return;
    }
    item.name = statusItemNames(displayLang()).field;
    item.text = `$(symbol-field) ${field.heading}`;
    item.tooltip = field.details.join('\n');
    item.show();
  };
  const later = (editor: vscode.TextEditor | undefined) => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(editor), REST_MS);
  };

  extension.subscriptions.push(
    item,
    { dispose: () => clearTimeout(timer) },
    vscode.window.onDidChangeTextEditorSelection((e) => later(e.textEditor)),
    vscode.window.onDidChangeActiveTextEditor(later),
    client.onDidChangeState(() => later(vscode.window.activeTextEditor)),
  );
  later(vscode.window.activeTextEditor);
};
