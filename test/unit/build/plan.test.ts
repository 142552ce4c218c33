import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectDraftImages } from '../../../server/src/core/build/draft';
import { planRow, PlanError } from '../../../server/src/core/build/plan';
import { familyOf } from '../../../server/src/core/spec/orders';
import { makeJpeg } from '../../fixtures/jpeg';

describe('build/plan', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function planFolder(folder: string, order = '34004C'): Promise<Awaited<ReturnType<typeof planRow>>> {
    const images = await collectDraftImages(dir, `./${folder}`);
    return planRow(images, { family: familyOf(order) });
  }

  it('reads a JPEG frame header that lies past the first 64 KiB (large ICC or EXIF segments)', async () => {
    mkdirSync(join(dir, 'pano'));
    writeFileSync(join(dir, 'pano', 'p.jpg'), makeJpeg({ width: 1400, height: 1500, appPadding: 200_000 }));
    const plan = await planFolder('pano');
    assert.equal(plan.prefix, 'ATT');
    assert.deepEqual(plan.imageProblems, []);
    mkdirSync(join(dir, 'small'));
    writeFileSync(join(dir, 'small', 's.jpg'), makeJpeg({ width: 1000, height: 1000, appPadding: 200_000 }));
    assert.match((await planFolder('small')).imageProblems[0].message.en, /1000x1000 is below/);
  });

  it('refuses a JPEG cut before its frame header', async () => {
    mkdirSync(join(dir, 'cut'));
    writeFileSync(join(dir, 'cut', 'c.jpg'), makeJpeg({ width: 1400, height: 1400, appPadding: 200_000 }).subarray(0, 150_000));
    await assert.rejects(planFolder('cut'), (e) => e instanceof PlanError && /Cannot read the JPEG frame size/.test(e.message));
  });
});
