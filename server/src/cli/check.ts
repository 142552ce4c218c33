/**
 * `nhi-imaging check`: validates CSV files and folders of them, streaming each file from disk
 * so memory stays flat however large the file, and writes the findings as text, JSON or SARIF.
 */
import { basename, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { unreadableFinding } from '../core/csv/rules';
import { encodingFindingOfBytes, encodingFindingOfFile } from '../core/csv/stream';
import { say } from '../core/i18n';
import { defaultOptions } from '../core/options';
import { SEVERITY_RANK, type Finding, type Lang } from '../core/types';
import type { ArchiveProgress } from '../core/archive/check';
import { validateCsvFile, validateCsvStream, withoutBomColumn } from '../core/validateFile';
import type { Row } from '../core/csv/model';
// The archive rules belong in the catalogue (SARIF rules) even when --archives is not given, and so do the draft rules.
import '../core/archive/rules';
import '../core/build/rules';
import { isDraftPath } from '../core/rules/archive-name';
import { CaseNumbersAcrossBatches } from '../core/rules/case-numbers-across-batches';
import { CHECK_OPTIONS, parseCheckArgs, STDIN, type CheckArgs } from './args';
import { requestedLang, systemLang, UsageError } from './command-line';
import { Output } from './output';
import { JsonReporter } from './report/json';
import { emptyTotals, type Reporter, type ReporterSettings, type RunTotals } from './report/reporter';
import { SarifReporter } from './report/sarif';
import { TextReporter } from './report/text';
import { SeenFiles, targets, type Target } from './walk';
import { cancelOnInterrupt, stoppingText } from './interrupt';
import { holdInput } from './held-input';
import { VERSION } from './version';
import { BUNDLED_RULES_DOC } from '../shared/rulesDoc';
import { counted } from '../core/counted';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  /** Read for the path `-`. */
  stdin?: Readable;
  /**
   * The bytes of `-` when the caller holds them already (the fixed text `fix --dry-run` checks), from their start
   * at each call: read instead of `stdin`, without holding them again.
   */
  stdinHeld?: () => AsyncIterable<Uint8Array>;
}

const ARCHIVE_FIELD = 14;

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_FAILURE = 2;


export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv, Date.now, io.cwd);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const lang = requestedLang(argv, CHECK_OPTIONS);
    // The help is in the system's language unless told otherwise.
    const help = lang === systemLang() ? 'nhi-imaging --help' : `nhi-imaging --help --lang ${lang}`;
    io.stderr.write(`nhi-imaging check: ${e.bilingual[lang]}\n${say(lang, `用法請執行「${help}」查看。`, `Run "${help}" for usage.`)}\n`);
    return EXIT_FAILURE;
  }
  const out = new Output(io.stdout);
  const settings: ReporterSettings = { lang: args.lang, cwd: io.cwd, version: VERSION, rulesDocUrl: BUNDLED_RULES_DOC };
  const reporter = makeReporter(args.format, out, settings);
  const totals = emptyTotals();
  const show = SEVERITY_RANK[args.minSeverity];
  const report = (f: Finding) => {
    totals[f.severity]++;
    if (SEVERITY_RANK[f.severity] <= show) reporter.finding(f);
  };

  reporter.begin();
  const all: (Target | typeof STDIN)[] = [];
  const seen = new SeenFiles();
  for (const path of args.paths) {
    if (path === STDIN) all.push(STDIN);
    else for await (const target of targets([path], process.platform, seen)) all.push(target);
  }
  // Batches checked together are compared for shared case numbers; one file alone keeps no index of them.
  const acrossBatches = all.length > 1 ? new CaseNumbersAcrossBatches() : undefined;
  for (const target of all) {
    totals.files++;
    const stdin = target === STDIN;
    reporter.beginFile(stdin ? args.stdinFilename ?? STDIN : target.path);
    if (!stdin && target.error) {
      totals.unreadable++;
      report(unreadableFinding(target.error.code, target.error.message));
    } else {
      const input: CsvInput = stdin
        ? { csvPath: resolve(io.cwd, args.stdinFilename ?? 'stdin.csv'), fileName: args.stdinFilename && basename(args.stdinFilename), source: io.stdin ?? process.stdin, held: io.stdinHeld }
        : { csvPath: target.path, fileName: basename(target.path) };
      try {
        await checkFile(input, args, report, out, totals, (line) => io.stderr.write(`${line}\n`), acrossBatches);
      } catch (e) {
        if (!(e instanceof CheckCancelled)) throw e;
        await out.flush();
        io.stderr.write(`nhi-imaging check: ${say(args.lang, '已取消', 'cancelled')}\n`);
        return EXIT_FAILURE;
      }
    }
    reporter.endFile();
    await out.maybeFlush();
  }
  reporter.end(totals);
  await out.flush();
  return totals.unreadable > 0 ? EXIT_FAILURE : totals.error > 0 ? EXIT_ERRORS : EXIT_OK;
}

function makeReporter(format: CheckArgs['format'], out: Output, settings: ReporterSettings): Reporter {
  switch (format) {
    case 'json':
      return new JsonReporter(out, settings);
    case 'sarif':
      return new SarifReporter(out, settings);
    default:
      return new TextReporter(out, settings);
  }
}

/**
 * A CSV to check: read from `csvPath`, or from `source` (standard input) when given; `csvPath` is where its
 * archives are looked for beside it, `fileName` what the file-name rules read (none: not checked).
 */
interface CsvInput {
  csvPath: string;
  fileName: string | undefined;
  source?: AsyncIterable<Uint8Array>;
  /** The bytes of `source` held already: given anew from their start at each call. */
  held?: () => AsyncIterable<Uint8Array>;
}

/** Standard input is held whole first (held-input.ts), then checked as a file is. */
async function checkFile(
  input: CsvInput, args: CheckArgs, report: (f: Finding) => void, out: Output, totals: RunTotals, progress: (line: string) => void,
  acrossBatches?: CaseNumbersAcrossBatches,
): Promise<void> {
  if (!input.source || input.held) return checkCsv(input, args, report, out, totals, progress, acrossBatches);
  const held = await holdInput(input.source);
  if ('finding' in held) {
    totals.unreadable++;
    report(held.finding);
    return;
  }
  try {
    await checkCsv({ ...input, held: () => held.chunks() }, args, report, out, totals, progress, acrossBatches);
  } finally {
    await held.release();
  }
}

/** The file at `csvPath`, or the bytes `held` gives from their start at each call. */
async function checkCsv(
  input: CsvInput, args: CheckArgs, report: (f: Finding) => void, out: Output, totals: RunTotals,
  progress: (line: string) => void, acrossBatches?: CaseNumbersAcrossBatches,
): Promise<void> {
  const held = input.held;
  const path = input.csvPath;
  const options = defaultOptions({ now: args.now, lang: args.lang, fileName: input.fileName, severities: args.severities });
  // The archive checks need the rows; a batch has one archive per row, so they are few.
  const kept: Row[] | null = args.archives ? [] : null;
  const otherBatches: Finding[] = [];
  acrossBatches?.beginFile(input.fileName ?? STDIN);
  const onRow = kept || acrossBatches ? (row: Row) => {
    kept?.push(row);
    acrossBatches?.checkRow(row, options, otherBatches);
  } : undefined;
  const hooks = { onRow, afterBatch: () => out.maybeFlush(), columnsAfterBom: true };
  // A file that is not UTF-8 text gets its one encoding error and nothing more, as in the editor, also when the
  // bad byte comes after rows the stream would have said.
  const badEncoding = held ? await encodingFindingOfBytes(held) : await encodingFindingOfFile(path);
  if (badEncoding) {
    report(badEncoding);
    return;
  }
  const summary = held ? await validateCsvStream(held(), options, report, hooks) : await validateCsvFile(path, options, report, hooks);
  if (summary.unreadable) {
    totals.unreadable++;
    return;
  }
  // A file that is not UTF-8 text gets its one encoding error and nothing more.
  if (summary.badEncoding) return;
  for (const f of otherBatches) report(summary.bom ? withoutBomColumn(f) : f);
  if (kept && args.archives) {
    // Loaded only when asked for: the archive layer is most of the bundle.
    const { checkLinkedArchives } = await import('../core/archive/check');
    // Ctrl+C ends the check as the build's cancellation does: workers stopped, temporary folders removed.
    const interrupt = cancelOnInterrupt(() => progress(stoppingText(args.lang)));
    try {
      const result = await checkLinkedArchives(path, kept, {
        archiveDir: args.archiveDir, options, mode: args.archives, signal: interrupt.signal, onProgress: archiveProgress(progress, args.lang),
      });
      for (const f of result.findings) report(summary.bom ? withoutBomColumn(f) : f);
      // A draft's rows name image folders, not archives: they are looked at as the editor and the build look at them.
      // A folder in an upload CSV is only its F14-pattern error: no image check would make that row right.
      const drafts = summary.draft ? kept.filter((row) => isDraftPath(row.cells[ARCHIVE_FIELD - 1]?.value ?? '')) : [];
      if (drafts.length > 0) {
        const [{ checkDraftRows }, { PixelVerdicts }] = await Promise.all([import('../core/build/draft-check'), import('../core/build/draft-pixels')]);
        for (const f of await checkDraftRows(path, drafts, options, interrupt.signal, new PixelVerdicts())) report(summary.bom ? withoutBomColumn(f) : f);
      }
    } catch (error) {
      if (interrupt.signal.aborted) throw new CheckCancelled();
      totals.unreadable++;
      report(unreadableFinding((error as NodeJS.ErrnoException)?.code, (error as Error)?.message ?? String(error)));
    } finally {
      interrupt.release();
    }
  }
}

/** A check of archives ended by Ctrl+C (SIGINT) or SIGTERM. */
class CheckCancelled extends Error {}

/**
 * Each archive checked, on standard error (the findings go to standard output): at most a line every half second,
 * and the last one, so that a long check of large archives shows it is going on without flooding a CI log.
 */
function archiveProgress(write: (line: string) => void, lang: Lang): (p: ArchiveProgress) => void {
  let last = 0;
  // Archives are checked several at once and finish in any order: they are counted, not numbered.
  let done = 0;
  let started = false;
  return (p) => {
    if (p.phase === 'start' && !started) {
      started = true;
      write(say(lang, `檢查 ${p.total} 個壓縮檔…`, `checking ${counted(p.total, 'archive')}…`));
    }
    if (p.phase !== 'done') return;
    done++;
    const now = Date.now();
    if (done < p.total && now - last < 500) return;
    last = now;
    write(say(lang, `已檢查壓縮檔 ${done}/${p.total}：${p.archive}`, `archives checked: ${done}/${p.total} (${p.archive})`));
  };
}
