import type { Row } from '../core/csv/model';
import type { LedgerState } from '../core/build/ledger';
import type { ValidationOptions } from '../core/options';
import type { Finding } from '../core/types';
import { isDraftPath, mayHoldDraftPath } from '../core/rules/archive-name';
import type { CsvDocument } from './csvDocument';
import { SentRowCheck } from './sentRows';

const ARCHIVE_FIELD = 14;

/** Field 14 is a draft path. Most rows are ruled out by their text (mayHoldDraftPath) without splitting them. */
function isDraftRow(row: Row): boolean {
  return mayHoldDraftPath(row.text) && isDraftPath(row.cells[ARCHIVE_FIELD - 1]?.value ?? '');
}

const byIndex = (a: Row, b: Row): number => a.index - b.index;

/**
 * What the draft check reads of an open document, followed through its edits: the rows whose field 14 is a draft path,
 * and the rows that differ from a row already sent (SentRowCheck). An edit reads the rows it took out and put in
 * (CsvDocument.lastEdit), not every row; a new text (`whole`), another document, another ledger or other options have
 * every row read again.
 */
export class DraftRows {
  private doc: CsvDocument | undefined;
  private readonly drafts = new Set<Row>();
  /** Rows put in since the rows were last compared with the ledger. */
  private readonly fresh = new Set<Row>();
  /** Rows that differ from a row already sent, with the finding (its place is the row's when it is given out). */
  private readonly sent = new Map<Row, Finding>();
  /** What the rows were compared with; undefined: every row is to be compared. */
  private compared: { ledger: LedgerState; options: ValidationOptions } | undefined;
  private readonly sentCheck = new SentRowCheck();

  /** After an edit of `doc` (documents.onDidChange). */
  follow(doc: CsvDocument): void {
    const edit = doc.lastEdit;
    if (doc !== this.doc || edit.whole) return this.readAll(doc);
    for (const row of edit.removed) {
      this.drafts.delete(row);
      this.fresh.delete(row);
      this.sent.delete(row);
    }
    // A row put in by one change of the edit and taken out by a later one is not the document's.
    for (const row of edit.added) if (doc.rows[row.index] === row) this.put(row);
  }

  /** The rows of `doc` whose field 14 is a draft path, in order. */
  draftRows(doc: CsvDocument): Row[] {
    if (doc !== this.doc) this.readAll(doc);
    return [...this.drafts].sort(byIndex);
  }

  /** The findings of the rows of `doc` that differ from a row already sent (checkAgainstLedger), in row order. */
  sentFindings(doc: CsvDocument, ledger: LedgerState, options: ValidationOptions): Finding[] {
    if (doc !== this.doc) this.readAll(doc);
    if (this.compared?.ledger !== ledger || this.compared.options !== options) {
      this.compared = { ledger, options };
      this.sent.clear();
      this.fresh.clear();
      if (ledger.rowsByKey.size > 0) for (const f of this.sentCheck.check(doc.rows, ledger, options)) this.sent.set(doc.rows[f.row!], f);
    } else if (ledger.rowsByKey.size === 0) {
      this.fresh.clear();
    } else {
      for (const row of this.fresh) {
        const f = this.sentCheck.findingOf(row, ledger, options);
        if (f) this.sent.set(row, f);
      }
      this.fresh.clear();
      this.sentCheck.forgetUnseen(doc.rows.length);
    }
    return [...this.sent.keys()].sort(byIndex).map((row) => ({ ...this.sent.get(row)!, range: row.range, row: row.index }));
  }

  private readAll(doc: CsvDocument): void {
    this.doc = doc;
    this.drafts.clear();
    this.fresh.clear();
    this.sent.clear();
    this.compared = undefined;
    for (const row of doc.rows) if (isDraftRow(row)) this.drafts.add(row);
  }

  private put(row: Row): void {
    if (isDraftRow(row)) this.drafts.add(row);
    this.fresh.add(row);
  }
}
