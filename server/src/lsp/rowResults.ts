/**
 * What validation left of each row of a document, in typed arrays instead of an object a row: about 30 bytes
 * a row instead of about 110. Memory a document keeps is memory its open has to fault in and the garbage
 * collector has to copy and trace (BENCHMARKS.md, "Language server").
 */
import { SEVERITY_RANK, type Finding } from '../core/types';
import type { RowDeadline } from '../core/rules/deadline';
import { BASES } from './openWorker/packedRows';

const VALIDATED = 1;
/**
 * The findings are the document's copies, which it may move. Until a row first moves, its findings are the
 * engine's, whose ranges may be the row's own cell ranges (which move with the row): they are copied then.
 */
const OWNED = 2;

const NONE: Finding[] = [];
Object.freeze(NONE);

/**
 * A row's findings not built yet: how many of each severity rank it has. The rows of an open shared with the worker
 * thread are kept so, on both threads (packedRows.ts, CsvDocument); `findings(i)` builds them when they are first read.
 */
export class Unbuilt {
  constructor(readonly counts: readonly number[]) {}
}

export class RowResults {
  private count = 0;
  private state = new Uint8Array(0);
  /** The row's incentive deadline, ms since the epoch; NaN when it has none. */
  private deadline = new Float64Array(0);
  /** Index into BASES. */
  private basis = new Uint8Array(0);
  private field = new Uint8Array(0);
  /** Severity rank of the deadline note; -1 when there is none. */
  private rank = new Int8Array(0);
  /** Where the note stands among the row's findings. */
  private position = new Int32Array(0);
  /** The row's slot in the cross-row index; -1 when it is not in the index. */
  private slots = new Int32Array(0);
  /** Row-local and syntax findings, without the deadline note; NONE for most rows. */
  private lists: (Finding[] | Unbuilt)[] = [];
  /** Deadline notes once built (reports read the same notes edit after edit), by row; dropped when the row moves. */
  private readonly notes = new Map<number, Finding>();

  /** `build(i)`: row i's findings, for a row whose findings arrived Unbuilt, as validating it gives them. */
  constructor(private readonly build: (i: number) => Finding[]) {}

  get length(): number {
    return this.count;
  }

  /** `rows` rows, none validated. */
  reset(rows: number): void {
    this.count = 0;
    this.reserve(rows);
    this.count = rows;
    this.state.fill(0, 0, rows);
    this.lists = new Array<Finding[] | Unbuilt>(rows).fill(NONE);
    this.notes.clear();
  }

  has(i: number): boolean {
    return i < this.count && (this.state[i] & VALIDATED) !== 0;
  }

  set(
    i: number, findings: Finding[] | Unbuilt, deadlineMs: number, basis: RowDeadline['basis'], field: RowDeadline['field'],
    noteRank: number, notePosition: number, slot: number, owned: boolean,
  ): void {
    this.state[i] = VALIDATED | (owned ? OWNED : 0);
    this.lists[i] = findings instanceof Unbuilt || findings.length > 0 ? findings : NONE;
    this.deadline[i] = deadlineMs;
    this.basis[i] = Math.max(0, BASES.indexOf(basis));
    this.field[i] = field;
    this.rank[i] = noteRank;
    this.position[i] = notePosition;
    this.slots[i] = slot;
    if (this.notes.size > 0) this.notes.delete(i);
  }

  /** Row `i` is to be validated again. */
  clear(i: number): void {
    this.state[i] = 0;
    this.lists[i] = NONE;
    this.notes.delete(i);
  }

  /** The first validated row from `i` on that has findings or a deadline note of severity rank `rank`; `length` when none. */
  nextWith(i: number, rank: number): number {
    const { state, lists, count } = this;
    const ranks = this.rank;
    for (; i < count; i++) {
      if ((state[i] & VALIDATED) === 0) continue;
      const list = lists[i];
      if (ranks[i] === rank || (list instanceof Unbuilt ? list.counts[rank] > 0 : list !== NONE)) return i;
    }
    return count;
  }

  findings(i: number): Finding[] {
    const list = this.lists[i];
    if (!(list instanceof Unbuilt)) return list;
    const built = this.build(i);
    this.lists[i] = built.length === 0 ? NONE : built;
    // The engine's findings, as validateRow's are: copied when the row first moves.
    this.state[i] &= ~OWNED;
    return this.lists[i] as Finding[];
  }

  /** False while the row's findings are Unbuilt (built when findings(i) reads them). */
  isBuilt(i: number): boolean {
    return !(this.lists[i] instanceof Unbuilt);
  }

  /** Adds `sign` times the row's findings of each severity rank (its deadline note included) to `counts`, without building them. */
  addCounts(i: number, counts: number[], sign: 1 | -1): void {
    const list = this.lists[i];
    if (list instanceof Unbuilt) for (let r = 0; r < list.counts.length; r++) counts[r] += sign * list.counts[r];
    else for (const f of list) counts[SEVERITY_RANK[f.severity] ?? 0] += sign;
    const rank = this.rank[i];
    if (rank >= 0) counts[rank] += sign;
  }

  deadlineMs(i: number): number {
    return this.deadline[i];
  }

  deadlineBasis(i: number): RowDeadline['basis'] {
    return BASES[this.basis[i]] ?? 'exam';
  }

  deadlineField(i: number): RowDeadline['field'] {
    return this.field[i] as RowDeadline['field'];
  }

  noteRank(i: number): number {
    return this.rank[i];
  }

  notePosition(i: number): number {
    return this.position[i];
  }

  slot(i: number): number {
    return this.slots[i];
  }

  isOwned(i: number): boolean {
    return (this.state[i] & OWNED) !== 0;
  }

  /** Replaces the row's findings with this document's copies. */
  own(i: number, findings: Finding[]): void {
    this.lists[i] = findings.length === 0 ? NONE : findings;
    this.state[i] |= OWNED;
  }

  note(i: number): Finding | undefined {
    return this.notes.get(i);
  }

  keepNote(i: number, note: Finding): void {
    this.notes.set(i, note);
  }

  dropNote(i: number): void {
    this.notes.delete(i);
  }

  /**
   * Rows [start, start + removeCount) are replaced by `addCount` rows, not validated; the rows after move with
   * their results. Notes of the rows from `start` on are dropped (those rows moved or are new).
   */
  splice(start: number, removeCount: number, addCount: number): void {
    const tail = this.count - start - removeCount;
    const newCount = this.count - removeCount + addCount;
    if (addCount > removeCount) this.reserve(newCount);
    const from = start + removeCount;
    const to = start + addCount;
    if (from !== to) {
      for (const a of [this.state, this.deadline, this.basis, this.field, this.rank, this.position, this.slots]) a.copyWithin(to, from, from + tail);
      this.lists = spliceLists(this.lists, start, removeCount, addCount);
    }
    for (let i = start; i < to; i++) {
      this.state[i] = 0;
      this.lists[i] = NONE;
    }
    for (const i of this.notes.keys()) if (i >= start) this.notes.delete(i);
    this.count = newCount;
  }

  /** Room for `rows` rows, keeping the first `count`. */
  private reserve(rows: number): void {
    if (rows <= this.state.length) return;
    const capacity = Math.max(rows, Math.ceil(this.state.length * 1.5), 16);
    const keep = this.count;
    this.state = grow(this.state, new Uint8Array(capacity), keep);
    this.deadline = grow(this.deadline, new Float64Array(capacity), keep);
    this.basis = grow(this.basis, new Uint8Array(capacity), keep);
    this.field = grow(this.field, new Uint8Array(capacity), keep);
    this.rank = grow(this.rank, new Int8Array(capacity), keep);
    this.position = grow(this.position, new Int32Array(capacity), keep);
    this.slots = grow(this.slots, new Int32Array(capacity), keep);
  }
}

/** The lists with [start, start + removeCount) replaced by addCount empty ones, without spreading (safe for large pastes). */
function spliceLists(lists: (Finding[] | Unbuilt)[], start: number, removeCount: number, addCount: number): (Finding[] | Unbuilt)[] {
  const out = lists.slice(0, start);
  for (let k = 0; k < addCount; k++) out.push(NONE);
  for (let i = start + removeCount; i < lists.length; i++) out.push(lists[i]);
  return out;
}

function grow<T extends Uint8Array | Int8Array | Int32Array | Float64Array>(old: T, into: T, keep: number): T {
  if (keep > 0) into.set(old.subarray(0, keep) as never);
  return into;
}
