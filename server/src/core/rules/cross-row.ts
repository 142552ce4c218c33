import type { Cell, Row } from '../csv/model';
import type { ValidationOptions } from '../options';
import { copyRange, type Finding, type Range } from '../types';
import { bi } from '../i18n';
import { emit } from './emit';
import { recordCells } from './row';
import {
  A_CHAR, A_END, ARCH_A, ARCH_B, ARCH_NEXT, ENCODED_FIELDS, encodeRow, FOLDED_A, HAS_ARCHIVE, hashA, NAME_A, ORDER_A, R_END_CHAR, R_LINE,
  REGULAR, ROW_A, ROW_IX, S_CHAR, S_END, SEED_A, SERIAL, STRIDE, VISIT_A, VISIT_B, VISIT_NEXT, VISIT_PREV, ARCH_PREV,
} from './row-record';

/**
 * Rules across rows: report serials 1..n per visit (fields 1, 4, 5, 6, 8, 15, 16), one archive named by two
 * rows, duplicate rows. Keeps per row only hashes, numbers and ranges in typed arrays (80 bytes a row), so a
 * stream of a million rows fits in bounded memory; rows can be added and removed (the language server).
 * Visit and archive keys are two independent 32-bit hashes: a false match needs both to collide. Row texts are
 * compared by one hash, and only within a visit.
 *
 * The first findings() call checks only the keys that more than one row was added under (and the visit keys of rows
 * whose serial is above 1), noted as rows are added: any other key is one row without findings.
 * After the first findings() call the index keeps each key's findings and recomputes, on the next call, only the
 * visit and archive keys of rows added or removed since (and the archive keys of rows whose duplicate status
 * changed): an edit of one row costs its groups, not the file.
 */

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/** Exact ranges of a row that does not sit on one line from character 0 (rare: BOM, quoted line breaks). */
interface Irregular {
  row: Range;
  serial?: Range;
  archive?: Range;
}

export interface CrossRowIndexOptions {
  /** Remember Row objects so that remove(row) works (the language server). Off for streaming. Default true. */
  trackRows?: boolean;
  /**
   * The text of the row with index `rowIndex` now (the language server, which keeps its rows). With it, a row's text
   * is hashed only when its visit has other rows to compare it with, not as each row is added (rows then come encoded
   * with `encodeRow(…, false)`); without it, every row's text is hashed as it is added.
   */
  rowText?: (rowIndex: number) => string;
}

export class CrossRowIndex {
  private used = 0;
  private live = 0;
  private readonly chunks: Int32Array[] = [];
  /** Per slot: 0 free, 1 live without archive, 3 live with archive. */
  private readonly states: Uint8Array[] = [];
  private visitHeads = new Int32Array(2048).fill(-1);
  private archHeads = new Int32Array(2048).fill(-1);
  private mask = 2047;
  private readonly free: number[] = [];
  private readonly irregular = new Map<number, Irregular>();
  private readonly rows?: Map<Row, number>;
  /** Per slot: 1 when the row duplicates an earlier row of its visit (it then takes no part in its archive group). */
  private readonly dups: Uint8Array[] = [];
  /** Per slot: 1 when ROW_A holds the hash of the row's text (always, without `rowText`). */
  private readonly textHashed: Uint8Array[] = [];
  private readonly rowText?: (rowIndex: number) => string;
  /** The options of the kept findings; undefined until the first findings() call. */
  private keptFor: ValidationOptions | undefined;
  /** Findings per visit key (hash A) and per archive key (hash A); keys without findings are absent. */
  private readonly visitFindings = new Map<number, Finding[]>();
  private readonly archFindings = new Map<number, Finding[]>();
  /**
   * The keys a full check looks at: visit keys (hash A) that more than one row was added under or a row whose
   * serial is above 1, archive keys that more than one row was added under. Any other key's group is one row
   * without findings. A key may stay after its rows are gone.
   */
  private readonly visitCandidates = new Set<number>();
  private readonly archCandidates = new Set<number>();
  /** Keys whose groups changed since the kept findings. */
  private readonly dirtyVisits = new Set<number>();
  private readonly dirtyArchives = new Set<number>();
  private sorted: Finding[] | undefined;

  constructor(options: CrossRowIndexOptions = {}) {
    if (options.trackRows !== false) this.rows = new Map();
    this.rowText = options.rowText;
  }

  get size(): number {
    return this.live;
  }

  private get(slot: number, field: number): number {
    return this.chunks[slot >>> CHUNK_BITS][(slot & (CHUNK - 1)) * STRIDE + field];
  }

  private set(slot: number, field: number, value: number): void {
    this.chunks[slot >>> CHUNK_BITS][(slot & (CHUNK - 1)) * STRIDE + field] = value;
  }

  private state(slot: number): number {
    return this.states[slot >>> CHUNK_BITS][slot & (CHUNK - 1)];
  }

  /** Adds a data row (its cells when the caller has them); returns its slot, which remove() also accepts. */
  add(row: Row, cells: readonly Cell[] = row.cells): number {
    const slot = this.allocate();
    const rec = this.chunks[slot >>> CHUNK_BITS];
    const o = (slot & (CHUNK - 1)) * STRIDE;
    const flags = encodeRow(row, cells, rec, o, !this.rowText);
    if (!(flags & REGULAR)) {
      const fields = recordCells(cells);
      const archive = flags & HAS_ARCHIVE ? copyRange(fields[13].range) : undefined;
      this.irregular.set(slot, { row: copyRange(row.range), serial: fields[10] && copyRange(fields[10].range), archive });
    }
    this.link(slot, flags, row);
    return slot;
  }

  /**
   * Adds a row encoded by `encodeRow` (in a worker thread, say): `fields` from offset `o`, and the flags
   * encodeRow returned. Only for regular rows (the REGULAR flag set); others go through add(). With `rowText`, the
   * row's text hash in `fields` is not read (encodeRow's `hashText` may be false).
   */
  addEncoded(fields: Int32Array, o: number, flags: number): number {
    if (!(flags & REGULAR)) throw new Error('addEncoded takes regular rows only');
    const slot = this.allocate();
    const rec = this.chunks[slot >>> CHUNK_BITS];
    const to = (slot & (CHUNK - 1)) * STRIDE;
    for (let k = 0; k < ENCODED_FIELDS; k++) rec[to + k] = fields[o + k];
    this.link(slot, flags, undefined);
    return slot;
  }

  private allocate(): number {
    const slot = this.free.length ? this.free.pop()! : this.used++;
    const c = slot >>> CHUNK_BITS;
    if (c >= this.chunks.length) {
      this.chunks.push(new Int32Array(CHUNK * STRIDE));
      this.states.push(new Uint8Array(CHUNK));
      this.dups.push(new Uint8Array(CHUNK));
      this.textHashed.push(new Uint8Array(CHUNK));
    }
    this.dups[c][slot & (CHUNK - 1)] = 0;
    this.textHashed[c][slot & (CHUNK - 1)] = this.rowText ? 0 : 1;
    this.irregular.delete(slot);
    return slot;
  }

  /** Puts an encoded slot into the visit and archive chains. */
  private link(slot: number, flags: number, row: Row | undefined): void {
    const c = slot >>> CHUNK_BITS;
    const rec = this.chunks[c];
    const o = (slot & (CHUNK - 1)) * STRIDE;
    const hasArch = (flags & HAS_ARCHIVE) !== 0;
    this.states[c][slot & (CHUNK - 1)] = hasArch ? 3 : 1;
    const visit = rec[o + VISIT_A];
    const vBucket = visit & this.mask;
    const shared = this.chainHas(this.visitHeads[vBucket], VISIT_NEXT, VISIT_A, visit);
    if (rec[o + SERIAL] > 1 || shared) this.visitCandidates.add(visit);
    // A visit's rows are compared by their texts: hashed now, while the rows' texts are at hand, not after the last row.
    if (shared && this.rowText) this.hashTexts(this.visitHeads[vBucket], visit, slot);
    this.pushFront(this.visitHeads, vBucket, slot, VISIT_NEXT, VISIT_PREV);
    if (hasArch) {
      const arch = rec[o + ARCH_A];
      const aBucket = arch & this.mask;
      if (this.chainHas(this.archHeads[aBucket], ARCH_NEXT, ARCH_A, arch)) this.archCandidates.add(arch);
      this.pushFront(this.archHeads, aBucket, slot, ARCH_NEXT, ARCH_PREV);
    }
    if (this.keptFor) this.touch(slot);
    this.live++;
    if (row) this.rows?.set(row, slot);
    if (this.live * 2 > this.visitHeads.length) this.rehash(this.visitHeads.length * 2);
  }

  /**
   * Hashes the texts of `slot` and of the slots of the visit chain from `head` with key `visit` not hashed yet. A visit's
   * rows are all hashed from its second row on, so only its first row can be waiting: the walk ends at the first row
   * hashed already. Walking on through every row of the visit made each row of a visit of n rows cost n (a file whose
   * rows all lack their visit fields is one visit).
   */
  private hashTexts(head: number, visit: number, slot: number): void {
    this.textHash(slot);
    for (let s = head; s >= 0; s = this.get(s, VISIT_NEXT)) {
      if (this.get(s, VISIT_A) !== visit) continue;
      if (this.isTextHashed(s)) return;
      this.textHash(s);
    }
  }

  private isTextHashed(slot: number): boolean {
    return this.textHashed[slot >>> CHUNK_BITS][slot & (CHUNK - 1)] === 1;
  }

  /** Whether a slot of the chain from `head` has `key` in its field `keyA`. */
  private chainHas(head: number, next: number, keyA: number, key: number): boolean {
    for (let s = head; s >= 0; s = this.get(s, next)) if (this.get(s, keyA) === key) return true;
    return false;
  }

  /**
   * Moves a live slot's row by whole lines and row indexes (an edit above it), without reading the row again.
   * Its groups' findings are recomputed on the next findings() call (their messages name lines).
   */
  move(slot: number, lineDelta: number, indexDelta: number): void {
    if (slot < 0 || slot >= this.used || this.state(slot) === 0) return;
    const rec = this.chunks[slot >>> CHUNK_BITS];
    const o = (slot & (CHUNK - 1)) * STRIDE;
    rec[o + ROW_IX] += indexDelta;
    rec[o + R_LINE] += lineDelta;
    const irregular = this.irregular.get(slot);
    if (irregular && lineDelta !== 0) {
      for (const r of [irregular.row, irregular.serial, irregular.archive]) {
        if (!r) continue;
        r.start.line += lineDelta;
        r.end.line += lineDelta;
      }
    }
    if (this.keptFor) this.touch(slot);
  }

  /** Removes a row added before (by the Row object when rows are tracked, or by its slot). */
  remove(row: Row | number): boolean {
    let slot: number | undefined;
    if (typeof row === 'number') slot = row;
    else {
      slot = this.rows?.get(row);
      this.rows?.delete(row);
    }
    if (slot === undefined || slot < 0 || slot >= this.used || this.state(slot) === 0) return false;
    if (this.keptFor) this.touch(slot);
    this.unlink(true, slot);
    if (this.state(slot) === 3) this.unlink(false, slot);
    this.states[slot >>> CHUNK_BITS][slot & (CHUNK - 1)] = 0;
    this.irregular.delete(slot);
    this.free.push(slot);
    this.live--;
    return true;
  }

  /** Marks the keys of a live slot as changed. */
  private touch(slot: number): void {
    this.dirtyVisits.add(this.get(slot, VISIT_A));
    if (this.state(slot) === 3) this.dirtyArchives.add(this.get(slot, ARCH_A));
    this.sorted = undefined;
  }

  private isDup(slot: number): boolean {
    return this.dups[slot >>> CHUNK_BITS][slot & (CHUNK - 1)] === 1;
  }

  private setDup(slot: number, dup: boolean): void {
    this.dups[slot >>> CHUNK_BITS][slot & (CHUNK - 1)] = dup ? 1 : 0;
  }

  /**
   * The row indexes of the live rows of `slot`'s visit, as the report-serial rules group them (the same visit key:
   * fields 1, 4, 5, 6, 8, 15, 16), itself among them, in row order; none for a slot that holds no row. Walks the
   * key's hash chain only: its cost is the visit's rows, not the file's.
   */
  visitRows(slot: number): number[] {
    if (slot < 0 || slot >= this.used || this.state(slot) === 0) return [];
    const a = this.get(slot, VISIT_A);
    const b = this.get(slot, VISIT_B);
    const out: number[] = [];
    for (let s = this.visitHeads[a & this.mask]; s >= 0; s = this.get(s, VISIT_NEXT)) {
      if (this.get(s, VISIT_A) === a && this.get(s, VISIT_B) === b) out.push(this.get(s, ROW_IX));
    }
    return out.sort((x, y) => x - y);
  }

  /** The hash of the slot's row text (ROW_A), taken from `rowText` the first time it is asked for. */
  private textHash(slot: number): number {
    const hashed = this.textHashed[slot >>> CHUNK_BITS];
    if (hashed[slot & (CHUNK - 1)] === 0) {
      this.set(slot, ROW_A, hashA(SEED_A, this.rowText!(this.get(slot, ROW_IX))));
      hashed[slot & (CHUNK - 1)] = 1;
    }
    return this.get(slot, ROW_A);
  }

  /** The current cross-row findings, ordered by row (for one row: visit findings, then archive findings). */
  findings(options: ValidationOptions): Finding[] {
    if (this.keptFor !== options) this.computeAll(options);
    else if (this.dirtyVisits.size || this.dirtyArchives.size) this.recomputeDirty(options);
    if (!this.sorted) {
      const out: Finding[] = [];
      for (const list of this.visitFindings.values()) for (const f of list) out.push(f);
      for (const list of this.archFindings.values()) for (const f of list) out.push(f);
      // Visit findings come first, and the sort is stable.
      out.sort((x, y) => (x.row ?? 0) - (y.row ?? 0) || kindRank(x) - kindRank(y));
      this.sorted = out;
    }
    return this.sorted.slice();
  }

  /**
   * findings(), for a caller that asks once (a file streamed past): the index lets go of them, so that they can be
   * collected as they are reported. A later findings() call computes them afresh.
   */
  takeFindings(options: ValidationOptions): Finding[] {
    const out = this.findings(options);
    this.keptFor = undefined;
    this.visitFindings.clear();
    this.archFindings.clear();
    this.sorted = undefined;
    return out;
  }

  private computeAll(options: ValidationOptions): void {
    this.keptFor = options;
    this.visitFindings.clear();
    this.archFindings.clear();
    this.dirtyVisits.clear();
    this.dirtyArchives.clear();
    this.sorted = undefined;
    for (const d of this.dups) d.fill(0);
    const out: Finding[] = [];
    for (const key of this.visitCandidates) {
      for (const group of this.groupsOfKey(this.visitHeads, VISIT_NEXT, VISIT_A, VISIT_B, key)) {
        this.checkVisitGroup(group[0], group.length > 1 ? group : undefined, options, out);
      }
      if (out.length) keep(this.visitFindings, key, out.splice(0));
    }
    for (const key of this.archCandidates) {
      for (const group of this.groupsOfKey(this.archHeads, ARCH_NEXT, ARCH_A, ARCH_B, key)) {
        if (group.length > 1) this.checkArchive(group, options, out);
      }
      if (out.length) keep(this.archFindings, key, out.splice(0));
    }
  }

  /** Recomputes the visit keys touched since the last call, then the archive keys touched or whose rows changed duplicate status. */
  private recomputeDirty(options: ValidationOptions): void {
    const out: Finding[] = [];
    for (const key of this.dirtyVisits) {
      this.visitFindings.delete(key);
      for (const group of this.groupsOfKey(this.visitHeads, VISIT_NEXT, VISIT_A, VISIT_B, key)) {
        const wasDup = group.map((s) => this.isDup(s));
        for (const s of group) this.setDup(s, false);
        this.checkVisitGroup(group[0], group.length > 1 ? group : undefined, options, out);
        group.forEach((s, k) => {
          if (this.isDup(s) !== wasDup[k] && this.state(s) === 3) this.dirtyArchives.add(this.get(s, ARCH_A));
        });
      }
      if (out.length) keep(this.visitFindings, key, out.splice(0));
    }
    this.dirtyVisits.clear();
    for (const key of this.dirtyArchives) {
      this.archFindings.delete(key);
      for (const group of this.groupsOfKey(this.archHeads, ARCH_NEXT, ARCH_A, ARCH_B, key)) {
        if (group.length > 1) this.checkArchive(group, options, out);
      }
      if (out.length) keep(this.archFindings, key, out.splice(0));
    }
    this.dirtyArchives.clear();
    this.sorted = undefined;
  }

  /** The groups (same keys A and B) of the live slots whose key A is `keyValue`. */
  private groupsOfKey(heads: Int32Array, next: number, keyA: number, keyB: number, keyValue: number): number[][] {
    const byB = new Map<number, number[]>();
    for (let s = heads[keyValue & this.mask]; s >= 0; s = this.get(s, next)) {
      if (this.get(s, keyA) !== keyValue) continue;
      const b = this.get(s, keyB);
      const group = byB.get(b);
      if (group) group.push(s);
      else byB.set(b, [s]);
    }
    return [...byB.values()];
  }

  private checkVisitGroup(s: number, group: number[] | undefined, options: ValidationOptions, out: Finding[]): void {
    if (group) this.checkVisit(group, options, out);
    else if (this.get(s, SERIAL) > 1) this.laterStart(s, [this.get(s, SERIAL)], options, out);
  }

  private line(s: number): number {
    return this.irregular.get(s)?.row.start.line ?? this.get(s, R_LINE);
  }

  private checkVisit(group: number[], options: ValidationOptions, out: Finding[]): void {
    group.sort((x, y) => this.get(x, ROW_IX) - this.get(y, ROW_IX));
    const firstOfText = new Map<number, number>();
    const firstOfSerial = new Map<number, number>();
    const serials: number[] = [];
    for (const s of group) {
      const textKey = this.textHash(s);
      const same = firstOfText.get(textKey);
      if (same !== undefined) {
        this.setDup(s, true);
        emit(out, options, 'R-duplicate-row', this.range(s, 'r'), null, this.get(s, ROW_IX),
          bi(`此列與第 ${this.line(same) + 1} 行完全相同`, `this row is identical to the row on line ${this.line(same) + 1}`));
        continue;
      }
      firstOfText.set(textKey, s);
      const n = this.get(s, SERIAL);
      if (n < 1) continue;
      const other = firstOfSerial.get(n);
      if (other !== undefined) {
        emit(out, options, 'R11-report-serial-dup', this.range(s, 's'), 11, this.get(s, ROW_IX),
          bi(`報告序號 ${n} 在同一次就醫已用於第 ${this.line(other) + 1} 行；同次就醫的報告序號須為 1、2、3… 各一次`,
            `report serial (field 11) ${n} is already used for this visit on line ${this.line(other) + 1}; a visit numbers its reports 1, 2, 3 … once each`));
        continue;
      }
      firstOfSerial.set(n, s);
      serials.push(n);
    }
    serials.sort((x, y) => x - y);
    const lowest = serials[0];
    for (let k = 0; k < serials.length; k++) {
      if (serials[k] !== lowest + k) {
        this.gap(firstOfSerial.get(serials[k])!, serials, options, out);
        return;
      }
    }
    if (lowest > 1) this.laterStart(firstOfSerial.get(lowest)!, serials, options, out);
  }

  /**
   * Serials that run on without gaps from above 1: the lower ones may have been accepted in an earlier
   * batch, as the NHI accepts rows one by one and a correction re-sends only the rejected ones (四、(四)).
   */
  private laterStart(s: number, serials: number[], options: ValidationOptions, out: Finding[]): void {
    const list = serialList(serials);
    const one = serials[0] === 2;
    const missing = one ? '1' : `1-${serials[0] - 1}`;
    const seenZh = serials.length === 1 ? `同一次就醫的報告序號為 ${serials[0]}` : `同一次就醫的報告序號由 ${serials[0]} 起（${list}）`;
    const seenEn = serials.length === 1 ? `the report serial (field 11) of this visit is ${serials[0]}` : `the report serials (field 11) of this visit start at ${serials[0]} (${list})`;
    emit(out, options, 'R11-report-serial-start', this.range(s, 's'), 11, this.get(s, ROW_IX),
      bi(`${seenZh}，本檔沒有序號 ${missing}：若已於先前批次上傳（更正或重送）則無誤，否則應由 1 起編號`,
        `${seenEn}; ${one ? 'serial 1 is' : `serials ${missing} are`} not in this file: fine if uploaded in an earlier batch (a correction or re-send), otherwise number from 1`));
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
    const list = serialList(serials);
    const miss = missing.join(', ');
    emit(out, options, 'R11-report-serial-gap', this.range(s, 's'), 11, this.get(s, ROW_IX),
      bi(`同一次就醫的報告序號為 ${list}，缺 ${miss}；應由 1 起連續編號`, `the report serials (field 11) of this visit are ${list}, missing ${miss}; they run 1, 2, 3 … without gaps`));
  }

  private checkArchive(group: number[], options: ValidationOptions, out: Finding[]): void {
    group.sort((x, y) => this.get(x, ROW_IX) - this.get(y, ROW_IX));
    const first = group.find((s) => !this.isDup(s)) ?? group[0];
    const line = this.line(first) + 1;
    for (const s of group) {
      if (s === first || this.isDup(s)) continue;
      if (this.get(s, NAME_A) !== this.get(first, NAME_A) && this.get(s, FOLDED_A) === this.get(first, FOLDED_A)) {
        emit(out, options, 'R14-case-number-reused', this.range(s, 'a'), 14, this.get(s, ROW_IX),
          bi(`此影像壓縮檔名稱與第 ${line} 行的影像壓縮檔名稱只差在英文字母大小寫：存放與解壓縮壓縮檔的 Windows 不分檔名大小寫，會把兩者當成同一個檔；每個壓縮檔的案件編號不可重複`,
            `this archive name (field 14) differs from the one on line ${line} only in letter case: Windows, where archives are stored and unpacked, takes them for one file, and no two archives share a case number`));
      } else if (this.get(s, NAME_A) !== this.get(first, NAME_A)) {
        emit(out, options, 'R14-case-number-reused', this.range(s, 'a'), 14, this.get(s, ROW_IX),
          bi(`此影像壓縮檔名稱的案件編號已由第 ${line} 行的另一個壓縮檔使用（檔案類別、副檔名或大小寫不同）；每個壓縮檔的案件編號不可重複`,
            `the case number in this archive name (field 14) is already used on line ${line} by another archive (the file class, extension or letter case differ); no two archives share a case number`));
      } else if (this.get(s, ORDER_A) !== this.get(first, ORDER_A)) {
        emit(out, options, 'R14-archive-reused-order', this.range(s, 'a'), 14, this.get(s, ROW_IX),
          bi(`此影像壓縮檔名稱已由第 ${line} 行的另一個醫令使用；每個壓縮檔只放單一醫令`, `this archive name (field 14) is already used on line ${line} for a different order; each archive holds one order code`));
      } else {
        emit(out, options, 'R14-archive-reused', this.range(s, 'a'), 14, this.get(s, ROW_IX),
          bi(`此影像壓縮檔名稱已由第 ${line} 行使用；每筆資料應指向自己的壓縮檔`, `this archive name (field 14) is already used on line ${line}; each row points to its own archive`));
      }
    }
  }

  private range(s: number, which: 'r' | 's' | 'a'): Range {
    const irregular = this.irregular.get(s);
    if (irregular) {
      const r = which === 'r' ? irregular.row : which === 's' ? irregular.serial : irregular.archive;
      if (r) return r;
    }
    const line = this.get(s, R_LINE);
    const [from, to] = which === 'r' ? [-1, R_END_CHAR] : which === 's' ? [S_CHAR, S_END] : [A_CHAR, A_END];
    return { start: { line, character: from < 0 ? 0 : this.get(s, from) }, end: { line, character: this.get(s, to) } };
  }

  /** Puts `slot` first in the chain of `bucket` in `heads`, linked both ways through its fields `next` and `prev`. */
  private pushFront(heads: Int32Array, bucket: number, slot: number, next: number, prev: number): void {
    const head = heads[bucket];
    this.set(slot, next, head);
    this.set(slot, prev, -1);
    if (head >= 0) this.set(head, prev, slot);
    heads[bucket] = slot;
  }

  private unlink(visit: boolean, slot: number): void {
    const heads = visit ? this.visitHeads : this.archHeads;
    const next = visit ? VISIT_NEXT : ARCH_NEXT;
    const prev = visit ? VISIT_PREV : ARCH_PREV;
    const after = this.get(slot, next);
    const before = this.get(slot, prev);
    if (before >= 0) this.set(before, next, after);
    else heads[this.get(slot, visit ? VISIT_A : ARCH_A) & this.mask] = after;
    if (after >= 0) this.set(after, prev, before);
  }

  /** Sizes the hash tables for `rows` rows at once (a whole document), instead of doubling them as rows arrive. */
  reserve(rows: number): void {
    let size = this.visitHeads.length;
    while (rows * 2 > size) size *= 2;
    if (size > this.visitHeads.length) this.rehash(size);
  }

  private rehash(size: number): void {
    this.visitHeads = new Int32Array(size).fill(-1);
    this.archHeads = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let s = 0; s < this.used; s++) {
      const st = this.state(s);
      if (st === 0) continue;
      this.pushFront(this.visitHeads, this.get(s, VISIT_A) & this.mask, s, VISIT_NEXT, VISIT_PREV);
      if (st === 3) this.pushFront(this.archHeads, this.get(s, ARCH_A) & this.mask, s, ARCH_NEXT, ARCH_PREV);
    }
  }
}

/** "1, 3, 4", and the first ten with "…" after them when there are more. */
function serialList(serials: readonly number[]): string {
  return (serials.length > 10 ? [...serials.slice(0, 10), '…'] : serials).join(', ');
}

function keep(into: Map<number, Finding[]>, key: number, findings: Finding[]): void {
  const list = into.get(key);
  if (list) for (const f of findings) list.push(f);
  else into.set(key, findings);
}

/** Visit findings before archive findings of the same row, as a full pass emits them. */
function kindRank(f: Finding): number {
  return f.ruleId.startsWith('R14-') ? 1 : 0;
}
