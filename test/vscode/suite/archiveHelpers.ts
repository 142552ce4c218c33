/** What the archive tests (one workspace folder, and several) use. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FeatureContext } from '../../../client/src/feature';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import type { CheckArchivesResult } from '../../../server/src/shared/archives';
import { writeDcfArchive } from '../../fixtures/archives';
import { codeOf, waitFor } from './helpers';

const EXTENSION_ID = 'nhi-imaging.nhi-imaging-upload';

export function writeDcf(dir: string, name: string, size: number): Promise<string> {
  return writeDcfArchive(dir, name, { rows: size, columns: size, studyDate: '20251125', birthDate: '19860312' });
}

/** Writes an upload CSV whose rows name `archives` in field 14, opens it as an upload CSV. */
export async function openCsv(dir: string, name: string, archives: string[]): Promise<vscode.TextDocument> {
  const rows = archives.map((archive, i) => EXAMPLE_ROW.map((v, k) => (k === 13 ? archive : k === 5 ? `000${i + 1}` : v)).join(','));
  writeFileSync(join(dir, name), rows.join('\r\n') + '\r\n');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, name)));
  await vscode.window.showTextDocument(doc);
  await waitFor('the upload CSV language', () => doc.languageId === 'nhi-imaging-csv');
  // The first test run alone (NHI_VSCODE_GREP) may come before the server is up.
  const { client } = await extensionApi();
  await waitFor('the language server', () => client.isRunning());
  return doc;
}

/** The archive findings on `doc` as [line, rule id], sorted. */
export function archiveFindings(doc: vscode.TextDocument): [number, string][] {
  return vscode.languages
    .getDiagnostics(doc.uri)
    .filter((d) => codeOf(d).startsWith('A14-'))
    .map((d): [number, string] => [d.range.start.line, codeOf(d)])
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
}

/** Checks the archives of `doc`, which must be looked for in `folder`. */
export async function checkedIn(doc: vscode.TextDocument, folder: string): Promise<CheckArchivesResult> {
  const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult;
  assert.equal(result.ran, true, result.reason);
  assert.equal(result.archiveFolder, folder);
  return result;
}

export async function extensionApi(): Promise<FeatureContext> {
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
}
