/** Pull diagnostics (textDocument/diagnostic) across the life of a document: result ids, close and reopen, cancellation. */
import * as assert from 'node:assert/strict';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { withClient, type LspClient } from './harness';
import { RawClient } from './rawClient';
import { NOW_ISO, URI } from './expected';
import { validCsv, validLine } from '../fixtures/rows';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };
/** Long enough to validate that a pull sent right after the open still waits when the next message comes. */
const BIG = validCsv(40_000);
const ALONE = { NHI_IMAGING_OPEN_WORKER: '0' };

/** Opens the big document and pulls its diagnostics: the answer, once the request is sent. */
async function pullWhileOpening(client: LspClient, token = new CancellationTokenSource().token): Promise<{ answer: Promise<unknown> }> {
  await client.open(URI, BIG);
  const answer = client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } }, token).then(
    (report) => report,
    (e: unknown) => e,
  );
  return { answer };
}

function assertServerCancelled(answer: unknown): void {
  assert.ok(answer instanceof ResponseError, JSON.stringify(answer).slice(0, 200));
  assert.equal(answer.code, LSPErrorCodes.ServerCancelled);
  assert.deepEqual(answer.data, { retriggerRequest: true });
}

const codes = (report: { items?: { code?: unknown }[] }): string[] => (report.items ?? []).map((d) => String(d.code));

describe('language server over stdio: pull diagnostics across reopens and cancellation', function () {
  this.timeout(60000);

  it('a result id from before a close and reopen is not taken as current', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (client) => {
      await client.open(URI, `${validLine(0)}\n`);
      const first = await client.pull(URI);
      await client.close(URI);
      await client.open(URI, `${validLine(0)}\n${validLine(0)}\n`);
      const again = await client.pull(URI, first.resultId);
      assert.equal(again.kind, 'full');
      assert.notEqual(again.resultId, first.resultId);
      assert.ok(codes(again).includes('R-duplicate-row'), codes(again).join(' '));
    });
  });

  it('a pull waiting for an open is answered before the status notification of that open', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (client) => {
      const { answer } = await pullWhileOpening(client);
      const report = (await answer) as { items?: unknown[] };
      assert.ok(Array.isArray(report.items), JSON.stringify(report).slice(0, 200));
      assert.equal(client.statuses.filter((s) => s.uri === URI).length, 0, 'no status before the answer');
      const status = await client.waitFor(() => client.statuses.find((s) => s.uri === URI && s.version === 1));
      assert.equal(status.rows, 40_000);
    });
  });

  it('a pull the client cancels is answered at once with RequestCancelled, while the document is still being validated (ServerCancelled would have Neovim send it again)', async () => {
    const capabilities = { workspace: { diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {} } };
    const { client } = await RawClient.start({ capabilities });
    try {
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: BIG } });
      const pulled = client.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
      client.notify('$/cancelRequest', { id: pulled });
      const answer = await client.response(pulled);
      assert.equal(answer.error?.code, -32800, JSON.stringify(answer).slice(0, 200));
      // The next pull, not cancelled, waits for the validation and gets it.
      const report = (await client.request('textDocument/diagnostic', { textDocument: { uri: URI } })).result as { kind: string; resultId?: string };
      assert.equal(report.kind, 'full');
      assert.ok(report.resultId);
    } finally {
      await client.stop();
    }
  });

  it('a pull waiting while its document is closed and opened again asks to be pulled again, then gets the new text', async () => {
    await withClient({ pull: true, settings: SETTINGS, env: ALONE }, async (client) => {
      const { answer } = await pullWhileOpening(client);
      await client.close(URI);
      await client.open(URI, `${validLine(0)}\n${validLine(0)}\n`);
      assertServerCancelled(await answer);
      const again = await client.pull(URI);
      assert.ok(again.resultId, JSON.stringify(again));
      assert.ok(codes(again).includes('R-duplicate-row'), codes(again).join(' '));
    });
  });

  it('a pull waiting while the URI is opened again without a close answers for the document now open', async () => {
    await withClient({ pull: true, settings: SETTINGS, env: ALONE }, async (client) => {
      const { answer } = await pullWhileOpening(client);
      await client.open(URI, `${validLine(0)}\n${validLine(0)}\n`);
      const report = (await answer) as { resultId?: string; items?: { code?: unknown }[] };
      assert.ok(report.resultId, JSON.stringify(report));
      assert.ok(codes(report).includes('R-duplicate-row'), codes(report).join(' '));
    });
  });

  it('with the deadlines measured against now, the periodic re-validation asks the client to pull again (a deadline passes without an edit)', async () => {
    // The re-validation every 5 minutes, every 300 ms here.
    const client = new RawClient({ NHI_IMAGING_OPEN_WORKER: '0', NHI_IMAGING_NOW_REFRESH_MS: '300' });
    try {
      const capabilities = { workspace: { diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {} } };
      await client.request('initialize', { processId: null, rootUri: null, capabilities });
      client.notify('initialized', {});
      client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: { language: 'en', deadlineReferenceTime: 'now' } } });
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: `${validLine(0)}\n` } });
      const first = (await client.request('textDocument/diagnostic', { textDocument: { uri: URI } })).result as { resultId: string };
      const refreshes = client.sent('workspace/diagnostic/refresh').length;
      await client.waitFor(() => (client.sent('workspace/diagnostic/refresh').length > refreshes ? true : undefined), 5000);
      const again = (await client.request('textDocument/diagnostic', { textDocument: { uri: URI }, previousResultId: first.resultId })).result as { kind: string; resultId: string };
      assert.equal(again.kind, 'full', 'validated anew against a later now');
      assert.notEqual(again.resultId, first.resultId);
    } finally {
      await client.stop();
    }
  });
});
