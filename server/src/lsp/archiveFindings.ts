import { meantName } from '../core/archive/check';
import type { Row } from '../core/csv/model';
import type { Finding, Range } from '../core/types';
import type { CsvDocument } from './csvDocument';

/** A finding of an archive check, with the archive name of its row when it was checked. */
export interface ArchiveFinding {
  finding: Finding;
  archive: string;
}

/** The rows naming the archive of some findings, in order. */
interface Named {
  name: string;
  rows: Row[];
  /** Some of the rows have no finding: a shift of the rows alone can move the findings off (see follow). */
  partial: boolean;
  /** The last follow whose edit took out or put in a row naming it. */
  touched: number;
}

interface Followed extends ArchiveFinding {
  named: Named | undefined;
  /** The row the finding's range was read from, and that row's line then: the range moves with the row. */
  at?: { row: Row; line: number };
}

/**
 * The findings of the last archive check of a document, following their rows through its edits: a finding moves with
 * the row that still names its archive (lines inserted or removed above it) and is dropped when no row does, or when
 * rows naming that archive were added or removed so that which is which is unclear (the next check decides).
 * The rows naming the archives of the findings are kept per name and updated from the rows an edit took out and put
 * in (CsvDocument.lastEdit): an edit reads the cells of the rows it changed, not of every row, and looks again only at
 * the findings of the archives it changed rows of.
 */
export class ArchiveFindings {
  private entries: Followed[];
  private doc: CsvDocument | undefined;
  /** Per archive name of a finding: the rows naming it now. */
  private readonly rowsByName = new Map<string, Named>();
  /** The findings stand on rows of the document (after the first follow: the check's may stand on rows edited since). */
  private placed = false;
  private passes = 0;

  constructor(entries: readonly ArchiveFinding[], doc: CsvDocument | undefined) {
    this.entries = entries.map((e) => ({ ...e, named: undefined }));
    if (doc) this.index(doc);
  }

  get findings(): Finding[] {
    return this.entries.map((e) => e.finding);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Moves the findings onto the rows of `doc` after an edit (or a new open of the document); false when none moved. */
  follow(doc: CsvDocument): boolean {
    if (this.entries.length === 0) return false;
    const pass = ++this.passes;
    const edit = doc.lastEdit;
    let all = !this.placed;
    if (doc !== this.doc || edit.whole) {
      this.index(doc);
      all = true;
    } else {
      for (const row of edit.removed) this.take(row, pass);
      // A row put in by one change of the edit and taken out by a later one is not the document's.
      for (const row of edit.added) if (doc.rows[row.index] === row) this.put(row, pass);
    }
    this.placed = true;
    // An archive each of whose rows has a finding and none of whose rows the edit took out or put in keeps its findings
    // on their rows (as below, with as many rows before as now); the findings of the others are mapped anew.
    const anew = (n: Named): boolean => all || n.partial || n.touched === pass;
    // The rows that named an archive, in order, map onto the rows naming it now when as many remain.
    const before = new Map<Named, number[]>();
    for (const { finding, named } of this.entries) {
      if (!named || !anew(named)) continue;
      const list = before.get(named) ?? [];
      if (finding.row !== null && !list.includes(finding.row)) list.push(finding.row);
      before.set(named, list);
    }
    for (const list of before.values()) list.sort((a, b) => a - b);
    const kept: Followed[] = [];
    const keptRows = new Map<Named, Set<Row>>();
    let moved = all;
    for (const e of this.entries) {
      const n = e.named;
      const old = n && anew(n) ? before.get(n) : undefined;
      const row = !n ? undefined : !old ? e.at!.row : old.length === n.rows.length ? n.rows[old.indexOf(e.finding.row ?? -1)] : n.rows.find((r) => r.index === e.finding.row);
      const next = row && placedOn(e, row);
      if (next !== e) moved = true;
      if (!next) continue;
      kept.push(next);
      if (old) keptRows.set(n!, (keptRows.get(n!) ?? new Set()).add(row!));
    }
    this.entries = kept;
    for (const n of before.keys()) {
      const on = keptRows.get(n);
      n.partial = on !== undefined && on.size < n.rows.length;
      // An archive whose findings are all dropped gets none back before the next check: its rows need not be followed.
      if (!on) this.rowsByName.delete(n.name);
    }
    return moved;
  }

  /** Reads every row of `doc` for the archives of the findings. */
  private index(doc: CsvDocument): void {
    this.doc = doc;
    this.rowsByName.clear();
    for (const e of this.entries) {
      let n = this.rowsByName.get(e.archive);
      if (!n && e.archive) this.rowsByName.set(e.archive, (n = { name: e.archive, rows: [], partial: false, touched: 0 }));
      e.named = n;
    }
    for (const row of doc.rows) this.namedBy(row)?.rows.push(row);
  }

  /** The rows naming the archive `row` names, when it is the archive of a finding. */
  private namedBy(row: Row): Named | undefined {
    const name = meantName(row.cells[13]?.value);
    return name ? this.rowsByName.get(name) : undefined;
  }

  private take(row: Row, pass: number): void {
    const n = this.namedBy(row);
    if (!n) return;
    n.touched = pass;
    const i = n.rows.indexOf(row);
    if (i >= 0) n.rows.splice(i, 1);
  }

  private put(row: Row, pass: number): void {
    const n = this.namedBy(row);
    if (!n) return;
    n.touched = pass;
    let i = n.rows.length;
    while (i > 0 && n.rows[i - 1].index > row.index) i--;
    n.rows.splice(i, 0, row);
  }
}

/** Finding `e` on `row`: `e` itself when that is the row it stands on and the row has not moved. */
function placedOn(e: Followed, row: Row): Followed | undefined {
  const at = e.at;
  if (at?.row === row && row.line === at.line && row.index === e.finding.row) return e;
  const range = rangeOn(e, row);
  return range && { archive: e.archive, named: e.named, finding: { ...e.finding, row: row.index, range }, at: { row, line: row.line } };
}

/** Field 14 of `row`, where finding `e` now stands: its range moved with its row when the row is the one it was read from. */
function rangeOn(e: Followed, row: Row): Range | undefined {
  if (e.at?.row !== row) return row.cells[13]?.range;
  const d = row.line - e.at.line;
  const { start, end } = e.finding.range;
  return { start: { line: start.line + d, character: start.character }, end: { line: end.line + d, character: end.character } };
}
