/**
 * Resource-scoped settings in a multi-root workspace: the server asks workspace/configuration once per
 * workspace folder (scopeUri) and each CSV gets the settings of its own folder: its archive folder
 * (relative to the CSV), its diagnostics limit; a CSV outside every folder gets the unscoped ones.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './harness';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { ARCHIVES_CHECKED_NOTIFICATION, CHECK_ARCHIVES_REQUEST, type CheckArchivesResult } from '../../server/src/shared/archives';
import { writeDcfArchive } from '../fixtures/archives';

const ARCHIVE = 'DCF3501200000_C00000000051.7z';
const BASE = { language: 'en', deadlineReferenceTime: '2025-11-25T04:00:00Z' } as const;

describe('language server over stdio: settings of each workspace folder', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient | undefined;

  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'nhi-lsp-multiroot-'))));
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  /** Writes a one-row CSV naming ARCHIVE in `dir`; its URI and text. */
  function csvIn(dir: string, name = '3501200000_20251125_001.csv', row: string[] = EXAMPLE_ROW.map((v, i) => (i === 13 ? ARCHIVE : v))) {
    mkdirSync(dir, { recursive: true });
    const text = `${row.join(',')}\r\n`;
    writeFileSync(join(dir, name), text);
    return { uri: pathToFileURL(join(dir, name)).href, text };
  }

  it('checks the archives of each CSV in the archive folder its own workspace folder sets', async () => {
    const radiology = join(root, 'radiology');
    const dental = join(root, 'dental');
    const exports = join(root, 'pacs-exports');
    mkdirSync(join(radiology, 'batches', 'zips'), { recursive: true });
    mkdirSync(exports, { recursive: true });
    await writeDcfArchive(join(radiology, 'batches', 'zips'), ARCHIVE, { studyDate: '20251125', birthDate: '19860312' });
    client = await LspClient.start({
      pull: true,
      settings: { ...BASE, archiveFolder: exports },
      workspaceFolders: [
        { uri: pathToFileURL(radiology).href, name: 'radiology', settings: { ...BASE, archiveFolder: 'zips' } },
        { uri: pathToFileURL(dental).href, name: 'dental', settings: { ...BASE, archiveFolder: '../images' } },
      ],
    });
    const inRadiology = csvIn(join(radiology, 'batches'));
    const inDental = csvIn(dental);
    const outside = csvIn(join(root, 'loose'));
    for (const c of [inRadiology, inDental, outside]) await client.open(c.uri, c.text);

    const r = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: inRadiology.uri });
    assert.equal(r.archiveFolder, join(radiology, 'batches', 'zips'));
    assert.deepEqual(r.findings, { errors: 0, warnings: 0, infos: 0 });
    const d = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: inDental.uri });
    assert.equal(d.archiveFolder, join(root, 'images'));
    assert.equal(d.findings.errors, 1, 'the archive is not in that folder');
    const o = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: outside.uri });
    assert.equal(o.archiveFolder, exports, 'a CSV outside every folder takes the unscoped setting');

    const scopes = client.configurationRequests.at(-1)!.map((i) => i.scopeUri ?? null);
    assert.deepEqual(scopes, [null, pathToFileURL(radiology).href, pathToFileURL(dental).href]);
  });

  it('${workspaceFolder} in the archive folder names the folder of the CSV\'s own workspace folder', async () => {
    const radiology = join(root, 'radiology');
    const dental = join(root, 'dental');
    mkdirSync(join(radiology, 'zips'), { recursive: true });
    await writeDcfArchive(join(radiology, 'zips'), ARCHIVE, { studyDate: '20251125', birthDate: '19860312' });
    client = await LspClient.start({
      pull: true,
      settings: { ...BASE, archiveFolder: '${workspaceFolder}/zips' },
      workspaceFolders: [
        { uri: pathToFileURL(radiology).href, name: 'radiology' },
        { uri: pathToFileURL(dental).href, name: 'dental' },
      ],
    });
    const inRadiology = csvIn(join(radiology, 'batches', '2025-11'));
    const inDental = csvIn(join(dental, 'batches'));
    for (const c of [inRadiology, inDental]) await client.open(c.uri, c.text);
    const r = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: inRadiology.uri });
    assert.equal(r.archiveFolder, join(radiology, 'zips'));
    assert.deepEqual(r.findings, { errors: 0, warnings: 0, infos: 0 });
    const d = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: inDental.uri });
    assert.equal(d.archiveFolder, join(dental, 'zips'));
  });

  it('a change of one folder\'s archive folder re-checks that folder\'s CSVs only', async () => {
    const radiology = join(root, 'radiology');
    const dental = join(root, 'dental');
    client = await LspClient.start({
      pull: true,
      settings: BASE,
      workspaceFolders: [
        { uri: pathToFileURL(radiology).href, name: 'radiology', settings: BASE },
        { uri: pathToFileURL(dental).href, name: 'dental', settings: BASE },
      ],
    });
    const rechecked: CheckArchivesResult[] = [];
    client.conn.onNotification(ARCHIVES_CHECKED_NOTIFICATION, (r: CheckArchivesResult) => rechecked.push(r));
    const a = csvIn(radiology);
    const b = csvIn(dental);
    for (const c of [a, b]) {
      await client.open(c.uri, c.text);
      assert.equal((await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: c.uri })).findings.errors, 1);
    }
    mkdirSync(join(dental, 'zips'));
    await writeDcfArchive(join(dental, 'zips'), ARCHIVE, { studyDate: '20251125', birthDate: '19860312' });
    client.folderSettings.set(pathToFileURL(dental).href, { ...BASE, archiveFolder: 'zips' });
    await client.changeSettings(BASE);
    const again = await client.waitFor(() => rechecked.find((r) => r.uri === b.uri), 15000);
    assert.equal(again.archiveFolder, join(dental, 'zips'));
    assert.equal(again.findings.errors, 0);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(rechecked.map((r) => r.uri), [b.uri], 'the radiology CSV kept its folder');
  });

  it('a workspace folder added later brings its settings to the CSVs in it', async () => {
    const first = join(root, 'first');
    const added = join(root, 'added');
    client = await LspClient.start({ pull: true, settings: BASE, workspaceFolders: [{ uri: pathToFileURL(first).href, name: 'first' }] });
    const c = csvIn(added);
    await client.open(c.uri, c.text);
    assert.equal((await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: c.uri })).archiveFolder, added);
    const asked = client.configurationRequests.length;
    client.folderSettings.set(pathToFileURL(added).href, { ...BASE, archiveFolder: 'zips' });
    await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(added).href, name: 'added' }], removed: [] } });
    await client.waitFor(() => (client!.configurationRequests.length > asked ? true : undefined));
    assert.equal((await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: c.uri })).archiveFolder, join(added, 'zips'));
  });

  it('limits the diagnostics of each CSV by its own folder\'s nhiImaging.maxDiagnostics', async () => {
    const strict = join(root, 'strict');
    const loose = join(root, 'loose');
    client = await LspClient.start({
      pull: true,
      settings: BASE,
      workspaceFolders: [
        { uri: pathToFileURL(strict).href, name: 'strict', settings: { ...BASE, maxDiagnostics: 1 } },
        { uri: pathToFileURL(loose).href, name: 'loose', settings: BASE },
      ],
    });
    const broken = EXAMPLE_ROW.map((v, i) => (i < 4 ? '' : v));
    const a = csvIn(strict, undefined, broken);
    const b = csvIn(loose, undefined, broken);
    for (const c of [a, b]) await client.open(c.uri, c.text);
    const [inStrict, inLoose] = [(await client.pull(a.uri)).items!, (await client.pull(b.uri)).items!];
    assert.ok(inLoose.length > 2, `several findings: ${inLoose.map((d) => d.code).join(' ')}`);
    assert.equal(inStrict.length, 2, 'one finding and the notice of the rest');
  });
});
