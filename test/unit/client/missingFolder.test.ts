import { strict as assert } from 'node:assert';
import { firstMissingFolder } from '../../../client/src/missingFolder';

/** A file system holding just these folders; records what was asked. */
function folders(...existing: string[]) {
  const asked: string[] = [];
  const isFolder = async (p: string) => (asked.push(p), existing.includes(p));
  return { isFolder, asked };
}

describe('client: the folder to wait for when an archive folder does not exist yet', () => {
  it('is nothing when the folder exists', async () => {
    const fs = folders('/', '/srv', '/srv/exports');
    assert.equal(await firstMissingFolder('/srv/exports', fs.isFolder, 'linux'), 'exists');
    assert.deepEqual(fs.asked, ['/srv/exports']);
  });

  it('is the folder itself in its parent, or the first missing one of several levels in its nearest existing ancestor', async () => {
    assert.deepEqual(await firstMissingFolder('/srv/exports', folders('/', '/srv').isFolder, 'linux'), { parent: '/srv', name: 'exports' });
    const fs = folders('/', '/srv');
    assert.deepEqual(await firstMissingFolder('/srv/pacs/2025/exports/', fs.isFolder, 'linux'), { parent: '/srv', name: 'pacs' });
    assert.deepEqual(fs.asked, ['/srv/pacs/2025/exports', '/srv/pacs/2025', '/srv/pacs', '/srv'], 'walks up no further than it must');
  });

  it('walks Windows paths (drive letters, UNC shares), and gives up when not even the root is there', async () => {
    assert.deepEqual(await firstMissingFolder('D:\\PACS\\exports', folders('D:\\', 'D:\\PACS').isFolder, 'win32'), { parent: 'D:\\PACS', name: 'exports' });
    assert.deepEqual(await firstMissingFolder('\\\\nas\\images\\exports', folders('\\\\nas\\images\\').isFolder, 'win32'), { parent: '\\\\nas\\images\\', name: 'exports' });
    assert.equal(await firstMissingFolder('E:\\exports', folders('D:\\').isFolder, 'win32'), 'unreachable', 'a drive not mounted');
  });
});
