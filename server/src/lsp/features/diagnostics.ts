import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { CsvDocument } from '../csvDocument';
import type { CsvDocuments } from '../documents';
import { documentReport } from '../report';

/** Push-mode pause after the last validation before publishing, so typing bursts publish once. */
const PUSH_DELAY_MS = 10;

/**
 * Diagnostics: answered on request (textDocument/diagnostic) when the client can pull,
 * published otherwise. Either way they describe a fully validated version of the text.
 */
export function register(ctx: ServerContext): void {
  if (ctx.clientCapabilities.textDocument?.diagnostic) registerPull(ctx);
  else registerPush(ctx);
}

function resultId(ctx: ServerContext, doc: CsvDocument): string {
  return `${doc.version}.${doc.generation}.${ctx.findings.version(doc.uri)}.${ctx.lang()}.${ctx.settings.get().maxDiagnostics}`;
}

function registerPull(ctx: ServerContext): void {
  ctx.capabilities.diagnosticProvider = { interFileDependencies: false, workspaceDiagnostics: false };
  ctx.connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport | ResponseError<DiagnosticServerCancellationData>> => {
    const doc = await settledOpen(ctx.documents, params.textDocument.uri, token);
    // LSP 3.17: a pull the server gives up is answered ServerCancelled, asking the client to pull again.
    if (doc === null) return new ResponseError(LSPErrorCodes.ServerCancelled, 'cancelled', { retriggerRequest: true });
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const id = resultId(ctx, doc);
    if (params.previousResultId === id) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: id };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: id, items: documentReport(ctx, doc).diagnostics };
  });
  const refresh = (): void => {
    if (ctx.clientCapabilities.workspace?.diagnostics?.refreshSupport) void ctx.connection.languages.diagnostics.refresh();
  };
  ctx.findings.onDidChange(refresh);
  ctx.settings.onDidChange(refresh);
}

/**
 * The document open under `uri` once all its rows are validated, following its edits and a new didOpen of
 * the URI; undefined when the URI is not open; null when `token` is cancelled first, or when the document
 * is closed meanwhile (a reopen that follows the close is not in yet: the client is asked to pull again).
 */
async function settledOpen(documents: CsvDocuments, uri: string, token: CancellationToken): Promise<CsvDocument | undefined | null> {
  let doc = documents.get(uri);
  if (!doc) return undefined;
  for (; doc; doc = documents.get(uri)) {
    if (token.isCancellationRequested) return null;
    if (doc.isSettled) return doc;
    await untilCancelled(documents.settled(uri), token);
  }
  return null;
}

/** Resolves when `promise` does or when `token` is cancelled, whichever comes first. */
function untilCancelled(promise: Promise<unknown>, token: CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      listener.dispose();
      resolve();
    };
    const listener = token.onCancellationRequested(done);
    void promise.then(done);
  });
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
        if (!doc || !doc.isSettled) return;
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
