import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validRow } from '../fixtures/rows';

export const ROOT = resolve(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js …` to completion (a hang fails the test through the timeout). */
export function runCli(args: string[], options: SpawnSyncOptions = {}): CliRun {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  if (res.error) throw res.error;
  return { status: res.status, stdout: String(res.stdout), stderr: String(res.stderr) };
}

export interface JsonDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  field: number | null;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface JsonReport {
  files: { path: string; diagnostics: JsonDiagnostic[] }[];
}

export function checkJson(paths: string[], extra: string[] = []): { run: CliRun; report: JsonReport } {
  const run = runCli(['check', '--format', 'json', '--lang', 'en', ...extra, ...paths]);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

/** A fresh temporary folder, readable by every user (the permission test runs the CLI as another user). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhi-cli-'));
  chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Indices of fixture rows that stand alone: rows i % 10 === 0 and 1 are the two reports of one
 * visit, left out so that any subset of the chosen rows is a correct file.
 */
export function standaloneRows(count: number): number[] {
  const out: number[] = [];
  for (let i = 0; out.length < count; i++) if (i % 10 !== 1 && i % 10 !== 0) out.push(i);
  return out;
}

export function line(values: string[]): string {
  return values.join(',');
}

export { validRow };
