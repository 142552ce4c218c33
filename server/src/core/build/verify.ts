import { join } from 'node:path';
import { checkLinkedArchives } from '../archive/check';
import type { ValidationOptions } from '../options';
import type { Finding } from '../types';
import { validateText } from '../validate';

/** Archive rules whose findings the user already saw and accepted before packing (stop/go-on). */
const ACCEPTED_IMAGE_RULES = ['A14-image-size', 'A14-modality'];

/**
 * The checks a built batch must pass before the build reports success: every CSV rule on the final
 * text under its final name, then the full archive check (`nhi-imaging check --archives`'s) on
 * every archive. Returns the errors.
 */
export async function verifyBatch(
  text: string,
  csvName: string,
  outDir: string,
  options: ValidationOptions & { imageProblemsAccepted?: boolean },
  signal?: AbortSignal,
): Promise<Finding[]> {
  const opts: ValidationOptions = { ...options, fileName: csvName };
  if (options.imageProblemsAccepted) {
    opts.severities = { ...opts.severities, ...Object.fromEntries(ACCEPTED_IMAGE_RULES.map((id) => [id, 'warning' as const])) };
  }
  const { model, findings } = validateText(text, opts);
  const archives = await checkLinkedArchives(join(outDir, csvName), model, { archiveDir: outDir, options: opts, mode: 'full', signal });
  return [...findings, ...archives.findings].filter((f) => f.severity === 'error');
}
