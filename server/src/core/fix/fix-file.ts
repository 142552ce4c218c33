/**
 * A CSV file on disk fixed as the editor's "Fix All" fixes it (fix-text.ts), for `nhi-imaging fix`. The file is
 * replaced only as a whole (the fixed text written beside it, then renamed over it), after its bytes as read are
 * kept under a backup name that no file has yet, and only if it did not change on disk since it was read.
 */
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { BUSY_CODES, exists, partialPathFor, placeWithoutOverwrite, removeQuietly, syncDirectory, whileBusy } from '../archive/atomic';
import { decodeBytes, type EncodingKind } from '../csv/decode';
import { encodingFinding } from '../csv/rules';
import { bi } from '../i18n';
import { ioFailure } from '../io-reasons';
import type { ValidationOptions } from '../options';
import type { Bilingual, Finding } from '../types';
import type { FixList } from './fix-text';
import { fixTextInPieces } from './fix-in-pieces';
import { makeFolders } from '../build/folders';

export type FixFileResult =
  | { status: 'not-utf8'; finding: Finding; kind: EncodingKind }
  | { status: 'unchanged'; toChoose: FixList; written?: string }
  | { status: 'fixed'; fixed: FixList; toChoose: FixList; text: string; written?: string; backup?: string };

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
 * The largest file fixed: the file's bytes, its text and the fixed text are held in memory (the findings and rounds of
 * fixes only a piece's at a time: fix-in-pieces.ts), about seven times the file at the peak, and a day's batch is a
 * few MB. VS Code stops handing files to extensions at 50 MB.
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
  const bytes = await fsp.readFile(path).catch((e: unknown) => failed('讀不到此 CSV', 'The CSV cannot be read', e));
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return { status: 'not-utf8', finding: encodingFinding(decoded.problem), kind: decoded.problem.kind };
  const result = fixTextInPieces(decoded.text, options, { listed: how.listed });
  if (result.text === decoded.text) {
    if (how.outPath === undefined || how.dryRun) return { status: 'unchanged', toChoose: result.toChoose };
    // --out promises a file: a script goes on with it whether or not there was anything to fix.
    await writeNew(how.outPath, bytes);
    return { status: 'unchanged', toChoose: result.toChoose, written: how.outPath };
  }
  const fixed = { status: 'fixed' as const, fixed: result.fixed, toChoose: result.toChoose, text: result.text };
  const out = Buffer.from(result.text, 'utf8');
  if (how.dryRun) return fixed;
  if (how.outPath !== undefined) {
    await writeNew(how.outPath, out);
    return { ...fixed, written: how.outPath };
  }
  const backup = await writeBackup(path, bytes);
  await replace(path, bytes, out).catch(async (e: unknown) => {
    // The CSV is as it was: its backup would only be a copy to clean up.
    await removeQuietly(backup);
    throw e;
  });
  return { ...fixed, written: path, backup };
}

/** Writes `bytes` as a new file (its folder made if need be), complete or not at all, never over a file. */
async function writeNew(path: string, bytes: Buffer): Promise<void> {
  const partial = partialPathFor(path);
  try {
    // Not fsp.mkdir's recursive form, which loops for ever where the system answers "no such file" at every level.
    await makeFolders(dirname(path));
    const handle = await fsp.open(partial, 'wx');
    try {
      await handle.writeFile(bytes);
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

/** Keeps the CSV's bytes under the first of `x.csv.bak`, `x.csv.bak2` … that no file has; its path. */
async function writeBackup(path: string, bytes: Buffer): Promise<string> {
  for (let n = 1; n <= MAX_BACKUPS; n++) {
    const backup = `${path}.bak${n === 1 ? '' : n}`;
    if (await exists(backup)) continue;
    try {
      await writeNew(backup, bytes);
      return backup;
    } catch (e) {
      // Taken meanwhile by another run: try the next name.
      if (await exists(backup)) continue;
      throw e;
    }
  }
  throw new FixFileError(bi(`${path} 已有 ${MAX_BACKUPS} 個備份（.bak），請先清理`, `${path} has ${MAX_BACKUPS} backups (.bak) already; clear them first`));
}

/** Puts `fixed` in place of the CSV, if it still holds `read`. */
async function replace(path: string, read: Buffer, fixed: Buffer): Promise<void> {
  const partial = partialPathFor(path);
  try {
    const mode = (await fsp.stat(path)).mode;
    await fsp.writeFile(partial, fixed, { flag: 'wx', mode: mode & 0o777 });
    const handle = await fsp.open(partial, 'r+');
    await handle.sync().finally(() => handle.close());
    const now = await fsp.readFile(path);
    if (!now.equals(read)) {
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
