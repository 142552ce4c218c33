import type { Connection } from 'vscode-languageserver';
import type { ValidationOptions } from '../core/options';
import { CsvDocument } from './csvDocument';
import type { ValidationEngine } from './engine';
import type { OpenWorker } from './openWorker/pool';
import { areContentChanges, isTextDocumentItem } from './protocolShapes';
import { clip } from './clip';

/** Longest stretch of validation work before the message loop gets a turn. */
const SLICE_MS = 12;

type Listener<T> = (value: T) => void;

/**
 * The open upload CSVs. Owns the text-sync notifications, keeps each document's rows in step
 * with its edits, and validates dirty rows in short slices between messages, always on the
 * latest text: work for an old version is never finished, it is simply continued on the new one.
 */
export class CsvDocuments {
  private readonly docs = new Map<string, CsvDocument>();
  private readonly queue = new Set<CsvDocument>();
  /** Settled documents whose rows of a shared open still have findings to build (CsvDocument.buildSome), built when nothing is to be validated. */
  private readonly unbuilt = new Set<CsvDocument>();
  private scheduled = false;
  private paused = false;
  private readonly listeners = {
    open: [] as Listener<CsvDocument>[],
    change: [] as Listener<CsvDocument>[],
    close: [] as Listener<string>[],
    settle: [] as Listener<CsvDocument>[],
  };
  private waiters = new Map<CsvDocument, (() => void)[]>();
  /** Requests waiting for a settled document's unbuilt findings to be built. */
  private buildWaiters = new Map<CsvDocument, (() => void)[]>();

  constructor(
    private readonly engine: ValidationEngine,
    private readonly optionsFor: (uri: string) => ValidationOptions,
    /** Validates part of a large document's rows on another core (they claim chunks of them); none when worker threads are not wanted. */
    private readonly worker?: OpenWorker,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  listen(connection: Connection): void {
    connection.onDidOpenTextDocument((params) => {
      const t = params?.textDocument;
      if (!isTextDocumentItem(t)) return this.log(`textDocument/didOpen ignored: its textDocument is no TextDocumentItem (${clip(t)})`);
      this.worker?.warm();
      // Opened again without a close: the document it replaces is validated no further (its worker share ends first).
      const replaced = this.docs.get(t.uri);
      replaced?.dispose();
      const doc = new CsvDocument(t.uri, t.languageId, t.version, t.text, this.engine, this.optionsFor(t.uri), this.worker);
      doc.onRemoteDone = (rows, ms) => {
        if (rows > 0) this.log(`${doc.uri}: ${rows} rows validated in a worker thread (${Math.round(ms)} ms)`);
        if (this.docs.get(doc.uri) === doc) this.schedule(doc);
      };
      this.docs.set(t.uri, doc);
      if (replaced) this.drop(replaced);
      this.emit('open', doc);
      this.schedule(doc);
    });
    connection.onDidChangeTextDocument((params) => {
      const t = params?.textDocument;
      const doc = this.docs.get(t?.uri);
      if (!doc) return;
      const { contentChanges } = params;
      if (!areContentChanges(contentChanges) || !Number.isInteger(t.version)) {
        return this.log(`${doc.uri}: textDocument/didChange ignored: its content changes are no TextDocumentContentChangeEvents (${clip(contentChanges)})`);
      }
      doc.applyChanges(contentChanges, t.version);
      this.emit('change', doc);
      this.schedule(doc);
    });
    connection.onDidCloseTextDocument((params) => {
      const doc = this.docs.get(params?.textDocument?.uri);
      if (!doc) return;
      this.docs.delete(doc.uri);
      this.drop(doc);
      this.emit('close', doc.uri);
    });
  }

  get(uri: string): CsvDocument | undefined {
    return this.docs.get(uri);
  }

  all(): CsvDocument[] {
    return [...this.docs.values()];
  }

  onDidOpen(l: Listener<CsvDocument>): void {
    this.listeners.open.push(l);
  }
  onDidChange(l: Listener<CsvDocument>): void {
    this.listeners.change.push(l);
  }
  onDidClose(l: Listener<string>): void {
    this.listeners.close.push(l);
  }
  /** Every row of the document has been validated against its current text. */
  onDidSettle(l: Listener<CsvDocument>): void {
    this.listeners.settle.push(l);
  }

  /** The document once all its rows are validated (at once if they are); undefined if it is not open or gets closed. */
  settled(uri: string): Promise<CsvDocument | undefined> {
    const doc = this.docs.get(uri);
    if (!doc) return Promise.resolve(undefined);
    if (doc.isSettled) return Promise.resolve(doc);
    return new Promise((resolve) => {
      const list = this.waiters.get(doc) ?? [];
      list.push(() => resolve(this.docs.get(uri) === doc ? doc : undefined));
      this.waiters.set(doc, list);
    });
  }

  /**
   * Resolves once the settled document has no unbuilt findings (at once if it has none), or when it stops being
   * settled or open: the caller looks again. The findings are built by the idle slices, not in one turn.
   */
  built(doc: CsvDocument): Promise<void> {
    if (!doc.isSettled || !doc.hasUnbuilt || this.docs.get(doc.uri) !== doc) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.buildWaiters.get(doc) ?? [];
      list.push(resolve);
      this.buildWaiters.set(doc, list);
      this.unbuilt.add(doc);
      this.wake();
    });
  }

  /** Re-validates every open document with fresh options (settings changed, reference time moved). */
  revalidateAll(): void {
    for (const doc of this.docs.values()) {
      doc.setOptions(this.optionsFor(doc.uri));
      this.schedule(doc);
    }
  }

  /** Holds validation back (until the first settings have arrived); edits are still applied. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (this.queue.size > 0 || this.unbuilt.size > 0) this.wake();
  }

  private schedule(doc: CsvDocument): void {
    this.queue.add(doc);
    this.wake();
  }

  private work(): void {
    this.scheduled = false;
    if (this.paused) return;
    const sliceEnd = performance.now() + SLICE_MS;
    for (const doc of this.queue) {
      const budget = sliceEnd - performance.now();
      if (budget <= 0) break;
      if (!doc.validateSome(budget)) {
        // Waiting for the worker thread's rows: onRemoteDone queues the document again.
        if (doc.isWaiting) {
          this.queue.delete(doc);
          continue;
        }
        break;
      }
      this.queue.delete(doc);
      this.release(doc);
      this.emitSettleAfterReplies(doc);
      if (doc.hasUnbuilt) this.unbuilt.add(doc);
    }
    // Findings a shared open kept as counts are built while nothing waits, before a request needs them all (code
    // actions decide over every finding).
    if (this.queue.size === 0) this.buildUnbuilt(sliceEnd);
    if (this.queue.size > 0 || this.unbuilt.size > 0) this.wake();
  }

  /** Has work() run on a later turn of the event loop, unless it is due already or validation is held back. */
  private wake(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    setImmediate(() => this.work());
  }

  private buildUnbuilt(sliceEnd: number): void {
    for (const doc of this.unbuilt) {
      const budget = sliceEnd - performance.now();
      if (budget <= 0) return;
      if (this.docs.get(doc.uri) !== doc || !doc.isSettled || doc.buildSome(budget)) {
        this.unbuilt.delete(doc);
        this.releaseBuilt(doc);
      }
    }
  }

  private releaseBuilt(doc: CsvDocument): void {
    const list = this.buildWaiters.get(doc);
    this.buildWaiters.delete(doc);
    for (const w of list ?? []) w();
  }

  /**
   * Tells the settle listeners (the status notification, the draft check) once the requests that waited for the
   * document (pull diagnostics) are answered: vscode-jsonrpc writes a reply on the turn of the event loop after the
   * one it is made in (its write queue runs on setImmediate), so the listeners run a turn after that, when the
   * document is still open and settled on the same findings (a later settle tells them itself).
   */
  private emitSettleAfterReplies(doc: CsvDocument): void {
    const generation = doc.generation;
    setImmediate(() =>
      setImmediate(() => {
        if (this.docs.get(doc.uri) === doc && doc.isSettled && doc.generation === generation) this.emit('settle', doc);
      }),
    );
  }

  /** Stops validating a document no longer open under its URI; the requests waiting for it look again. */
  private drop(doc: CsvDocument): void {
    this.queue.delete(doc);
    this.unbuilt.delete(doc);
    this.releaseBuilt(doc);
    doc.dispose();
    this.release(doc);
  }

  private release(doc: CsvDocument): void {
    const list = this.waiters.get(doc);
    if (!list) return;
    this.waiters.delete(doc);
    for (const w of list) w();
  }

  private emit<K extends keyof CsvDocuments['listeners']>(kind: K, value: Parameters<CsvDocuments['listeners'][K][number]>[0]): void {
    for (const l of this.listeners[kind] as Listener<typeof value>[]) l(value);
  }
}
