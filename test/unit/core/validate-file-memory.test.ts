import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCsvFile } from '../../../server/src/core/validateFile';
import { defaultOptions } from '../../../server/src/core/options';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validLine } from '../../fixtures/rows';

/**
 * `nhi-imaging check` writes its text report as it goes, flushing it at each `afterBatch`: whatever is reported
 * between two calls is held in memory. A file whose every other row repeats the one before has as many cross-row
 * findings as rows, all known only at the end; they must come in slices as the rows do, not all at once.
 */
describe('validateCsvFile: what is held between two afterBatch calls', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-vfm-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the cross-row findings of a file in slices, as those of the rows come', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(validLine(i), validLine(i));
    const text = lines.join('\r\n') + '\r\n';
    const path = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(path, text);
    const options = defaultOptions({ now: FIXTURE_NOW, lang: 'en', fileName: FIXTURE_FILE_NAME });
    const seen: string[] = [];
    let sinceFlush = 0;
    let most = 0;
    await validateCsvFile(path, options, (f) => {
      seen.push(`${f.range.start.line}:${f.range.start.character} ${f.ruleId}`);
      most = Math.max(most, ++sinceFlush);
    }, { afterBatch: () => void (sinceFlush = 0) });
    const duplicates = seen.filter((s) => s.endsWith('R-duplicate-row')).length;
    assert.equal(duplicates, 10_000);
    assert.ok(most <= 4096, `${most} findings reported between two afterBatch calls`);
  });
});
