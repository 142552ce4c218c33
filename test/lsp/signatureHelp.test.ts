/**
 * Signature help over stdio: a row read as a call of its 17 fields, the field under the cursor the active
 * parameter, with what that field holds; also on a row being typed, after each comma.
 */
import * as assert from 'node:assert/strict';
import type { MarkupContent, ParameterInformation, SignatureHelp } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';
import { NOW_ISO, URI } from './expected';
import { validLine, validRow } from '../fixtures/rows';

describe('language server over stdio: signature help', function () {
  this.timeout(30000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  const help = (line: number, character: number) =>
    client!.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri: URI }, position: { line, character } });

  it('is offered after a comma; on a row, the field under the cursor is the active parameter, with its value decoded', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' }, signatureHelp: true });
    assert.deepEqual(client.initializeResult?.capabilities.signatureHelpProvider?.triggerCharacters, [',']);
    const line = validLine(0);
    await client.open(URI, `${line}\n`);
    const birth = line.indexOf(validRow(0)[8]);
    const h = await help(0, birth + 2);
    assert.ok(h);
    assert.equal(h.activeParameter, 8);
    const signature = h.signatures[0];
    assert.equal(signature.activeParameter, 8);
    assert.equal(signature.parameters?.length, 17);
    const [from, to] = signature.parameters![8].label as [number, number];
    assert.equal(signature.label.slice(from, to), '9 birth date');
    assert.equal(signature.label.slice(...(signature.parameters![0].label as [number, number])), '1 hospital code');
    const doc = signature.parameters![8].documentation as MarkupContent;
    assert.equal(doc.kind, 'markdown');
    assert.match(doc.value, /^\*\*Field 9 birth date/);
    assert.match(doc.value, /ROC/);
    assert.match(doc.value, new RegExp(`19\\d\\d-\\d\\d-\\d\\d`), 'the birth date decoded');
    assert.equal(signature.parameters![7].documentation, undefined, 'only the active field is explained');
  });

  it('follows a row being typed: the field after each comma, field 1 on an empty line', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'zh-TW' }, signatureHelp: true });
    await client.open(URI, `${validLine(0)}\n\n`);
    const empty = await help(1, 0);
    assert.equal(empty?.activeParameter, 0);
    assert.match(empty!.signatures[0].label, /^1 醫事機構代碼, 2 醫事類別, 3 執行年月/);
    await client.change(URI, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '3501200000,12,' }]);
    const third = await help(1, 14);
    assert.equal(third?.activeParameter, 2);
    assert.match((third!.signatures[0].parameters![2].documentation as MarkupContent).value, /序號3 執行年月/);
    await client.change(URI, [{ range: { start: { line: 1, character: 14 }, end: { line: 1, character: 14 } }, text: '11411,' }]);
    assert.equal((await help(1, 20))?.activeParameter, 3);
  });

  it('names parameters by their text, in plain text, for a client that declares no signature help details', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } });
    await client.open(URI, `${validLine(0)}\n`);
    const h = await help(0, 0);
    const parameters = h!.signatures[0].parameters as ParameterInformation[];
    assert.equal(parameters[13].label, '14 archive name');
    assert.ok(h!.signatures[0].label.includes('14 archive name'));
    assert.equal((parameters[0].documentation as MarkupContent).kind, 'plaintext');
    // SignatureInformation.activeParameter (LSP 3.16) goes only to a client that declares activeParameterSupport.
    assert.equal(h!.activeParameter, 0);
    assert.ok(!('activeParameter' in h!.signatures[0]), JSON.stringify(Object.keys(h!.signatures[0])));
  });

  it('none in a field past the 17th: no parameter of the row is active there (LSP would read an activeParameter out of range as field 1)', async () => {
    client = await LspClient.start({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' }, signatureHelp: true });
    const line = `${validLine(0)},x,,z`;
    await client.open(URI, `${line}\n`);
    const fields = line.split(',');
    const startOf = (field: number): number => fields.slice(0, field - 1).join(',').length + 1;
    assert.equal((await help(0, startOf(17)))?.activeParameter, 16);
    for (const field of [18, 19, 20]) assert.equal(await help(0, startOf(field)), null, `field ${field}`);
  });
});
