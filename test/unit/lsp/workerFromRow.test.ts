/** Where a full parse of a large text starts the worker's share: never among the rows that decide a draft. */
import assert from 'node:assert/strict';
import { DRAFT_DECIDING_ROWS } from '../../../server/src/core/rules/draft-file';
import { LOCAL_FIRST_SHARE, PARALLEL_MIN_ROWS, workerFromRow } from '../../../server/src/lsp/csvDocument';

describe('workerFromRow', () => {
  it('shares nothing of a text below PARALLEL_MIN_ROWS lines, and the rows after the local share of a larger one', () => {
    assert.equal(workerFromRow(PARALLEL_MIN_ROWS - 1), 0);
    assert.equal(workerFromRow(100_000), Math.floor(100_000 * LOCAL_FIRST_SHARE));
  });

  it('keeps every row that may decide whether the text is a draft on the server thread, whatever the share', () => {
    assert.ok(workerFromRow(PARALLEL_MIN_ROWS) >= DRAFT_DECIDING_ROWS, 'with the shipped share');
    assert.equal(workerFromRow(PARALLEL_MIN_ROWS, 0.01), DRAFT_DECIDING_ROWS);
    assert.equal(workerFromRow(PARALLEL_MIN_ROWS, 0), DRAFT_DECIDING_ROWS);
  });
});
