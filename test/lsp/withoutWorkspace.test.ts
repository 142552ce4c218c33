/**
 * A client with no workspace, as lsp-mode, eglot and others start the server for a single file (`rootUri` null,
 * no `workspaceFolders`): whatever is relative to a folder is taken from the CSV's own (the archive folder, a build's
 * output folder), the rule links are there, the log holds no failure; a workspace folder added later brings its
 * settings, also from a client that did not say it would add one. Raw JSON-RPC over `node dist/server.js --stdio`,
 * with the server started in another folder than the CSV's.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { withRawClient, type Message, type RawClient } from './rawClient';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { writeDcfArchive } from '../fixtures/archives';
import { CHECK_ARCHIVES_REQUEST, type CheckArchivesResult } from '../../server/src/shared/archives';
import { BUILD_REQUEST, type BuildResult } from '../../server/src/shared/build';
import { writeSampleDraft } from '../../samples/draft/generate';
import type { Settings } from '../../server/src/shared/settings';

const ARCHIVE = 'DCF3501200000_C00000000001.7z';
const SETTINGS: Partial<Settings> = { language: 'en', deadlineReferenceTime: '2025-11-25T04:00:00Z', archiveFolder: 'zips' };
const CAPABILITIES = { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true } } };

/** Answers workspace/configuration with `settings`, or for a scope in `byFolder` with that folder's. */
function configuration(settings: Partial<Settings>, byFolder: Map<string, Partial<Settings>> = new Map()) {
  return (params: unknown) => (params as { items: { scopeUri?: string }[] }).items.map((i) => (i.scopeUri && byFolder.get(i.scopeUri)) || settings);
}

/** A one-row CSV in `dir` whose archive is in its subfolder `folder`. */
async function batchWithArchiveIn(dir: string, folder: string): Promise<{ uri: string; text: string }> {
  mkdirSync(join(dir, folder));
  await writeDcfArchive(join(dir, folder), ARCHIVE, { studyDate: '20251125', birthDate: '19860312' });
  const csvPath = join(dir, '3501200000_20251125_001.csv');
  const text = `${EXAMPLE_ROW.join(',')}\r\n`;
  writeFileSync(csvPath, text);
  return { uri: pathToFileURL(csvPath).href, text };
}

function result<T>(message: Message): T {
  assert.equal(message.error, undefined, JSON.stringify(message.error));
  return message.result as T;
}

/** What went wrong on the server's side: its stderr and its logged errors and warnings. */
function failures(client: RawClient): string[] {
  const logged = client.sent('window/logMessage').map((m) => m.params as { type: number; message: string });
  return [...(client.stderr ? [client.stderr] : []), ...logged.filter((l) => l.type <= 2).map((l) => l.message)];
}

describe('language server over stdio: a client with no workspace (a single file)', function () {
  this.timeout(60000);
  let dir: string;
  let elsewhere: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-single-'));
    elsewhere = mkdtempSync(join(tmpdir(), 'nhi-lsp-cwd-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  for (const [name, root] of [
    ['rootUri null, no workspaceFolders', { rootUri: null }],
    ['rootUri and workspaceFolders null', { rootUri: null, rootPath: null, workspaceFolders: null }],
  ] as const) {
    it(`${name}: a relative archive folder is the CSV's, the rule links are there, and nothing fails`, async () => {
      const { uri, text } = await batchWithArchiveIn(dir, 'zips');
      await withRawClient({ ...root, capabilities: CAPABILITIES }, async (client) => {
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
        const checked = result<CheckArchivesResult>(await client.request(CHECK_ARCHIVES_REQUEST, { uri }));
        assert.equal(checked.ran, true, checked.reason);
        assert.equal(checked.archiveFolder, join(dir, 'zips'));
        assert.deepEqual(checked.findings, { errors: 0, warnings: 0, infos: 0 }, JSON.stringify(checked.summaries));
        const missing = `${EXAMPLE_ROW.map((v, i) => (i === 13 ? 'DCF3501200000_C00000000002.7z' : i === 10 ? '2' : v)).join(',')}\r\n`;
        client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + missing }] });
        await client.request(CHECK_ARCHIVES_REQUEST, { uri });
        // The text's own diagnostics of version 2 may be published before those merged from the check.
        const a14 = await client.waitFor(() =>
          client
            .sent('textDocument/publishDiagnostics')
            .filter((m) => (m.params as { uri: string; version?: number }).uri === uri && (m.params as { version?: number }).version === 2)
            .flatMap((m) => (m.params as { diagnostics: Diagnostic[] }).diagnostics)
            .find((d) => d.code === 'A14-missing'),
        );
        assert.match(a14.message, new RegExp(`is not in ${join(dir, 'zips').replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`));
        assert.match(a14.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\.md#a14-missing$/);
        assert.deepEqual(failures(client), []);
      }, { cwd: elsewhere, answers: { 'workspace/configuration': configuration(SETTINGS) } });
    });
  }

  it('a build given a relative output folder writes it beside the draft, not in the server\'s working folder', async () => {
    const draft = writeSampleDraft(dir);
    await withRawClient({ rootUri: null, capabilities: CAPABILITIES }, async (client) => {
      const built = result<BuildResult>(await client.request(BUILD_REQUEST, { uri: pathToFileURL(draft).href, format: '7z', date: '20261125', outDir: 'batch' }));
      assert.equal(built.ok, true, JSON.stringify(built.error));
      assert.equal(built.summary?.outDir, join(dir, 'batch'));
      assert.ok(existsSync(built.summary!.csvPath));
      assert.equal(existsSync(join(elsewhere, 'batch')), false);
      assert.deepEqual(failures(client), []);
    }, { cwd: elsewhere, answers: { 'workspace/configuration': configuration({ language: 'en', deadlineReferenceTime: '2026-11-26T12:00:00+08:00' }) } });
  });

  it('a workspace folder added later, by a client that did not say it would: its settings are asked for and taken', async () => {
    const { uri, text } = await batchWithArchiveIn(dir, 'other');
    const folder = pathToFileURL(dir).href;
    const byFolder = new Map([[folder, { ...SETTINGS, archiveFolder: 'other' }]]);
    await withRawClient({ rootUri: null, capabilities: CAPABILITIES }, async (client) => {
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
      assert.equal(result<CheckArchivesResult>(await client.request(CHECK_ARCHIVES_REQUEST, { uri })).archiveFolder, join(dir, 'zips'));
      const asked = client.sent('workspace/configuration').length;
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: folder, name: 'batches' }], removed: [] } });
      await client.waitFor(() => client.sent('workspace/configuration').at(asked));
      const items = (client.sent('workspace/configuration')[asked].params as { items: unknown[] }).items;
      assert.deepEqual(items, [{ section: 'nhiImaging' }, { scopeUri: folder, section: 'nhiImaging' }]);
      const checked = result<CheckArchivesResult>(await client.request(CHECK_ARCHIVES_REQUEST, { uri }));
      assert.equal(checked.archiveFolder, join(dir, 'other'));
      assert.deepEqual(checked.findings, { errors: 0, warnings: 0, infos: 0 }, JSON.stringify(checked.summaries));
      assert.deepEqual(failures(client), []);
    }, { cwd: elsewhere, answers: { 'workspace/configuration': configuration(SETTINGS, byFolder) } });
  });

  for (const [name, root] of [
    ['rootUri', (folder: string) => ({ rootUri: pathToFileURL(folder).href })],
    ['rootPath', (folder: string) => ({ rootPath: folder })],
  ] as const) {
    it(`a client that names its folder by ${name} only (no workspaceFolders) gets that folder's settings and \${workspaceFolder}`, async () => {
      const batches = join(dir, 'batches');
      mkdirSync(batches);
      const { uri, text } = await batchWithArchiveIn(batches, 'zips');
      const folder = pathToFileURL(dir).href;
      const byFolder = new Map([[folder, { ...SETTINGS, archiveFolder: '${workspaceFolder}/batches/zips' }]]);
      await withRawClient({ ...root(dir), capabilities: CAPABILITIES }, async (client) => {
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
        const checked = result<CheckArchivesResult>(await client.request(CHECK_ARCHIVES_REQUEST, { uri }));
        assert.equal(checked.archiveFolder, join(dir, 'batches', 'zips'));
        assert.deepEqual(checked.findings, { errors: 0, warnings: 0, infos: 0 }, JSON.stringify(checked.summaries));
        const items = (client.sent('workspace/configuration')[0].params as { items: unknown[] }).items;
        assert.deepEqual(items, [{ section: 'nhiImaging' }, { scopeUri: folder, section: 'nhiImaging' }]);
        assert.deepEqual(failures(client), []);
      }, { cwd: elsewhere, answers: { 'workspace/configuration': configuration(SETTINGS, byFolder) } });
    });
  }
});
