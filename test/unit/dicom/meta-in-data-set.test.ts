/** The archive check's word on a File Meta Information element inside the data set (read.test.ts has the reader's). */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinkedArchives } from '../../../server/src/core/archive/check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { TS } from '../../../server/src/core/dicom/uids';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import { packFileSet } from '../../fixtures/archives';
import { withMetaElementInDataSet } from '../../fixtures/dicom';

describe('archive check: a group-0002 element inside the data set', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-meta-in-data-set-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is an A14-dicom-encoding warning naming the file, the element and what to do, in the quick and the full check', async () => {
    const { instance, at } = withMetaElementInDataSet(TS.ExplicitVRLittleEndian, 0x00020016, false, { studyDate: '20251125', birthDate: '19860312', rows: 512, columns: 512, bitsAllocated: 16 });
    const name = 'DCF3501200000_C00000000001.7z';
    await packFileSet(dir, name, [{ fileId: ['IMG', 'IM0'], instance }]);
    const csv = EXAMPLE_ROW.map((v, i) => (i === 13 ? name : v)).join(',') + '\r\n';
    for (const mode of ['quick', 'full'] as const) {
      const { findings } = await checkLinkedArchives(join(dir, '3501200000_20251125_001.csv'), parseCsv(csv), { options: defaultOptions({ lang: 'en' }), mode });
      const encoding = findings.filter((f) => f.ruleId === 'A14-dicom-encoding');
      assert.equal(encoding.length, 1, `${mode}: ${findings.map((f) => f.ruleId).join()}`);
      assert.equal(encoding[0].severity, 'warning');
      assert.match(encoding[0].message.en, new RegExp(`^IMG/IM0: .*element \\(0002,0016\\) at byte ${at} is a File Meta Information element \\(group 0002\\) inside the data set, .*: export it again from the PACS or the modality and pack it again$`));
      assert.ok(!findings.some((f) => f.ruleId === 'A14-dicom-meta'), `${mode}: the meta group's length is right`);
      assert.ok(!findings.some((f) => f.severity === 'error'), `${mode}: ${findings.map((f) => `${f.ruleId} ${f.message.en}`).join(' | ')}`);
    }
  });
});
