/**
 * A large open keeps the findings of the rows it shares with the worker thread as counts, built when read or while the
 * server is idle. Code actions, which decide over every finding, wait for them without holding up other requests, and
 * offer what a server that built every finding at once offers; but for a client that resolves edits, quick fixes are
 * made of the findings of the range's rows, with "fix all of this kind" made when it is resolved.
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
  let resolving: LspClient;
  before(async () => {
    withWorker = await LspClient.start({ pull: true, settings });
    alone = await LspClient.start({ pull: true, settings, env: { NHI_IMAGING_OPEN_WORKER: '0' } });
    // Opens its document in its test, which asks while the findings are being built.
    resolving = await LspClient.start({ pull: true, settings, resolvesCodeActionEdits: true });
    await withWorker.open(uri, text);
    await alone.open(uri, text);
  });
  after(async () => {
    await withWorker.stop();
    await alone.stop();
    await resolving.stop();
  });

  const codeActions = (client: LspClient, line: number, context: object = { only: ['quickfix', 'source.fixAll'] }): Promise<CodeAction[]> =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 0 }, end: { line, character: 200 } },
      context: { diagnostics: [], ...context },
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

  it('answers a client that resolves edits the quick fixes of a row before the findings of the file are built', async () => {
    await resolving.open(uri, text);
    await resolving.pull(uri);
    const line = ROWS / 2;
    const answered: string[] = [];
    // Asked first, source.fixAll waits for every finding of the file: its title counts them.
    const fixAll = codeActions(resolving, line, { only: ['source.fixAll'] }).then((a) => (answered.push('fix all'), a));
    // As VS Code asks at the cursor: automatically, for no kind in particular.
    const quick = codeActions(resolving, line, { triggerKind: 2 }).then((a) => (answered.push('quick fixes'), a));
    const [, lazy] = await Promise.all([fixAll, quick]);
    assert.deepEqual(answered, ['quick fixes', 'fix all']);

    await alone.pull(uri);
    const built = await codeActions(alone, line, { only: ['quickfix'] });
    // The quick fixes of the row's findings are those of a server that built every finding.
    assert.deepEqual(lazy.filter((a) => a.diagnostics), built.filter((a) => a.diagnostics));
    // "Fix all of this kind" is offered uncounted and gets the same edits when resolved.
    const ofKind = lazy.filter((a) => !a.diagnostics);
    assert.deepEqual(ofKind.map((a) => [a.title, a.edit]), [['Write all Gregorian dates as ROC dates in this file', undefined]]);
    const resolved = await resolving.request<CodeAction>('codeAction/resolve', ofKind[0]);
    const counted = built.find((a) => !a.diagnostics);
    assert.equal(counted?.title, `Write all Gregorian dates as ROC dates (${ROWS} in this file)`);
    assert.deepEqual(resolved.edit, counted.edit);
    // Once the findings are built, the server answers as the one that built them at once.
    assert.deepEqual(await codeActions(resolving, line, { only: ['quickfix'] }), built);
  });
});
