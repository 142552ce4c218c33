import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { CsvDocument } from '../csvDocument';
import { documentReport } from '../report';
import { settledOpen } from '../settled';

/** Push-mode pause after the last validation before publishing, so typing bursts publish once. */
const PUSH_DELAY_MS = 10;

/**
 * Diagnostics: answered on request (textDocument/diagnostic) when the client can pull and can be asked to pull again
 * (workspace/diagnostic/refresh), published otherwise. Either way they describe a fully validated version of the text.
 * Findings change without an edit (settings, archive checks, the file as stored, the deadlines' reference time
 * "now"): a client that pulls only after its own edits (lsp-mode 9 declares pull without refreshSupport) would show
 * the old ones until the next keystroke, so it gets them pushed.
 */
export function register(ctx: ServerContext): void {
  const caps = ctx.clientCapabilities;
  if (caps.textDocument?.diagnostic && caps.workspace?.diagnostics?.refreshSupport === true) registerPull(ctx);
  else registerPush(ctx);
}

function resultId(ctx: ServerContext, doc: CsvDocument): string {
  return `${doc.version}.${doc.generation}.${ctx.findings.version(doc.uri)}.${ctx.lang()}.${ctx.settings.get(doc.uri).maxDiagnostics}`;
}

function registerPull(ctx: ServerContext): void {
  ctx.capabilities.diagnosticProvider = { interFileDependencies: false, workspaceDiagnostics: false };
  ctx.connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport | ResponseError<DiagnosticServerCancellationData>> => {
    const doc = await settledOpen(ctx.documents, params.textDocument.uri, token);
    // LSP 3.17: a pull the client cancelled is answered RequestCancelled (Neovim takes it as the acknowledgement it
    // is, and would send a pull answered ServerCancelled again); one the server gives up (its document closed while it
    // waited) ServerCancelled, asking the client to pull again.
    if (doc === null && token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (doc === null) return new ResponseError(LSPErrorCodes.ServerCancelled, 'cancelled', { retriggerRequest: true });
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const id = resultId(ctx, doc);
    answered.set(doc.uri, { version: doc.version, id });
    if (params.previousResultId === id) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: id };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: id, items: documentReport(ctx, doc).diagnostics };
  });
  /** The result last answered for each document: the client pulls again after its own edits, not after the server's. */
  const answered = new Map<string, { version: number; id: string }>();
  const refresh = (): void => {
    if (!ctx.shuttingDown()) void ctx.connection.languages.diagnostics.refresh();
  };
  ctx.findings.onDidChange(refresh);
  // Validated anew without an edit (settings changed, the periodic re-validation against "now", when a deadline may
  // have passed): the text the client has has other diagnostics than it was answered, and it is asked to pull again,
  // once for them all.
  let asking = false;
  ctx.documents.onDidSettle((doc) => {
    const last = answered.get(doc.uri);
    if (!last || last.version !== doc.version || last.id === resultId(ctx, doc) || asking) return;
    asking = true;
    setImmediate(() => {
      asking = false;
      refresh();
    });
  });
  ctx.documents.onDidClose((uri) => answered.delete(uri));
}

function registerPush(ctx: ServerContext): void {
  const timers = new Map<string, NodeJS.Timeout>();
  const publish = (uri: string): void => {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        const doc = ctx.documents.get(uri);
        if (!doc || !doc.isSettled || ctx.shuttingDown()) return;
        void ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: documentReport(ctx, doc).diagnostics });
      }, PUSH_DELAY_MS),
    );
  };
  ctx.documents.onDidSettle((doc) => publish(doc.uri));
  ctx.findings.onDidChange((uri) => publish(uri));
  ctx.documents.onDidClose((uri) => {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    timers.delete(uri);
    void ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  });
}
