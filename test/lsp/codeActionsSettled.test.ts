/**
 * Code actions answer for a fully validated text: fix-on-save asks source.fixAll right after an edit, while the
 * rows are still being validated, and must not get the fixes of the text before the edit.
 */
import * as assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver';
import { withClient, type LspClient } from './harness';
import { NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validCsv } from '../fixtures/rows';

const HEADER = 'HospitalId,care,ym,swipe,vt,vs,cf,id,birth,order,serial,exam,site,archive,nb,nbm,recv\n';

async function fixAllEdits(c: LspClient, uri: string): Promise<unknown[]> {
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
  });
  return actions.flatMap((a) => a.edit?.changes?.[uri] ?? []);
}

describe('language server over stdio: code actions after an edit', function () {
  this.timeout(120_000);

  it('source.fixAll asked at once after a full-text change answers for the new text, not with the old header deletion', async () => {
    await withClient({ pull: true, settings: { deadlineReferenceTime: NOW_ISO, language: 'en', maxDiagnostics: 10 } }, async (c) => {
      const uri = `file:///settled/${FIXTURE_FILE_NAME}`;
      const body = validCsv(20_000);
      await c.open(uri, '\ufeff' + HEADER + body);
      await c.pull(uri);
      assert.equal((await fixAllEdits(c, uri)).length, 1, 'the header row and its BOM: one deletion');
      // Reloaded from disk without them, then fix-on-save before the rows are validated again.
      await c.change(uri, [{ text: body }]);
      assert.deepEqual(await fixAllEdits(c, uri), [], 'nothing to fix in valid rows; the first data row stays');
    });
  });
});
