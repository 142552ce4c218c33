import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDraftImages } from '../../../server/src/core/build/draft';
import { makeJpeg } from '../../fixtures/jpeg';
import { tempDir } from '../archive/helpers';

describe('build/draft: images at the root of a Windows drive (a USB stick, a CD copied whole)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('nhi-draft-drive-')));
  afterEach(() => tmp.cleanup());

  it('leaves out the folders Windows keeps on every drive: the Recycle Bin\'s deleted images and System Volume Information', async () => {
    const drive = join(tmp.dir, 'E');
    const jpeg = makeJpeg({ width: 1400, height: 1500 });
    for (const folder of ['IMAGES', '$RECYCLE.BIN/S-1-5-21-1004', 'System Volume Information', 'RECYCLER/S-1-5-21-1004']) mkdirSync(join(drive, folder), { recursive: true });
    writeFileSync(join(drive, 'IMAGES', 'PANO1.jpg'), jpeg);
    writeFileSync(join(drive, '$RECYCLE.BIN', 'S-1-5-21-1004', '$RX2Q7AB.jpg'), jpeg);
    writeFileSync(join(drive, '$RECYCLE.BIN', 'S-1-5-21-1004', '$IX2Q7AB.jpg'), Buffer.from('deleted file record'));
    writeFileSync(join(drive, 'RECYCLER', 'S-1-5-21-1004', 'Dc1.jpg'), jpeg);
    writeFileSync(join(drive, 'System Volume Information', 'IndexerVolumeGuid'), 'guid');
    const images = await collectDraftImages(tmp.dir, './E');
    assert.deepEqual(images.files.map((f) => f.relativePath), ['IMAGES/PANO1.jpg']);
    assert.deepEqual(images.unknown, []);
  });
});
