import type { CsvModel, Cell, Row, SyntaxProblem } from './model';
import { CsvCell } from './model';
import { rangeOf } from '../types';

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Where the scanner stands: the 0-based line, the offset (in the text being scanned) where that
 * line starts, and the index the next row will get. `lineStart` may be negative when the line
 * began in text already consumed (streaming).
 */
export interface ScanCursor {
  line: number;
  lineStart: number;
  rowIndex: number;
}

export interface ScanOutput {
  rows: Row[];
  syntaxProblems: SyntaxProblem[];
}

/**
 * Parses CSV text into rows of cells with exact ranges. Never throws.
 * Blank lines are skipped; a quoted field may span lines.
 */
export function parseCsv(text: string): CsvModel {
  const out: ScanOutput = { rows: [], syntaxProblems: [] };
  const bom = text.charCodeAt(0) === 0xfeff;
  const cursor: ScanCursor = { line: 0, lineStart: 0, rowIndex: 0 };
  scanRows(text, bom ? 1 : 0, cursor, true, out);
  return { rows: out.rows, bom, lineCount: cursor.line + 1, syntaxProblems: out.syntaxProblems };
}

/**
 * Scans complete records of `text` from offset `from`, appending them to `out` and advancing
 * `cursor`. Returns the offset up to which the text was consumed.
 *
 * With `final` false the text is a prefix of a longer stream: a record that reaches the end of
 * the text (no line break after it yet) and a trailing CR (maybe half of CRLF) are left
 * unconsumed, to be scanned again once more text has arrived.
 */
export function scanRows(text: string, from: number, cursor: ScanCursor, final: boolean, out: ScanOutput): number {
  const { rows, syntaxProblems } = out;
  const n = text.length;
  let i = from;
  let line = cursor.line;
  let lineStart = cursor.lineStart;
  let rowIndex = cursor.rowIndex;

  while (i < n) {
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      if (c0 === CR && i + 1 === n && !final) break;
      i += c0 === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    const rowLine = line;
    const rowLineStart = lineStart;
    const rowStart = i;
    const problemsBefore = syntaxProblems.length;
    const cells: Cell[] = [];
    for (;;) {
      const cellLine = line;
      const cellStart = i;
      const cellStartChar = i - lineStart;
      let value: string;
      let quoted = false;
      if (text.charCodeAt(i) === QUOTE) {
        quoted = true;
        let parts = '';
        let j = i + 1;
        let closed = false;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === QUOTE) {
            if (text.charCodeAt(j + 1) === QUOTE) {
              parts += text.slice(i + 1, j + 1);
              i = j + 1;
              j += 2;
              continue;
            }
            closed = true;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) {
            line++;
            lineStart = j + 1;
          } else if (c === CR) {
            line++;
            lineStart = j + 2;
            j++;
          }
          j++;
        }
        parts += text.slice(i + 1, j);
        value = parts;
        if (!closed) {
          syntaxProblems.push({ kind: 'unclosed-quote', range: rangeOf(cellLine, cellStartChar, cellStartChar + 1), row: rowIndex });
          i = j;
        } else {
          i = j + 1;
          let k = i;
          while (k < n && !isEnd(text.charCodeAt(k))) k++;
          if (k > i) {
            syntaxProblems.push({ kind: 'text-after-quote', range: rangeOf(line, i - lineStart, k - lineStart), row: rowIndex });
            value += text.slice(i, k);
            i = k;
          }
        }
      } else {
        let k = i;
        let c = 0;
        while (k < n && (c = text.charCodeAt(k)) !== COMMA && c !== LF && c !== CR) {
          if (c === QUOTE) {
            syntaxProblems.push({ kind: 'stray-quote', range: rangeOf(line, k - lineStart, k - lineStart + 1), row: rowIndex });
          }
          k++;
        }
        value = text.slice(i, k);
        i = k;
      }
      cells.push(new CsvCell(value, quoted ? text.slice(cellStart, i) : value, quoted, cellLine, cellStartChar, line, i - lineStart));
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    if (i >= n && !final) {
      // The record may go on in text not seen yet: leave it for the next call.
      syntaxProblems.length = problemsBefore;
      cursor.line = rowLine;
      cursor.lineStart = rowLineStart;
      cursor.rowIndex = rowIndex;
      return rowStart;
    }
    rows.push({
      index: rowIndex++,
      line: rowLine,
      cells,
      text: text.slice(rowStart, i),
      range: { start: { line: rowLine, character: rowStart - rowLineStart }, end: { line, character: i - lineStart } },
    });
  }
  cursor.line = line;
  cursor.lineStart = lineStart;
  cursor.rowIndex = rowIndex;
  return i;
}

function isEnd(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}
