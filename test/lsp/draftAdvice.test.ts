/**
 * An open draft (the first data row whose field 14 is filled in names an image folder there) with an empty field 14: F-required asks for
 * the path of the row's images, not for an archive name; an edit that makes the text an upload CSV, or a draft
 * again, changes that advice on rows the edit did not touch.
 */
import * as assert from 'node:assert/strict';
import { LspClient } from './harness';
import { sampleDraftText } from '../../samples/draft/generate';

const DRAFT_ADVICE = 'Field 14 is required; in a draft it holds the path of the row\'s image folder or files (e.g. ./row1), which Build packs';

describe('language server over stdio: an empty field 14 of a draft', function () {
  this.timeout(60_000);
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: '2025-11-25T04:00:00Z' } });
  });
  after(async () => {
    await client.stop();
  });

  it('gets the draft\'s advice while the first data row names a folder, and the archive name\'s otherwise', async () => {
    const lines = sampleDraftText().split('\r\n');
    lines[1] = lines[1].replace('./mr1', '');
    const uri = 'file:///nowhere/draft-advice/draft.csv';
    await client.open(uri, lines.join('\r\n'));
    const requiredOnRow1 = async (): Promise<string[]> =>
      ((await client.pull(uri)).items ?? []).filter((d) => d.code === 'F-required' && d.range.start.line === 1).map((d) => d.message);
    assert.deepEqual(await requiredOnRow1(), [DRAFT_ADVICE]);

    // Row 0's field 14 becomes an archive name: the text is an upload CSV, whose empty field 14 wants an archive name.
    const at = lines[0].indexOf('./ct1');
    const range = { start: { line: 0, character: at }, end: { line: 0, character: at + './ct1'.length } };
    await client.change(uri, [{ range, text: 'DCF3501200000_C00000000001.7z' }]);
    const [upload] = await requiredOnRow1();
    assert.match(upload, /\(field 14\) is required; expected DCF or ATT/);

    await client.change(uri, [{ range: { ...range, end: { line: 0, character: at + 'DCF3501200000_C00000000001.7z'.length } }, text: './ct1' }]);
    assert.deepEqual(await requiredOnRow1(), [DRAFT_ADVICE]);
  });

  it('opens a draft whose first row has no folder yet as a draft, and follows an edit that empties or fills the deciding row', async () => {
    const lines = sampleDraftText().split('\r\n');
    lines[0] = lines[0].replace('./ct1', '');
    const uri = 'file:///nowhere/draft-advice/first-row-empty.csv';
    await client.open(uri, lines.join('\r\n'));
    const said = async (): Promise<{ row0: string[]; named: boolean }> => {
      const items = (await client.pull(uri)).items ?? [];
      return {
        row0: items.filter((d) => d.code === 'F-required' && d.range.start.line === 0).map((d) => d.message),
        named: items.some((d) => d.code === 'FILE-name'),
      };
    };
    assert.deepEqual(await said(), { row0: [DRAFT_ADVICE], named: false });

    // Row 1, which decides, gets an archive name: an upload CSV, whose name and empty field 14 are told so.
    const at = lines[1].indexOf('./mr1');
    await client.change(uri, [{ range: { start: { line: 1, character: at }, end: { line: 1, character: at + './mr1'.length } }, text: 'DCF3501200000_C00000000002.7z' }]);
    const upload = await said();
    assert.equal(upload.named, true);
    assert.match(upload.row0[0], /\(field 14\) is required; expected DCF or ATT/);

    // Row 1 emptied: the next row with a folder decides, and the text is a draft again.
    await client.change(uri, [{ range: { start: { line: 1, character: at }, end: { line: 1, character: at + 'DCF3501200000_C00000000002.7z'.length } }, text: '' }]);
    assert.deepEqual(await said(), { row0: [DRAFT_ADVICE], named: false });
  });
});
