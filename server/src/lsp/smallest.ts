/**
 * The `k` smallest of the values offered, by `less`, without keeping or sorting the others: a max-heap of at most
 * `k` values, whose largest is replaced when a smaller one comes (O(n log k) over n values, O(k) memory).
 */
export class Smallest<T> {
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  /** Whether `value` would be kept: fewer than k are kept, or it is less than the largest kept. */
  wants(value: T): boolean {
    return this.heap.length < this.k || (this.k > 0 && this.less(value, this.heap[0]));
  }

  offer(value: T): void {
    if (!this.wants(value)) return;
    if (this.heap.length < this.k) {
      this.heap.push(value);
      this.up(this.heap.length - 1);
    } else {
      this.heap[0] = value;
      this.down(0);
    }
  }

  /** The values kept, smallest first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => (this.less(a, b) ? -1 : this.less(b, a) ? 1 : 0));
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[parent], h[i])) return;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      let largest = i;
      for (const child of [2 * i + 1, 2 * i + 2]) if (child < h.length && this.less(h[largest], h[child])) largest = child;
      if (largest === i) return;
      [h[largest], h[i]] = [h[i], h[largest]];
      i = largest;
    }
  }
}
