/**
 * What the interop tests with other LSP clients than VS Code (Neovim, Emacs, Vim with ALE) share: the
 * sample batch with two defects added, the places they ask about, what the core finds there on its
 * own, the README's snippets they load, and `nhi-imaging` on PATH.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { completionsFor, describeCell } from '../../server/src/core/describe';
import { defaultOptions, type ValidationOptions } from '../../server/src/core/options';
import type { Finding } from '../../server/src/core/types';
import { validateText } from '../../server/src/core/validate';
import { decideDateOrders } from '../../server/src/core/date-orders';
import { fixAllEdits } from '../../server/src/core/fix/fix-all';
import { applyEdits } from '../unit/core/edits';

export const ROOT = resolve(__dirname, '../..');
export const SAMPLE_NAME = '3501200000_20261125_001.csv';
const SAMPLE = join(ROOT, 'samples/batch', SAMPLE_NAME);
/** The deadline reference time the clients send as `deadlineReferenceTime`. */
export const NOW = '2026-11-25T09:00:00+08:00';

/**
 * Where the clients ask (0-based line, UTF-16 character): a hover on field 8 of row 2 (the short
 * national ID), completion in its field 2 (care category), code actions on row 3 (the exam time
 * written as a Gregorian date, characters 72 to 84; a client that asks at the cursor has it at fixChar).
 */
export const PROBE = { line: 1, hoverChar: 45, completeChar: 11, fixLine: 2, fixChar: 75 } as const;

/** The places of PROBE, and the code of the defect the code actions are asked for, as the probes' environment. */
export const PROBE_ENV = {
  PROBE_LINE: String(PROBE.line), PROBE_CHAR: String(PROBE.hoverChar), PROBE_COMPLETE_CHAR: String(PROBE.completeChar),
  PROBE_FIX_LINE: String(PROBE.fixLine), PROBE_FIX_CHAR: String(PROBE.fixChar), PROBE_FIX_CODE: 'F12-format',
} as const;

/** The defects the sample gets: a national ID one character short, an exam time in Gregorian digits. */
export const DEFECTS = {
  id: { line: 1, from: 'B223344554', to: 'B22334455' },
  examTime: { line: 2, from: ',11511250950,', to: ',202611250950,' },
} as const;

/** The LSP DiagnosticSeverity of a finding's severity. */
export const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

/** The sample with the defective exam time written back as ROC (what its preferred quick fix makes). */
export function withExamTimeFixed(text: string): string {
  const lines = text.split('\n');
  lines[DEFECTS.examTime.line] = lines[DEFECTS.examTime.line].replace(DEFECTS.examTime.to, DEFECTS.examTime.from);
  return lines.join('\n');
}

/** The sample batch with the two defects, as the clients open it. */
export function sampleWithDefects(): string {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  for (const d of Object.values(DEFECTS)) lines[d.line] = lines[d.line].replace(d.from, d.to);
  return lines.join('\n');
}

/** Writes the sample with the defects under its own name into dir; returns the file's path and text. */
export function writeSampleWithDefects(dir: string): { file: string; text: string } {
  const file = join(dir, SAMPLE_NAME);
  const text = sampleWithDefects();
  writeFileSync(file, text);
  return { file, text };
}

/**
 * The core's findings on text under the settings the clients send (English, the reference time
 * NOW, the default `idChecksumSeverity` of warning), for the sample's file name.
 */
export function expectedFindings(text: string): Finding[] {
  return validateText(text, clientOptions()).findings;
}

/** The text after source.fixAll, whose edits are made from a full validation (as the server makes them). */
export function expectedAfterFixAll(text: string): string {
  return applyEdits(text, fixAllEdits(text, decideDateOrders(expectedFindings(text)), clientOptions()));
}

function clientOptions(): ValidationOptions {
  return defaultOptions({ now: Date.parse(NOW), lang: 'en', fileName: SAMPLE_NAME, severities: { 'F08-checksum': 'warning' } });
}

/** The cells of one line of the sample (it quotes nothing) and the 1-based field at a character. */
function cellsAt(text: string, line: number, character: number): { cells: string[]; field: number } {
  const row = text.split('\n')[line];
  return { cells: row.split(','), field: row.slice(0, character).split(',').length };
}

/** The core's heading for the field at a place (what a hover there names). */
export function expectedHeading(text: string, line: number, character: number): string {
  const { cells, field } = cellsAt(text, line, character);
  return describeCell(cells, field, 'en').heading;
}

/** The values the core offers for the field at a place (what completion there lists). */
export function expectedCompletions(text: string, line: number, character: number): string[] {
  const { cells, field } = cellsAt(text, line, character);
  return completionsFor(cells, field, 'en', Date.parse(NOW)).map((e) => e.value);
}

/** Fails the suite, saying what to install, when a client's command is not on PATH. */
export function requireCommand(command: string, install: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${command} is missing: ${install} (see .ci/run)`);
  }
}

/** The settings the README's snippets set, and what the tests set instead: English and the fixed reference time. */
export const README_LANGUAGE = 'zh-TW';
export const TEST_SETTINGS = { language: 'en', deadlineReferenceTime: NOW } as const;

/**
 * The fenced block (```fence) after the README's line that `heading` matches, with `settings` (as it
 * stands in the block) replaced by `testSettings`.
 */
export function readmeSnippet(heading: RegExp, settings: string, testSettings: string, fence = 'elisp'): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = new RegExp(`^${heading.source}.*:\\n+\`\`\`${fence}\\n([\\s\\S]*?)\\n\`\`\``, 'm').exec(readme);
  assert.ok(block, `README.md has a line matching ${heading} followed by an \`\`\`${fence} block`);
  assert.ok(block[1].includes(settings), `the README's snippet sets '${settings}'`);
  return block[1].replace(settings, testSettings);
}

/**
 * Writes dir/bin/nhi-imaging, running this build's CLI (the README's command is `nhi-imaging lsp
 * --stdio`), and returns dir/bin to put first on PATH. With `inputLog`, what the client writes to the
 * server is copied there too (the JSON-RPC it sends), and the server's process id goes to `inputLog`.pid.
 */
export function writeCliOnPath(dir: string, inputLog?: string): string {
  const cli = join(ROOT, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: npm run build`);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const run = `${quote(process.execPath)} ${quote(cli)} "$@"`;
  // An asynchronous list reads /dev/null unless told otherwise: the client's pipe is handed to tee as fd 3.
  const script = inputLog
    ? `exec 3<&0\ntee ${quote(inputLog)} <&3 | ${run} &\necho $! > ${quote(`${inputLog}.pid`)}\nwait\n`
    : `exec ${run}\n`;
  writeFileSync(join(bin, 'nhi-imaging'), `#!/bin/sh\n${script}`);
  chmodSync(join(bin, 'nhi-imaging'), 0o755);
  return bin;
}
