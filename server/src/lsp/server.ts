/**
 * The nhi-imaging language server.
 *
 * Transport: `serverConnection` (transport.ts) picks what the command line asks for:
 * `--node-ipc` (the VS Code extension) or `--stdio` (`nhi-imaging lsp --stdio`,
 * `node dist/server.js --stdio`, other editors).
 *
 * Extension points (one line each):
 * - Feature modules. A module exporting `register(ctx: ServerContext)` is added to
 *   `features/index.ts` as `export { register as <name> } from '<module>';`. In `register` it may
 *   add its capabilities to `ctx.capabilities`, listen to `ctx.documents` (open/change/close/settle;
 *   the text-sync notifications themselves belong to `CsvDocuments`), read `ctx.settings`,
 *   `ctx.workspaceFolders()`, `ctx.trusted()`, and install handlers on `ctx.connection` for LSP
 *   methods no other feature handles.
 * - Findings from other sources. `ctx.findings.set(uri, sourceId, findings)` replaces what the
 *   source `sourceId` (e.g. "archives", "drafts", "ledger") says about a document; the findings are
 *   core `Finding`s and are merged into the document's diagnostics (pushed again, or a pull refresh
 *   is requested), and code actions and hovers see them. An empty list clears them; closing the
 *   document clears all sources.
 * Untrusted workspaces: the client sends `initializationOptions.trusted = false` (and
 * `nhiImaging/setTrusted` later); features touching files must check `ctx.trusted()`.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWorkspaceFoldersNotification,
  TextDocumentSyncKind,
  type Connection,
  type DidChangeWorkspaceFoldersParams,
  type InitializeParams,
} from 'vscode-languageserver/node';
import type { ValidationOptions } from '../core/options';
import { INITIAL_SETTINGS_TIMEOUT_MS, optionsFromSettings } from './options';
import { CsvDocuments } from './documents';
import { coreEngine } from './coreEngine';
import { OpenWorker } from './openWorker/pool';
import * as os from 'node:os';
import { FindingsSources } from './findingsSources';
import { SettingsStore } from './settingsStore';
import type { ServerContext } from './context';
import * as features from './features';
import { TRUST_NOTIFICATION, type InitializationOptions, type TrustParams } from '../shared/protocol';
import { ruleEntryUrl, rulesDocOf } from '../shared/rulesDoc';
import { lifecycle, refuseOutOfLifecycle } from './lifecycle';
import { serverConnection } from './transport';
import { initialWorkspaceFolders, withoutNulls, workspaceFoldersIn } from './protocolShapes';

/** How often open documents are validated again while the deadline reference time is "now" (NHI_IMAGING_NOW_REFRESH_MS: tests). */
const NOW_REFRESH_MS = Number(process.env.NHI_IMAGING_NOW_REFRESH_MS) || 5 * 60 * 1000;

export function startLanguageServer(connection: Connection = serverConnection(lifecycle())): Connection {
  let ctx: ServerContext | undefined;
  refuseOutOfLifecycle(connection);
  const initializedListeners: (() => void)[] = [];

  connection.onInitialize((params: InitializeParams) => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    // Read with null as absent (protocolShapes.ts): a capability of null would fail where its parent is read as an object.
    const caps = withoutNulls(params.capabilities) as InitializeParams['capabilities'];
    let folders = initialWorkspaceFolders(params);
    const locale = typeof params.locale === 'string' ? params.locale : undefined;
    const settings = new SettingsStore(locale, caps.workspace?.configuration === true, () => folders);
    let trusted = init.trusted !== false;
    const trustListeners: ((t: boolean) => void)[] = [];
    const rulesDoc = rulesDocOf(init.rulesDocUrl);
    const optionsFor = (uri: string): ValidationOptions => optionsFromSettings(settings.get(uri), settings.lang(), uri);
    // A second thread only where there is a second core; NHI_IMAGING_OPEN_WORKER=0 keeps every row on this one.
    const worker = process.env.NHI_IMAGING_OPEN_WORKER === '0' || os.availableParallelism() < 2 ? undefined : new OpenWorker();
    let down = false;
    // The thread starts while the first document is still on its way (12 MB take 100-200 ms to arrive and be read),
    // not when its didOpen is handled: an editor starts this server to open an upload CSV.
    if (worker) initializedListeners.push(() => worker.warm());
    const documents = new CsvDocuments(coreEngine, optionsFor, worker, (message) => connection.console.log(message));
    const findings = new FindingsSources();

    ctx = {
      connection,
      clientCapabilities: caps,
      initializationOptions: init,
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      documents,
      settings,
      findings,
      workspaceFolders: () => folders,
      trusted: () => trusted,
      onTrustChange: (l) => trustListeners.push(l),
      onInitialized: (l) => initializedListeners.push(l),
      shuttingDown: () => down,
      optionsFor,
      lang: () => settings.lang(),
      ruleDocUrl: (ruleId) => ruleEntryUrl(rulesDoc, ruleId),
      log: (message) => connection.console.log(message),
    };

    documents.listen(connection);
    settings.listen(connection);
    settings.onDidChange(() => documents.revalidateAll());
    documents.onDidClose((uri) => findings.clear(uri));
    connection.onNotification(TRUST_NOTIFICATION, (p: TrustParams) => {
      if (typeof p?.trusted !== 'boolean' || p.trusted === trusted) return;
      trusted = p.trusted;
      for (const l of trustListeners) l(trusted);
    });
    // Taken also from a client that did not say it would send it (the server says it takes it), and in place of
    // vscode-languageserver's handler, which reads the event unchecked.
    connection.onNotification(DidChangeWorkspaceFoldersNotification.type, (p: Partial<DidChangeWorkspaceFoldersParams> | null) => {
      const removed = workspaceFoldersIn(p?.event?.removed);
      const added = workspaceFoldersIn(p?.event?.added).filter((a) => !folders.some((f) => f.uri === a.uri));
      const kept = folders.filter((f) => !removed.some((r) => r.uri === f.uri));
      if (kept.length === folders.length && added.length === 0) return;
      folders = kept.concat(added);
      // A document may now belong to another folder, whose settings it takes.
      void settings.reload(connection);
    });

    if (caps.workspace?.configuration) {
      // Validation waits for the first settings so that the first diagnostics already honour them. They are asked for
      // once the client says it is initialized; the wait is counted from now, so that a client that never says so
      // (it must, but then its requests waiting for validation would never be answered) gets the defaults.
      documents.pause();
      const timeout = setTimeout(() => documents.resume(), INITIAL_SETTINGS_TIMEOUT_MS);
      initializedListeners.push(() => {
        void settings.pull(connection).then(() => {
          clearTimeout(timeout);
          documents.revalidateAll();
          documents.resume();
        });
      });
    }
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      initializedListeners.push(() => void connection.client.register(DidChangeConfigurationNotification.type, undefined));
    }
    const refresh = setInterval(() => {
      if (settings.all().some((s) => s.deadlineReferenceTime === 'now')) documents.revalidateAll();
    }, NOW_REFRESH_MS);
    refresh.unref();
    // After shutdown the client has let go of the server (Neovim forgets it): it is sent answers only (a request that
    // waits for a validation still gets one), no diagnostics, status or refresh.
    connection.onShutdown(() => {
      down = true;
      clearInterval(refresh);
      worker?.dispose();
    });

    for (const register of Object.values(features)) register(ctx);
    return { capabilities: ctx.capabilities, serverInfo: { name: 'nhi-imaging', version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    for (const l of initializedListeners) l();
  });

  connection.listen();
  return connection;
}
