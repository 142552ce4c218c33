import { ArchiveError } from '../errors';

/**
 * LZMA decoding (the algorithm of Igor Pavlov's LzmaSpec), resumable: it works on an input buffer the
 * caller refills and on a circular window the caller drains. LZMA2 drives it chunk by chunk.
 */

const NUM_STATES = 12;
const POS_STATES_MAX = 16;
const BIT_MODEL_INIT = 1024;
const TOP = 0x1000000;
const END_POS_MODEL_INDEX = 14;
const NUM_FULL_DISTANCES = 128;
const MATCH_MIN_LEN = 2;

// Offsets into one Uint16Array of probabilities.
const IS_MATCH = 0;
const IS_REP = IS_MATCH + (NUM_STATES << 4);
const IS_REP_G0 = IS_REP + NUM_STATES;
const IS_REP_G1 = IS_REP_G0 + NUM_STATES;
const IS_REP_G2 = IS_REP_G1 + NUM_STATES;
const IS_REP0_LONG = IS_REP_G2 + NUM_STATES;
const POS_SLOT = IS_REP0_LONG + (NUM_STATES << 4);
const SPEC_POS = POS_SLOT + (4 << 6);
const ALIGN = SPEC_POS + NUM_FULL_DISTANCES - END_POS_MODEL_INDEX;
const LEN_CODER = ALIGN + 16;
// Length coder layout: choice, choice2, low[16][8], mid[16][8], high[256].
const LEN_CHOICE = 0;
const LEN_CHOICE2 = 1;
const LEN_LOW = 2;
const LEN_MID = LEN_LOW + (POS_STATES_MAX << 3);
const LEN_HIGH = LEN_MID + (POS_STATES_MAX << 3);
const LEN_SIZE = LEN_HIGH + 256;
const REP_LEN_CODER = LEN_CODER + LEN_SIZE;
const LITERAL = REP_LEN_CODER + LEN_SIZE;

export interface LzmaProps {
  lc: number;
  lp: number;
  pb: number;
}

export function parsePropsByte(d: number): LzmaProps {
  if (d >= 9 * 5 * 5) throw new ArchiveError('corrupt', `LZMA properties byte ${d} is invalid`);
  const lc = d % 9;
  d = (d / 9) | 0;
  return { lc, lp: d % 5, pb: (d / 5) | 0 };
}

/** Why decode() returned. */
export const enum StepResult {
  /** The requested number of bytes was produced. */
  Done = 0,
  /** The window is full up to its end; drain it and call again. */
  WindowFull = 1,
  /** Input is nearly used up; refill and call again. */
  NeedInput = 2,
  /** The stream's end marker was read. */
  EndMarker = 3,
}

export class LzmaDecoder {
  readonly window: Uint8Array;
  /** Write position in the window. */
  wpos = 0;
  /** Bytes decoded since the last dictionary reset (for distance checks and position states). */
  processed = 0;

  // Input.
  input: Uint8Array = new Uint8Array(0);
  inPos = 0;
  /** The decoder pauses when inPos passes this (the caller sets it to leave slack for the longest symbol). */
  inSafe = 0;

  private probs: Uint16Array;
  private lc = 0;
  private lp = 0;
  private pb = 0;
  private range = 0;
  private code = 0;
  private state = 0;
  private rep0 = 0;
  private rep1 = 0;
  private rep2 = 0;
  private rep3 = 0;
  /** Bytes of a match still to copy (a match can straddle the window end or a step limit). */
  private pendingLen = 0;

  constructor(windowSize: number) {
    this.window = new Uint8Array(windowSize);
    this.probs = new Uint16Array(LITERAL + 0x300);
  }

  setProps(p: LzmaProps): void {
    const need = LITERAL + (0x300 << (p.lc + p.lp));
    if (this.probs.length !== need) this.probs = new Uint16Array(need);
    this.lc = p.lc;
    this.lp = p.lp;
    this.pb = p.pb;
  }

  resetState(): void {
    this.probs.fill(BIT_MODEL_INIT);
    this.state = 0;
    this.rep0 = this.rep1 = this.rep2 = this.rep3 = 0;
    this.pendingLen = 0;
  }

  resetDictionary(): void {
    this.processed = 0;
  }

  /** Starts the range decoder on the 5 bytes at inPos. */
  initRange(): void {
    if (this.input[this.inPos] !== 0) throw new ArchiveError('corrupt', 'LZMA stream does not start with a zero byte');
    const i = this.inPos;
    this.code = ((this.input[i + 1] << 24) | (this.input[i + 2] << 16) | (this.input[i + 3] << 8) | this.input[i + 4]) >>> 0;
    this.range = 0xffffffff;
    this.inPos += 5;
  }

  /** True when the range coder finished cleanly (code 0), as after a complete LZMA2 chunk. */
  get rangeFinished(): boolean {
    return this.code === 0;
  }

  /** Copies `n` stored bytes (an LZMA2 uncompressed chunk) from the input into the window; n ≤ room left. */
  copyStored(n: number): void {
    this.window.set(this.input.subarray(this.inPos, this.inPos + n), this.wpos);
    this.inPos += n;
    this.wpos += n;
    this.processed += n;
  }

  /**
   * Decodes until `limit` more bytes are in the window, the window end is reached, input runs low,
   * or an end marker appears. Returns why it stopped; `produced` tells how many bytes came out.
   */
  decode(limit: number): { result: StepResult; produced: number } {
    const win = this.window;
    const winSize = win.length;
    const probs = this.probs;
    const input = this.input;
    const inSafe = this.inSafe;
    const lc = this.lc;
    const lpMask = (1 << this.lp) - 1;
    const pbMask = (1 << this.pb) - 1;
    let inPos = this.inPos;
    let range = this.range;
    let code = this.code;
    let state = this.state;
    let rep0 = this.rep0;
    let rep1 = this.rep1;
    let rep2 = this.rep2;
    let rep3 = this.rep3;
    let wpos = this.wpos;
    let processed = this.processed;
    const startW = wpos;
    const stopAt = Math.min(winSize, wpos + limit);
    let result = StepResult.Done;

    // Finish a pending match first.
    let len = this.pendingLen;
    if (len > 0) {
      const n = Math.min(len, stopAt - wpos);
      let src = wpos - rep0 - 1;
      if (src < 0) src += winSize;
      for (let k = 0; k < n; k++) {
        win[wpos++] = win[src++];
        if (src === winSize) src = 0;
      }
      processed += n;
      len -= n;
    }

    // Probability update inlined throughout: bound = (range >>> 11) * p.
    let p = 0;
    let bound = 0;
    let bit = 0;
    let idx = 0;

    main: while (len === 0 && wpos < stopAt) {
      if (inPos > inSafe) {
        result = StepResult.NeedInput;
        break;
      }
      const posState = processed & pbMask;

      // isMatch
      idx = IS_MATCH + (state << 4) + posState;
      p = probs[idx];
      bound = (range >>> 11) * p;
      if (code < bound) {
        range = bound;
        probs[idx] = p + ((2048 - p) >>> 5);
        if (range < TOP) {
          range = (range * 256) >>> 0;
          code = ((code << 8) | input[inPos++]) >>> 0;
        }
        // Literal.
        const prev = processed > 0 ? win[(wpos === 0 ? winSize : wpos) - 1] : 0;
        const base = LITERAL + 0x300 * (((processed & lpMask) << lc) + (prev >>> (8 - lc)));
        let symbol = 1;
        if (state >= 7) {
          let mpos = wpos - rep0 - 1;
          if (mpos < 0) mpos += winSize;
          let matchByte = win[mpos];
          do {
            const matchBit = (matchByte >>> 7) & 1;
            matchByte <<= 1;
            idx = base + ((1 + matchBit) << 8) + symbol;
            p = probs[idx];
            bound = (range >>> 11) * p;
            if (code < bound) {
              range = bound;
              probs[idx] = p + ((2048 - p) >>> 5);
              bit = 0;
            } else {
              range -= bound;
              code -= bound;
              probs[idx] = p - (p >>> 5);
              bit = 1;
            }
            if (range < TOP) {
              range = (range * 256) >>> 0;
              code = ((code << 8) | input[inPos++]) >>> 0;
            }
            symbol = (symbol << 1) | bit;
            if (matchBit !== bit) break;
          } while (symbol < 0x100);
        }
        while (symbol < 0x100) {
          idx = base + symbol;
          p = probs[idx];
          bound = (range >>> 11) * p;
          if (code < bound) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            symbol <<= 1;
          } else {
            range -= bound;
            code -= bound;
            probs[idx] = p - (p >>> 5);
            symbol = (symbol << 1) | 1;
          }
          if (range < TOP) {
            range = (range * 256) >>> 0;
            code = ((code << 8) | input[inPos++]) >>> 0;
          }
        }
        win[wpos++] = symbol & 0xff;
        processed++;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      range -= bound;
      code -= bound;
      probs[idx] = p - (p >>> 5);
      if (range < TOP) {
        range = (range * 256) >>> 0;
        code = ((code << 8) | input[inPos++]) >>> 0;
      }

      // isRep
      idx = IS_REP + state;
      p = probs[idx];
      bound = (range >>> 11) * p;
      let lenBase: number;
      if (code < bound) {
        range = bound;
        probs[idx] = p + ((2048 - p) >>> 5);
        if (range < TOP) {
          range = (range * 256) >>> 0;
          code = ((code << 8) | input[inPos++]) >>> 0;
        }
        // Simple match: new distance.
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        lenBase = LEN_CODER;
        state = state < 7 ? 7 : 10;
      } else {
        range -= bound;
        code -= bound;
        probs[idx] = p - (p >>> 5);
        if (range < TOP) {
          range = (range * 256) >>> 0;
          code = ((code << 8) | input[inPos++]) >>> 0;
        }
        if (processed === 0) throw new ArchiveError('corrupt', 'LZMA data repeats before any byte was decoded');
        // isRepG0
        idx = IS_REP_G0 + state;
        p = probs[idx];
        bound = (range >>> 11) * p;
        if (code < bound) {
          range = bound;
          probs[idx] = p + ((2048 - p) >>> 5);
          if (range < TOP) {
            range = (range * 256) >>> 0;
            code = ((code << 8) | input[inPos++]) >>> 0;
          }
          // isRep0Long
          idx = IS_REP0_LONG + (state << 4) + posState;
          p = probs[idx];
          bound = (range >>> 11) * p;
          if (code < bound) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            if (range < TOP) {
              range = (range * 256) >>> 0;
              code = ((code << 8) | input[inPos++]) >>> 0;
            }
            // Short rep: one byte at rep0.
            state = state < 7 ? 9 : 11;
            let src = wpos - rep0 - 1;
            if (src < 0) src += winSize;
            win[wpos++] = win[src];
            processed++;
            continue;
          }
          range -= bound;
          code -= bound;
          probs[idx] = p - (p >>> 5);
          if (range < TOP) {
            range = (range * 256) >>> 0;
            code = ((code << 8) | input[inPos++]) >>> 0;
          }
        } else {
          range -= bound;
          code -= bound;
          probs[idx] = p - (p >>> 5);
          if (range < TOP) {
            range = (range * 256) >>> 0;
            code = ((code << 8) | input[inPos++]) >>> 0;
          }
          let dist: number;
          idx = IS_REP_G1 + state;
          p = probs[idx];
          bound = (range >>> 11) * p;
          if (code < bound) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            if (range < TOP) {
              range = (range * 256) >>> 0;
              code = ((code << 8) | input[inPos++]) >>> 0;
            }
            dist = rep1;
          } else {
            range -= bound;
            code -= bound;
            probs[idx] = p - (p >>> 5);
            if (range < TOP) {
              range = (range * 256) >>> 0;
              code = ((code << 8) | input[inPos++]) >>> 0;
            }
            idx = IS_REP_G2 + state;
            p = probs[idx];
            bound = (range >>> 11) * p;
            if (code < bound) {
              range = bound;
              probs[idx] = p + ((2048 - p) >>> 5);
              if (range < TOP) {
                range = (range * 256) >>> 0;
                code = ((code << 8) | input[inPos++]) >>> 0;
              }
              dist = rep2;
            } else {
              range -= bound;
              code -= bound;
              probs[idx] = p - (p >>> 5);
              if (range < TOP) {
                range = (range * 256) >>> 0;
                code = ((code << 8) | input[inPos++]) >>> 0;
              }
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        lenBase = REP_LEN_CODER;
        state = state < 7 ? 8 : 11;
      }

      // Length.
      let lenSym: number;
      {
        let tree: number;
        let bits: number;
        let offset: number;
        idx = lenBase + LEN_CHOICE;
        p = probs[idx];
        bound = (range >>> 11) * p;
        if (code < bound) {
          range = bound;
          probs[idx] = p + ((2048 - p) >>> 5);
          tree = lenBase + LEN_LOW + (posState << 3);
          bits = 3;
          offset = 0;
        } else {
          range -= bound;
          code -= bound;
          probs[idx] = p - (p >>> 5);
          if (range < TOP) {
            range = (range * 256) >>> 0;
            code = ((code << 8) | input[inPos++]) >>> 0;
          }
          idx = lenBase + LEN_CHOICE2;
          p = probs[idx];
          bound = (range >>> 11) * p;
          if (code < bound) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            tree = lenBase + LEN_MID + (posState << 3);
            bits = 3;
            offset = 8;
          } else {
            range -= bound;
            code -= bound;
            probs[idx] = p - (p >>> 5);
            tree = lenBase + LEN_HIGH;
            bits = 8;
            offset = 16;
          }
        }
        if (range < TOP) {
          range = (range * 256) >>> 0;
          code = ((code << 8) | input[inPos++]) >>> 0;
        }
        let m = 1;
        for (let b = 0; b < bits; b++) {
          idx = tree + m;
          p = probs[idx];
          bound = (range >>> 11) * p;
          if (code < bound) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            m <<= 1;
          } else {
            range -= bound;
            code -= bound;
            probs[idx] = p - (p >>> 5);
            m = (m << 1) | 1;
          }
          if (range < TOP) {
            range = (range * 256) >>> 0;
            code = ((code << 8) | input[inPos++]) >>> 0;
          }
        }
        lenSym = m - (1 << bits) + offset;
      }

      if (lenBase === LEN_CODER) {
        // Distance.
        const lenState = lenSym < 3 ? lenSym : 3;
        const tree = POS_SLOT + (lenState << 6);
        let m = 1;
        for (let b = 0; b < 6; b++) {
          idx = tree + m;
          p = probs[idx];
          bound = (range >>> 11) * p;
          if (code < bound) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            m <<= 1;
          } else {
            range -= bound;
            code -= bound;
            probs[idx] = p - (p >>> 5);
            m = (m << 1) | 1;
          }
          if (range < TOP) {
            range = (range * 256) >>> 0;
            code = ((code << 8) | input[inPos++]) >>> 0;
          }
        }
        const posSlot = m - 64;
        let dist: number;
        if (posSlot < 4) {
          dist = posSlot;
        } else {
          const numDirect = (posSlot >>> 1) - 1;
          dist = (2 | (posSlot & 1)) * 2 ** numDirect;
          if (posSlot < END_POS_MODEL_INDEX) {
            const base = SPEC_POS + dist - posSlot;
            let mm = 1;
            for (let b = 0; b < numDirect; b++) {
              idx = base + mm;
              p = probs[idx];
              bound = (range >>> 11) * p;
              if (code < bound) {
                range = bound;
                probs[idx] = p + ((2048 - p) >>> 5);
                mm <<= 1;
              } else {
                range -= bound;
                code -= bound;
                probs[idx] = p - (p >>> 5);
                mm = (mm << 1) | 1;
                dist += 1 << b;
              }
              if (range < TOP) {
                range = (range * 256) >>> 0;
                code = ((code << 8) | input[inPos++]) >>> 0;
              }
            }
          } else {
            let direct = 0;
            for (let b = numDirect - 4; b > 0; b--) {
              range >>>= 1;
              let t = 0;
              if (code >= range) {
                code -= range;
                t = 1;
              }
              direct = direct * 2 + t;
              if (range < TOP) {
                range = (range * 256) >>> 0;
                code = ((code << 8) | input[inPos++]) >>> 0;
              }
            }
            dist += direct * 16;
            let mm = 1;
            for (let b = 0; b < 4; b++) {
              idx = ALIGN + mm;
              p = probs[idx];
              bound = (range >>> 11) * p;
              if (code < bound) {
                range = bound;
                probs[idx] = p + ((2048 - p) >>> 5);
                mm <<= 1;
              } else {
                range -= bound;
                code -= bound;
                probs[idx] = p - (p >>> 5);
                mm = (mm << 1) | 1;
                dist += 1 << b;
              }
              if (range < TOP) {
                range = (range * 256) >>> 0;
                code = ((code << 8) | input[inPos++]) >>> 0;
              }
            }
            if (dist === 0xffffffff) {
              result = StepResult.EndMarker;
              break main;
            }
          }
        }
        rep0 = dist;
      }

      if (rep0 >= processed || rep0 >= winSize) {
        throw new ArchiveError('corrupt', `LZMA match distance ${rep0 + 1} reaches before the start of the data`);
      }
      len = lenSym + MATCH_MIN_LEN;
      const n = Math.min(len, stopAt - wpos);
      let src = wpos - rep0 - 1;
      if (src < 0) src += winSize;
      if (src + n <= wpos) {
        win.copyWithin(wpos, src, src + n);
        wpos += n;
      } else if (src < wpos) {
        // Overlapping: the copy reads bytes it has just written, as LZ77 intends.
        for (let k = 0; k < n; k++) win[wpos++] = win[src++];
      } else {
        for (let k = 0; k < n; k++) {
          win[wpos++] = win[src++];
          if (src === winSize) src = 0;
        }
      }
      processed += n;
      len -= n;
    }

    if (result === StepResult.Done && wpos === winSize && wpos < startW + limit) result = StepResult.WindowFull;
    this.pendingLen = len;
    this.inPos = inPos;
    this.range = range;
    this.code = code;
    this.state = state;
    this.rep0 = rep0;
    this.rep1 = rep1;
    this.rep2 = rep2;
    this.rep3 = rep3;
    this.processed = processed;
    const produced = wpos - startW;
    this.wpos = wpos === winSize ? 0 : wpos;
    return { result, produced };
  }
}
