/**
 * Which thread validates which rows of a shared open: the rows a worker may take are cut into chunks, which the
 * worker claims from the first up (parsing its text only as far as it gets) and the server's thread from the last
 * down, one at a time, in shared memory.
 * Each stops at the first chunk the other has: both work until they meet, however fast each turns out to be
 * (a worker's first job runs unoptimised code; on a busy machine either thread may get less of a core).
 */

/** Rows a chunk holds: small enough that neither thread waits long for the other's last chunk. */
export const CHUNK_ROWS = 1024;

const FREE = 0;
const SERVER = 1;
const WORKER = 2;

export class RowClaims {
  private readonly owners: Int32Array;

  /** Claims over `rows` rows in chunks of `chunkRows`; `buffer` shares them with another thread (new when absent). */
  constructor(
    readonly rows: number,
    readonly chunkRows: number = CHUNK_ROWS,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4 * Math.max(1, Math.ceil(rows / chunkRows))),
  ) {
    this.owners = new Int32Array(buffer);
  }

  get chunks(): number {
    return Math.ceil(this.rows / this.chunkRows);
  }

  /** First row of chunk `c`, counted from the first row the claims cover. */
  start(c: number): number {
    return c * this.chunkRows;
  }

  /** Row after the last of chunk `c`. */
  end(c: number): number {
    return Math.min(this.rows, (c + 1) * this.chunkRows);
  }

  /** The server's thread takes chunk `c` (its chunks in order from the last); false when the worker has it. */
  claimForServer(c: number): boolean {
    return Atomics.compareExchange(this.owners, c, FREE, SERVER) !== WORKER;
  }

  /** The worker takes chunk `c` (its chunks in order from the first); false when the server's thread has it. */
  claimForWorker(c: number): boolean {
    return Atomics.compareExchange(this.owners, c, FREE, WORKER) === FREE;
  }

  /** Every chunk not claimed yet goes to the server's thread: the worker stops after the chunk it is on. */
  closeToWorker(): void {
    for (let c = 0; c < this.chunks; c++) Atomics.compareExchange(this.owners, c, FREE, SERVER);
  }

  heldByWorker(c: number): boolean {
    return Atomics.load(this.owners, c) === WORKER;
  }
}
