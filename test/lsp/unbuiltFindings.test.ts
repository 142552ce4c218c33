/**
 * A large open keeps the findings of the rows it shares with the worker thread as counts, built when read or while the
 * server is idle. Code actions, which decide over every finding, wait for them without holding up other requests, and
 * offer what a server that built every finding at once offers.
 */
import * as assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';
import { NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validRow } from '../fixtures/rows';

const ROWS = 30_000;

/** Every row with its birth date (field 9) written in Gregorian: one error a row, with a fix. */
function documentText(): string {
  const lines = Array.from({ length: ROWS }, (_, i) => {
    const r = validRow(i);
    r[8] = String(Number(r[8].slice(0, 3)) + 1911) + r[8].slice(3);
    return r.join(',');
  });
  return lines.join('\n') + '\n';
}

describe('language server over stdio: findings of a large open built after it', function () {
  this.timeout(180000);
  const settings = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };
  const uri = `file:///big/${FIXTURE_FILE_NAME}`;
  const text = documentText();
  let withWorker: LspClient;
  let alone: LspClient;
  before(async () => {
    withWorker = await LspClient.start({ pull: true, settings });
    alone = await LspClient.start({ pull: true, settings, env: { NHI_IMAGING_OPEN_WORKER: '0' } });
    await withWorker.open(uri, text);
    await alone.open(uri, text);
  });
  after(async () => {
    await withWorker.stop();
    await alone.stop();
  });

  const codeActions = (client: LspClient, line: number): Promise<CodeAction[]> =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 0 }, end: { line, character: 200 } },
      context: { diagnostics: [], only: ['quickfix', 'source.fixAll'] },
    });

  it('answers a hover asked after a code action while the code action waits for the findings to be built', async () => {
    const pulled = await withWorker.pull(uri);
    assert.equal(pulled.items?.[0].code, 'F09-format');
    const answered: string[] = [];
    const actions = codeActions(withWorker, ROWS - 5).then((a) => (answered.push('code actions'), a));
    const hover = withWorker.request('textDocument/hover', { textDocument: { uri }, position: { line: ROWS - 5, character: 2 } }).then(() => answered.push('hover'));
    await Promise.all([actions, hover]);
    assert.deepEqual(answered, ['hover', 'code actions']);
  });

  it('offers the quick fixes and the fix of every row that a server without the worker thread offers', async () => {
    await alone.pull(uri);
    for (const line of [3, ROWS / 2, ROWS - 5]) {
      const shared = await codeActions(withWorker, line);
      const single = await codeActions(alone, line);
      assert.deepEqual(shared, single);
      assert.ok(shared.some((a) => a.kind === 'quickfix' && a.title.includes('ROC')), JSON.stringify(shared.map((a) => a.title)));
      const fixAll = shared.find((a) => a.kind === 'source.fixAll');
      assert.match(fixAll?.title ?? '', new RegExp(`\\(${ROWS} in this file\\)`));
    }
  });
});
