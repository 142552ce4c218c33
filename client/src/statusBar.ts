import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import type { Feature } from './feature';
import { LatestStatuses } from './latestStatuses';
import { PassedDeadlines } from './passedDeadlines';
import { displayLang } from './i18n';
import { LANGUAGE_ID } from './languageClient';
import { RESTART_SERVER } from './commands/server';
import { DEADLINES_REQUEST, type DeadlinesResult } from '../../server/src/shared/protocol';
import { deadlineClock } from './deadlineClock';
import { checkingView, statusItemNames, statusView, stoppedView, type StatusView } from './statusText';

/**
 * Rows, errors, warnings and the nearest open incentive deadline of the active upload CSV; while the
 * language server is stopped (e.g. after repeated crashes), that it is, with a click to restart it.
 */
export const registerStatusBar: Feature = ({ extension, client, statuses }) => {
  const item = vscode.window.createStatusBarItem('nhiImaging.status', vscode.StatusBarAlignment.Left, 50);
  const latest = new LatestStatuses((uri) => vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID && d.uri.toString() === uri));
  let stopped = false;
  const passed = new PassedDeadlines(
    (params) => client.sendRequest<DeadlinesResult | null>(DEADLINES_REQUEST, params),
    (status) => {
      // Once this render is done: follow may hand a status on during it.
      if (latest.setNearestDeadline(status.uri, status.version, status.nearestDeadline)) queueMicrotask(render);
    },
  );
  // A render at the moment the shown deadline passes, when that comes before the minute's.
  let atDeadline: ReturnType<typeof setTimeout> | undefined;

  const show = (view: StatusView, command: string) => {
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.command = command;
    item.backgroundColor =
      view.level === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.level === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  };

  const render = () => {
    clearTimeout(atDeadline);
    // In the language of the moment: nhiImaging.language may have changed.
    item.name = statusItemNames(displayLang()).status;
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== LANGUAGE_ID) {
      item.hide();
      return;
    }
    const status = latest.get(doc.uri.toString());
    if (stopped) {
      show(stoppedView(displayLang()), RESTART_SERVER);
    } else if (!status) {
      show(checkingView(displayLang()), 'workbench.actions.view.problems');
    } else {
      const clockNow = deadlineClock(doc.uri)();
      show(statusView(status, displayLang(), clockNow), 'workbench.actions.view.problems');
      if (clockNow !== undefined) {
        passed.follow(status, clockNow);
        const msLeft = status.nearestDeadline ? Date.parse(status.nearestDeadline.deadline) - clockNow : -1;
        if (msLeft >= 0 && msLeft < 60_000) atDeadline = setTimeout(render, msLeft + 1);
      }
    }
    item.show();
  };

  extension.subscriptions.push(
    item,
    statuses((params) => {
      if (latest.accept(params)) render();
    }),
    client.onDidChangeState((e) => {
      // A stopped server's counts are stale; a started one sends fresh ones (the spinner until then).
      if (e.newState === State.Running || e.newState === State.Stopped) latest.clear();
      stopped = e.newState === State.Stopped;
      render();
    }),
    vscode.window.onDidChangeActiveTextEditor(render),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS_SECTION)) render();
    }),
    // The time left counts down between validations.
    new vscode.Disposable(clearInterval.bind(undefined, setInterval(render, 60_000))),
    new vscode.Disposable(() => clearTimeout(atDeadline)),
    vscode.workspace.onDidOpenTextDocument(render),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      latest.forget(doc.uri.toString());
      passed.forget(doc.uri.toString());
      render();
    }),
  );
  render();
};
