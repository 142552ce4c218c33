import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineText } from './lineText';
import { parseCsv } from '../core/csv/parse';
import { loneCrEdits } from '../core/csv/line-ends';
import type { Row, SyntaxProblem } from '../core/csv/model';
import { copyRange, NO_FINDINGS, SEVERITY_RANK, type Finding, type Range } from '../core/types';
import type { ValidationOptions } from '../core/options';
import { DRAFT_DECIDING_ROWS, draftDecision } from '../core/rules/draft-file';
import { INCENTIVE_WINDOW_MS, type DeadlineBasis, type RowDeadline } from '../core/rules/deadline';
import { ENCODED_FIELDS, REGULAR } from '../core/rules/row-record';
import type { OpenWorker } from './openWorker/pool';
import { RowClaims } from './openWorker/claims';
import { BASES, NOT_DATA, rankCountsOf, type PackedRows } from './openWorker/packedRows';
import { RowResults, Unbuilt } from './rowResults';
import type { CrossRowIndex, ValidationEngine } from './engine';
import { firstRowAfterLine, moveRange, moveRow, rowAtLine, spliceForChange, type RowSplice } from './rowSplice';

const NO_PROBLEMS: readonly SyntaxProblem[] = [];

/**
 * What an applyChanges did to the rows, its changes in turn: the rows it took out and the rows it put in (a row put
 * in by one change may be taken out by a later one); `whole` when it parsed the text anew, and every row is new.
 */
export type RowEdit = { whole: true } | { whole: false; removed: Row[]; added: Row[] };

/** Rows `rows[from..]` shared with the worker thread: `claims` says which thread takes each chunk of them. */
interface SplitJob {
  from: number;
  rows: readonly Row[];
  claims: RowClaims;
  /** The next chunk this thread claims (it takes them from the last down); -1 after the first. */
  nextChunk: number;
  /** This thread found the worker's chunks: it claims no more. */
  met: boolean;
  /** Per chunk: the worker's rows are merged. */
  merged: Uint8Array;
  mergedRows: number;
  started: number;
}

let lastGeneration = 0;
let lastOpening = 0;

/** From this many rows, an open (or a full re-validation) shares the rows with the worker thread. */
export const PARALLEL_MIN_ROWS = 20_000;
/**
 * The share of the rows the server's thread validates before it claims chunks beside the worker, which may take
 * any of the others: the text the worker is sent (and parses) starts after them.
 */
export const LOCAL_FIRST_SHARE = 0.25;

/**
 * Where the text the worker is sent during a full parse of `lines` lines starts, as a row index; 0 for a text too
 * small to share. Never before DRAFT_DECIDING_ROWS: the rows before it decide whether the text is a draft, which the
 * worker is told with its rows, so they must all be parsed first.
 */
export function workerFromRow(lines: number, share = LOCAL_FIRST_SHARE): number {
  return lines >= PARALLEL_MIN_ROWS ? Math.max(Math.floor(lines * share), DRAFT_DECIDING_ROWS) : 0;
}

/**
 * One open upload CSV: its text, its rows (kept in step with the text on every edit, re-parsing
 * only the lines an edit touched), and the findings of each row. Rows an edit created are dirty
 * until `validateSome` has run the row rules on them; cross-row findings come from an index the
 * rows are added to and removed from one at a time.
 */
export class CsvDocument {
  text: LineText;
  rows: Row[] = [];
  /** What the last applyChanges did to the rows (for listeners that follow rows without reading them all). */
  lastEdit: RowEdit = { whole: true };
  private readonly results = new RowResults((i) => this.buildFindings(i));
  /** How many row findings there are of each severity rank (error, warning, information, hint), kept with `results`. */
  private readonly rowCounts = [0, 0, 0, 0];
  private readonly syntax = new Map<Row, SyntaxProblem[]>();
  /**
   * Rows to validate: `pending[pendingAt..pendingEnd)` (the rows of a full parse; when they are shared with the
   * worker, those before the shared ones and then each chunk this thread claims), then `dirty` (rows edits created).
   */
  private pending: readonly Row[] = [];
  private pendingAt = 0;
  private pendingEnd = 0;
  /** Rows `pending[from..]` shared with the worker thread; its answers count only while this is still the job. */
  private remote: SplitJob | undefined;
  /** Called when the worker's answer has been merged (with its row count), or failed and its rows became local work again (0). */
  onRemoteDone: ((rows: number, ms: number) => void) | undefined;
  private readonly dirty = new Set<Row>();
  private index: CrossRowIndex;
  /** What the cross-row index reads when it compares the texts of a visit's rows: its rows are `rows`, moved and removed with them. */
  private readonly rowText = (rowIndex: number): string => this.rows[rowIndex].text;
  private crossFindings: Finding[] = [];
  private fileFindings: Finding[] = [];
  /** No row before this one has its findings unbuilt: set back where a shared open keeps a row's findings as counts, and to the first row an edit removes (rows after it move up). */
  private unbuiltFrom = Infinity;
  /**
   * Taken anew whenever the findings change; pull diagnostics use it in the result id. Unique in the
   * process, so that an id from before a close and reopen of the same URI never matches after it.
   */
  generation = 0;
  /** Which didOpen made this document, numbered in the process: the statuses of a URI opened again tell theirs apart by it. */
  readonly opening = ++lastOpening;
  private settled = false;
  /** Whether the text is a draft for Build (options.draft), as `draftRow` says. */
  private draft = false;
  /** The data row that says firmly whether the text is a draft (draftDecision); undefined when none does (the first rows decide together). */
  private draftRow: Row | undefined;
  /** The first row index an edit of the current applyChanges put rows in or took them out at. */
  private editFrom = Infinity;

  constructor(
    readonly uri: string,
    languageId: string,
    version: number,
    content: string,
    private readonly engine: ValidationEngine,
    private options: ValidationOptions,
    private readonly worker?: OpenWorker,
  ) {
    this.options = this.withDraft(options);
    this.text = new LineText(uri, languageId, version, content);
    this.index = engine.crossRowIndex(options, this.rowText);
    this.reparseAll();
  }

  get version(): number {
    return this.text.version;
  }

  /** True when every row has been validated against the current text. */
  get isSettled(): boolean {
    return this.settled;
  }

  /** Changes the options (settings, reference time): every row is validated again. */
  setOptions(options: ValidationOptions): void {
    this.options = this.withDraft(options);
    this.validateAllAgain();
  }

  private validateAllAgain(): void {
    this.index = this.engine.crossRowIndex(this.options, this.rowText);
    this.results.reset(this.rows.length);
    this.rowCounts.fill(0);
    this.dirty.clear();
    this.startPending(this.rows);
    this.settled = false;
  }

  getOptions(): ValidationOptions {
    return this.options;
  }

  /** `options` saying whether the text is a draft for Build (options.draft), as its deciding row says. */
  private withDraft(options: ValidationOptions): ValidationOptions {
    return options.draft === this.draft ? options : { ...options, draft: this.draft };
  }

  /**
   * Reads again whether `rows` (the text's, or its first part) are a draft's; true when that changed, and the
   * options with it. The first data row whose field 14 says it firmly decides, as it does for the file-name rules
   * (draftDecision): normally the first row, where the scan stops.
   */
  private followDraft(rows: readonly Row[]): boolean {
    const { draft, by } = draftDecision(rows, this.engine.isDataRow);
    this.draftRow = by;
    if (draft === this.draft) return false;
    this.draft = draft;
    this.options = this.withDraft(this.options);
    return true;
  }

  /** Applies the content changes of one didChange, in order. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    this.lastEdit = { whole: false, removed: [], added: [] };
    this.editFrom = Infinity;
    for (const given of changes) {
      const oldLineCount = this.text.lineCount;
      const change = this.changedLines(given);
      if ('whole' in change) {
        this.text.setText(change.whole, version);
        this.reparseAll();
        continue;
      }
      // The text reads a position past its end as the end, and a reversed range in order: the rows parsed again must follow the same range.
      const range = this.text.clampRange(change.range);
      this.text.replace(range, change.text, version);
      const splice = spliceForChange(this.rows, oldLineCount, { range, text: change.text }, this.text);
      if (splice) this.applySplice(splice);
      else this.reparseAll();
    }
    // An edit that makes the text a draft, or no longer one, changes the advice of every empty field 14. Only an edit
    // at or above the deciding row (or, with none, among the rows that may decide) can: rows below it are not read.
    const decidingAt = this.draftRow?.index ?? DRAFT_DECIDING_ROWS - 1;
    if (this.editFrom <= decidingAt && this.followDraft(this.rows)) this.validateAllAgain();
    // A didChange without changes still moves the document to its version.
    this.text.version = version;
    this.settled = false;
  }

  /**
   * A change as the lines it changes. A client that sends the whole text (full sync) or replaces most of it (an
   * extension rewriting the document with one edit) mostly changes a few lines: only their rows are parsed and validated again.
   * `whole` when most lines change: the text to parse anew.
   */
  private changedLines(change: TextDocumentContentChangeEvent): { range: Range; text: string } | { whole: string } {
    if (!('range' in change) || !change.range) return this.text.linesChangedTo(change.text) ?? { whole: change.text };
    const range = this.text.clampRange(change.range);
    if ((range.end.line - range.start.line + 1) * 2 <= this.text.lineCount) return { range, text: change.text };
    const end = this.text.end();
    const after = this.text.getText({ start: { line: 0, character: 0 }, end: range.start }) + change.text + this.text.getText({ start: range.end, end });
    return this.text.linesChangedTo(after) ?? { whole: after };
  }

  private reparseAll(): void {
    this.remote?.claims.closeToWorker();
    this.remote = undefined;
    const text = this.text.getText();
    // On a large text, the worker gets the rows after the first part as soon as that part is parsed: it parses and
    // validates them while this thread parses the rest.
    let early: SplitJob | undefined;
    const lines = this.worker?.available ? this.text.lineCount : 0;
    const from = workerFromRow(lines);
    const pause = from > 0 ? { rows: from + 1, then: (rows: readonly Row[], end: number) => {
      this.followDraft(rows);
      const first = rows[from];
      // Every row after `first` starts on a line of its own: the rest of the text holds no more rows than lines.
      early = this.share(text.slice(end - first.text.length), first, from, lines - first.line);
    } } : undefined;
    const model = parseCsv(text, pause);
    // The first part, read above, holds every row that may decide (workerFromRow): the worker was told rightly, and
    // this reads the same. Without a first part (a small text), this is where the text is read.
    this.followDraft(model.rows);
    this.lastEdit = { whole: true };
    this.index = this.engine.crossRowIndex(this.options, this.rowText);
    this.index.reserve?.(model.rows.length);
    this.rows = model.rows;
    this.results.reset(model.rows.length);
    this.rowCounts.fill(0);
    this.syntax.clear();
    this.dirty.clear();
    this.startPending(model.rows, early);
    this.addSyntax(model.syntaxProblems);
    this.settled = false;
  }

  private addSyntax(problems: readonly SyntaxProblem[]): void {
    for (const p of problems) {
      const row = this.rows[p.row];
      if (!row) continue;
      const list = this.syntax.get(row);
      if (list) list.push(p);
      else this.syntax.set(row, [p]);
    }
  }

  /**
   * Every row of a full parse is to be validated: on a large file, with the worker thread, which has `early` (sent
   * during the parse) or is sent its rows now.
   */
  private startPending(rows: readonly Row[], early?: SplitJob): void {
    this.remote?.claims.closeToWorker();
    this.pending = rows;
    this.pendingAt = 0;
    this.pendingEnd = rows.length;
    this.remote = undefined;
    let job = early;
    if (!job && this.worker?.available && rows.length >= PARALLEL_MIN_ROWS) {
      const from = Math.floor(rows.length * LOCAL_FIRST_SHARE);
      const first = rows[from];
      job = this.share(this.text.textFromLine(first.line), first, from, rows.length - from);
    }
    if (!job) return;
    if (rows.length < PARALLEL_MIN_ROWS || job.from >= rows.length) {
      job.claims.closeToWorker();
      return;
    }
    // The worker was told at most how many rows there are: from here on the claims cover the rows there are.
    job.claims = new RowClaims(rows.length - job.from, job.claims.chunkRows, job.claims.buffer);
    job.rows = rows;
    job.nextChunk = job.claims.chunks - 1;
    job.merged = new Uint8Array(job.claims.chunks);
    this.remote = job;
    this.pendingEnd = job.from;
  }

  /**
   * Sends the worker `text`, which starts with the row `first` (index `from`) and holds at most `rows` rows; the job
   * is this thread's once startPending has taken it. Undefined when the row does not start its line.
   */
  private share(text: string, first: Row, from: number, rows: number): SplitJob | undefined {
    if (from < 1 || first.range.start.character !== 0 || !this.worker) return undefined;
    const claims = new RowClaims(rows);
    const job: SplitJob = { from, rows: [], claims, nextChunk: -1, met: false, merged: new Uint8Array(0), mergedRows: 0, started: performance.now() };
    this.worker.validate(text, { line: first.line, rowIndex: from }, claims, this.options, (c, packed) => this.mergeChunk(job, c, packed)).then(
      () => this.remoteEnded(job, false),
      () => this.remoteEnded(job, true),
    );
    return job;
  }

  /** Makes the next chunk of the shared rows this thread's pending rows; false when the worker has it (or there is none). */
  private claimNext(): boolean {
    const job = this.remote;
    if (!job || job.met || job.nextChunk < 0) return false;
    if (!job.claims.claimForServer(job.nextChunk)) {
      job.met = true;
      return false;
    }
    this.pendingAt = job.from + job.claims.start(job.nextChunk);
    this.pendingEnd = job.from + job.claims.end(job.nextChunk--);
    return true;
  }

  /** Takes a chunk of the worker's rows into the document, as validateRow would have made them. */
  private mergeChunk(job: SplitJob, c: number, packed: PackedRows): void {
    if (this.remote !== job || c >= job.claims.chunks || job.merged[c]) return;
    const first = job.from + job.claims.start(c);
    // Rows the worker read otherwise than this thread are not taken: they are validated here once the worker is done.
    if (!sameRows(packed, job.rows, first, job.claims.end(c) - job.claims.start(c))) return;
    const withFindings = new Map(packed.findings.map((f) => [f.at, f]));
    for (let k = 0; k < packed.count; k++) {
      const row = job.rows[first + k];
      const own = withFindings.get(k);
      const flags = packed.flags[k];
      const slot = flags & NOT_DATA ? this.indexRecordOf(row)
        : flags & REGULAR && this.index.addEncoded ? this.index.addEncoded(packed.index, k * ENCODED_FIELDS, flags) : this.index.add(row);
      this.results.set(
        row.index, own ? new Unbuilt(own.counts) : NO_FINDINGS, packed.deadlineMs[k], BASES[packed.basis[k]] ?? 'exam', packed.field[k] as RowDeadline['field'],
        packed.noteRank[k], own ? own.notePosition : 0, slot, true,
      );
      this.count(row.index, 1);
    }
    job.merged[c] = 1;
    job.mergedRows += packed.count;
    if (packed.findings.length > 0) this.unbuiltFrom = Math.min(this.unbuiltFrom, first);
  }

  /**
   * The worker claims no more, or `failed`: the shared rows it did not answer are validated here (the chunks
   * nobody claimed, and any it held without answering).
   */
  private remoteEnded(job: SplitJob, failed: boolean): void {
    if (this.remote !== job) return;
    job.claims.closeToWorker();
    this.takeBackUnmerged(job);
    this.remote = undefined;
    this.onRemoteDone?.(failed ? 0 : job.mergedRows, performance.now() - job.started);
  }

  /** Puts the rows of the shared chunks this thread has not claimed and the worker has not answered into `dirty`. */
  private takeBackUnmerged(job: SplitJob): void {
    for (let c = 0; c <= job.nextChunk; c++) {
      if (job.merged[c]) continue;
      for (let i = job.from + job.claims.start(c); i < job.from + job.claims.end(c); i++) this.dirty.add(job.rows[i]);
    }
  }

  /**
   * The document is closed, or replaced by a new open of its URI: the worker claims no more of its rows (it would
   * otherwise go on through all of them, and the next large open would wait for it).
   */
  dispose(): void {
    this.remote?.claims.closeToWorker();
    this.remote = undefined;
  }

  /** True when nothing is left to do here but the worker's rows are not back yet. */
  get isWaiting(): boolean {
    const job = this.remote;
    return job !== undefined && this.pendingAt >= this.pendingEnd && (job.met || job.nextChunk < 0) && this.dirty.size === 0;
  }

  /** Moves the rows still pending (here or in the worker) into `dirty`, where edits can add and remove them one by one. */
  private flushPending(): void {
    const job = this.remote;
    for (let i = this.pendingAt; i < this.pendingEnd; i++) this.dirty.add(this.pending[i]);
    if (job) {
      job.claims.closeToWorker();
      this.takeBackUnmerged(job);
    }
    this.remote = undefined;
    this.pending = [];
    this.pendingAt = 0;
    this.pendingEnd = 0;
  }

  private applySplice(s: RowSplice): void {
    if (this.pendingAt < this.pendingEnd || this.remote) this.flushPending();
    // Rows after s.first move, rows before it stay: the smallest of an edit's changes bounds what it changed.
    this.editFrom = Math.min(this.editFrom, s.first);
    // Rows removed above unbuilt ones move them back, never before the first row removed.
    if (this.unbuiltFrom !== Infinity) this.unbuiltFrom = Math.min(this.unbuiltFrom, s.first);
    const firstBefore: Row | undefined = this.rows[0];
    const edit = this.lastEdit;
    for (let i = s.first; i < s.first + s.removeCount; i++) {
      const row = this.rows[i];
      if (!edit.whole) edit.removed.push(row);
      this.unindex(i);
      this.count(i, -1);
      this.dirty.delete(row);
      this.syntax.delete(row);
    }
    const indexDelta = s.added.length - s.removeCount;
    const after = s.first + s.removeCount;
    if (s.lineDelta !== 0 || indexDelta !== 0) {
      for (let i = after; i < this.rows.length; i++) this.moveValidatedRow(i, s.lineDelta, indexDelta);
    }
    if (s.added.length === s.removeCount) {
      for (let k = 0; k < s.added.length; k++) this.rows[s.first + k] = s.added[k];
    } else {
      this.rows = spliceArray(this.rows, s.first, s.removeCount, s.added);
    }
    this.results.splice(s.first, s.removeCount, s.added.length);
    for (const row of s.added) this.dirty.add(row);
    if (!edit.whole) for (const row of s.added) edit.added.push(row);
    this.addSyntax(s.addedProblems);
    // Whether a row is data can depend on it being first (a header row): check the first row again.
    if (this.rows[0] !== firstBefore) {
      if (this.rows[0]) this.markDirty(this.rows[0]);
      if (firstBefore && this.rows[firstBefore.index] === firstBefore) this.markDirty(firstBefore);
    }
  }

  /** Drops a row's results so that it is validated again. */
  private markDirty(row: Row): void {
    this.unindex(row.index);
    this.count(row.index, -1);
    this.results.clear(row.index);
    this.dirty.add(row);
  }

  private unindex(i: number): void {
    if (this.results.has(i) && this.results.slot(i) >= 0) this.index.remove(this.results.slot(i));
  }

  /** Moves a row that the edit did not touch, with its row-local findings and its place in the cross-row index. */
  private moveValidatedRow(i: number, lineDelta: number, indexDelta: number): void {
    const row = this.rows[i];
    const results = this.results;
    const validated = results.has(i);
    // Findings not built yet are built from the row where it is by then.
    const built = validated && results.isBuilt(i);
    if (built && !results.isOwned(i)) results.own(i, results.findings(i).map(ownFinding));
    results.dropNote(i);
    moveRow(row, lineDelta, indexDelta);
    for (const p of this.syntax.get(row) ?? []) {
      moveRange(p.range, lineDelta);
      p.row += indexDelta;
    }
    if (built) {
      for (const f of results.findings(i)) {
        if (lineDelta !== 0) moveFinding(f, lineDelta);
        if (f.row !== null) f.row += indexDelta;
      }
    }
    if (validated) {
      if (results.slot(i) >= 0) this.index.move(results.slot(i), lineDelta, indexDelta);
    }
  }

  /** Validates dirty rows for at most `budgetMs`; returns true when none are left and the document is settled. */
  validateSome(budgetMs: number): boolean {
    if (this.settled) return true;
    const deadline = performance.now() + budgetMs;
    let n = 0;
    do {
      while (this.pendingAt < this.pendingEnd) {
        this.validateRow(this.pending[this.pendingAt++]);
        if ((++n & 255) === 0 && performance.now() > deadline) return false;
      }
    } while (this.claimNext());
    for (const row of this.dirty) {
      this.dirty.delete(row);
      this.validateRow(row);
      if ((++n & 255) === 0 && performance.now() > deadline) return false;
    }
    if (this.remote) return false;
    this.crossFindings = this.index.findings();
    this.fileFindings = this.engine.fileFindings(
      {
        rows: this.rows, bom: this.text.firstCharCode() === 0xfeff, lineCount: this.text.lineCount, lineEnds: this.text.lineEnds(),
        loneCrEdits: (target) => loneCrEdits(this.text.getText(), target),
      },
      this.options,
    );
    this.settled = true;
    this.generation = ++lastGeneration;
    return true;
  }

  private validateRow(row: Row): void {
    this.count(row.index, -1);
    const syntax = this.syntax.get(row) ?? NO_PROBLEMS;
    if (this.engine.isDataRow(row)) {
      // Rows split their cells on each read: split once for the rules and the index.
      const cells = row.cells;
      const v = this.engine.validateRow(row, cells, syntax, this.options);
      // While the open's rows are shared with the worker, findings are kept as counts, as the worker's are.
      const defer = this.remote !== undefined && v.findings.length > 0;
      if (defer) this.unbuiltFrom = Math.min(this.unbuiltFrom, row.index);
      this.results.set(
        row.index, defer ? new Unbuilt(rankCountsOf(v.findings)) : v.findings, v.deadline?.deadline ?? NaN, v.deadline?.basis ?? 'exam', v.deadline?.field ?? 12,
        v.noteSeverity === undefined ? -1 : SEVERITY_RANK[v.noteSeverity], v.notePosition, this.index.add(row, cells), false,
      );
    } else {
      this.results.set(row.index, this.engine.nonDataFindings(row, syntax, this.options), NaN, 'exam', 12, -1, 0, this.indexRecordOf(row), false);
    }
    this.count(row.index, 1);
  }

  /** The cross-row slot of a row that is not data but holds a record all the same (recordOfNonDataRow); -1 for others. */
  private indexRecordOf(row: Row): number {
    const record = this.engine.recordOfNonDataRow?.(row);
    return record ? this.index.add(row, record) : -1;
  }

  /** Every text finding (rows, cross-row, file), in row order then cross-row then file. */
  findings(): Finding[] {
    const out: Finding[] = [];
    this.forEachFinding((f) => void out.push(f));
    return out;
  }

  /** The findings of findings() that carry fixes, in its order: what code actions read. Deadline notes carry none and are not built. */
  fixableFindings(): Finding[] {
    return this.fixableOfRows(0, this.results.length);
  }

  /**
   * The findings of fixableFindings() of the rows with a line in [firstLine, lastLine] (its cross-row and file ones all),
   * in its order: only those rows' findings are built.
   */
  fixableFindingsOfLines(firstLine: number, lastLine: number): Finding[] {
    const first = rowAtLine(this.rows, firstLine);
    const from = first < 0 ? firstRowAfterLine(this.rows, firstLine) : first;
    return this.fixableOfRows(from, firstRowAfterLine(this.rows, lastLine));
  }

  /** The findings with fixes of rows [from, to), then the cross-row and file ones. */
  private fixableOfRows(from: number, to: number): Finding[] {
    const out: Finding[] = [];
    const results = this.results;
    for (let i = from; i < to; i++) {
      if (!results.has(i)) continue;
      for (const f of results.findings(i)) if (f.fixes?.length) out.push(f);
    }
    for (const f of this.crossFindings) if (f.fixes?.length) out.push(f);
    for (const f of this.fileFindings) if (f.fixes?.length) out.push(f);
    return out;
  }

  /** Adds (or with -1 takes away) row `i`'s findings to the counts, when it has been validated. */
  private count(i: number, sign: 1 | -1): void {
    if (this.results.has(i)) this.results.addCounts(i, this.rowCounts, sign);
  }

  /** True when rows of a shared open may still have their findings unbuilt. */
  get hasUnbuilt(): boolean {
    return this.unbuiltFrom < this.results.length;
  }

  /** Builds the findings a shared open kept as counts, for at most `budgetMs`; true when none are left. */
  buildSome(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    const results = this.results;
    let n = 0;
    for (; this.unbuiltFrom < results.length; this.unbuiltFrom++) {
      if (results.has(this.unbuiltFrom) && !results.isBuilt(this.unbuiltFrom)) {
        results.findings(this.unbuiltFrom);
        if ((++n & 63) === 0 && performance.now() > deadline) return false;
      }
    }
    this.unbuiltFrom = Infinity;
    return true;
  }

  /** Row `i`'s findings as validateRow makes them, for a row whose findings a shared open kept as counts. */
  private buildFindings(i: number): Finding[] {
    const row = this.rows[i];
    const syntax = this.syntax.get(row) ?? NO_PROBLEMS;
    return this.engine.isDataRow(row) ? this.engine.validateRow(row, row.cells, syntax, this.options).findings : this.engine.nonDataFindings(row, syntax, this.options);
  }

  /** How many findings findings() holds of each severity rank: error, warning, information, hint. */
  countsByRank(): number[] {
    const counts = this.rowCounts.slice();
    for (const f of this.crossFindings) counts[SEVERITY_RANK[f.severity] ?? 0]++;
    for (const f of this.fileFindings) counts[SEVERITY_RANK[f.severity] ?? 0]++;
    return counts;
  }

  /**
   * Visits the findings in the order of findings() without building the list; stops when `visit` returns false.
   * With `rank`, visits only the findings of that severity rank (and builds no deadline note of another).
   */
  forEachFinding(visit: (f: Finding) => boolean | void, rank?: number): void {
    const wanted = (f: Finding): boolean => rank === undefined || (SEVERITY_RANK[f.severity] ?? 0) === rank;
    const results = this.results;
    // With a rank, the rows' findings of that rank are counted: the walk ends with the last of them, and skips
    // rows without findings whose note is of another rank (most rows, when the rank is not the notes').
    let left = rank === undefined ? Infinity : this.rowCounts[rank];
    for (let i = rank === undefined ? 0 : results.nextWith(0, rank); i < results.length && left > 0; i = rank === undefined ? i + 1 : results.nextWith(i + 1, rank)) {
      if (!results.has(i)) continue;
      const findings = results.findings(i);
      const noteRank = results.noteRank(i);
      const notePosition = results.notePosition(i);
      for (let k = 0; k <= findings.length; k++) {
        if (k === notePosition && noteRank >= 0 && (rank === undefined || noteRank === rank)) {
          left--;
          const note = this.deadlineNote(i);
          if (note && visit(note) === false) return;
        }
        if (k < findings.length && wanted(findings[k])) {
          left--;
          if (visit(findings[k]) === false) return;
        }
      }
    }
    for (const f of this.crossFindings) if (wanted(f) && visit(f) === false) return;
    for (const f of this.fileFindings) if (wanted(f) && visit(f) === false) return;
  }

  /** Row `i`'s deadline note, built when first read and kept until the row moves. */
  private deadlineNote(i: number): Finding | undefined {
    const kept = this.results.note(i);
    if (kept) return kept;
    const r = this.results;
    const ms = r.deadlineMs(i);
    const deadline: RowDeadline = { start: ms - INCENTIVE_WINDOW_MS, deadline: ms, basis: r.deadlineBasis(i), field: r.deadlineField(i) };
    const note = this.engine.deadlineNote(this.rows[i], deadline, this.options);
    if (note) r.keepNote(i, note);
    return note;
  }

  /** Calls `visit` with each row's deadline. */
  forEachDeadline(visit: (row: Row, deadline: number) => void): void {
    for (let i = 0; i < this.rows.length; i++) {
      if (!this.results.has(i)) continue;
      const d = this.results.deadlineMs(i);
      if (!Number.isNaN(d)) visit(this.rows[i], d);
    }
  }

  rowAt(line: number): Row | undefined {
    const i = rowAtLine(this.rows, line);
    return i < 0 ? undefined : this.rows[i];
  }

  /** The rows that have a line in [firstLine, lastLine]. */
  rowsBetween(firstLine: number, lastLine: number): Row[] {
    const out: Row[] = [];
    let i = rowAtLine(this.rows, firstLine);
    if (i < 0) i = firstRowAfterLine(this.rows, firstLine);
    for (; i < this.rows.length && this.rows[i].line <= lastLine; i++) out.push(this.rows[i]);
    return out;
  }

  /**
   * Whether row `i` is a data row (not a header row, not empty) validated against the current text: it is in the
   * cross-row index (where the record pandas wrote as column names, a header row, is too).
   */
  isIndexed(i: number): boolean {
    return this.results.has(i) && this.results.slot(i) >= 0 && (i !== 0 || this.engine.isDataRow(this.rows[0]));
  }

  /**
   * The indexes of the rows of row `i`'s visit, as the report-serial rules group them (fields 1, 4, 5, 6, 8, 15, 16),
   * row `i` among them, in row order; undefined for a row not in the cross-row index (see isIndexed).
   */
  visitRowsOf(i: number): number[] | undefined {
    if (!this.isIndexed(i) || !this.index.visitRows) return undefined;
    const rows = this.index.visitRows(this.results.slot(i));
    // A header row in the index (the record pandas wrote as column names) is first if at all.
    return rows[0] === 0 && !this.isIndexed(0) ? rows.slice(1) : rows;
  }

  deadlineOf(row: Row): number | null {
    if (!this.results.has(row.index)) return null;
    const d = this.results.deadlineMs(row.index);
    return Number.isNaN(d) ? null : d;
  }

  /** What row's deadline counts from (a row deadlineOf gives a deadline for). */
  deadlineBasisOf(row: Row): DeadlineBasis {
    return this.results.deadlineBasis(row.index);
  }
}

/** A copy (made before the row moves) whose ranges this document may move without touching objects the core still holds (e.g. cell ranges). */
function ownFinding(f: Finding): Finding {
  const copy: Finding = { ...f, range: copyRange(f.range) };
  if (f.fixes) copy.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ range: copyRange(e.range), newText: e.newText })) }));
  return copy;
}

function moveFinding(f: Finding, lineDelta: number): void {
  moveRange(f.range, lineDelta);
  for (const fix of f.fixes ?? []) for (const e of fix.edits) moveRange(e.range, lineDelta);
}

/** Array splice without spreading (safe for very large insertions). */
function spliceArray<T>(a: T[], start: number, deleteCount: number, items: readonly T[]): T[] {
  const out = a.slice(0, start);
  for (const x of items) out.push(x);
  for (let i = start + deleteCount; i < a.length; i++) out.push(a[i]);
  return out;
}

/** Whether the worker's rows are `count` rows from `rows[first]`: the same number, starting on the same line and ending at the same place. */
function sameRows(packed: PackedRows, rows: readonly Row[], first: number, count: number): boolean {
  if (packed.count !== count || count === 0) return packed.count === count;
  const end = rows[first + count - 1].range.end;
  return packed.firstLine === rows[first].line && packed.lastEndLine === end.line && packed.lastEndCharacter === end.character;
}
