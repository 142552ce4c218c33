import { constants as fsConstants, promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { partialPathFor, placeWithoutOverwrite, removeQuietly } from '../archive/atomic';
import { syncDir } from './ledger';
import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { systemDateProblem } from '../rules/file-name';
import { BuildError } from './types';

export class OutputExistsError extends Error {
  readonly code = 'output-exists';
  readonly bilingual: Bilingual;
  constructor(readonly path: string) {
    super(`output exists and is not overwritten: ${path}`);
    this.bilingual = bi(`輸出檔已存在，不覆寫：${path}`, this.message);
  }
}

/** Writes `text` to `path` atomically and never over an existing file: a temporary name in the same folder, fsync, then placeWithoutOverwrite. */
export async function publishText(path: string, text: string): Promise<void> {
  const tmp = partialPathFor(path);
  try {
    const h = await fsp.open(tmp, 'wx');
    try {
      await h.writeFile(text, 'utf8');
      await h.sync();
    } finally {
      await h.close();
    }
    if (!(await placeWithoutOverwrite(tmp, path))) throw new OutputExistsError(path);
  } finally {
    await removeQuietly(tmp);
  }
  await syncDir(dirname(path));
}

/**
 * Runs task(0..count-1) with at most `width` at once; the first failure stops new tasks and is thrown, and aborts
 * `onFailure` (given, the tasks under way stop too; their own failures, cancellations then, are not the one thrown).
 */
export async function runPool(count: number, width: number, task: (i: number) => Promise<void>, onFailure?: AbortController): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async (): Promise<void> => {
    while (failed === undefined && next < count) {
      const i = next++;
      try {
        await task(i);
      } catch (e) {
        if (failed === undefined) {
          failed = e;
          onFailure?.abort();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
  if (failed !== undefined) throw failed;
}

/** A batch's date, YYYYMMDD (default today in Taiwan); one that cannot be the system date of a CSV name is refused before anything is reserved. */
export function batchDate(given: string | undefined): string {
  const date = given ?? todayInTaipei();
  if (systemDateProblem(date)) throw new BuildError(bi(`日期 ${date} 不是存在的西元日期 YYYYMMDD`, `the date ${date} is not a real Gregorian date YYYYMMDD`));
  return date;
}

/** Today's date in Taiwan (UTC+8, no daylight saving) as YYYYMMDD. */
export function todayInTaipei(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Copies a file to `path` the same way: temporary name, fsync, no overwrite. */
export async function publishCopy(source: string, path: string, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const tmp = partialPathFor(path);
  try {
    await fsp.copyFile(source, tmp, fsConstants.COPYFILE_EXCL);
    const h = await fsp.open(tmp, 'r+');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
    signal?.throwIfAborted();
    if (!(await placeWithoutOverwrite(tmp, path))) throw new OutputExistsError(path);
  } finally {
    await removeQuietly(tmp);
  }
  await syncDir(dirname(path));
}
