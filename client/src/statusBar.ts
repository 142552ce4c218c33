import * as vscode from 'vscode';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/shared/protocol';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import type { Feature } from './feature';
import { displayLang } from './i18n';
import { LANGUAGE_ID } from './languageClient';
import { statusView } from './statusText';

/** Rows, errors, warnings and the nearest open upload deadline of the active upload CSV. */
export const registerStatusBar: Feature = ({ extension, client }) => {
  const item = vscode.window.createStatusBarItem('nhiImaging.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'NHI Imaging';
  item.command = 'workbench.actions.view.problems';
  const latest = new Map<string, StatusParams>();

  const render = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== LANGUAGE_ID) {
      item.hide();
      return;
    }
    const status = latest.get(doc.uri.toString());
    if (!status) {
      item.text = '$(sync~spin) NHI';
      item.tooltip = undefined;
      item.backgroundColor = undefined;
    } else {
      const reference = vscode.workspace.getConfiguration(SETTINGS_SECTION, doc.uri).get<string>('deadlineReferenceTime', 'now');
      const view = statusView(status, displayLang(), reference.trim() === 'now' || reference.trim() === '' ? Date.now() : undefined);
      item.text = view.text;
      item.tooltip = view.tooltip;
      item.backgroundColor =
        view.level === 'error'
          ? new vscode.ThemeColor('statusBarItem.errorBackground')
          : view.level === 'warning'
            ? new vscode.ThemeColor('statusBarItem.warningBackground')
            : undefined;
    }
    item.show();
  };

  extension.subscriptions.push(
    item,
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      const previous = latest.get(params.uri);
      if (previous && previous.version > params.version) return;
      latest.set(params.uri, params);
      render();
    }),
    vscode.window.onDidChangeActiveTextEditor(render),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS_SECTION)) render();
    }),
    // The time left counts down between validations.
    new vscode.Disposable(clearInterval.bind(undefined, setInterval(render, 60_000))),
    vscode.workspace.onDidOpenTextDocument(render),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      latest.delete(doc.uri.toString());
      render();
    }),
  );
  render();
};
