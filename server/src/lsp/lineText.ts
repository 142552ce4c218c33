import type { Position, Range } from '../core/types';
import { lineEndsOf, type LineEnds } from '../core/csv/line-ends';

/**
 * A document's text as its lines (each with its line break), edited in place: a change rebuilds
 * only the lines it touched, so its cost follows the edit, not the file. The whole text is joined
 * only when asked for, and kept until the next change. Positions follow the LSP rules of
 * vscode-languageserver-textdocument (lines end at CR LF, CR or LF; a character past the line's
 * end means its end; a line past the last means the end of the text).
 */
export class LineText {
  /** The lines, split from `joined` when first needed (a document that is only read never needs them). */
  private split: string[] | undefined;
  private joined: string | undefined;
  /** The line count of `joined` while the lines are not split. */
  private count: number | undefined;
  /** How many lines end in CR LF, LF and a lone CR: counted when first asked, then kept up to date by replace(). */
  private ends: LineEndCounts | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.joined = content;
  }

  private get lines(): string[] {
    if (!this.split) {
      this.split = splitLines(this.joined ?? '');
      this.count = undefined;
    }
    return this.split;
  }

  private set lines(lines: string[]) {
    this.split = lines;
    this.count = undefined;
  }

  get lineCount(): number {
    if (this.split) return this.split.length;
    return (this.count ??= countLines(this.joined ?? ''));
  }

  /** The whole text, or the text between two positions. */
  getText(range?: Range): string {
    if (!range) return (this.joined ??= this.lines.join(''));
    const { start: a, end: b } = this.clampRange(range);
    if (a.line === b.line) return this.lines[a.line].slice(a.character, b.character);
    let out = this.lines[a.line].slice(a.character);
    for (let l = a.line + 1; l < b.line; l++) out += this.lines[l];
    return out + this.lines[b.line].slice(0, b.character);
  }

  /** Text from the start of line `first` up to the start of line `last + 1` (or the end). */
  linesText(first: number, last: number): string {
    let out = '';
    const end = Math.min(last, this.lines.length - 1);
    for (let l = Math.max(0, first); l <= end; l++) out += this.lines[l];
    return out;
  }

  /** The text from the start of `line` to the end. */
  textFromLine(line: number): string {
    if (line <= 0) return this.getText();
    if (this.joined === undefined) return this.linesText(line, this.lines.length - 1);
    if (!this.split) return this.joined.slice(lineStart(this.joined, line));
    let offset = 0;
    for (let l = 0; l < line && l < this.split.length; l++) offset += this.split[l].length;
    return this.joined.slice(offset);
  }

  /**
   * How the lines end; counted once, then kept up to date edit by edit (a settle after each edit asks). The
   * count line by line takes every lone CR for a line end: when it finds one, the text is counted whole, as
   * lineEndsOf leaves out the lone CRs inside quoted fields (rare: editors seldom keep a lone CR).
   */
  lineEnds(): LineEnds {
    if (!this.split) return lineEndsOf(this.joined ?? '');
    const ends: LineEnds = { ...(this.ends ??= countLineEnds(this.split)) };
    return ends.cr > 0 ? lineEndsOf(this.getText()) : ends;
  }

  /** The text's first character code (NaN when empty). */
  firstCharCode(): number {
    return this.joined !== undefined ? this.joined.charCodeAt(0) : this.lines[0].charCodeAt(0);
  }

  /** Replaces the whole text. */
  setText(content: string, version: number): void {
    this.split = undefined;
    this.count = undefined;
    this.ends = undefined;
    this.joined = content;
    this.version = version;
  }

  /**
   * A replacement of the whole text by `content` as a replacement of the lines that differ: the lines before and after
   * them that stand unchanged are kept. Undefined when more than half of the lines differ.
   */
  linesChangedTo(content: string): { range: Range; text: string } | undefined {
    const lines = this.lines;
    const n = lines.length;
    // The last line has no line break: what follows it in `content` would make it another line.
    let head = 0;
    let from = 0;
    while (head < n - 1 && content.startsWith(lines[head], from)) from += lines[head++].length;
    let tail = 0;
    let to = content.length;
    while (tail < n - head && to - lines[n - 1 - tail].length >= from && content.endsWith(lines[n - 1 - tail], to)) to -= lines[n - 1 - tail++].length;
    if ((n - head - tail) * 2 > n) return undefined;
    const end = tail > 0 ? { line: n - tail, character: 0 } : this.end();
    return { range: { start: { line: head, character: 0 }, end }, text: content.slice(from, to) };
  }

  /** Replaces the text in `range` by `text`. */
  replace(range: Range, text: string, version: number): void {
    this.version = version;
    const { start: a, end: b } = this.clampRange(range);
    // From the line before (its CR may pair with an LF now in front of it) to the end of the last line touched.
    const first = Math.max(0, a.line - 1);
    let region = first < a.line ? this.lines[first] : '';
    region += this.lines[a.line].slice(0, a.character) + text + this.lines[b.line].slice(b.character);
    const pieces = splitLines(region);
    // A region that is not at the end of the text ends with a line break: its last, empty piece is not a line.
    if (b.line < this.lines.length - 1) pieces.pop();
    const removeCount = b.line - first + 1;
    if (this.ends) {
      for (let l = first; l <= b.line; l++) tallyLineEnd(this.ends, this.lines[l], -1);
      for (const p of pieces) tallyLineEnd(this.ends, p, 1);
    }
    if (pieces.length === removeCount) {
      for (let k = 0; k < pieces.length; k++) this.lines[first + k] = pieces[k];
    } else if (pieces.length + removeCount < 2048) {
      this.lines.splice(first, removeCount, ...pieces);
    } else {
      const out = this.lines.slice(0, first);
      for (const p of pieces) out.push(p);
      for (let l = b.line + 1; l < this.lines.length; l++) out.push(this.lines[l]);
      this.lines = out;
    }
    this.joined = undefined;
  }

  /** The position at the end of the text: its last line's end (the start of an empty last line after a final line break). */
  end(): Position {
    return this.clamp({ line: this.lines.length, character: 0 });
  }

  /** The position within the text: a line past the last is the text's end, a character past a line's end is that end. */
  within(p: Position): Position {
    return this.clamp(p);
  }

  /** The range with its ends in order and within the text. */
  clampRange(range: Range): Range {
    const [start, end] = ordered(range);
    return { start: this.clamp(start), end: this.clamp(end) };
  }

  /** The position as an in-text position: line within the text, character within the line's content. */
  private clamp(p: Position): Position {
    if (p.line < 0) return { line: 0, character: 0 };
    if (p.line >= this.lines.length) {
      const last = this.lines.length - 1;
      return { line: last, character: this.lines[last].length };
    }
    const line = this.lines[p.line];
    return { line: p.line, character: Math.max(0, Math.min(p.character, contentLength(line))) };
  }
}

function ordered(r: Range): [Position, Position] {
  const s = r.start;
  const e = r.end;
  return s.line > e.line || (s.line === e.line && s.character > e.character) ? [e, s] : [s, e];
}

/** The line's length without its line break. */
function contentLength(line: string): number {
  let n = line.length;
  if (n > 0 && line.charCodeAt(n - 1) === 10) n--;
  if (n > 0 && line.charCodeAt(n - 1) === 13) n--;
  return n;
}

/**
 * Offset just after the first line break (CR LF, CR or LF) at or after `from`, or -1 when there is
 * none. `hasCr`: the text holds a CR at all; without one, indexOf finds the LFs.
 */
function nextLineStart(text: string, from: number, hasCr: boolean): number {
  if (!hasCr) {
    const lf = text.indexOf('\n', from);
    return lf < 0 ? -1 : lf + 1;
  }
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return i + 1 < n && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return -1;
}

/** How many lines splitLines would give: line breaks plus one. */
function countLines(text: string): number {
  const hasCr = text.indexOf('\r') >= 0;
  let n = 1;
  for (let at = nextLineStart(text, 0, hasCr); at >= 0; at = nextLineStart(text, at, hasCr)) n++;
  return n;
}

/** Offset where `line` starts (the text's length when it has fewer lines). */
function lineStart(text: string, line: number): number {
  const hasCr = text.indexOf('\r') >= 0;
  let at = 0;
  for (let l = 0; l < line; l++) {
    at = nextLineStart(text, at, hasCr);
    if (at < 0) return text.length;
  }
  return at;
}

/** Lines with their line breaks; the last piece (possibly empty) has none. */
export function splitLines(text: string): string[] {
  const hasCr = text.indexOf('\r') >= 0;
  const out: string[] = [];
  let from = 0;
  for (let at = nextLineStart(text, 0, hasCr); at >= 0; at = nextLineStart(text, at, hasCr)) {
    out.push(text.slice(from, at));
    from = at;
  }
  out.push(text.slice(from));
  return out;
}

type LineEndCounts = Pick<LineEnds, 'crlf' | 'lf' | 'cr'>;

/** How one line (with its line break) ends: undefined for the last line, which has none. */
function lineEndOf(line: string): keyof LineEndCounts | undefined {
  const n = line.length;
  if (line.charCodeAt(n - 1) === 13) return 'cr';
  if (line.charCodeAt(n - 1) !== 10) return undefined;
  return line.charCodeAt(n - 2) === 13 ? 'crlf' : 'lf';
}

function tallyLineEnd(counts: LineEndCounts, line: string, by: 1 | -1): void {
  const end = lineEndOf(line);
  if (end) counts[end] += by;
}

function countLineEnds(lines: readonly string[]): LineEndCounts {
  const counts = { crlf: 0, lf: 0, cr: 0 };
  for (const line of lines) tallyLineEnd(counts, line, 1);
  return counts;
}
