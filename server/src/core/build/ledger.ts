import { promises as fsp } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createHash, randomInt } from 'node:crypto';
import { BUSY_CODES, whileBusy } from '../archive/atomic';
import { withLock, type LockOptions } from './lock';
import { makeFolders } from './folders';
import { claimRecord, refuseRowsInFlight, type RowClaim } from './row-claims';
import { BuildError } from './types';
import { bi } from '../i18n';

/**
 * The ledger: an append-only JSON-lines file recording every case number and CSV sequence number
 * ever handed out and every row ever built, so that case numbers never repeat (even when a build
 * is killed halfway: numbers are reserved, appended and fsynced before any archive is written),
 * sequence numbers per hospital and date continue, and re-sends can reproduce rows exactly.
 * A torn last line (a process killed mid-append) is ignored on reading.
 *
 * A batch's rows are recorded before its CSV is published, marked pending with the CSV's size and
 * hash, and a 'published' record follows the CSV (docs/decisions/ledger-publish-order.md). A pending
 * batch without that record (its build was killed between the two) counts as sent exactly when its
 * CSV is in place with the recorded content; ledgers written before pending records read as before.
 */

export const LEDGER_DIR = '.nhi-imaging';
export const LEDGER_FILE = 'ledger.jsonl';

export interface CaseRecord {
  t: 'case';
  hospital: string;
  case: string;
  build: string;
  at: string;
}

export interface SequenceRecord {
  t: 'sequence';
  hospital: string;
  date: string;
  seq: number;
  build: string;
  at: string;
}

/** One row as it was built and written into a final CSV. */
export interface RowRecord {
  t: 'row';
  hospital: string;
  case: string;
  /** See rowKey. */
  key: string;
  /** The exact text of the row in the final CSV, line break excluded. */
  text: string;
  /** Absolute path of the final CSV. */
  csv: string;
  /** Absolute path of the archive. */
  archive: string;
  archiveSize: number;
  archiveMtimeMs: number;
  /** Absolute paths of the draft's image folders or files for this row, for rebuilding the archive. */
  sources: string[];
  format: ArchiveFormat;
  /**
   * The archive's DICOMDIR was written by the build from the DICOM files (the folder had none, or its own was rebuilt:
   * --rebuild-dicomdir, or one that could not be kept), not the folder's own: a re-send that packs the archive again
   * writes one as well (planRow's rebuildDicomdir) rather than keeping a DICOMDIR found in the folder since. Absent
   * for a DICOMDIR kept, a JPEG row, and rows recorded before ledgers held it.
   */
  builtDicomdir?: true;
  build: string;
  at: string;
  /** Recorded before its CSV was published: counts only as its batch does. */
  pending?: true;
}

export interface BatchRecord {
  t: 'batch';
  kind: 'build' | 'resend';
  build: string;
  csv: string;
  rows: number;
  bytes: number;
  at: string;
  /** Recorded before the CSV was published; with the CSV's size in bytes and SHA-256 (hex) of its text. */
  pending?: true;
  csvBytes?: number;
  csvSha256?: string;
}

/** The CSV of a pending batch was published. */
export interface PublishedRecord {
  t: 'published';
  build: string;
  csv: string;
  at: string;
}

/**
 * The rows a build or re-send is about to send, by row key, appended with its reservation: other builds and
 * re-sends of the same rows are refused while it is in flight (row-claims.ts). In flight while its batch is not
 * counted as sent and the lock it names (the draft's, or the re-send's) still holds its token and is not stale.
 */
export interface ClaimRecord {
  t: 'claim';
  kind: 'build' | 'resend';
  build: string;
  keys: string[];
  /** The lock file its process holds for the whole build, and that lock's token. */
  lock: string;
  token: string;
  at: string;
}

export type ArchiveFormat = '7z' | 'cab';
export type LedgerRecord = CaseRecord | SequenceRecord | RowRecord | BatchRecord | PublishedRecord | ClaimRecord;

export interface LedgerState {
  /** hospital → case numbers reserved or used. */
  cases: Map<string, Set<string>>;
  /** The build that reserved each case number, by caseBuildKey: a case of a build still in flight is its own to use. */
  caseBuilds: Map<string, string>;
  /** `${hospital}_${date}` → highest sequence handed out. */
  sequences: Map<string, number>;
  /** Every row record, in ledger order. */
  rows: RowRecord[];
  /** Row key → the last row record with that key (the last upload of a record wins). */
  rowsByKey: Map<string, RowRecord>;
  /** Batches sent (pending ones only once published or found published). */
  batches: BatchRecord[];
  /** Claims on rows, in ledger order: in flight or settled, as row-claims.ts judges them. */
  claims: ClaimRecord[];
  /** Pending batches with no 'published' record whose CSV is in place with the recorded content: counted as sent. */
  recovered: BatchRecord[];
  /** Pending batches with no 'published' record and no such CSV: their rows are not counted as sent. */
  unpublished: BatchRecord[];
  /** Row records of batches not counted (their CSV never published, or their batch record cut off): built, not sent. */
  unsentRows: RowRecord[];
  /** Lines that could not be read (a torn line left by a kill, or a record of a kind not known here). */
  unreadableLines: number;
  /** 1-based number of the first line that is no ledger record at all: the file is not a ledger. */
  foreignLine?: number;
  /** The first record of a kind known here that lacks a field or holds one of another type (an edit by hand): its line and the field. */
  damaged?: { line: number; field: string };
}

/**
 * The identity of a record for re-sends: hospital, the visit (card swipe time, visit type, visit
 * serial, ID, newborn birth date and mark), order code and report serial.
 */
export const ROW_KEY_FIELDS = [1, 4, 5, 6, 8, 10, 11, 15, 16] as const;

export function rowKey(values: readonly string[]): string {
  return ROW_KEY_FIELDS.map((f) => values[f - 1] ?? '').join('|');
}

/** The nearest `.nhi-imaging/ledger.jsonl` at or above `startDir`; beside `startDir` when there is none. */
export async function findLedger(startDir: string): Promise<string> {
  let dir = resolve(startDir);
  for (;;) {
    try {
      if ((await fsp.stat(join(dir, LEDGER_DIR))).isDirectory()) return join(dir, LEDGER_DIR, LEDGER_FILE);
    } catch {
      // not here
    }
    const up = dirname(dir);
    if (up === dir) return join(resolve(startDir), LEDGER_DIR, LEDGER_FILE);
    dir = up;
  }
}

/**
 * Reads ledger text. `csvsFound` holds the pending batches (see batchId) whose CSV was found in place
 * with the recorded content; other pending batches without a 'published' record are not counted.
 */
export function parseLedger(text: string, csvsFound: ReadonlySet<string> = new Set()): LedgerState {
  const state: LedgerState = {
    cases: new Map(),
    caseBuilds: new Map(),
    sequences: new Map(),
    rows: [],
    rowsByKey: new Map(),
    batches: [],
    claims: [],
    recovered: [],
    unpublished: [],
    unsentRows: [],
    unreadableLines: 0,
  };
  const records: LedgerRecord[] = [];
  // A byte order mark, as Notepad's "UTF-8 with BOM" and PowerShell 5's -Encoding UTF8 write ahead of the first line.
  for (const [i, line] of text.replace(/^\uFEFF/, '').split('\n').entries()) {
    if (line.trim() === '') continue;
    let rec: LedgerRecord;
    try {
      rec = JSON.parse(line) as LedgerRecord;
    } catch {
      if (tornRecord(line)) state.unreadableLines++;
      else state.foreignLine ??= i + 1;
      continue;
    }
    if (typeof rec?.t !== 'string') {
      state.foreignLine ??= i + 1;
      continue;
    }
    const field = damagedField(rec);
    if (field === undefined) records.push(rec);
    else state.damaged ??= { line: i + 1, field };
  }
  const counted = countedBatches(records, csvsFound, state);
  for (const rec of records) addRecord(state, rec, counted);
  return state;
}

/** The pending batches that count as sent; sorts the others into state.recovered and state.unpublished. */
function countedBatches(records: readonly LedgerRecord[], csvsFound: ReadonlySet<string>, state: LedgerState): Set<string> {
  const published = new Set(records.filter((r) => r.t === 'published').map(batchId));
  const counted = new Set<string>();
  for (const rec of records) {
    if (rec.t !== 'batch' || !rec.pending) continue;
    const id = batchId(rec);
    if (published.has(id)) counted.add(id);
    else if (csvsFound.has(id)) {
      counted.add(id);
      state.recovered.push(rec);
    } else state.unpublished.push(rec);
  }
  return counted;
}

/** A batch's identity, shared by its row, batch and published records: the build and the CSV. */
export function batchId(rec: { build: string; csv: string }): string {
  return `${rec.build}\n${rec.csv}`;
}

type FieldKind = 'text' | 'number' | 'texts' | 'claim-kind';

/** The fields each kind of record is read by, and what they hold. */
const RECORD_FIELDS: Record<LedgerRecord['t'], Record<string, FieldKind>> = {
  case: { hospital: 'text', case: 'text', build: 'text' },
  sequence: { hospital: 'text', date: 'text', seq: 'number', build: 'text' },
  row: { hospital: 'text', case: 'text', key: 'text', text: 'text', csv: 'text', archive: 'text', archiveSize: 'number', archiveMtimeMs: 'number', sources: 'texts', build: 'text' },
  batch: { build: 'text', csv: 'text', rows: 'number', bytes: 'number' },
  published: { build: 'text', csv: 'text' },
  claim: { kind: 'claim-kind', build: 'text', keys: 'texts', lock: 'text', token: 'text' },
};

const HOLDS: Record<FieldKind, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  texts: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
  // A refusal names the other batch by its kind (row-claims.ts).
  'claim-kind': (v) => v === 'build' || v === 'resend',
};

/** The first field a record of a known kind lacks or holds of another type; records of other kinds are not judged. */
function damagedField(rec: LedgerRecord): string | undefined {
  const fields = Object.hasOwn(RECORD_FIELDS, rec.t) ? RECORD_FIELDS[rec.t] : undefined;
  if (!fields) return undefined;
  const values = rec as unknown as Record<string, unknown>;
  return Object.keys(fields).find((name) => !HOLDS[fields[name]](values[name]));
}

/** Every record is written as JSON.stringify writes it, so a record cut short by a kill starts like one. */
const RECORD_START = '{"t":"';

function tornRecord(line: string): boolean {
  return line.startsWith(RECORD_START) || RECORD_START.startsWith(line);
}

function addRecord(state: LedgerState, rec: LedgerRecord, counted: ReadonlySet<string>): void {
  switch (rec?.t) {
    case 'case':
      useCase(state, rec.hospital, rec.case);
      state.caseBuilds.set(caseBuildKey(rec.hospital, rec.case), rec.build);
      break;
    case 'sequence': {
      const k = `${rec.hospital}_${rec.date}`;
      state.sequences.set(k, Math.max(state.sequences.get(k) ?? 0, rec.seq));
      break;
    }
    case 'row':
      // The case number of a row never published stays used: it was handed out.
      useCase(state, rec.hospital, rec.case);
      if (rec.pending && !counted.has(batchId(rec))) {
        state.unsentRows.push(rec);
        break;
      }
      state.rows.push(rec);
      state.rowsByKey.set(rec.key, rec);
      break;
    case 'batch':
      if (!rec.pending || counted.has(batchId(rec))) state.batches.push(rec);
      break;
    case 'published':
      break;
    case 'claim':
      state.claims.push(rec);
      break;
    default:
      state.unreadableLines++;
  }
}

export function caseBuildKey(hospital: string, caseNo: string): string {
  return `${hospital}\n${caseNo}`;
}

function useCase(state: LedgerState, hospital: string, caseNo: string): void {
  let set = state.cases.get(hospital);
  if (!set) state.cases.set(hospital, (set = new Set()));
  set.add(caseNo);
}

/** Reads a ledger (none yet: an empty one). A file that holds anything but ledger records is refused, never written to. */
export async function readLedger(path: string): Promise<LedgerState> {
  let text = '';
  try {
    text = await whileBusy(() => fsp.readFile(path, 'utf8'));
  } catch (e) {
    throwIfBusy(path, e);
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let state = parseLedger(text);
  if (state.foreignLine !== undefined) {
    throw new BuildError(
      bi(`${path} 不是帳冊（第 ${state.foreignLine} 行不是帳冊紀錄），未做任何變更；帳冊是 .nhi-imaging/ledger.jsonl`, `${path} is not a ledger (line ${state.foreignLine} is no ledger record); nothing was changed. A ledger is .nhi-imaging/ledger.jsonl`),
      [],
      'ledger',
    );
  }
  if (state.damaged !== undefined) {
    const { line, field } = state.damaged;
    throw new BuildError(
      bi(
        `帳冊 ${path} 第 ${line} 行的紀錄已損壞（缺少 ${field} 或其值的型別不對，可能是手動編輯所致），未做任何變更；請依備份修正該行後再試`,
        `Line ${line} of the ledger ${path} is a damaged record (its ${field} is missing or of the wrong type, as an edit by hand leaves it); nothing was changed. Mend that line from a backup and try again`,
      ),
      [],
      'ledger',
    );
  }
  if (state.unpublished.length) {
    const found = await Promise.all(state.unpublished.map(csvInPlace));
    if (found.some(Boolean)) state = parseLedger(text, new Set(state.unpublished.filter((_, i) => found[i]).map(batchId)));
  }
  return state;
}

/** The SHA-256 (hex) of a CSV's bytes (text: as published, UTF-8). */
export function csvSha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Whether a pending batch's CSV is in place with the size and hash recorded for it. */
export async function csvInPlace(batch: BatchRecord): Promise<boolean> {
  try {
    const st = await fsp.stat(batch.csv);
    if (!st.isFile() || st.size !== batch.csvBytes) return false;
    return csvSha256(await fsp.readFile(batch.csv)) === batch.csvSha256;
  } catch {
    return false;
  }
}

/**
 * A ledger that another program keeps open (a virus scanner, a sync client) or that may not be written, after the
 * tries whileBusy makes: thrown as a bilingual error that says what to do; nothing was read or written. Returns for
 * other errors, which the caller handles.
 */
function throwIfBusy(path: string, e: unknown): void {
  if (!BUSY_CODES.has((e as NodeJS.ErrnoException).code ?? '')) return;
  throw new BuildError(
    bi(
      `帳冊 ${path} 被其他程式佔用（防毒軟體、OneDrive 等同步程式）或沒有寫入權限，帳冊未做任何變更。請稍候再試；若仍如此，請將 .nhi-imaging 資料夾排除於掃描與同步之外，並確認有寫入權限`,
      `The ledger ${path} is held open by another program (a virus scanner, a sync client such as OneDrive) or may not be written; the ledger was not changed. Try again in a moment; if it persists, exclude the .nhi-imaging folder from scanning and syncing, and check that it may be written`,
    ),
    [],
    'io',
  );
}

/** Appends records and fsyncs. Starts on a fresh line if a killed writer left a torn one. */
export async function appendRecords(path: string, records: LedgerRecord[]): Promise<void> {
  if (records.length === 0) return;
  await makeFolders(dirname(path));
  const existed = await fsp.stat(path).then(() => true, () => false);
  const handle = await whileBusy(() => fsp.open(path, 'a+')).catch((e: unknown) => {
    throwIfBusy(path, e);
    throw e;
  });
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(prefix + records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (!existed) await syncDir(dirname(path));
}

/** Makes a new directory entry durable (POSIX); directories cannot be opened for sync on Windows. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const h = await fsp.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // best effort
  }
}

const CASE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A 12-character case number: the build date as YYMMDD, then 6 random characters from an
 * alphabet without look-alikes (0/O, 1/I). Uniqueness comes from the ledger, not from chance.
 */
export function makeCaseNumber(date: string, random: (n: number) => number = randomInt): string {
  let s = date.slice(2, 8);
  for (let i = 0; i < 6; i++) s += CASE_ALPHABET[random(CASE_ALPHABET.length)];
  return s;
}

export interface Reservation {
  cases: string[];
  sequence: number;
  /** The CSV file name `{hospital}_{date}_{sequence}.csv`. */
  csvName: string;
  /** The ledger as read under the lock, right before the reservation: rows sent meanwhile are in it. */
  ledger: LedgerState;
}

export interface ReserveRequest {
  hospital: string;
  /** YYYYMMDD. */
  date: string;
  /** How many new case numbers. */
  caseCount: number;
  /** Sequence numbers at or below this are taken (e.g. CSVs already in the output folder). */
  minSequence?: number;
  build: string;
  random?: (n: number) => number;
  lock?: LockOptions;
  /** The rows the build is about to send: refused while another build or re-send has them in flight, claimed otherwise. */
  claim?: RowClaim;
  /** Refuses (throws) on the ledger as read under the lock, before anything is appended. */
  check?: (ledger: LedgerState) => void;
}

export const MAX_SEQUENCE = 999_999;

export class SequenceExhaustedError extends Error {}

/** Hands out new case numbers and the next CSV sequence number, recorded and fsynced before returning. */
export async function reserve(ledgerPath: string, req: ReserveRequest): Promise<Reservation> {
  await makeFolders(dirname(ledgerPath));
  return withLock(
    lockPathOf(ledgerPath),
    async () => {
      const state = await readLedger(ledgerPath);
      req.check?.(state);
      if (req.claim) await refuseRowsInFlight(state, req.claim, req.build);
      const used = state.cases.get(req.hospital) ?? new Set<string>();
      const cases: string[] = [];
      while (cases.length < req.caseCount) {
        const c = makeCaseNumber(req.date, req.random);
        if (!used.has(c)) {
          used.add(c);
          cases.push(c);
        }
      }
      const sequence = Math.max(state.sequences.get(`${req.hospital}_${req.date}`) ?? 0, req.minSequence ?? 0) + 1;
      if (sequence > MAX_SEQUENCE) throw new SequenceExhaustedError(`${req.hospital}_${req.date}`);
      const at = new Date().toISOString();
      await appendRecords(ledgerPath, [
        ...cases.map((c): CaseRecord => ({ t: 'case', hospital: req.hospital, case: c, build: req.build, at })),
        { t: 'sequence', hospital: req.hospital, date: req.date, seq: sequence, build: req.build, at },
        ...(req.claim ? [claimRecord(req.claim, req.build, at)] : []),
      ]);
      return { cases, sequence, csvName: csvFileName(req.hospital, req.date, sequence), ledger: state };
    },
    req.lock,
  );
}

/**
 * Appends under the lock (row and batch records at the end of a build); `check`, given the ledger as read under
 * the lock, refuses (throws) before anything is appended.
 */
export async function commitRecords(ledgerPath: string, records: LedgerRecord[], lock?: LockOptions, check?: (ledger: LedgerState) => Promise<void>): Promise<void> {
  await makeFolders(dirname(ledgerPath));
  await withLock(lockPathOf(ledgerPath), async () => {
    if (check) await check(await readLedger(ledgerPath));
    await appendRecords(ledgerPath, records);
  }, lock);
}

/**
 * Appends the 'published' record missing for each batch that readLedger found in place without one
 * (its build was killed right after publishing it); returns their CSV paths.
 */
export async function recordRecovered(ledgerPath: string, ledger: LedgerState): Promise<string[]> {
  if (ledger.recovered.length === 0) return [];
  const at = new Date().toISOString();
  await commitRecords(ledgerPath, ledger.recovered.map((b): PublishedRecord => ({ t: 'published', build: b.build, csv: b.csv, at })));
  return ledger.recovered.map((b) => b.csv);
}

export function lockPathOf(ledgerPath: string): string {
  return `${ledgerPath}.lock`;
}

export function csvFileName(hospital: string, date: string, sequence: number): string {
  return `${hospital}_${date}_${String(sequence).padStart(3, '0')}.csv`;
}
