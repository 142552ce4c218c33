// `nhi-imaging build` and `nhi-imaging resend`.
import { promises as fsp } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BUILD_FINDING, buildBatch, type BuildOptions } from '../core/build/batch';
import { housekeepingNotes, housekeepingWarnings } from '../core/build/housekeeping';
import { findLedger, LEDGER_DIR, LEDGER_FILE } from '../core/build/ledger';
import { resendRows } from '../core/build/resend';
import { BuildError, type BuildProgress, type BuildSummary } from '../core/build/types';
import type { Lang } from '../core/types';
import { systemDateProblem } from '../core/rules/file-name';
import { deadlineText } from '../core/build/deadlineText';
import { byteSize, packedSoFar } from '../core/build/progressText';
import { bi, rowLabel, say, shown, shownEn } from '../core/i18n';
import { LANGS, oneOf, parseCommandLine, requestedLang, systemLang, UsageError, type CommandLine, type OptionSpec } from './command-line';
import { BUILD_USAGE } from './usage';
import type { CliIo } from './check';
import { cancelOnInterrupt, stoppingText } from './interrupt';
import { COMPRESSION_LEVELS } from '../shared/build';
import { counted } from '../core/counted';
import { SEVERITY_OPTIONS, severitiesOfArgs } from './severities';

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_FAILURE = 2;

const PROBLEM_REASONS = new Set(['draft', 'images', 'stopped', 'limits', 'verify', 'ledger']);

const defaultIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });

/**
 * Runs `build` (argv = ['build', …] or just the build arguments) or `resend` (argv = ['resend', …]).
 * SIGINT/SIGTERM cancel: whatever this run wrote is removed.
 */
export async function runBuildCommand(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [first, ...rest] = argv;
  const resend = first === 'resend';
  const args = first === 'build' || resend ? rest : argv;
  const interrupt = cancelOnInterrupt(() => io.stderr.write(`${stoppingText(requestedLang(args, resend ? RESEND_OPTIONS : BUILD_OPTIONS))}\n`));
  try {
    return resend ? await runResend(args, io, interrupt.signal) : await runBuild(args, io, interrupt.signal);
  } catch (e) {
    if (e instanceof UsageError) {
      const lang = requestedLang(args, resend ? RESEND_OPTIONS : BUILD_OPTIONS);
      io.stderr.write(`nhi-imaging: ${e.bilingual[lang]}\n\n${BUILD_USAGE[lang]}`);
      return EXIT_FAILURE;
    }
    throw e;
  } finally {
    interrupt.release();
  }
}

export function runResendCommand(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  return runBuildCommand(['resend', ...argv], io);
}

export const BUILD_OPTIONS: OptionSpec = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  date: { type: 'string' },
  ledger: { type: 'string' },
  force: { type: 'boolean' },
  'rebuild-dicomdir': { type: 'boolean' },
  level: { type: 'string' },
  lang: { type: 'string' },
  ...SEVERITY_OPTIONS,
};

export const RESEND_OPTIONS: OptionSpec = {
  ledger: { type: 'string' },
  rows: { type: 'string' },
  out: { type: 'string', short: 'o' },
  date: { type: 'string' },
  'rebuild-dicomdir': { type: 'boolean' },
  lang: { type: 'string' },
  ...SEVERITY_OPTIONS,
};

function langOf(v: unknown): Lang {
  return oneOf(v === undefined ? systemLang() : String(v), LANGS, '--lang');
}

/** The rule severities of `--settings FILE` and `--rule ID=LEVEL`, read as check reads them, by which the build plans and checks the batch. */
function validationOf(v: CommandLine['values'], cwd: string): BuildOptions['validation'] {
  return { severities: severitiesOfArgs(v, cwd) };
}

function dateOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' && systemDateProblem(v) === undefined) return v;
  throw new UsageError(bi(`--date 須為存在的西元日期 YYYYMMDD，而非${shown(String(v))}`, `--date must be a real date YYYYMMDD (got ${shownEn(String(v))})`));
}

/**
 * The ledger file `--ledger` names. A folder given instead (the draft's, or its `.nhi-imaging`) would be refused deep in
 * the build as "it is a folder", or by resend as "no ledger": it is a usage error naming the file to give.
 */
async function ledgerOf(v: unknown, cwd: string): Promise<string> {
  const path = resolve(cwd, String(v));
  if (!(await fsp.stat(path).catch(() => undefined))?.isDirectory()) return path;
  for (const inside of [join(path, LEDGER_FILE), join(path, LEDGER_DIR, LEDGER_FILE)]) {
    if ((await fsp.stat(inside).catch(() => undefined))?.isFile()) {
      throw new UsageError(bi(`--ledger 是資料夾（${path}）；請指定其中的帳冊檔：${inside}`, `--ledger names a folder, ${path}; give the ledger file in it: ${inside}`));
    }
  }
  const usual = `${LEDGER_DIR}/${LEDGER_FILE}`;
  throw new UsageError(bi(`--ledger 是資料夾（${path}）；請指定帳冊檔，即建置所用草稿旁的 ${usual}`, `--ledger names a folder, ${path}; give the ledger file, ${usual} beside the draft that was built`));
}

async function runBuild(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { values: v, positionals } = parseCommandLine(argv, BUILD_OPTIONS);
  if (positionals.length !== 1) throw new UsageError(bi('build 須指定恰好一個草稿 CSV', 'build needs exactly one draft CSV'));
  const format = oneOf(String(v.format ?? '7z'), ['7z', 'cab'] as const, '--format');
  const level = Number(oneOf(String(v.level ?? '0'), COMPRESSION_LEVELS.map(String), '--level'));
  if (level !== 0 && format === 'cab') throw new UsageError(bi('--level 只適用於 7z（CAB 以 MSZIP 壓縮）', '--level applies to 7z only (CAB is MSZIP)'));
  const lang = langOf(v.lang);
  const validation = validationOf(v, io.cwd);
  const draft = resolve(io.cwd, positionals[0]);
  const force = v.force === true;
  const ledgerPath = v.ledger === undefined ? undefined : await ledgerOf(v.ledger, io.cwd);
  const reporter = progressReporter(io, lang);
  try {
    const summary = await buildBatch(draft, {
      outDir: v.out === undefined ? undefined : resolve(io.cwd, String(v.out)),
      format,
      level,
      date: dateOf(v.date),
      ledgerPath: ledgerPath ?? (await findLedger(dirname(draft))),
      rebuildDicomdir: v['rebuild-dicomdir'] === true,
      validation,
      signal,
      onProgress: reporter,
      onDecision: (problems) => {
        for (const p of problems) io.stderr.write(`  ${rowLabel(p.row, lang)}${p.message[lang]}\n`);
        io.stderr.write(force ? say(lang, '--force：繼續建置\n', '--force: going on\n') : say(lang, '有影像問題，停止建置（用 --force 仍要建置）\n', 'Image problems: stopping (use --force to build anyway)\n'));
        return force ? 'continue' : 'stop';
      },
    });
    printSummary(io, summary, lang);
    return EXIT_OK;
  } catch (e) {
    return reportFailure(io, e, lang);
  }
}

async function runResend(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  // Rows are given in --rows alone: one after it separated by a space instead of a comma is refused, not dropped.
  const { values: v } = parseCommandLine(argv, RESEND_OPTIONS, false);
  if (v.ledger === undefined) throw new UsageError(bi('resend 須以 --ledger 指定帳冊的路徑', 'resend needs --ledger PATH'));
  if (v.rows === undefined || String(v.rows).trim() === '') {
    throw new UsageError(bi('resend 須以 --rows KEY|CASE[,…] 指定要重送的列', 'resend needs --rows KEY|CASE[,…]'));
  }
  const lang = langOf(v.lang);
  const validation = validationOf(v, io.cwd);
  // Row keys contain no commas (fields 1,4,5,6,8,10,11,15,16 joined by |); several are comma-separated.
  const rows = String(v.rows).split(',').map((s) => s.trim()).filter(Boolean);
  const ledgerPath = await ledgerOf(v.ledger, io.cwd);
  try {
    const summary = await resendRows({
      ledgerPath,
      rows,
      outDir: v.out === undefined ? undefined : resolve(io.cwd, String(v.out)),
      date: dateOf(v.date),
      rebuildDicomdir: v['rebuild-dicomdir'] === true,
      validation,
      signal,
      onProgress: progressReporter(io, lang),
    });
    printSummary(io, summary, lang);
    return EXIT_OK;
  } catch (e) {
    return reportFailure(io, e, lang);
  }
}

/** One line per phase change or row, then at most two updates a second. */
function progressReporter(io: CliIo, lang: Lang): (p: BuildProgress) => void {
  let last = 0;
  const seen = new Set<string>();
  return (p) => {
    const key = `${p.phase}:${p.row ?? ''}`;
    const now = Date.now();
    if (seen.has(key) && now - last < 500) return;
    seen.add(key);
    last = now;
    let line = p.message[lang];
    if (p.phase === 'pack' && p.bytesTotal > 0) {
      line += packedSoFar(p.bytesDone, p.bytesTotal, p.etaMs, lang);
    }
    io.stderr.write(`${line}\n`);
  };
}

function printSummary(io: CliIo, s: BuildSummary, lang: Lang): void {
  const out: string[] = [];
  for (const f of s.warnings) out.push(`${say(lang, '警告：', 'warning: ')}${rowLabel(f.row, lang)}${f.message[lang]}`);
  for (const warning of housekeepingWarnings(s)) out.push(`${say(lang, '警告：', 'warning: ')}${warning[lang]}`);
  for (const note of housekeepingNotes(s)) out.push(note[lang]);
  out.push(s.csvPath);
  for (const r of s.rows) {
    out.push(`  ${r.archivePath}  ${byteSize(r.archiveBytes)}${r.reused ? say(lang, '（沿用）', ' (reused)') : ''}`);
    for (const n of r.notes) out.push(`    ${n[lang]}`);
  }
  out.push(
    say(
      lang,
      `${s.rows.length} 列，${s.archives} 個壓縮檔，共 ${byteSize(s.bytes)}`,
      `${counted(s.rows.length, 'row')}, ${counted(s.archives, 'archive')}, ${byteSize(s.bytes)}`,
    ),
  );
  if (s.earliestDeadline !== undefined) {
    out.push(`${say(lang, '最早上傳獎勵期限：', 'earliest incentive deadline: ')}${deadlineText(s.earliestDeadline, Date.now(), lang)}`);
  }
  out.push(`${say(lang, '帳冊：', 'ledger: ')}${s.ledgerPath}`);
  io.stdout.write(out.join('\n') + '\n');
}


function reportFailure(io: CliIo, e: unknown, lang: Lang): number {
  if (!(e instanceof BuildError)) throw e;
  // Image problems that stopped the build were listed by row before it stopped.
  const findings = e.reason === 'stopped' ? [] : e.findings;
  for (const f of findings) {
    const rule = f.ruleId === BUILD_FINDING ? '' : ` ${f.ruleId}`;
    io.stderr.write(`${f.severity}${rule}: ${rowLabel(f.row, lang)}${f.message[lang]}\n`);
  }
  io.stderr.write(`nhi-imaging: ${e.bilingual[lang]}\n`);
  return PROBLEM_REASONS.has(e.reason) ? EXIT_PROBLEMS : EXIT_FAILURE;
}
