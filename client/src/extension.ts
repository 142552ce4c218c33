/**
 * The NHI Imaging extension: starts the language server (dist/server.js) and registers the
 * features. Each feature lives in its own module and exports a `Feature` (feature.ts); to add
 * one, import it and append it to FEATURES — one line, nothing else here changes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerArchiveChecks } from './commands/archives';
import { registerBuildCommands } from './commands/build';
import { registerFixAll } from './commands/fixAll';
import { registerLargeFiles } from './commands/largeFiles';
import { registerOpenRules } from './commands/openRules';
import { registerServerCommands, reportStartFailure } from './commands/server';
import { registerTreatAsUploadCsv } from './commands/treatAsUploadCsv';
import type { Feature, FeatureContext } from './feature';
import { createLanguageClient } from './languageClient';
import { registerFieldStatus } from './fieldStatus';
import { registerDeadlinesView } from './deadlinesView';
import { registerStatusBar } from './statusBar';
import { registerStoredBomQuickFix } from './storedBomQuickFix';
import { registerWorkspaceTrust } from './trust';
import { EXTENSION_NAME, pick } from './i18n';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/shared/protocol';

const FEATURES: Feature[] = [
  registerStatusBar,
  registerFieldStatus,
  registerDeadlinesView,
  registerWorkspaceTrust,
  registerTreatAsUploadCsv,
  registerServerCommands,
  registerFixAll,
  registerOpenRules,
  registerArchiveChecks,
  registerBuildCommands,
  registerLargeFiles,
  registerStoredBomQuickFix,
];

let client: LanguageClient | undefined;

/** The feature context is also the extension's API (`getExtension(...).exports`), e.g. for tests. */
export async function activate(extension: vscode.ExtensionContext): Promise<FeatureContext> {
  // Named once, in the message language of activation (an Output channel cannot be renamed).
  const name = pick(EXTENSION_NAME);
  const output = vscode.window.createOutputChannel(name);
  extension.subscriptions.push(output);
  client = createLanguageClient(extension, output);
  const statuses = new vscode.EventEmitter<StatusParams>();
  extension.subscriptions.push(statuses, client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => statuses.fire(params)));
  const ctx: FeatureContext = { extension, client, output, statuses: statuses.event };
  for (const register of FEATURES) register(ctx);
  try {
    const version = extension.extension.packageJSON.version;
    output.appendLine(
      pick({
        'zh-TW': `${name} ${version}：啟動語言伺服器（VS Code ${vscode.version}，顯示語言 ${vscode.env.language}，工作區受信任：${vscode.workspace.isTrusted ? '是' : '否'}）`,
        en: `${name} ${version}: starting the language server (VS Code ${vscode.version}, display language ${vscode.env.language}, workspace trusted: ${vscode.workspace.isTrusted})`,
      }),
    );
    await client.start();
    output.appendLine(pick({ 'zh-TW': `${name}：語言伺服器執行中`, en: `${name}: language server running` }));
  } catch (err) {
    reportStartFailure(output, err);
  }
  return ctx;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
