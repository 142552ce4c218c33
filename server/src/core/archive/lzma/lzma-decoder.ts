import { bi } from '../../i18n';
import { ArchiveError } from '../errors';

/**
 * LZMA decoding (the algorithm of Igor Pavlov's LzmaSpec), resumable: it works on an input buffer the
 * caller refills and on a circular window the caller drains. LZMA2 drives it chunk by chunk.
 */

const NUM_STATES = 12;
const POS_STATES_MAX = 16;
const BIT_MODEL_INIT = 1024;
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
  if (d >= 9 * 5 * 5) throw new ArchiveError('corrupt', bi(`LZMA 屬性位元組 ${d} 無效`, `LZMA properties byte ${d} is invalid`));
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
    if (this.input[this.inPos] !== 0) throw new ArchiveError('corrupt', bi('LZMA 資料流不是以零位元組開始', 'LZMA stream does not start with a zero byte'));
    const i = this.inPos;
    // Both kept as int32 bit patterns of the unsigned values (see decode()).
    this.code = (this.input[i + 1] << 24) | (this.input[i + 2] << 16) | (this.input[i + 3] << 8) | this.input[i + 4];
    this.range = -1;
    this.inPos += 5;
  }

  /**
   * True when the data ended cleanly: the range coder back at zero, no match left to copy. 7-Zip tests this at the end
   * of LZMA data and of each LZMA2 chunk (LzmaDec_IsFinishedOK) and reports a data error otherwise.
   */
  get finishedCleanly(): boolean {
    return this.code === 0 && this.pendingLen === 0;
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
   *
   * Speed (BENCHMARKS.md, "Archives"): every range-decoder step is written out in place, and all
   * arithmetic stays in 32-bit integers so V8 keeps it in registers: `range` and `code` hold the
   * coder's unsigned 32-bit values as int32 bit patterns (compared through `>>> 0`), the bound is
   * `Math.imul` (probabilities are under 2^11, so the product fits 32 bits), and distances are
   * uint32 (`>>> 0`). The position bits come from the window position plus a per-call offset, and
   * the previous byte is kept in a local, so nothing per byte touches `this` or a double.
   * Steps inside bit trees and literals have no branch on the decoded bit (it is unpredictable in
   * noisy pixels): `bit` comes from one unsigned compare, `mask = -bit` picks range, code and the
   * probability update, p - ((p - (2017 & (bit - 1))) >> 5), which equals p + ((2048 - p) >>> 5) for
   * a 0 and p - (p >>> 5) for a 1. Decisions between kinds of packets keep their branches.
   * Match copies are a byte loop: copyWithin costs more per call than a match (≤ 273 bytes) takes.
   */
  decode(limit: number): { result: StepResult; produced: number } {
    const win = this.window;
    const winSize = win.length;
    const probs = this.probs;
    const input = this.input;
    const inSafe = this.inSafe;
    const lc = this.lc;
    const lcShift = 8 - lc;
    const lpMask = (1 << this.lp) - 1;
    const pbMask = (1 << this.pb) - 1;
    let inPos = this.inPos;
    let range = this.range | 0;
    let code = this.code | 0;
    let state = this.state;
    let rep0 = this.rep0 >>> 0;
    let rep1 = this.rep1 >>> 0;
    let rep2 = this.rep2 >>> 0;
    let rep3 = this.rep3 >>> 0;
    let wpos = this.wpos;
    const startW = wpos;
    const processed0 = this.processed;
    // processed = processed0 + (wpos - startW): its low bits (position state, literal position) are
    // those of wpos + posDelta.
    const posDelta = (processed0 - startW) | 0;
    // Until the window has been filled once, a distance must also stay within the bytes decoded so far.
    const dictFull = processed0 >= winSize;
    const availDelta = dictFull ? 0 : processed0 - startW;
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
      len -= n;
    }
    let prevByte = processed0 + (wpos - startW) > 0 ? win[(wpos === 0 ? winSize : wpos) - 1] : 0;

    let p = 0;
    let bound = 0;
    let idx = 0;
    let bit = 0;
    let mask = 0;

    main: while (len === 0 && wpos < stopAt) {
      if (inPos > inSafe) {
        result = StepResult.NeedInput;
        break;
      }
      const posState = (wpos + posDelta) & pbMask;

      // isMatch
      idx = IS_MATCH + (state << 4) + posState;
      p = probs[idx];
      bound = Math.imul(range >>> 11, p);
      if (code >>> 0 < bound >>> 0) {
        range = bound;
        probs[idx] = p + ((2048 - p) >>> 5);
        if (range >>> 24 === 0) {
          range <<= 8;
          code = (code << 8) | input[inPos++];
        }
        // Literal.
        const base = LITERAL + 0x300 * ((((wpos + posDelta) & lpMask) << lc) + (prevByte >>> lcShift));
        let symbol = 1;
        if (state < 7) {
          do {
            idx = base + symbol;
            p = probs[idx];
            bound = Math.imul(range >>> 11, p);
            bit = +(code >>> 0 >= bound >>> 0);
            mask = -bit;
            range = (((range - bound) | 0) & mask) | (bound & ~mask);
            code = (code - (bound & mask)) | 0;
            probs[idx] = p - ((p - (2017 & (bit - 1))) >> 5);
            symbol = (symbol << 1) | bit;
            if (range >>> 24 === 0) {
              range <<= 8;
              code = (code << 8) | input[inPos++];
            }
          } while (symbol < 0x100);
          state = state < 4 ? 0 : state - 3;
        } else {
          // Matched literal: while the bits agree with the byte at rep0, a separate set of
          // probabilities per match bit; `offs` is 0x100 while they agree and 0 after (LzmaDec.c).
          let mpos = wpos - rep0 - 1;
          if (mpos < 0) mpos += winSize;
          let matchByte = win[mpos];
          let offs = 0x100;
          do {
            matchByte <<= 1;
            const bitOffs = offs;
            offs &= matchByte;
            idx = base + offs + bitOffs + symbol;
            p = probs[idx];
            bound = Math.imul(range >>> 11, p);
            bit = +(code >>> 0 >= bound >>> 0);
            mask = -bit;
            range = (((range - bound) | 0) & mask) | (bound & ~mask);
            code = (code - (bound & mask)) | 0;
            probs[idx] = p - ((p - (2017 & (bit - 1))) >> 5);
            symbol = (symbol << 1) | bit;
            offs ^= bitOffs & (bit - 1);
            if (range >>> 24 === 0) {
              range <<= 8;
              code = (code << 8) | input[inPos++];
            }
          } while (symbol < 0x100);
          state = state < 10 ? state - 3 : state - 6;
        }
        prevByte = symbol & 0xff;
        win[wpos++] = prevByte;
        continue;
      }
      range = (range - bound) | 0;
      code = (code - bound) | 0;
      probs[idx] = p - (p >>> 5);
      if (range >>> 24 === 0) {
        range <<= 8;
        code = (code << 8) | input[inPos++];
      }

      // isRep
      idx = IS_REP + state;
      p = probs[idx];
      bound = Math.imul(range >>> 11, p);
      let lenBase: number;
      if (code >>> 0 < bound >>> 0) {
        range = bound;
        probs[idx] = p + ((2048 - p) >>> 5);
        if (range >>> 24 === 0) {
          range <<= 8;
          code = (code << 8) | input[inPos++];
        }
        // Simple match: new distance.
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        lenBase = LEN_CODER;
        state = state < 7 ? 7 : 10;
      } else {
        range = (range - bound) | 0;
        code = (code - bound) | 0;
        probs[idx] = p - (p >>> 5);
        if (range >>> 24 === 0) {
          range <<= 8;
          code = (code << 8) | input[inPos++];
        }
        if (processed0 + (wpos - startW) === 0) throw new ArchiveError('corrupt', bi('LZMA 資料在解出任何位元組之前就要重複先前的資料', 'LZMA data repeats before any byte was decoded'));
        // isRepG0
        idx = IS_REP_G0 + state;
        p = probs[idx];
        bound = Math.imul(range >>> 11, p);
        if (code >>> 0 < bound >>> 0) {
          range = bound;
          probs[idx] = p + ((2048 - p) >>> 5);
          if (range >>> 24 === 0) {
            range <<= 8;
            code = (code << 8) | input[inPos++];
          }
          // isRep0Long
          idx = IS_REP0_LONG + (state << 4) + posState;
          p = probs[idx];
          bound = Math.imul(range >>> 11, p);
          if (code >>> 0 < bound >>> 0) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            if (range >>> 24 === 0) {
              range <<= 8;
              code = (code << 8) | input[inPos++];
            }
            // Short rep: one byte at rep0.
            state = state < 7 ? 9 : 11;
            let src = wpos - rep0 - 1;
            if (src < 0) src += winSize;
            prevByte = win[src];
            win[wpos++] = prevByte;
            continue;
          }
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[idx] = p - (p >>> 5);
          if (range >>> 24 === 0) {
            range <<= 8;
            code = (code << 8) | input[inPos++];
          }
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[idx] = p - (p >>> 5);
          if (range >>> 24 === 0) {
            range <<= 8;
            code = (code << 8) | input[inPos++];
          }
          let dist: number;
          idx = IS_REP_G1 + state;
          p = probs[idx];
          bound = Math.imul(range >>> 11, p);
          if (code >>> 0 < bound >>> 0) {
            range = bound;
            probs[idx] = p + ((2048 - p) >>> 5);
            if (range >>> 24 === 0) {
              range <<= 8;
              code = (code << 8) | input[inPos++];
            }
            dist = rep1;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[idx] = p - (p >>> 5);
            if (range >>> 24 === 0) {
              range <<= 8;
              code = (code << 8) | input[inPos++];
            }
            idx = IS_REP_G2 + state;
            p = probs[idx];
            bound = Math.imul(range >>> 11, p);
            if (code >>> 0 < bound >>> 0) {
              range = bound;
              probs[idx] = p + ((2048 - p) >>> 5);
              if (range >>> 24 === 0) {
                range <<= 8;
                code = (code << 8) | input[inPos++];
              }
              dist = rep2;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[idx] = p - (p >>> 5);
              if (range >>> 24 === 0) {
                range <<= 8;
                code = (code << 8) | input[inPos++];
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

      // Length: choice bits, then a 3-bit tree (low, mid; per position state) or an 8-bit tree (high).
      let lenSym: number;
      idx = lenBase + LEN_CHOICE;
      p = probs[idx];
      bound = Math.imul(range >>> 11, p);
      if (code >>> 0 < bound >>> 0) {
        range = bound;
        probs[idx] = p + ((2048 - p) >>> 5);
        if (range >>> 24 === 0) {
          range <<= 8;
          code = (code << 8) | input[inPos++];
        }
        const tree = lenBase + LEN_LOW + (posState << 3);
        let m = 1;
        do {
          idx = tree + m;
          p = probs[idx];
          bound = Math.imul(range >>> 11, p);
          bit = +(code >>> 0 >= bound >>> 0);
          mask = -bit;
          range = (((range - bound) | 0) & mask) | (bound & ~mask);
          code = (code - (bound & mask)) | 0;
          probs[idx] = p - ((p - (2017 & (bit - 1))) >> 5);
          m = (m << 1) | bit;
          if (range >>> 24 === 0) {
            range <<= 8;
            code = (code << 8) | input[inPos++];
          }
        } while (m < 8);
        lenSym = m - 8;
      } else {
        range = (range - bound) | 0;
        code = (code - bound) | 0;
        probs[idx] = p - (p >>> 5);
        if (range >>> 24 === 0) {
          range <<= 8;
          code = (code << 8) | input[inPos++];
        }
        idx = lenBase + LEN_CHOICE2;
        p = probs[idx];
        bound = Math.imul(range >>> 11, p);
        let tree: number;
        let top: number;
        if (code >>> 0 < bound >>> 0) {
          range = bound;
          probs[idx] = p + ((2048 - p) >>> 5);
          tree = lenBase + LEN_MID + (posState << 3);
          top = 8;
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[idx] = p - (p >>> 5);
          tree = lenBase + LEN_HIGH;
          top = 256;
        }
        if (range >>> 24 === 0) {
          range <<= 8;
          code = (code << 8) | input[inPos++];
        }
        let m = 1;
        do {
          idx = tree + m;
          p = probs[idx];
          bound = Math.imul(range >>> 11, p);
          bit = +(code >>> 0 >= bound >>> 0);
          mask = -bit;
          range = (((range - bound) | 0) & mask) | (bound & ~mask);
          code = (code - (bound & mask)) | 0;
          probs[idx] = p - ((p - (2017 & (bit - 1))) >> 5);
          m = (m << 1) | bit;
          if (range >>> 24 === 0) {
            range <<= 8;
            code = (code << 8) | input[inPos++];
          }
        } while (m < top);
        lenSym = top === 8 ? m : m - 256 + 16;
      }

      if (lenBase === LEN_CODER) {
        // Distance: a 6-bit slot (per length state), then reverse-coded bits, direct bits and align bits.
        const tree = POS_SLOT + ((lenSym < 3 ? lenSym : 3) << 6);
        let m = 1;
        do {
          idx = tree + m;
          p = probs[idx];
          bound = Math.imul(range >>> 11, p);
          bit = +(code >>> 0 >= bound >>> 0);
          mask = -bit;
          range = (((range - bound) | 0) & mask) | (bound & ~mask);
          code = (code - (bound & mask)) | 0;
          probs[idx] = p - ((p - (2017 & (bit - 1))) >> 5);
          m = (m << 1) | bit;
          if (range >>> 24 === 0) {
            range <<= 8;
            code = (code << 8) | input[inPos++];
          }
        } while (m < 64);
        const posSlot = m - 64;
        let dist: number;
        if (posSlot < 4) {
          dist = posSlot;
        } else {
          const numDirect = (posSlot >>> 1) - 1;
          dist = ((2 | (posSlot & 1)) << numDirect) >>> 0;
          if (posSlot < END_POS_MODEL_INDEX) {
            const base = SPEC_POS + dist - posSlot;
            let mm = 1;
            for (let b = 0; b < numDirect; b++) {
              idx = base + mm;
              p = probs[idx];
              bound = Math.imul(range >>> 11, p);
              bit = +(code >>> 0 >= bound >>> 0);
              mask = -bit;
              range = (((range - bound) | 0) & mask) | (bound & ~mask);
              code = (code - (bound & mask)) | 0;
              probs[idx] = p - ((p - (2017 & (bit - 1))) >> 5);
              mm = (mm << 1) | bit;
              dist |= bit << b;
              if (range >>> 24 === 0) {
                range <<= 8;
                code = (code << 8) | input[inPos++];
              }
            }
          } else {
            let direct = 0;
            for (let b = numDirect - 4; b > 0; b--) {
              range >>>= 1;
              bit = +(code >>> 0 >= range);
              code = (code - (range & -bit)) | 0;
              direct = (direct << 1) | bit;
              if (range >>> 24 === 0) {
                range <<= 8;
                code = (code << 8) | input[inPos++];
              }
            }
            dist = (dist | (direct << 4)) >>> 0;
            let mm = 1;
            for (let b = 0; b < 4; b++) {
              idx = ALIGN + mm;
              p = probs[idx];
              bound = Math.imul(range >>> 11, p);
              bit = +(code >>> 0 >= bound >>> 0);
              mask = -bit;
              range = (((range - bound) | 0) & mask) | (bound & ~mask);
              code = (code - (bound & mask)) | 0;
              probs[idx] = p - ((p - (2017 & (bit - 1))) >> 5);
              mm = (mm << 1) | bit;
              dist |= bit << b;
              if (range >>> 24 === 0) {
                range <<= 8;
                code = (code << 8) | input[inPos++];
              }
            }
            dist >>>= 0;
            if (dist === 0xffffffff) {
              result = StepResult.EndMarker;
              break main;
            }
          }
        }
        rep0 = dist >>> 0;
      }

      if (rep0 >= winSize || (!dictFull && rep0 >= wpos + availDelta)) {
        throw new ArchiveError('corrupt', bi(`LZMA 比對距離 ${rep0 + 1} 超出資料開頭`, `LZMA match distance ${rep0 + 1} reaches before the start of the data`));
      }
      len = lenSym + MATCH_MIN_LEN;
      let n = stopAt - wpos;
      if (len < n) n = len;
      len -= n;
      let src = wpos - rep0 - 1;
      if (src < 0) src += winSize;
      const end = wpos + n;
      if (src < wpos) {
        // A byte loop, also where source and target overlap (the copy reads bytes it has just written,
        // as LZ77 intends); copyWithin costs more per call than a match of at most 273 bytes takes.
        do win[wpos++] = win[src++];
        while (wpos < end);
      } else {
        do {
          win[wpos++] = win[src++];
          if (src === winSize) src = 0;
        } while (wpos < end);
      }
      prevByte = win[wpos - 1];
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
    const produced = wpos - startW;
    this.processed = processed0 + produced;
    this.wpos = wpos === winSize ? 0 : wpos;
    return { result, produced };
  }
}
