/**
 * A CSV file on disk fixed as the editor's "Fix All" fixes it (fix-text.ts), for `nhi-imaging fix`. The file is
 * replaced only as a whole (the fixed text written beside it, then renamed over it), after its bytes as read are
 * kept under a backup name that no file has yet, and only if it did not change on disk since it was read.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BUSY_CODES, exists, partialPathFor, placeWithoutOverwrite, removeQuietly, syncDirectory, whileBusy } from '../archive/atomic';
import { decodeBytes, type EncodingKind } from '../csv/decode';
import { encodingFinding, FIX_AGAIN } from '../csv/rules';
import { bi } from '../i18n';
import { ioFailure } from '../io-reasons';
import type { ValidationOptions } from '../options';
import type { Bilingual, Finding } from '../types';
import type { FixList } from './fix-text';
import { fixInPieces, type FixedParts } from './fix-in-pieces';
import { makeFolders } from '../build/folders';

export type FixFileResult =
  | { status: 'not-utf8'; finding: Finding; kind: EncodingKind }
  | { status: 'unchanged'; toChoose: FixList; written?: string }
  /** `parts`, the fixed text a part at a time, on a dry run only: otherwise it is written as it is made. */
  | { status: 'fixed'; fixed: FixList; toChoose: FixList; parts?: readonly string[]; written?: string; backup?: string };

export interface FixFileOptions {
  /** Write nothing: say what would be fixed. */
  dryRun?: boolean;
  /** Write the fixed text to this new file (never over an existing one) and leave the CSV as it is. */
  outPath?: string;
  /** The fixes named one by one in the result's lists; the rest are counted by rule. All when not given. */
  listed?: number;
}

/** A failure to read or write, said in both languages; nothing of the user's is lost when it is thrown. */
export class FixFileError extends Error {
  constructor(readonly bilingual: Bilingual) {
    super(bilingual.en);
  }
}

/** The most backups of one file kept side by side (`x.csv.bak`, `x.csv.bak2` … ). */
const MAX_BACKUPS = 99;

/**
 * The largest file fixed: its text is held in memory (its bytes only while they are decoded; the fixed text, the
 * findings and rounds of fixes a piece at a time, written on as each is made: fix-in-pieces.ts), and a day's batch
 * is a few MB. VS Code stops handing files to extensions at 50 MB.
 */
export const MAX_FIX_BYTES = 64 * 1024 * 1024;

export async function fixCsvFile(given: string, options: ValidationOptions, how: FixFileOptions = {}): Promise<FixFileResult> {
  // A link is followed: the file it names is fixed, not replaced by a file of the link's name.
  const path = await fsp.realpath(given).catch((e: unknown) => failed('讀不到此 CSV', 'The CSV cannot be read', e));
  const info = await fsp.stat(path).catch((e: unknown) => failed('讀不到此 CSV', 'The CSV cannot be read', e));
  // A named pipe or a device would be waited on, or read for ever.
  if (!info.isFile()) failed('讀不到此 CSV', 'The CSV cannot be read', Object.assign(new Error('not a regular file'), { code: info.isDirectory() ? 'EISDIR' : 'NOT_REGULAR' }));
  const size = info.size;
  if (size > MAX_FIX_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    throw new FixFileError(bi(
      `此 CSV 有 ${mb(size)} MB，超過一次可修正的 ${mb(MAX_FIX_BYTES)} MB，未修正；請先分割檔案，或以 nhi-imaging check 檢查（逐段讀取，不限大小）`,
      `The CSV is ${mb(size)} MB, over the ${mb(MAX_FIX_BYTES)} MB fixed at once; nothing was changed. Split it first, or check it with nhi-imaging check (read piece by piece, of any size)`,
    ));
  }
  let bytes: Buffer | undefined = await fsp.readFile(path).catch((e: unknown) => failed('讀不到此 CSV', 'The CSV cannot be read', e));
  const read = fingerprintOf(bytes);
  const decoded = decodeBytes(bytes);
  // From here the text is all that is held of the file: a valid UTF-8 file's bytes are its text's encoding.
  bytes = undefined;
  if (!decoded.ok) return { status: 'not-utf8', finding: encodingFinding(decoded.problem, FIX_AGAIN), kind: decoded.problem.kind };
  const { text } = decoded;
  const result = fixInPieces(text, options, { listed: how.listed });
  const parts = untilChanged(result);
  if (how.dryRun) {
    const all = [...parts];
    return result.changed ? { status: 'fixed', fixed: result.fixed, toChoose: result.toChoose, parts: all } : { status: 'unchanged', toChoose: result.toChoose };
  }
  // The copies hold the same patients' data: a CSV only its owner may read keeps them so (the umask applies too).
  const mode = info.mode & 0o777;
  if (how.outPath !== undefined) {
    // --out promises a file: a script goes on with it whether or not there was anything to fix (then the parts are the text).
    await writeNew(how.outPath, mode, (handle) => writeTexts(handle, parts));
    if (!result.changed) return { status: 'unchanged', toChoose: result.toChoose, written: how.outPath };
    return { status: 'fixed', fixed: result.fixed, toChoose: result.toChoose, written: how.outPath };
  }
  if (!result.changed) return { status: 'unchanged', toChoose: result.toChoose };
  const backup = await writeBackup(path, text, mode);
  await replace(path, read, parts).catch(async (e: unknown) => {
    // The CSV is as it was: its backup would only be a copy to clean up.
    await removeQuietly(backup);
    throw e;
  });
  return { status: 'fixed', fixed: result.fixed, toChoose: result.toChoose, written: path, backup };
}

/**
 * The parts of `result`, read on until one differs from its text (`result.changed`) or to the end, so that a file with
 * nothing to fix is known before anything is written; those read are held, slices of the text that cost little.
 */
function untilChanged(result: FixedParts): Iterable<string> {
  const rest = result.parts[Symbol.iterator]();
  const read: string[] = [];
  for (let next = rest.next(); !next.done; next = rest.next()) {
    read.push(next.value);
    if (result.changed) break;
  }
  return (function* () {
    while (read.length > 0) yield read.shift()!;
    for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
  })();
}

/** What a file held when read: to tell whether it changed since, without holding its bytes. */
interface Fingerprint {
  size: number;
  sha256: string;
}

function fingerprintOf(bytes: Buffer): Fingerprint {
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function fingerprintOfFile(path: string): Promise<Fingerprint> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await fsp.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let n; (n = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0;) {
      hash.update(buffer.subarray(0, n));
      size += n;
    }
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}

/** Writes `texts` one after another, in UTF-8, each encoded as it is written. */
async function writeTexts(handle: FileHandle, texts: Iterable<string>): Promise<void> {
  for (const text of texts) {
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length;) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
  }
}

/** Slices of `text` of about `chars` characters, none cutting a surrogate pair: written without encoding it whole. */
function* slicesOf(text: string, chars = 1 << 20): Generator<string> {
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + chars, text.length);
    // A high surrogate ends the slice: its low half goes with it.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end++;
    yield text.slice(at, end);
    at = end;
  }
}

/** Writes a new file with `write` (its folder made if need be), complete or not at all, never over a file. */
async function writeNew(path: string, mode: number, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const partial = partialPathFor(path);
  try {
    // Not fsp.mkdir's recursive form, which loops for ever where the system answers "no such file" at every level.
    await makeFolders(dirname(path));
    const handle = await fsp.open(partial, 'wx', mode);
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!(await placeWithoutOverwrite(partial, path))) throw new FixFileError(bi(`${path} 已存在，不覆寫`, `${path} exists and is not overwritten`));
    await syncDirectory(dirname(path));
  } catch (e) {
    await removeQuietly(partial);
    if (e instanceof FixFileError) throw e;
    failed(`無法寫入 ${path}`, `${path} cannot be written`, e);
  }
}

/** Keeps the CSV's bytes, the encoding of `text`, under the first of `x.csv.bak`, `x.csv.bak2` … that no file has; its path. */
async function writeBackup(path: string, text: string, mode: number): Promise<string> {
  for (let n = 1; n <= MAX_BACKUPS; n++) {
    const backup = `${path}.bak${n === 1 ? '' : n}`;
    if (await exists(backup)) continue;
    try {
      await writeNew(backup, mode, (handle) => writeTexts(handle, slicesOf(text)));
      return backup;
    } catch (e) {
      // Taken meanwhile by another run: try the next name.
      if (await exists(backup)) continue;
      throw e;
    }
  }
  throw new FixFileError(bi(`${path} 已有 ${MAX_BACKUPS} 個備份（.bak），請先清理`, `${path} has ${MAX_BACKUPS} backups (.bak) already; clear them first`));
}

/** Puts the text of `fixed` (written beside it as it is made) in place of the CSV, if it still holds what was `read`. */
async function replace(path: string, read: Fingerprint, fixed: Iterable<string>): Promise<void> {
  const partial = partialPathFor(path);
  try {
    const mode = (await fsp.stat(path)).mode;
    const handle = await fsp.open(partial, 'wx', mode & 0o777);
    try {
      await writeTexts(handle, fixed);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const now = await fingerprintOfFile(path);
    if (now.size !== read.size || now.sha256 !== read.sha256) {
      throw new FixFileError(bi(
        `${path} 在修正期間被其他程式改變，未寫入；請再執行一次`,
        `${path} was changed by another program while it was being fixed; nothing was written. Run the fix again`,
      ));
    }
    await whileBusy(() => fsp.rename(partial, path));
    await syncDirectory(dirname(path));
  } catch (e) {
    await removeQuietly(partial);
    if (e instanceof FixFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    // Windows refuses to replace a file that Excel (or another program) holds open.
    const reason = BUSY_CODES.has(code) && code !== 'EBUSY' ? bi(`${ioFailure(e, 'csv')['zh-TW']}；若 Excel 等程式開著此檔，請先關閉`, `${ioFailure(e, 'csv').en}; if Excel or another program has the file open, close it there first`) : ioFailure(e, 'csv');
    throw new FixFileError(bi(`無法改寫 ${path}（${reason['zh-TW']}），檔案未變更`, `${path} cannot be replaced (${reason.en}); the file is unchanged`));
  }
}

/** What failed and why, the error's code in words. */
export function failure(zh: string, en: string, e: unknown): Bilingual {
  const reason = ioFailure(e, 'csv');
  return bi(`${zh}：${reason['zh-TW']}`, `${en}: ${reason.en}`);
}

function failed(zh: string, en: string, e: unknown): never {
  throw new FixFileError(failure(zh, en, e));
}
