import type { Position, TextEdit } from '../types';

const LF = 10;

/** How the lines of a text end: CR LF, LF, or a CR alone (classic Mac), and where the first lone CR stands. */
export interface LineEnds {
  crlf: number;
  lf: number;
  /** Line breaks that are a CR not followed by LF. */
  cr: number;
  /** The end of the first line that ends in a lone CR: its line and the character where the CR stands. */
  firstCr?: Position;
}

/** The line break that rewriting a file's lone CRs aims at: LF where LF is the most used, CR LF otherwise (as Windows writes). */
export type LineBreak = '\r\n' | '\n';

export function targetLineBreak(ends: LineEnds): LineBreak {
  return ends.lf > ends.crlf ? '\n' : '\r\n';
}

/**
 * Counts the line ends of a text that arrives in pieces (a file read in chunks). A CR ending a piece is settled
 * by the first character of the next. Its cost is an indexOf per line break, nothing per character.
 */
export class LineEndTally {
  private crlf = 0;
  private lf = 0;
  private cr = 0;
  private firstCr: Position | undefined;
  /** A CR ended the last piece: where it stands, should the next piece not start with LF. */
  private pendingCr: Position | undefined;
  /** While no lone CR has been seen every line ends in LF: the LFs so far and the characters since the last. */
  private lfSeen = 0;
  private tail = 0;

  /** The line breaks before `next`, the piece about to be pushed (empty at the end). */
  breaksBefore(next: string): number {
    return this.crlf + this.lf + this.cr + (this.pendingCr && next.charCodeAt(0) !== LF ? 1 : 0);
  }

  push(text: string): void {
    let from = 0;
    if (this.pendingCr) {
      if (text.length === 0) return;
      if (text.charCodeAt(0) === LF) {
        this.crlf++;
        from = 1;
      } else {
        this.loneCr(this.pendingCr);
      }
      this.pendingCr = undefined;
    }
    let lfs = 0;
    for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) lfs++;
    let crlfs = 0;
    for (let at = text.indexOf('\r', from); at >= 0; at = text.indexOf('\r', at + 1)) {
      if (text.charCodeAt(at + 1) === LF) crlfs++;
      else if (at + 1 === text.length) this.pendingCr = this.firstCr ? FOUND : this.positionOf(text, at);
      else this.loneCr(this.firstCr ? FOUND : this.positionOf(text, at));
    }
    this.crlf += crlfs;
    this.lf += lfs - crlfs;
    if (!this.firstCr) {
      this.lfSeen += lfs + from;
      const last = text.lastIndexOf('\n');
      this.tail = last >= 0 ? text.length - last - 1 : this.tail + text.length;
    }
  }

  /** What was counted; a CR ending the text is a line break of its own. */
  end(): LineEnds {
    if (this.pendingCr) {
      this.loneCr(this.pendingCr);
      this.pendingCr = undefined;
    }
    const ends: LineEnds = { crlf: this.crlf, lf: this.lf, cr: this.cr };
    if (this.firstCr) ends.firstCr = this.firstCr;
    return ends;
  }

  private loneCr(at: Position): void {
    this.cr++;
    if (!this.firstCr && at !== FOUND) this.firstCr = at;
  }

  /** Where the CR at `at` in `text` stands, when no lone CR came before it (every line before ends in LF). */
  private positionOf(text: string, at: number): Position {
    let line = this.lfSeen;
    let lastLf = -1;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
      line++;
      lastLf = i;
    }
    return { line, character: lastLf >= 0 ? at - lastLf - 1 : this.tail + at };
  }
}

/** Stands for a lone CR after the first: its place is not needed. */
const FOUND: Position = { line: -1, character: -1 };

/** The line ends of a whole text. */
export function lineEndsOf(text: string): LineEnds {
  const tally = new LineEndTally();
  tally.push(text);
  return tally.end();
}

/** Edits that replace each lone CR of `text` by `target`. */
export function loneCrEdits(text: string, target: LineBreak): TextEdit[] {
  const edits: TextEdit[] = [];
  let line = 0;
  let lineStart = 0;
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  while (nextLf >= 0 || nextCr >= 0) {
    let end: number;
    if (nextCr >= 0 && (nextLf < 0 || nextCr < nextLf)) {
      end = nextCr;
      if (text.charCodeAt(end + 1) === LF) end++;
      else edits.push({ range: { start: { line, character: end - lineStart }, end: { line: line + 1, character: 0 } }, newText: target });
      nextCr = text.indexOf('\r', nextCr + 1);
    } else {
      end = nextLf;
    }
    if (nextLf >= 0 && nextLf <= end) nextLf = text.indexOf('\n', end + 1);
    line++;
    lineStart = end + 1;
  }
  return edits;
}
