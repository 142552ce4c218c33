/**
 * Broken message frames on standard input (a header without a Content-Length, a Content-Length that is no number or
 * too short, a body that is no JSON) cost the messages they break, are reported on stderr, and the server answers
 * what comes after. Unit checks of CheckedFrames, then `node dist/server.js --stdio` through rawClient.ts.
 */
import * as assert from 'node:assert/strict';
import { CheckedFrames } from '../../server/src/lsp/wireFrames';
import { withRawClient } from './rawClient';
import { checkHover, linesOf } from './lspShapes';
import { URI } from './expected';
import { validLine } from '../fixtures/rows';

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** What CheckedFrames passes on and reports for `chunks` written one after the other. */
async function through(chunks: (string | Buffer)[]): Promise<{ out: string; reports: string[] }> {
  const reports: string[] = [];
  const frames = new CheckedFrames((problem) => reports.push(problem));
  const out: Buffer[] = [];
  frames.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise((resolve) => frames.on('end', resolve));
  for (const c of chunks) frames.write(c);
  frames.end();
  await ended;
  return { out: Buffer.concat(out).toString('utf8'), reports };
}

const GOOD = frame('{"jsonrpc":"2.0","id":1,"method":"a","params":{"text":"中文𠀋"}}');
const NEXT = frame('{"jsonrpc":"2.0","id":2,"method":"b"}');

describe('CheckedFrames', function () {
  it('passes well-formed frames on as they are, whatever the chunks, other headers and letter case', async () => {
    const other = `content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}`;
    const bytes = Buffer.from(GOOD + other + NEXT);
    const chunks = [0, 1, 15, 17, 18, 40, 41, bytes.length - 1, bytes.length];
    const { out, reports } = await through(chunks.slice(1).map((end, i) => bytes.subarray(chunks[i], end)));
    assert.equal(out, GOOD + other + NEXT);
    assert.deepEqual(reports, []);
  });

  for (const [name, broken, dropped] of [
    ['a header without Content-Length', 'Content-Type: x\r\n\r\n{"id":9}', 'Content-Type: x\r\n\r\n{"id":9}'],
    ['a Content-Length that is no number', 'Content-Length: 1e3\r\n\r\n{}', 'Content-Length: 1e3\r\n\r\n{}'],
    ['a header line without a colon', 'Content-Length: 2\r\nnonsense\r\n\r\n{}', 'Content-Length: 2\r\nnonsense\r\n\r\n{}'],
    ['text that is no frame', 'hello\n', 'hello\n'],
  ] as const) {
    it(`drops ${name} up to the next Content-Length header, and says so`, async () => {
      const { out, reports } = await through([GOOD, broken, NEXT]);
      assert.equal(out, GOOD + NEXT);
      assert.deepEqual(reports, [`${Buffer.byteLength(dropped)} bytes without a valid Content-Length header were dropped, from ${JSON.stringify(dropped)}`]);
    });
  }

  it('reports a body that is no JSON object (a Content-Length too short) and the rest of the message after it', async () => {
    const message = '{"jsonrpc":"2.0","id":3,"method":"c"}';
    const { out, reports } = await through([GOOD, `Content-Length: 10\r\n\r\n${message}`, NEXT]);
    assert.equal(out, GOOD + `Content-Length: 10\r\n\r\n${message.slice(0, 10)}` + NEXT);
    assert.equal(reports.length, 2, reports.join('\n'));
    assert.match(reports[0], /no JSON object/);
    assert.match(reports[1], /^27 bytes without a valid Content-Length header were dropped/);
  });

  it('reports bytes left at the end of the input that make no frame', async () => {
    const { out, reports } = await through([GOOD, 'Content-Len']);
    assert.equal(out, GOOD);
    assert.deepEqual(reports, ['11 bytes without a valid Content-Length header were dropped, from "Content-Len"']);
  });
});

describe('language server over stdio: broken frames', function () {
  this.timeout(60000);
  const text = `${validLine(0)}\n`;

  for (const [name, bytes] of [
    ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"unknown/request"}'],
    ['a Content-Length that is no number', 'Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"unknown/request"}'],
    ['a Content-Length shorter than the message', 'Content-Length: 10\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"unknown/request"}'],
    ['a body that is no JSON', 'Content-Length: 9\r\n\r\n{"jsonrpc'],
  ] as const) {
    it(`after ${name} the server answers the next requests and says on stderr what it could not read`, async () => {
      await withRawClient({}, async (client) => {
        client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text } });
        client.writeBytes(bytes);
        for (let i = 0; i < 3; i++) {
          const answer = await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } });
          assert.notEqual(answer.result ?? null, null, JSON.stringify(answer));
          checkHover(answer.result, linesOf(text));
        }
        assert.match(client.stderr, /^nhi-imaging language server: .*(dropped|could not be read)/);
        assert.equal(await client.exit(true), 0);
      });
    });
  }
});
