import { strict as assert } from 'node:assert';
import { isSamePath } from '../../../server/src/core/local-paths';

describe('core/local-paths', () => {
  it('compares paths without letter case where the file system does: a drive letter VS Code lower-cases against one typed on a command line or in a setting', () => {
    assert.equal(isSamePath('D:\\Archives', 'd:\\Archives', 'win32'), true);
    assert.equal(isSamePath('c:\\Users\\a\\archives\\', 'C:\\Users\\A\\Archives', 'win32'), true);
    assert.equal(isSamePath('\\\\fileserver\\Radiology', '\\\\FILESERVER\\radiology\\.', 'win32'), true);
    assert.equal(isSamePath('/Users/a/Archives', '/Users/a/archives', 'darwin'), true);
    assert.equal(isSamePath('D:\\Archives', 'D:\\Archives2', 'win32'), false);
    assert.equal(isSamePath('/srv/Archives', '/srv/archives', 'linux'), false, 'Linux file systems tell case apart');
    assert.equal(isSamePath('/srv/archives/', '/srv/x/../archives', 'linux'), true);
  });
});
