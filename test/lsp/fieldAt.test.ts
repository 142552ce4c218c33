/**
 * nhiImaging/fieldAt over stdio: the field under the cursor, named as the hover names it, for the VS Code
 * extension's status bar.
 */
import * as assert from 'node:assert/strict';
import { LspClient } from './harness';
import { NOW_ISO, URI } from './expected';
import { withRawClient } from './rawClient';
import { validLine, validRow } from '../fixtures/rows';
import { FIELD_AT_REQUEST, type FieldAtResult } from '../../server/src/shared/protocol';

describe('language server over stdio: the field under the cursor (nhiImaging/fieldAt)', function () {
  this.timeout(30000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  const fieldAt = (line: number, character: number) =>
    client!.request<FieldAtResult | null>(FIELD_AT_REQUEST, { textDocument: { uri: URI }, position: { line, character } });

  it('names the field of the cell under the cursor, with what the text says of it and what its value means', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } });
    const line = validLine(0);
    await client.open(URI, `${line}\n\n${line},extra\n`);
    const order = line.indexOf(`,${validRow(0)[9]},`) + 1;
    const f = await fieldAt(0, order + 2);
    assert.equal(f?.field, 10);
    assert.equal(f?.heading, `Field 10 order code (醫令代碼)`);
    assert.match(f!.details[0], /^Required\. The imaging order code/);
    assert.ok(f!.details.some((d) => d.includes('CT')), JSON.stringify(f));
    assert.equal((await fieldAt(0, 0))?.field, 1);
    // A position on a comma belongs to the cell before it; past the row's end, the last cell.
    assert.equal((await fieldAt(0, order - 1))?.field, 9);
    assert.equal((await fieldAt(0, line.length + 40))?.field, 17);
    assert.equal(await fieldAt(1, 0), null, 'an empty line is no row');
    assert.equal(await fieldAt(9, 0), null, 'past the text');
    const extra = await fieldAt(2, line.length + 3);
    assert.equal(extra?.field, 18);
    assert.equal(extra?.heading, 'Column 18 (extra)');
  });

  it('speaks the language of the settings; a document it does not hold answers null', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'zh-TW' } });
    await client.open(URI, `${validLine(0)}\n`);
    assert.equal((await fieldAt(0, 0))?.heading, '序號1 醫事機構代碼（hospital code）');
    assert.equal(await client.request(FIELD_AT_REQUEST, { textDocument: { uri: 'file:///elsewhere.csv' }, position: { line: 0, character: 0 } }), null);
  });

  it('answers a request of another shape InvalidParams, and goes on', async () => {
    await withRawClient({}, async (raw) => {
      raw.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: `${validLine(0)}\n` } });
      for (const params of [null, { textDocument: { uri: URI } }, { textDocument: { uri: URI }, position: { line: -1, character: 0 } }, { position: { line: 0, character: 0 } }]) {
        const answer = await raw.request(FIELD_AT_REQUEST, params);
        assert.equal(answer.error?.code, -32602, `${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
      }
      const answer = await raw.request(FIELD_AT_REQUEST, { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
      assert.equal((answer.result as FieldAtResult).field, 1, JSON.stringify(answer));
    });
  });
});
