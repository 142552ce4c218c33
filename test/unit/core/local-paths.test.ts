import { strict as assert } from 'node:assert';
import { isSamePath, isWithinPath } from '../../../server/src/core/local-paths';

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

  it('takes a Windows long-path prefix for the path it prefixes: a drive, a share', () => {
    assert.equal(isSamePath('\\\\?\\D:\\Archives', 'd:\\archives\\', 'win32'), true);
    assert.equal(isSamePath('\\\\?\\UNC\\fileserver\\Radiology\\NHI', '\\\\FILESERVER\\radiology\\nhi', 'win32'), true);
    assert.equal(isWithinPath('d:\\Archives\\DCF3501200000_251125A00001.7z', '\\\\?\\D:\\Archives', 'win32'), true);
    assert.equal(isWithinPath('\\\\?\\d:\\Archives\\2025\\x.7z', 'D:\\ARCHIVES', 'win32'), true);
    assert.equal(isSamePath('\\\\?\\D:\\Archives', 'D:\\Archives2', 'win32'), false);
    assert.equal(isSamePath('\\\\?\\Volume{0b1c}\\Archives', 'Volume{0b1c}\\Archives', 'win32'), false, 'a volume name is left as it is');
  });
});
