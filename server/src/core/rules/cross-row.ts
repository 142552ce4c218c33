import type { Row } from '../csv/model';
import type { ValidationOptions } from '../options';
import type { Finding, Range } from '../types';
import { bi } from '../i18n';
import { isDraftPath } from './archive-name';
import { emit } from './emit';

/**
 * Rules across rows: report serials 1..n per visit (fields 1, 4, 5, 6, 8, 15, 16), one archive named by two
 * rows, duplicate rows. Keeps per row only hashes, numbers and ranges in typed arrays (about 100 bytes a row),
 * so a stream of a million rows fits in bounded memory; rows can be added and removed (the language server).
 * Keys are two independent 32-bit hashes: a false match needs both to collide.
 */

const VISIT_FIELDS = [0, 3, 4, 5, 7, 14, 15];
const SEP = 0x1f;

function hashA(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Math.imul(h ^ SEP, 16777619);
}

function hashB(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return Math.imul(h ^ SEP, 0x5bd1e995) ^ (h >>> 13);
}

const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x9747b28c | 0;

type Int32Field = 'rowIx' | 'rLine' | 'rChar' | 'rEndLine' | 'rEndChar' | 'sLine' | 'sChar' | 'sEndLine' | 'sEndChar'
  | 'aLine' | 'aChar' | 'aEndLine' | 'aEndChar' | 'visitA' | 'visitB' | 'archA' | 'archB' | 'rowA' | 'rowB' | 'orderA'
  | 'serial' | 'visitNext' | 'archNext';

const INT_FIELDS: Int32Field[] = ['rowIx', 'rLine', 'rChar', 'rEndLine', 'rEndChar', 'sLine', 'sChar', 'sEndLine', 'sEndChar',
  'aLine', 'aChar', 'aEndLine', 'aEndChar', 'visitA', 'visitB', 'archA', 'archB', 'rowA', 'rowB', 'orderA', 'serial', 'visitNext', 'archNext'];

export interface CrossRowIndexOptions {
  /** Remember Row objects so that remove(row) works (the language server). Off for streaming. Default true. */
  trackRows?: boolean;
}

export class CrossRowIndex {
  private cap = 0;
  private used = 0;
  private live = 0;
  private readonly a = {} as Record<Int32Field, Int32Array>;
  /** 0 free, 1 live without archive, 3 live with archive. */
  private state = new Uint8Array(0);
  private visitHeads = new Int32Array(0);
  private archHeads = new Int32Array(0);
  private mask = 0;
  private readonly free: number[] = [];
  private readonly rows?: Map<Row, number>;

  constructor(options: CrossRowIndexOptions = {}) {
    if (options.trackRows !== false) this.rows = new Map();
    this.grow(1024);
  }

  get size(): number {
    return this.live;
  }

  /** Adds a data row; returns its slot, which remove() also accepts. */
  add(row: Row): number {
    const slot = this.free.length ? this.free.pop()! : this.used++;
    if (slot >= this.cap) this.grow(this.cap * 2);
    const a = this.a;
    const cells = row.cells;
    a.rowIx[slot] = row.index;
    setRange(a.rLine, a.rChar, a.rEndLine, a.rEndChar, slot, row.range);
    let va = SEED_A;
    let vb = SEED_B;
    for (const f of VISIT_FIELDS) {
      const v = cells[f]?.value ?? '';
      va = hashA(va, v);
      vb = hashB(vb, v);
    }
    a.visitA[slot] = va;
    a.visitB[slot] = vb;
    a.rowA[slot] = hashA(SEED_A, row.text);
    a.rowB[slot] = hashB(SEED_B, row.text);
    a.orderA[slot] = hashA(SEED_A, cells[9]?.value.trim() ?? '');
    const serialCell = cells[10];
    a.serial[slot] = serialCell ? parseSerial(serialCell.value) : -1;
    if (serialCell) setRange(a.sLine, a.sChar, a.sEndLine, a.sEndChar, slot, serialCell.range);
    const archCell = cells[13];
    const arch = archCell?.value.trim() ?? '';
    const hasArch = arch !== '' && !isDraftPath(arch);
    this.state[slot] = hasArch ? 3 : 1;
    const vb0 = va & this.mask;
    a.visitNext[slot] = this.visitHeads[vb0];
    this.visitHeads[vb0] = slot;
    if (hasArch) {
      setRange(a.aLine, a.aChar, a.aEndLine, a.aEndChar, slot, archCell!.range);
      a.archA[slot] = hashA(SEED_A, arch);
      a.archB[slot] = hashB(SEED_B, arch);
      const ab = a.archA[slot] & this.mask;
      a.archNext[slot] = this.archHeads[ab];
      this.archHeads[ab] = slot;
    }
    this.live++;
    this.rows?.set(row, slot);
    if (this.live * 2 > this.visitHeads.length) this.rehash(this.visitHeads.length * 2);
    return slot;
  }

  /** Removes a row added before (by the Row object when rows are tracked, or by its slot). */
  remove(row: Row | number): boolean {
    let slot: number | undefined;
    if (typeof row === 'number') slot = row;
    else {
      slot = this.rows?.get(row);
      this.rows?.delete(row);
    }
    if (slot === undefined || slot < 0 || slot >= this.used || this.state[slot] === 0) return false;
    const a = this.a;
    unlink(this.visitHeads, a.visitNext, a.visitA[slot] & this.mask, slot);
    if (this.state[slot] === 3) unlink(this.archHeads, a.archNext, a.archA[slot] & this.mask, slot);
    this.state[slot] = 0;
    this.free.push(slot);
    this.live--;
    return true;
  }

  /** The current cross-row findings, ordered by row. */
  findings(options: ValidationOptions): Finding[] {
    const out: Finding[] = [];
    const duplicate = new Uint8Array(this.used);
    const seen = new Uint8Array(this.used);
    const a = this.a;
    for (let b = 0; b < this.visitHeads.length; b++) {
      for (let s = this.visitHeads[b]; s >= 0; s = a.visitNext[s]) {
        if (seen[s]) continue;
        const group = [s];
        for (let t = a.visitNext[s]; t >= 0; t = a.visitNext[t]) {
          if (a.visitA[t] === a.visitA[s] && a.visitB[t] === a.visitB[s]) {
            group.push(t);
            seen[t] = 1;
          }
        }
        this.checkVisit(group, duplicate, options, out);
      }
    }
    seen.fill(0);
    for (let b = 0; b < this.archHeads.length; b++) {
      for (let s = this.archHeads[b]; s >= 0; s = a.archNext[s]) {
        if (seen[s]) continue;
        let group: number[] | undefined;
        for (let t = a.archNext[s]; t >= 0; t = a.archNext[t]) {
          if (a.archA[t] === a.archA[s] && a.archB[t] === a.archB[s]) {
            (group ??= [s]).push(t);
            seen[t] = 1;
          }
        }
        if (group) this.checkArchive(group, duplicate, options, out);
      }
    }
    out.sort((x, y) => (x.row ?? 0) - (y.row ?? 0));
    return out;
  }

  private checkVisit(group: number[], duplicate: Uint8Array, options: ValidationOptions, out: Finding[]): void {
    const a = this.a;
    if (group.length === 1) {
      const s = group[0];
      if (a.serial[s] > 1) this.gap(s, [a.serial[s]], options, out);
      return;
    }
    group.sort((x, y) => a.rowIx[x] - a.rowIx[y]);
    const firstOfText = new Map<string, number>();
    const firstOfSerial = new Map<number, number>();
    const serials: number[] = [];
    for (const s of group) {
      const textKey = a.rowA[s] + ':' + a.rowB[s];
      const same = firstOfText.get(textKey);
      if (same !== undefined) {
        duplicate[s] = 1;
        emit(out, options, 'R-duplicate-row', this.range(s, 'r'), null, a.rowIx[s],
          bi(`此列與第 ${a.rLine[same] + 1} 行完全相同`, `this row is identical to the row on line ${a.rLine[same] + 1}`));
        continue;
      }
      firstOfText.set(textKey, s);
      const n = a.serial[s];
      if (n < 1) continue;
      const other = firstOfSerial.get(n);
      if (other !== undefined) {
        emit(out, options, 'R11-report-serial-dup', this.range(s, 's'), 11, a.rowIx[s],
          bi(`報告序號 ${n} 在同一次就醫已用於第 ${a.rLine[other] + 1} 行；同次就醫的報告序號須為 1、2、3… 各一次`,
            `report serial ${n} is already used for this visit on line ${a.rLine[other] + 1}; a visit numbers its reports 1, 2, 3 … once each`));
        continue;
      }
      firstOfSerial.set(n, s);
      serials.push(n);
    }
    serials.sort((x, y) => x - y);
    for (let k = 0; k < serials.length; k++) {
      if (serials[k] !== k + 1) {
        this.gap(firstOfSerial.get(serials[k])!, serials, options, out);
        return;
      }
    }
  }

  private gap(s: number, serials: number[], options: ValidationOptions, out: Finding[]): void {
    const present = new Set(serials);
    const missing: string[] = [];
    let runStart = 0;
    const max = serials[serials.length - 1];
    for (let n = 1; n <= max + 1; n++) {
      const isMissing = n <= max && !present.has(n);
      if (isMissing && runStart === 0) runStart = n;
      if (!isMissing && runStart !== 0) {
        missing.push(runStart === n - 1 ? String(runStart) : `${runStart}-${n - 1}`);
        runStart = 0;
        if (missing.length >= 10) break;
      }
    }
    const list = (serials.length > 10 ? [...serials.slice(0, 10), '…'] : serials).join(', ');
    const miss = missing.join(', ');
    emit(out, options, 'R11-report-serial-gap', this.range(s, 's'), 11, this.a.rowIx[s],
      bi(`同一次就醫的報告序號為 ${list}，缺 ${miss}；應由 1 起連續編號`, `the report serials of this visit are ${list}, missing ${miss}; they run 1, 2, 3 … without gaps`));
  }

  private checkArchive(group: number[], duplicate: Uint8Array, options: ValidationOptions, out: Finding[]): void {
    const a = this.a;
    group.sort((x, y) => a.rowIx[x] - a.rowIx[y]);
    const first = group.find((s) => !duplicate[s]) ?? group[0];
    for (const s of group) {
      if (s === first || duplicate[s]) continue;
      const line = a.rLine[first] + 1;
      if (a.orderA[s] !== a.orderA[first]) {
        emit(out, options, 'R14-archive-reused-order', this.range(s, 'a'), 14, a.rowIx[s],
          bi(`此影像壓縮檔已由第 ${line} 行的另一個醫令使用；每個壓縮檔只放單一醫令`, `this archive is already named on line ${line} for a different order; each archive holds one order code`));
      } else {
        emit(out, options, 'R14-archive-reused', this.range(s, 'a'), 14, a.rowIx[s],
          bi(`此影像壓縮檔已由第 ${line} 行使用；每筆資料應指向自己的壓縮檔`, `this archive is already named on line ${line}; each row points to its own archive`));
      }
    }
  }

  private range(s: number, which: 'r' | 's' | 'a'): Range {
    const a = this.a;
    const [l, c, el, ec] = which === 'r' ? [a.rLine, a.rChar, a.rEndLine, a.rEndChar] : which === 's' ? [a.sLine, a.sChar, a.sEndLine, a.sEndChar] : [a.aLine, a.aChar, a.aEndLine, a.aEndChar];
    return { start: { line: l[s], character: c[s] }, end: { line: el[s], character: ec[s] } };
  }

  private grow(cap: number): void {
    for (const f of INT_FIELDS) {
      const next = new Int32Array(cap);
      if (this.a[f]) next.set(this.a[f]);
      this.a[f] = next;
    }
    const st = new Uint8Array(cap);
    st.set(this.state);
    this.state = st;
    this.cap = cap;
    if (this.visitHeads.length === 0) this.rehash(2048);
  }

  private rehash(size: number): void {
    const a = this.a;
    this.visitHeads = new Int32Array(size).fill(-1);
    this.archHeads = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let s = 0; s < this.used; s++) {
      if (this.state[s] === 0) continue;
      const vb = a.visitA[s] & this.mask;
      a.visitNext[s] = this.visitHeads[vb];
      this.visitHeads[vb] = s;
      if (this.state[s] === 3) {
        const ab = a.archA[s] & this.mask;
        a.archNext[s] = this.archHeads[ab];
        this.archHeads[ab] = s;
      }
    }
  }
}

function setRange(l: Int32Array, c: Int32Array, el: Int32Array, ec: Int32Array, s: number, r: Range): void {
  l[s] = r.start.line;
  c[s] = r.start.character;
  el[s] = r.end.line;
  ec[s] = r.end.character;
}

function unlink(heads: Int32Array, next: Int32Array, bucket: number, slot: number): void {
  if (heads[bucket] === slot) {
    heads[bucket] = next[slot];
    return;
  }
  for (let p = heads[bucket]; p >= 0; p = next[p]) {
    if (next[p] === slot) {
      next[p] = next[slot];
      return;
    }
  }
}

function parseSerial(v: string): number {
  const t = v.trim();
  if (t.length === 0 || t.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
