/**
 * The items of one top-level sequence as positions (the DICOMDIR's records): per item, where it lies and
 * where the value of each of `slots`' tags lies, the last of repeated tags winning, as in a data set.
 */
export class ItemTable {
  /**
   * Per item `width` numbers: the offset of the item's value, its length as dicom-parser gives it, 1 for an
   * undefined length, then per slot the value's offset (-1: absent) and length; `used` of them are filled. Every
   * offset and length lies within the bytes the walker holds (a DICOMDIR is read up to MAX_HEADER_BYTES), so 32
   * bits hold it: 4 bytes a number, where an array of numbers took 8.
   */
  private values = new Int32Array(0);
  private used = 0;
  /** Whether the walker read the file and filled the table. */
  walked = false;
  private readonly width: number;

  constructor(
    readonly sequence: number,
    private readonly slots: ReadonlyMap<number, number>,
  ) {
    this.width = 3 + 2 * slots.size;
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
    this.used = at + this.width;
    return at;
  }

  note(at: number, tag: number, offset: number, length: number): void {
    const slot = this.slots.get(tag);
    if (slot === undefined) return;
    this.values[at + 3 + 2 * slot] = offset;
    this.values[at + 4 + 2 * slot] = length;
  }

  end(at: number, offset: number, length: number, undefinedLength: boolean): void {
    this.values[at] = offset;
    this.values[at + 1] = length;
    this.values[at + 2] = undefinedLength ? 1 : 0;
  }
}
