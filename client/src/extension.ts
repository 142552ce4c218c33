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
import { registerStatusBar } from './statusBar';
import { registerStoredBomQuickFix } from './storedBomQuickFix';
import { registerWorkspaceTrust } from './trust';

const FEATURES: Feature[] = [
  registerStatusBar,
  registerFieldStatus,
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
  const output = vscode.window.createOutputChannel('NHI Imaging');
  extension.subscriptions.push(output);
  client = createLanguageClient(extension, output);
  const ctx: FeatureContext = { extension, client, output };
  for (const register of FEATURES) register(ctx);
  try {
    output.appendLine(
      `NHI Imaging ${extension.extension.packageJSON.version}: starting the language server ` +
        `(VS Code ${vscode.version}, display language ${vscode.env.language}, workspace trusted: ${vscode.workspace.isTrusted})`,
    );
    await client.start();
    output.appendLine('NHI Imaging: language server running');
  } catch (err) {
    reportStartFailure(output, err);
  }
  return ctx;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
