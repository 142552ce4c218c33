/** An edit of a text by UTF-16 offsets, `end` exclusive. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** A run of the original text kept as it was, or text an edit wrote. */
type Piece = { from: number; to: number } | string;

function pieceLength(p: Piece): number {
  return typeof p === 'string' ? p.length : p.to - p.from;
}

function slicePiece(p: Piece, a: number, b: number): Piece {
  return typeof p === 'string' ? p.slice(a, b) : { from: p.from + a, to: p.from + b };
}

/**
 * Rounds of edits, each of the text the rounds before made, composed into one set of edits of the original
 * text. The current text is held as pieces of the original and written text, so a later round may edit what
 * an earlier one wrote.
 */
export class EditComposition {
  private pieces: Piece[];

  constructor(private readonly original: string) {
    this.pieces = original.length > 0 ? [{ from: 0, to: original.length }] : [];
  }

  /**
   * Applies edits of the current text, sorted and without overlaps. Returns the spans of the new current text
   * that they wrote (empty where an edit deleted).
   */
  apply(edits: readonly OffsetEdit[]): { start: number; end: number }[] {
    const out: Piece[] = [];
    const spans: { start: number; end: number }[] = [];
    let i = 0;
    let inPiece = 0;
    let at = 0;
    let delta = 0;
    const advance = (to: number, keep: boolean): void => {
      while (at < to && i < this.pieces.length) {
        const p = this.pieces[i];
        const len = pieceLength(p);
        const n = Math.min(len - inPiece, to - at);
        if (keep) out.push(slicePiece(p, inPiece, inPiece + n));
        inPiece += n;
        at += n;
        if (inPiece === len) {
          i++;
          inPiece = 0;
        }
      }
    };
    for (const e of edits) {
      advance(e.start, true);
      advance(e.end, false);
      if (e.text !== '') out.push(e.text);
      spans.push({ start: e.start + delta, end: e.start + delta + e.text.length });
      delta += e.text.length - (e.end - e.start);
    }
    advance(Infinity, true);
    this.pieces = out;
    return spans;
  }

  text(): string {
    return this.pieces.map((p) => (typeof p === 'string' ? p : this.original.slice(p.from, p.to))).join('');
  }

  /**
   * Every round so far as edits of the original text, sorted, none that leaves its text as it was. Edits of
   * neighbouring places that later rounds joined (a row deleted between two edits) make one edit.
   */
  edits(): OffsetEdit[] {
    const out: OffsetEdit[] = [];
    const push = (start: number, end: number, text: string): void => {
      if (this.original.slice(start, end) !== text) out.push({ start, end, text });
    };
    let pos = 0;
    let written = '';
    for (const p of this.pieces) {
      if (typeof p === 'string') {
        written += p;
        continue;
      }
      if (p.from !== pos || written !== '') push(pos, p.from, written);
      written = '';
      pos = p.to;
    }
    if (pos !== this.original.length || written !== '') push(pos, this.original.length, written);
    return out;
  }
}
