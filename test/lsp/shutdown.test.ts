/** After `shutdown` the server takes no more requests, starts no worker thread, and exits with the code LSP asks for. */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { ErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { LspClient, SERVER } from './harness';
import { RawClient, withRawClient } from './rawClient';
import { NOW_ISO, URI } from './expected';
import { validCsv, validLine } from '../fixtures/rows';
import { OpenWorker } from '../../server/src/lsp/openWorker/pool';
import { RowClaims } from '../../server/src/lsp/openWorker/claims';
import { defaultOptions } from '../../server/src/core/options';

async function exitCode(client: LspClient): Promise<number | null> {
  const exited = client.proc.exitCode === null ? once(client.proc, 'exit') : undefined;
  await client.conn.sendNotification('exit');
  await exited;
  return client.proc.exitCode;
}

describe('language server over stdio: shutdown and exit', function () {
  this.timeout(30000);

  it('refuses requests after shutdown with InvalidRequest, then exits with 0', async () => {
    const client = await LspClient.start({ pull: true, settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } });
    try {
      await client.open(URI, `${validLine(0)}\n`);
      await client.pull(URI);
      assert.equal(await client.request('shutdown', undefined), null);
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 60 } }],
        ['textDocument/diagnostic', { textDocument: { uri: URI } }],
        ['shutdown', undefined],
      ] as const) {
        await assert.rejects(client.request(method, params), (e) => e instanceof ResponseError && e.code === ErrorCodes.InvalidRequest, method);
      }
      assert.equal(await exitCode(client), 0);
    } finally {
      await client.stop();
    }
  });

  it('sends nothing after its answer to shutdown: a validation still running publishes no diagnostics (the client has let go of the server)', async () => {
    const { client } = await RawClient.start({ capabilities: {} });
    try {
      // Long enough to be validated still when shutdown comes.
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: validCsv(20_000) } });
      const answer = await client.request('shutdown');
      assert.equal(answer.result, null);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = client.received.slice(client.received.indexOf(answer) + 1);
      assert.deepEqual(after.map((m) => m.method), []);
      assert.equal(await client.exit(false), 0);
    } finally {
      await client.stop();
    }
  });

  it('answers after shutdown a request sent before it that waits for the validation (a pull)', async () => {
    const capabilities = { workspace: { diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {} } };
    const { client } = await RawClient.start({ capabilities });
    try {
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: validCsv(20_000) } });
      const pulled = client.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
      assert.equal((await client.request('shutdown')).result, null);
      const report = await client.response(pulled);
      assert.equal((report.result as { kind: string }).kind, 'full', JSON.stringify(report).slice(0, 200));
      assert.deepEqual(client.sent('workspace/diagnostic/refresh'), []);
      assert.equal(await client.exit(false), 0);
    } finally {
      await client.stop();
    }
  });

  it('sends no request after shutdown either: settings and workspace folders said to change after it are not asked for', async () => {
    const capabilities = { workspace: { configuration: true } };
    const { client } = await RawClient.start({ capabilities }, { answers: { 'workspace/configuration': (p) => (p as { items: unknown[] }).items.map(() => ({ language: 'zh-TW' })) } });
    try {
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: `${validLine(0)}\n` } });
      await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } });
      const answer = await client.request('shutdown');
      // LSP: after shutdown a client sends exit only; some send what was on its way.
      client.notify('workspace/didChangeConfiguration', { settings: null });
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///batches', name: 'batches' }], removed: [] } });
      client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: `${validLine(1)}\n` }] });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual(client.received.slice(client.received.indexOf(answer) + 1).map((m) => m.method), []);
      assert.equal(await client.exit(false), 0);
    } finally {
      await client.stop();
    }
  });

  it('exits with 1 on exit without shutdown', async () => {
    const client = await LspClient.start({});
    try {
      assert.equal(await exitCode(client), 1);
    } finally {
      await client.stop();
    }
  });
});

describe("language server over stdio: the client's process (initialize's processId)", function () {
  this.timeout(30000);
  // vscode-languageserver looks for the process every 3 seconds.
  const PAST_CHECK_MS = 4000;

  it('a process this system does not show (the editor outside a container, WSL or Flatpak) does not end the server: it goes on, and ends with its input', async () => {
    // A process that has come and gone: its id names none now.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    assert.throws(() => process.kill(gone, 0), /ESRCH/);
    const { client } = await RawClient.start({ processId: gone });
    try {
      await new Promise((resolve) => setTimeout(resolve, PAST_CHECK_MS));
      assert.equal(client.proc.exitCode, null, `the server ended: ${client.stderr}`);
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: `${validLine(0)}\n` } });
      assert.equal((await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } })).error, undefined);
      assert.match(client.stderr, new RegExp(`process ${gone}`));
      const exited = once(client.proc, 'exit');
      client.proc.stdin!.end();
      await exited;
      assert.equal(client.proc.exitCode, 1);
    } finally {
      await client.stop();
    }
  });

  it('a process that is there at the start and then ends ends the server, with 1 without shutdown', async () => {
    const editor = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const { client } = await RawClient.start({ processId: editor.pid });
    try {
      assert.equal((await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } })).error, undefined);
      const exited = once(client.proc, 'exit');
      editor.kill();
      await exited;
      assert.equal(client.proc.exitCode, 1);
    } finally {
      editor.kill();
      await client.stop();
    }
  });
});

describe('language server started without a transport', () => {
  it('says how to start it, in both languages, and exits with 2 instead of a stack trace', () => {
    const run = spawnSync(process.execPath, [SERVER], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'dist/server.js: 請指定編輯器與語言伺服器的連線方式：--stdio（多數編輯器）、--node-ipc、--socket=PORT 或 --pipe=NAME\n' +
        'dist/server.js: say how the editor talks to it: --stdio (most editors), --node-ipc, --socket=PORT or --pipe=NAME\n',
    );
  });
});

describe('language server over stdio: its input closed', function () {
  this.timeout(30000);

  for (const [name, shutdownFirst, code] of [['after shutdown', true, 0], ['without shutdown', false, 1]] as const) {
    it(`exits with ${code} when the client closes its standard input ${name} (the client is gone)`, async () => {
      await withRawClient({}, async (client) => {
        if (shutdownFirst) assert.equal((await client.request('shutdown')).result, null);
        const exited = once(client.proc, 'exit');
        client.proc.stdin!.end();
        await exited;
        assert.equal(client.proc.exitCode, code);
      });
    });
  }
});

describe('OpenWorker after dispose', () => {
  it('starts no thread: it is unavailable and validate fails', async () => {
    const worker = new OpenWorker();
    worker.dispose();
    try {
      assert.equal(worker.available, false);
      worker.warm();
      await assert.rejects(worker.validate(`${validLine(0)}\n`, { line: 0, rowIndex: 0 }, new RowClaims(1), defaultOptions({}), () => undefined));
    } finally {
      worker.dispose();
    }
  });
});
