import type { CsvModel, Cell, Row, SyntaxProblem } from './model';
import { rangeOf } from '../types';

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Parses CSV text into rows of cells with exact ranges. Never throws.
 * Blank lines are skipped; a quoted field may span lines.
 */
export function parseCsv(text: string): CsvModel {
  const rows: Row[] = [];
  const syntaxProblems: SyntaxProblem[] = [];
  const bom = text.charCodeAt(0) === 0xfeff;
  let i = bom ? 1 : 0;
  let line = 0;
  let lineStart = 0;
  const n = text.length;

  while (i < n) {
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      i += c0 === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    const rowLine = line;
    const rowStart = i;
    const rowStartChar = i - lineStart;
    const cells: Cell[] = [];
    const rowIndex = rows.length;
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
        while (k < n && !isEnd(text.charCodeAt(k))) {
          if (text.charCodeAt(k) === QUOTE) {
            syntaxProblems.push({ kind: 'stray-quote', range: rangeOf(line, k - lineStart, k - lineStart + 1), row: rowIndex });
          }
          k++;
        }
        value = text.slice(i, k);
        i = k;
      }
      cells.push({
        value,
        raw: text.slice(cellStart, i),
        quoted,
        range: { start: { line: cellLine, character: cellStartChar }, end: { line, character: i - lineStart } },
      });
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    rows.push({
      index: rowIndex,
      line: rowLine,
      cells,
      text: text.slice(rowStart, i),
      range: { start: { line: rowLine, character: rowStartChar }, end: { line, character: i - lineStart } },
    });
  }
  const lineCount = line + 1;
  return { rows, bom, lineCount, syntaxProblems };
}

function isEnd(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}
