import { promises as fsp } from 'node:fs';
import type { Row } from '../core/csv/model';
import type { ValidationOptions } from '../core/options';
import type { Finding } from '../core/types';
import { checkAgainstLedger } from '../core/build/draft-check';
import { csvInPlace, readLedger, type LedgerState } from '../core/build/ledger';

interface CachedLedger {
  mtimeMs: number;
  size: number;
  state: LedgerState;
}

/**
 * The ledgers the editor compares rows with, read again only when the file changed (its size or
 * modification time) or the CSV of a batch not counted appeared: a ledger grows with every batch
 * ever built, and documents settle on every edit.
 */
export class LedgerCache {
  private readonly byPath = new Map<string, CachedLedger>();

  async get(path: string): Promise<LedgerState> {
    const stat = await fsp.stat(path).catch(() => undefined);
    const hit = this.byPath.get(path);
    if (stat && hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && !(await anyPublishedSince(hit.state))) return hit.state;
    const state = await readLedger(path);
    if (stat) this.byPath.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, state });
    else this.byPath.delete(path);
    return state;
  }
}

/** A batch not counted when the ledger was read is in place now: its build was killed right after publishing it. */
async function anyPublishedSince(state: LedgerState): Promise<boolean> {
  return (await Promise.all(state.unpublished.map(csvInPlace))).some(Boolean);
}

/**
 * Compares a document's rows with the rows already sent (`checkAgainstLedger`), remembering the answer
 * per row text: on an edit only new texts are compared, the others cost a map lookup. The answer is
 * kept without its position and placed on the row that has the text now.
 */
export class SentRowCheck {
  private ledger: LedgerState | undefined;
  private options: ValidationOptions | undefined;
  private readonly byText = new Map<string, { finding: Finding | undefined; pass: number }>();
  private pass = 0;

  check(rows: readonly Row[], ledger: LedgerState, options: ValidationOptions): Finding[] {
    if (ledger.rowsByKey.size === 0) return [];
    const pass = ++this.pass;
    const out: Finding[] = [];
    for (const row of rows) {
      const finding = this.remembered(row, ledger, options, pass);
      if (finding) out.push({ ...finding, range: row.range, row: row.index });
    }
    this.forgetUnseen(rows.length);
    return out;
  }

  /**
   * Row `row`'s finding against the ledger, without its place (its range and row are those of the row first compared
   * with that text). Its text is not counted as seen by the last `check`.
   */
  findingOf(row: Row, ledger: LedgerState, options: ValidationOptions): Finding | undefined {
    return this.remembered(row, ledger, options, 0);
  }

  /** Forgets the texts no row had in the last `check` when they are many more than the document's `rows`. */
  forgetUnseen(rows: number): void {
    // Texts no row has any more are dropped now and then, so the map follows the document, not its history.
    if (this.byText.size > 2 * rows + 64) for (const [text, k] of this.byText) if (k.pass !== this.pass) this.byText.delete(text);
  }

  private remembered(row: Row, ledger: LedgerState, options: ValidationOptions, pass: number): Finding | undefined {
    if (ledger !== this.ledger || options !== this.options) {
      this.byText.clear();
      this.ledger = ledger;
      this.options = options;
    }
    let known = this.byText.get(row.text);
    if (known === undefined) {
      known = { finding: checkAgainstLedger([row], ledger, options)[0], pass };
      this.byText.set(row.text, known);
    }
    known.pass = pass;
    return known.finding;
  }
}
