/**
 * The editor's draft check over stdio (node dist/server.js --stdio): a row whose image folder holds DICOM files without
 * pixel data (an RT plan alone) gets A14-empty on its field 14 cell, in the words and at the severity of the CLI's build;
 * the folder's contents changed, the next check follows them, a file of the same size and time is not read again, and
 * an untrusted workspace reads nothing.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient } from './harness';
import { exampleLine } from '../../server/src/core/spec/example';
import { TRUST_NOTIFICATION } from '../../server/src/shared/protocol';
import { makeInstance } from '../fixtures/dicom';
import { runCli } from '../cli/helpers';

/** A private element of `bytes` zero bytes (with its creator), to give a file the size wanted. */
const blob = (bytes: number) => [{ tag: 0x00090010, vr: 'LO' as const, value: 'NHI TEST' }, { tag: 0x00091001, vr: 'OB' as const, value: new Uint8Array(bytes) }];
const rtPlan = (): Uint8Array => makeInstance({ modality: 'RTPLAN', extra: blob(2048) }).bytes;
/** A CT image of exactly `size` bytes (zeros after its pixel data). */
function ctOfSize(size: number): Buffer {
  const image = makeInstance({ modality: 'CT', rows: 2, columns: 2 }).bytes;
  assert.ok(image.length < size);
  return Buffer.concat([image, Buffer.alloc(size - image.length)]);
}
/** A time of whole seconds, which setting it again gives back exactly. */
const SOME_TIME = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);

describe('language server over stdio: a draft row of DICOM files without pixel data', function () {
  this.timeout(90_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-draft-pixels-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the folders' files and a draft of one row per folder, field 14 naming it; returns the draft's path, URI and text. */
  function draftOf(folders: Record<string, Record<string, Uint8Array>>): { path: string; uri: string; text: string } {
    const rows: string[] = [];
    for (const [i, [name, files]] of Object.entries(folders).entries()) {
      mkdirSync(join(dir, name), { recursive: true });
      for (const [file, bytes] of Object.entries(files)) {
        writeFileSync(join(dir, name, file), bytes);
        utimesSync(join(dir, name, file), SOME_TIME, SOME_TIME);
      }
      rows.push(exampleLine({ 6: String(i + 1).padStart(4, '0'), 14: `./${name}` }));
    }
    const text = rows.join('\r\n') + '\r\n';
    const path = join(dir, 'draft.csv');
    writeFileSync(path, text);
    return { path, uri: pathToFileURL(path).href, text };
  }

  /** Polls the pulled diagnostics until `check` gives something other than undefined. */
  async function eventually<T>(client: LspClient, uri: string, check: (items: Diagnostic[]) => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check((await client.pull(uri)).items ?? []);
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out; diagnostics: ${JSON.stringify((await client.pull(uri)).items?.map((d) => [d.code, d.range.start.line]))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const on = (items: Diagnostic[], code: string, line: number): Diagnostic[] => items.filter((d) => d.code === code && d.range.start.line === line);
  /** The range of the field 14 cell of `line` of `text`, whose value is `value`. */
  function cellRange(text: string, line: number, value: string): Diagnostic['range'] {
    const at = text.split('\r\n')[line].indexOf(`,${value},`) + 1;
    return { start: { line, character: at }, end: { line, character: at + value.length } };
  }
  /** Replaces row `line`'s field 14 value `from` with `to`: an edit after which the draft check runs again. */
  async function setFolder(client: LspClient, uri: string, text: string, line: number, from: string, to: string): Promise<string> {
    await client.change(uri, [{ range: cellRange(text, line, from), text: to }]);
    const lines = text.split('\r\n');
    lines[line] = lines[line].replace(`,${from},`, `,${to},`);
    return lines.join('\r\n');
  }

  it('flags an RT plan alone on the field 14 cell as the CLI build does, not a CT folder, and follows the folder\'s contents', async () => {
    const draft = draftOf({ rt: { 'plan.dcm': rtPlan() }, ct: { 'ct.dcm': ctOfSize(4096) } });
    const client = await LspClient.start({ pull: true, settings: { language: 'en' } });
    try {
      await client.open(draft.uri, draft.text);
      const [flagged] = await eventually(client, draft.uri, (items) => (on(items, 'A14-empty', 0).length ? on(items, 'A14-empty', 0) : undefined));
      assert.deepEqual(flagged.range, cellRange(draft.text, 0, './rt'));
      assert.equal(flagged.severity, 1);
      assert.equal(on((await client.pull(draft.uri)).items!, 'A14-empty', 1).length, 0, 'the CT row is not flagged');
      // The CLI's build refuses the row under the same rule, at the same severity, in the same words.
      const build = runCli(['build', draft.path, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en']);
      assert.equal(build.status, 1, build.stderr);
      assert.ok(build.stderr.includes(`error A14-empty: row 1: ${flagged.message}\n`), `${build.stderr}\n---\n${flagged.message}`);

      // The plan replaced by an image of the same size and time: the verdict kept is not read again while the user types.
      // Row 2 pointed elsewhere in the same edit tells when the check after it has run (DRAFT-missing).
      const plan = join(dir, 'rt', 'plan.dcm');
      writeFileSync(plan, ctOfSize(statSync(plan).size));
      utimesSync(plan, SOME_TIME, SOME_TIME);
      let text = await setFolder(client, draft.uri, draft.text, 1, './ct', './gone');
      let items = await eventually(client, draft.uri, (d) => (on(d, 'DRAFT-missing', 1).length ? d : undefined));
      assert.equal(on(items, 'A14-empty', 0).length, 1, 'the kept verdict');

      // A new time: read again, an image.
      const later = new Date(SOME_TIME.getTime() + 60_000);
      utimesSync(plan, later, later);
      text = await setFolder(client, draft.uri, text, 1, './gone', './ct');
      items = await eventually(client, draft.uri, (d) => (on(d, 'DRAFT-missing', 1).length ? undefined : d));
      assert.deepEqual(on(items, 'A14-empty', 0), []);

      // The image taken out and an RT plan put beside it: flagged again; a CT image added: not.
      unlinkSync(plan);
      writeFileSync(join(dir, 'rt', 'plan2.dcm'), rtPlan());
      text = await setFolder(client, draft.uri, text, 1, './ct', './gone');
      items = await eventually(client, draft.uri, (d) => (on(d, 'DRAFT-missing', 1).length ? d : undefined));
      assert.equal(on(items, 'A14-empty', 0).length, 1, JSON.stringify(items));
      writeFileSync(join(dir, 'rt', 'ct.dcm'), ctOfSize(4096));
      text = await setFolder(client, draft.uri, text, 1, './gone', './ct');
      items = await eventually(client, draft.uri, (d) => (on(d, 'DRAFT-missing', 1).length ? undefined : d));
      assert.deepEqual(on(items, 'A14-empty', 0), []);
    } finally {
      await client.stop();
    }
  });

  it('reads nothing in an untrusted workspace: no finding, and no verdict kept for when trust is granted', async () => {
    const draft = draftOf({ u1: { 'plan.dcm': rtPlan() }, u2: { 'plan.dcm': rtPlan() } });
    const text = draft.text + exampleLine({ 6: '0003', 14: './gone' }) + '\r\n';
    writeFileSync(draft.path, text);
    const client = await LspClient.start({ pull: true, settings: { language: 'en' }, initializationOptions: { trusted: false } });
    try {
      await client.open(draft.uri, text);
      // Time enough for a draft check, which would flag rows 1 and 2 and the missing folder of row 3.
      await client.pull(draft.uri);
      await new Promise((r) => setTimeout(r, 1500));
      const untrusted = (await client.pull(draft.uri)).items!;
      assert.deepEqual(untrusted.filter((d) => d.code === 'A14-empty' || d.code === 'DRAFT-missing'), []);

      // Had row 1's plan been read, its verdict would be kept for this size and time, which an image now has.
      const plan = join(dir, 'u1', 'plan.dcm');
      writeFileSync(plan, ctOfSize(statSync(plan).size));
      utimesSync(plan, SOME_TIME, SOME_TIME);
      await client.conn.sendNotification(TRUST_NOTIFICATION, { trusted: true });
      const items = await eventually(client, draft.uri, (d) => (on(d, 'DRAFT-missing', 2).length ? d : undefined));
      assert.equal(on(items, 'A14-empty', 1).length, 1, 'row 2, read now');
      assert.deepEqual(on(items, 'A14-empty', 0), [], 'row 1 read now, an image');
    } finally {
      await client.stop();
    }
  });
});
