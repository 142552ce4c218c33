import { DEFAULT_MAX_ROW_LENGTH, type Row, type SyntaxProblem } from './model';
import { scanRows, type ScanCursor } from './parse';

export { DEFAULT_MAX_ROW_LENGTH };

/** A row that was too long to keep: where it starts and how long it was. */
export interface OverlongRow {
  /** The index the row would have had. */
  row: number;
  line: number;
  character: number;
  /** Length in UTF-16 code units, line break excluded. */
  length: number;
}

/** What one piece of text yielded. Rows come in file order with their final indices and ranges. */
export interface ChunkResult {
  rows: Row[];
  syntaxProblems: SyntaxProblem[];
  overlong: OverlongRow[];
}

/**
 * Parses CSV text that arrives in pieces (a file read in chunks), giving the rows and ranges
 * `parseCsv` gives for the whole text. Memory is bounded by `maxRowLength` plus one piece: a
 * record longer than that is not kept but reported in `overlong` (its index is used up).
 *
 * A quoted field may span lines only within the bound; past it the record is cut at its first
 * line break, so an unbalanced quote cannot swallow the rest of the file.
 */
export class CsvChunkParser {
  private carry = '';
  private readonly cursor: ScanCursor = { line: 0, lineStart: 0, rowIndex: 0 };
  private started = false;
  /** The over-long single-line record being skipped, if any. */
  private skipping: OverlongRow | null = null;
  bom = false;

  constructor(private readonly maxRowLength = DEFAULT_MAX_ROW_LENGTH) {}

  /** Number of lines so far; once `end()` was called, the count `parseCsv` reports. */
  get lineCount(): number {
    return this.cursor.line + 1;
  }

  /** Rows so far, over-long ones included. */
  get rowCount(): number {
    return this.cursor.rowIndex;
  }

  push(piece: string): ChunkResult {
    return this.feed(piece, false);
  }

  /** Ends the text: whatever is pending becomes the last row. */
  end(): ChunkResult {
    return this.feed('', true);
  }

  private feed(piece: string, final: boolean): ChunkResult {
    const result: ChunkResult = { rows: [], syntaxProblems: [], overlong: [] };
    let text = piece;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        // The BOM is character 0 of line 0, as editors count it.
        this.bom = true;
        text = text.slice(1);
        this.cursor.lineStart = -1;
      }
    }
    if (this.skipping) {
      const at = this.skipThrough(text, result, final);
      if (at < 0) return result;
      text = text.slice(at);
    }
    let buffer = this.carry + text;
    for (;;) {
      const consumed = this.scan(buffer, final, result);
      buffer = buffer.slice(consumed);
      if (final || buffer.length <= this.maxRowLength) break;
      const cut = firstLineBreak(buffer);
      if (cut >= 0 && cut <= this.maxRowLength) {
        // A quoted field runs on past the bound: end the record at its first line break, as scanRows ends one it holds whole.
        const at = result.rows.length;
        this.scan(buffer.slice(0, cut), true, result);
        result.rows[at].cut = true;
        buffer = buffer.slice(cut);
        continue;
      }
      this.skipping = { row: this.cursor.rowIndex, line: this.cursor.line, character: this.cursor.lineStart === 0 ? 0 : -this.cursor.lineStart, length: 0 };
      const at = this.skipThrough(buffer, result, final);
      if (at < 0) {
        buffer = '';
        break;
      }
      buffer = buffer.slice(at);
    }
    this.carry = buffer;
    return result;
  }

  /** Scans complete records, moving the ones over the bound to `overlong`. Returns the offset consumed. */
  private scan(text: string, final: boolean, result: ChunkResult): number {
    const firstRow = result.rows.length;
    const firstProblem = result.syntaxProblems.length;
    const consumed = scanRows(text, 0, this.cursor, final, result, Infinity, undefined, this.maxRowLength);
    this.cursor.lineStart -= consumed;
    for (let r = firstRow; r < result.rows.length; r++) {
      if (result.rows[r].text.length > this.maxRowLength) {
        this.dropOverlong(result, r, firstProblem);
        r--;
      }
    }
    return consumed;
  }

  private dropOverlong(result: ChunkResult, at: number, firstProblem: number): void {
    const row = result.rows[at];
    result.rows.splice(at, 1);
    result.overlong.push({ row: row.index, line: row.line, character: row.range.start.character, length: row.text.length });
    for (let p = result.syntaxProblems.length - 1; p >= firstProblem; p--) {
      if (result.syntaxProblems[p].row === row.index) result.syntaxProblems.splice(p, 1);
    }
  }

  /**
   * Skips the over-long record's text up to its line break. Returns the offset of the line break
   * in `text` (the skip is then over), or -1 when all of `text` was skipped.
   */
  private skipThrough(text: string, result: ChunkResult, final: boolean): number {
    const skip = this.skipping!;
    const at = firstLineBreak(text);
    skip.length += at < 0 ? text.length : at;
    if (at < 0 && !final) return -1;
    result.overlong.push(skip);
    this.skipping = null;
    this.cursor.rowIndex++;
    // What follows starts at the line break, on the skipped record's line.
    this.cursor.lineStart = -(skip.character + skip.length);
    return at;
  }
}

function firstLineBreak(text: string): number {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (lf < 0) return cr;
  if (cr < 0) return lf;
  return Math.min(lf, cr);
}
