import { openArchive } from '../archive/open';
import { ArchiveError } from '../archive/errors';
import type { ValidationOptions } from '../options';
import type { Finding } from '../types';
import { validateText } from '../validate';
import { bi } from '../i18n';

/**
 * The checks a built batch must pass before the build reports success: every CSV rule on the final
 * text under its final name, then every archive read back in full (CRCs and block checksums).
 */
export async function verifyBatch(
  text: string,
  csvName: string,
  archives: readonly { row: number; path: string }[],
  options: ValidationOptions,
  signal?: AbortSignal,
): Promise<Finding[]> {
  const { findings } = validateText(text, { ...options, fileName: csvName });
  const out = findings.filter((f) => f.severity === 'error');
  for (const a of archives) {
    signal?.throwIfAborted();
    const problem = await verifyArchive(a.path, signal);
    if (problem) {
      out.push({
        ruleId: 'BUILD-verify',
        severity: 'error',
        range: { start: { line: a.row, character: 0 }, end: { line: a.row, character: 0 } },
        field: 14,
        row: a.row,
        message: bi(`建置後檢查壓縮檔失敗：${problem['zh-TW']}`, `The built archive failed its check: ${problem.en}`),
      });
    }
  }
  return out;
}

async function verifyArchive(path: string, signal?: AbortSignal): Promise<{ 'zh-TW': string; en: string } | undefined> {
  try {
    const reader = await openArchive(path, { signal });
    try {
      const result = await reader.verify({ signal });
      if (!result.ok) return result.problems[0].error.bilingual;
    } finally {
      await reader.close();
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    if (e instanceof ArchiveError) return e.bilingual;
    return bi(String(e), String(e));
  }
  return undefined;
}
