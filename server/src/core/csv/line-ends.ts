import type { Position, TextEdit } from '../types';

const LF = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;
const BOM = 0xfeff;

/**
 * How the lines of a text end: CR LF, LF, or a CR alone (classic Mac), and where the first lone CR stands. A lone CR
 * inside a quoted field is the field's content (as parseCsv reads it), not a line end: it is not counted here.
 */
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
  /** Lone CRs inside quoted fields: line breaks for the lines an editor counts, no line ends. */
  private quotedCr = 0;
  /** A CR ended the last piece: where it stands, should the next piece not start with LF. */
  private pendingCr: Position | undefined;
  /** That CR stands inside a quoted field. */
  private pendingQuoted = false;
  private readonly quotes = new QuotedSpans();
  /** While no lone CR has been seen every line ends in LF: the LFs so far and the characters since the last. */
  private lfSeen = 0;
  private tail = 0;

  /** The line breaks before `next`, the piece about to be pushed (empty at the end). */
  breaksBefore(next: string): number {
    return this.crlf + this.lf + this.cr + this.quotedCr + (this.pendingCr && next.charCodeAt(0) !== LF ? 1 : 0);
  }

  push(text: string): void {
    let from = 0;
    if (this.pendingCr) {
      if (text.length === 0) return;
      if (text.charCodeAt(0) === LF) {
        this.crlf++;
        from = 1;
      } else {
        this.loneCr(this.pendingCr, this.pendingQuoted);
        if (!this.firstCr) {
          this.lfSeen++;
          this.tail = 0;
        }
      }
      this.pendingCr = undefined;
    }
    const quoted = this.quotes.push(text);
    // Lone CRs inside quoted fields, and where the last ends: line breaks the first lone CR's place counts.
    let quotedCrs = 0;
    let lastQuotedCr = -1;
    let span = 0;
    let lfs = 0;
    for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) lfs++;
    let crlfs = 0;
    for (let at = text.indexOf('\r', from); at >= 0; at = text.indexOf('\r', at + 1)) {
      if (text.charCodeAt(at + 1) === LF) {
        crlfs++;
        continue;
      }
      while (span < quoted.length && quoted[span + 1] <= at) span += 2;
      const inQuotes = span < quoted.length && quoted[span] < at;
      const where = this.firstCr || inQuotes ? FOUND : this.positionOf(text, at);
      if (at + 1 === text.length) {
        this.pendingCr = where;
        this.pendingQuoted = inQuotes;
      } else {
        this.loneCr(where, inQuotes);
        if (inQuotes) {
          quotedCrs++;
          lastQuotedCr = at;
        }
      }
    }
    this.crlf += crlfs;
    this.lf += lfs - crlfs;
    if (!this.firstCr) {
      this.lfSeen += lfs + from + quotedCrs;
      const last = Math.max(text.lastIndexOf('\n'), lastQuotedCr);
      this.tail = last >= 0 ? text.length - last - 1 : this.tail + text.length;
    }
  }

  /** What was counted; a CR ending the text is a line break of its own. */
  end(): LineEnds {
    if (this.pendingCr) {
      this.loneCr(this.pendingCr, this.pendingQuoted);
      this.pendingCr = undefined;
    }
    const ends: LineEnds = { crlf: this.crlf, lf: this.lf, cr: this.cr };
    if (this.firstCr) ends.firstCr = this.firstCr;
    return ends;
  }

  private loneCr(at: Position, inQuotes: boolean): void {
    if (inQuotes) {
      this.quotedCr++;
      return;
    }
    this.cr++;
    if (!this.firstCr && at !== FOUND) this.firstCr = at;
  }

  /**
   * Where the CR at `at` in `text` stands, when no lone CR outside quotes came before it (every line before ends
   * in LF or in a lone CR inside a quoted field).
   */
  private positionOf(text: string, at: number): Position {
    let line = this.lfSeen;
    let lastBreak = -1;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
      line++;
      lastBreak = i;
    }
    for (let i = text.indexOf('\r'); i >= 0 && i < at; i = text.indexOf('\r', i + 1)) {
      if (text.charCodeAt(i + 1) === LF) continue;
      line++;
      if (i > lastBreak) lastBreak = i;
    }
    return { line, character: lastBreak >= 0 ? at - lastBreak - 1 : this.tail + at };
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

/** Edits that replace each lone CR of `text` by `target`, but for those inside quoted fields (a field's content). */
export function loneCrEdits(text: string, target: LineBreak): TextEdit[] {
  const edits: TextEdit[] = [];
  const quoted = new QuotedSpans().push(text);
  let span = 0;
  let line = 0;
  let lineStart = 0;
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  while (nextLf >= 0 || nextCr >= 0) {
    let end: number;
    if (nextCr >= 0 && (nextLf < 0 || nextCr < nextLf)) {
      end = nextCr;
      while (span < quoted.length && quoted[span + 1] <= end) span += 2;
      if (text.charCodeAt(end + 1) === LF) end++;
      else if (!(span < quoted.length && quoted[span] < end)) edits.push({ range: { start: { line, character: end - lineStart }, end: { line: line + 1, character: 0 } }, newText: target });
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

/**
 * Where the quoted fields of a text arriving in pieces stand, as parseCsv reads them: a quote opens a field only
 * at its start (the text's start, after a byte order mark there, a comma or a line break); inside, "" is one quote
 * and a lone quote closes it. The cost is an indexOf per quote.
 */
class QuotedSpans {
  private inside = false;
  /** The character before the next piece ends a field (or the text has not begun). */
  private atFieldStart = true;
  private started = false;
  /** Inside a field, the last piece ended in a quote: "" if the next piece starts with one, else its close. */
  private quoteEnded = false;

  /**
   * The quoted stretches of `text` as pairs of offsets: the opening quote (-1 when the field began in an earlier
   * piece) and the closing quote (the text's length when the field goes on); what lies between is inside.
   */
  push(text: string): number[] {
    const spans: number[] = [];
    const n = text.length;
    if (n === 0) return spans;
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    if (this.quoteEnded) {
      this.quoteEnded = false;
      if (text.charCodeAt(0) === QUOTE) {
        i = 1;
      } else {
        this.inside = false;
        this.atFieldStart = false;
      }
    }
    const first = i;
    let open = -1;
    while (i < n) {
      const q = text.indexOf('"', i);
      if (this.inside) {
        if (q < 0 || q === n - 1) {
          spans.push(open, n);
          this.quoteEnded = q === n - 1;
          return spans;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          i = q + 2;
          continue;
        }
        spans.push(open, q);
        this.inside = false;
        i = q + 1;
        continue;
      }
      if (q < 0) break;
      if (q === first ? this.atFieldStart : endsField(text.charCodeAt(q - 1))) {
        this.inside = true;
        open = q;
      }
      i = q + 1;
    }
    if (this.inside) spans.push(open, n);
    else if (n > first) this.atFieldStart = endsField(text.charCodeAt(n - 1));
    return spans;
  }
}

function endsField(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}
