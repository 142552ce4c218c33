/**
 * The items of one top-level sequence as positions (the DICOMDIR's records): per item, where it lies and
 * where the value of each of `slots`' tags lies, the last of repeated tags winning, as in a data set; and, in one
 * number, whether it holds each of `flags`' tags with a value (holds).
 */
export class ItemTable {
  /**
   * Per item `width` numbers: the offset of the item's value, its length as dicom-parser gives it, 1 for an
   * undefined length, then per slot the value's offset (-1: absent) and length, then (with flags) a bit per flag;
   * `used` of them are filled. Every
   * offset and length lies within the bytes the walker holds (a DICOMDIR is read up to MAX_HEADER_BYTES), so 32
   * bits hold it: 4 bytes a number, where an array of numbers took 8.
   */
  private values = new Int32Array(0);
  private used = 0;
  /** Whether the walker read the file and filled the table. */
  walked = false;
  private readonly width: number;

  /** `flags`: tag → bit (0-31), for tags whose presence alone matters: a number per item holds them all. */
  constructor(
    readonly sequence: number,
    private readonly slots: ReadonlyMap<number, number>,
    private readonly flags: ReadonlyMap<number, number> = new Map(),
  ) {
    if ([...flags.values()].some((bit) => bit < 0 || bit > 31)) throw new RangeError('an item table holds 32 flags at most');
    this.width = 3 + 2 * slots.size + (flags.size ? 1 : 0);
  }

  get items(): number {
    return this.used / this.width;
  }

  /** The offset of item `i`'s value (past its 8-byte header). */
  itemOffset(i: number): number {
    return this.values[i * this.width];
  }

  /** The offset of the value of `tag` in item `i`, or -1 when the item has none. */
  offset(i: number, tag: number): number {
    return this.values[i * this.width + 3 + 2 * this.slots.get(tag)!];
  }

  length(i: number, tag: number): number {
    return this.values[i * this.width + 4 + 2 * this.slots.get(tag)!];
  }

  /** Whether item `i` holds `tag`, one of the flags, with a value (as `note` was told). */
  holds(i: number, tag: number): boolean {
    return ((this.values[(i + 1) * this.width - 1] >>> this.flags.get(tag)!) & 1) === 1;
  }

  isFlag(tag: number): boolean {
    return this.flags.has(tag);
  }

  clear(): void {
    this.used = 0;
    this.walked = false;
  }

  /** Starts an item; returns where its numbers begin. */
  begin(): number {
    const at = this.used;
    if (at + this.width > this.values.length) {
      const grown = new Int32Array(Math.max(64 * this.width, this.values.length * 2));
      grown.set(this.values.subarray(0, at));
      this.values = grown;
    }
    this.values.fill(-1, at, at + this.width);
    if (this.flags.size) this.values[at + this.width - 1] = 0;
    this.used = at + this.width;
    return at;
  }

  /** `length`: of a sequence, the bytes of its items; `held`: whether it holds a value, for a flag (text: more than padding). */
  note(at: number, tag: number, offset: number, length: number, held = length > 0): void {
    const slot = this.slots.get(tag);
    if (slot !== undefined) {
      this.values[at + 3 + 2 * slot] = offset;
      this.values[at + 4 + 2 * slot] = length;
    }
    const flag = this.flags.get(tag);
    if (flag === undefined) return;
    const word = at + this.width - 1;
    this.values[word] = held ? this.values[word] | (1 << flag) : this.values[word] & ~(1 << flag);
  }

  end(at: number, offset: number, length: number, undefinedLength: boolean): void {
    this.values[at] = offset;
    this.values[at + 1] = length;
    this.values[at + 2] = undefinedLength ? 1 : 0;
  }
}
