/**
 * Broken message frames on standard input (a header without a Content-Length, a Content-Length that is no number or
 * too short, a body that is no JSON) cost the messages they break, are reported on stderr, and the server answers
 * what comes after. Unit checks of CheckedFrames, then `node dist/server.js --stdio` through rawClient.ts.
 */
import * as assert from 'node:assert/strict';
import { CheckedFrames, MAX_BODY_BYTES } from '../../server/src/lsp/wireFrames';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { withRawClient, type RawClient } from './rawClient';
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

  it('passes a body that is no JSON object (a Content-Length too short) on, for the reader to refuse, and reports the rest of the message after it', async () => {
    const message = '{"jsonrpc":"2.0","id":3,"method":"c"}';
    const { out, reports } = await through([GOOD, `Content-Length: 10\r\n\r\n${message}`, NEXT]);
    assert.equal(out, GOOD + `Content-Length: 10\r\n\r\n${message.slice(0, 10)}` + NEXT);
    assert.equal(reports.length, 1, reports.join('\n'));
    assert.match(reports[0], /^27 bytes without a valid Content-Length header were dropped/);
  });

  for (const length of [String(MAX_BODY_BYTES + 1), '4294967296', '9007199254740993', '99999999999999999999']) {
    it(`drops a frame of ${length} bytes, more than a message may have, up to the next Content-Length header, and says so at once`, async () => {
      const body = '{"jsonrpc":"2.0","id":5,"method":"textDocument/didOpen","params":{"text":"a,b\\r\\nContent-Length: 2\\r\\n\\r\\n{}"}}';
      const header = `Content-Length: ${length}\r\n\r\n`;
      const reports: string[] = [];
      const frames = new CheckedFrames((problem) => reports.push(problem));
      const out: string[] = [];
      frames.on('data', (b: Buffer) => out.push(b.toString('utf8')));
      frames.write(GOOD + header);
      assert.deepEqual(reports, [`a message of ${length} bytes (its Content-Length) is longer than the ${MAX_BODY_BYTES} bytes a message may have: it is dropped, up to the next Content-Length header`]);
      const ended = new Promise((resolve) => frames.on('end', resolve));
      frames.end(body + NEXT);
      await ended;
      assert.equal(out.join(''), GOOD + NEXT);
      assert.equal(reports[1], `${Buffer.byteLength(header + body)} bytes without a valid Content-Length header were dropped, from ${JSON.stringify((header + body).slice(0, 80))}`);
    });
  }

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

describe('language server over stdio: messages that are no JSON-RPC', function () {
  this.timeout(60000);
  const text = `${validLine(0)}\n`;

  /** Opens a one-row CSV, writes `bytes`, and checks that hovers are answered after them. */
  async function answersAfter(client: RawClient, bytes: string | Buffer): Promise<void> {
    client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text } });
    client.writeBytes(bytes);
    for (let i = 0; i < 2; i++) {
      const answer = await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } });
      checkHover(answer.result, linesOf(text));
    }
  }

  const refusals = (client: RawClient) => client.received.filter((m) => m.method === undefined && m.error !== undefined);

  it('a body that is no JSON is answered with a Parse error (-32700) of id null, reported on stderr, and the next messages are answered', async () => {
    await withRawClient({}, async (client) => {
      await answersAfter(client, frame('{"jsonrpc":"2.0","id":3,"method":') + frame('{this is not json}') + frame(''));
      assert.deepEqual(refusals(client), [1, 2, 3].map(() => ({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the message is no JSON' } })));
      assert.match(client.stderr, /a message whose body is no JSON could not be read \(is its Content-Length right\?\): /);
      assert.equal(await client.exit(true), 0);
    });
  });

  it('JSON that is no request, notification or response is answered with Invalid Request (-32600), of the request\'s id when it has a usable one', async () => {
    await withRawClient({}, async (client) => {
      const invalid = ['[]', '[{"jsonrpc":"2.0","id":4,"method":"shutdown"}]', '42', 'null', '"shutdown"', '{}', '{"jsonrpc":"2.0","id":null,"method":"shutdown"}', '{"jsonrpc":"2.0","id":{},"method":"shutdown"}', '{"jsonrpc":"2.0","id":7,"method":5}'];
      await answersAfter(client, invalid.map(frame).join(''));
      const message = 'Invalid Request: the message is no JSON-RPC 2.0 request, notification or response';
      assert.deepEqual(refusals(client), invalid.map((_, i) => ({ jsonrpc: '2.0', id: i === invalid.length - 1 ? 7 : null, error: { code: -32600, message } })));
      assert.equal(client.stderr.match(/a message that is no JSON-RPC request, notification or response was refused/g)?.length, invalid.length);
      // The batch's shutdown was not carried out.
      assert.equal(await client.exit(true), 0);
    });
  });

  it('a message nested thousands of levels deep is refused, dropped or failed, and the server goes on (the log would overflow the stack writing it out)', async () => {
    await withRawClient({ trace: 'verbose' }, async (client) => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const hover = `"textDocument/hover","params":{"textDocument":{"uri":"${URI}"},"position":{"line":0,"character":3},"x":${deep}}`;
      await answersAfter(client, [
        deep,
        `{"jsonrpc":"2.0","id":7,"method":${hover}}`,
        `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":${deep}}}`,
        `{"jsonrpc":"2.0","id":5,"x":${deep}}`,
        `{"jsonrpc":"2.0","id":6,"result":${deep}}`,
      ].map(frame).join(''));
      assert.deepEqual(refusals(client).map((m) => [m.id, m.error?.code]), [[null, -32600], [7, -32600]]);
      assert.equal(client.stderr.match(/a message nested more than \d+ levels deep was (refused|dropped|taken for a failed response)/g)?.length, 4, client.stderr);
      assert.equal(await client.exit(true), 0);
    });
  });

  for (const length of ['4294967296', '9007199254740993']) {
    it(`a Content-Length of ${length} is dropped at once: the next frames are answered`, async () => {
      await withRawClient({}, async (client) => {
        await answersAfter(client, `Content-Length: ${length}\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"shutdown"}`);
        assert.match(client.stderr, new RegExp(`a message of ${length} bytes \\(its Content-Length\\) is longer than the \\d+ bytes a message may have`));
        assert.equal(client.received.find((m) => m.id === 900), undefined);
        assert.equal(await client.exit(true), 0);
      });
    });
  }

  it('the bytes of a message longer than a message may have are dropped as they come: the server holds none of them', async function () {
    if (process.platform !== 'linux') this.skip();
    await withRawClient({}, async (client) => {
      const memory = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${client.proc.pid}/status`, 'utf8'))?.[1]) * 1024;
      await answersAfter(client, '');
      const before = memory('VmRSS');
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      client.writeBytes(`Content-Length: ${2 ** 53}\r\n\r\n`);
      const sent = 128;
      for (let i = 0; i < sent; i++) {
        if (!client.proc.stdin!.write(chunk)) await once(client.proc.stdin!, 'drain');
      }
      // The pipe holds a few kilobytes: once it has taken the last chunk the server has read nearly all of them.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const grown = memory('VmHWM') - before;
      assert.ok(grown < (sent / 2) * chunk.length, `the server grew by ${Math.round(grown / 2 ** 20)} MB while ${sent} MB were dropped`);
      await answersAfter(client, '');
      assert.match(client.stderr, new RegExp(`${sent * chunk.length + `Content-Length: ${2 ** 53}\r\n\r\n`.length} bytes without a valid Content-Length header were dropped`));
    });
  });
});
