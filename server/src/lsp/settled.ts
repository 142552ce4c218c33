import type { CancellationToken } from 'vscode-languageserver';
import type { CsvDocument } from './csvDocument';
import type { CsvDocuments } from './documents';

/**
 * The document open under `uri` once all its rows are validated, following its edits and a new didOpen of
 * the URI; undefined when the URI is not open; null when `token` is cancelled first, or when the document
 * is closed meanwhile (a reopen that follows the close is not in yet: the client is asked to pull again).
 * With `built`, also once every finding is built (a request that reads them all: code actions, but quick fixes asked
 * alone by a client that resolves edits), which the idle slices do while other requests are answered.
 */
export async function settledOpen(documents: CsvDocuments, uri: string, token: CancellationToken, built = false): Promise<CsvDocument | undefined | null> {
  let doc = documents.get(uri);
  if (!doc) return undefined;
  for (; doc; doc = documents.get(uri)) {
    if (token.isCancellationRequested) return null;
    if (doc.isSettled && !(built && doc.hasUnbuilt)) return doc;
    await untilCancelled(doc.isSettled ? documents.built(doc) : documents.settled(uri), token);
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
