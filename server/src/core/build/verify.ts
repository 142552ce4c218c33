import { join } from 'node:path';
import { checkLinkedArchives } from '../archive/check';
import type { CsvModel } from '../csv/model';
import type { ValidationOptions } from '../options';
import type { Finding } from '../types';
import { validateText } from '../validate';

/** Archive rules whose findings the user already saw and accepted before packing (stop/go-on). */
const ACCEPTED_IMAGE_RULES = ['A14-image-size', 'A14-modality'];

/**
 * Warnings of the archive check that a built archive must never give: the builder writes every File ID in
 * its exact spelling and lists every DICOM file it packs, so either would be a fault of the build.
 */
const BUILT_ARCHIVE_ERRORS = ['A14-file-id-case', 'A14-dicom-unreferenced'];

/**
 * imageProblemsAccepted: the image size and modality findings are warnings, not errors; imageProblemsShown: the build
 * listed them before packing, so they are not among the warnings the check returns; csvWarnings: the final CSV's
 * warnings are returned too, as no draft's warnings stand for them (a re-send).
 */
export type VerifyOptions = ValidationOptions & { imageProblemsAccepted?: boolean; imageProblemsShown?: boolean; csvWarnings?: boolean };

/** What the checks of a built batch found: errors stop the build; warnings go with its summary. */
export interface VerifyResults {
  errors: Finding[];
  warnings: Finding[];
}

/**
 * The checks a built batch must pass before the build reports success: every CSV rule on the final
 * text under its final name, and the full archive check (`nhi-imaging check --archives --full`'s) on
 * every row's archive.
 *
 * The final text is known before anything is packed (the archive names come from the reserved case
 * numbers), so a build starts the full check of rows' archives as soon as they are complete
 * (`checkRows`), while the next rows are still being packed; `results()` checks whatever rows were not
 * started and returns every error and the archive checks' warnings. The archive checker judges each row's archive on its own, so
 * checking rows one by one finds what one check of all rows finds.
 */
export class BatchVerifier {
  private readonly model: CsvModel;
  private readonly csvFindings: Finding[];
  private readonly options: ValidationOptions;
  /** Rows whose check has started, and the checks started. */
  private readonly checked = new Set<number>();
  private readonly started: Promise<Finding[]>[] = [];
  private readonly imageProblemsShown: boolean;
  private readonly csvWarnings: boolean;

  constructor(
    text: string,
    private readonly csvName: string,
    private readonly outDir: string,
    options: VerifyOptions,
    private readonly signal?: AbortSignal,
  ) {
    const opts: ValidationOptions = { ...options, fileName: csvName };
    opts.severities = { ...opts.severities, ...Object.fromEntries(BUILT_ARCHIVE_ERRORS.map((id) => [id, 'error' as const])) };
    if (options.imageProblemsAccepted) {
      opts.severities = { ...opts.severities, ...Object.fromEntries(ACCEPTED_IMAGE_RULES.map((id) => [id, 'warning' as const])) };
    }
    this.options = opts;
    this.imageProblemsShown = options.imageProblemsShown === true;
    this.csvWarnings = options.csvWarnings === true;
    const { model, findings } = validateText(text, opts);
    this.model = model;
    this.csvFindings = findings;
  }

  /**
   * Starts the full check of the archives of these rows (0-based in the final CSV) now; they must be
   * complete. Rows checked together share the archive checker's concurrency (its worker threads
   * when it has them), so a build hands them over in pairs, one per core. `workers`: the checker
   * decides whether to start worker threads from the archives it is given ('auto'); a build that
   * hands over a large batch a pair at a time says so (true).
   */
  checkRows(rows: readonly number[], workers?: boolean): void {
    const fresh = rows.filter((i) => !this.checked.has(i));
    if (fresh.length === 0) return;
    const check = this.check(fresh.map((i) => this.model.rows[i]), workers);
    check.catch(() => undefined); // observed by results() or settle()
    for (const i of fresh) this.checked.add(i);
    this.started.push(check);
  }

  /**
   * Checks the rows not started yet, waits for every check, and returns the errors of all checks, and the
   * warnings of the archive checks not reported already (with imageProblemsShown, the image size and modality,
   * judged before packing). The final CSV's warnings are the draft's, which the build reports; with csvWarnings
   * they come first.
   */
  async results(): Promise<VerifyResults> {
    const rest = this.model.rows.filter((_, i) => !this.checked.has(i));
    const archives = await Promise.all([...this.started, rest.length ? this.check(rest) : Promise.resolve([])]);
    const archiveFindings = archives.flat().sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return {
      errors: [...this.csvFindings, ...archiveFindings].filter((f) => f.severity === 'error'),
      warnings: [
        ...(this.csvWarnings ? this.csvFindings.filter((f) => f.severity === 'warning') : []),
        ...archiveFindings.filter((f) => f.severity === 'warning' && !(this.imageProblemsShown && ACCEPTED_IMAGE_RULES.includes(f.ruleId))),
      ],
    };
  }

  /** Waits until the checks started so far have ended, however they end (before their archives are removed). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.started);
  }

  private async check(rows: CsvModel['rows'], workers?: boolean): Promise<Finding[]> {
    const result = await checkLinkedArchives(join(this.outDir, this.csvName), rows, {
      archiveDir: this.outDir,
      options: this.options,
      mode: 'full',
      signal: this.signal,
      workers,
    });
    return result.findings;
  }
}

/** Every check at once, for a batch whose archives are all complete (re-sends). */
export function verifyBatch(text: string, csvName: string, outDir: string, options: VerifyOptions, signal?: AbortSignal): Promise<VerifyResults> {
  return new BatchVerifier(text, csvName, outDir, options, signal).results();
}
