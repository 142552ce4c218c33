/**
 * A multi-root workspace (test/vscode/fixtures/multi-root): `radiology` sets nhiImaging.archiveFolder in its
 * .vscode/settings.json, `dental` has no settings of its own and takes those of nhi.code-workspace. Each
 * CSV's archives are looked for in the folder its own workspace folder names, relative to the CSV. The workspace sets
 * nhiImaging.language to zh-TW (a window setting), while VS Code's display language is English.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { archiveFindings, checkedIn, extensionApi, openCsv, writeDcf } from './archiveHelpers';
import { waitFor } from './helpers';

const ARCHIVE = 'DCF3501200000_V00000000071.7z';

function folderPath(name: string): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(folder, `the workspace folder ${name} is open: ${JSON.stringify(vscode.workspace.workspaceFolders?.map((f) => f.name))}`);
  return folder.uri.fsPath;
}

describe('NHI Imaging in a multi-root workspace', function () {
  this.timeout(90_000);

  it('names its Output channel and language client in the message language of the workspace', async () => {
    const { output, client } = await extensionApi();
    assert.equal(vscode.env.language, 'en');
    assert.equal(output.name, '健保影像上傳');
    assert.equal(client.name, '健保影像上傳');
  });

  it('checks the archives of each CSV in the archive folder its own workspace folder sets', async () => {
    const radiology = folderPath('radiology');
    const dental = folderPath('dental');
    assert.equal(vscode.workspace.getConfiguration('nhiImaging', vscode.Uri.file(radiology)).get('archiveFolder'), 'zips', 'the fixture as meant');
    assert.equal(vscode.workspace.getConfiguration('nhiImaging', vscode.Uri.file(dental)).get('archiveFolder'), 'scans');
    for (const dir of [join(radiology, 'zips'), join(dental, 'scans')]) mkdirSync(dir, { recursive: true });
    await writeDcf(join(radiology, 'zips'), ARCHIVE, 512);

    const inRadiology = await openCsv(radiology, '3501200000_20251125_801.csv', [ARCHIVE]);
    const inDental = await openCsv(dental, '3501200000_20251125_802.csv', [ARCHIVE]);
    assert.deepEqual((await checkedIn(inRadiology, join(radiology, 'zips'))).findings, { errors: 0, warnings: 0, infos: 0 });
    assert.equal((await checkedIn(inDental, join(dental, 'scans'))).findings.errors, 1);
    await waitFor('the missing archive in dental', () => archiveFindings(inDental).length === 1);
    assert.deepEqual(archiveFindings(inRadiology), []);

    // The archive arrives in dental's folder: the watcher of that folder, and that folder only, brings the re-check.
    await writeDcf(join(dental, 'scans'), ARCHIVE, 512);
    await waitFor('the finding to go once the archive is in dental/scans', () => archiveFindings(inDental).length === 0, 30_000);
  });
});
