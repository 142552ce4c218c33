import { strict as assert } from 'node:assert';
import { isSameFolder, localPathOf } from '../../../server/src/lsp/localPath';

describe('lsp/localPath', () => {
  it('turns the URIs VS Code sends on Windows into Windows paths: escaped drive colon, Chinese, spaces, UNC shares', () => {
    assert.equal(localPathOf('file:///c%3A/Users/%E7%8E%8B/%E4%B8%8A%E5%82%B3%20%E6%89%B9/3501200000_20261125_001.csv', 'win32'), 'c:\\Users\\王\\上傳 批\\3501200000_20261125_001.csv');
    assert.equal(localPathOf('file:///D:/batch%23 1/a.csv', 'win32'), 'D:\\batch# 1\\a.csv');
    assert.equal(localPathOf('file://fileserver/radiology/batch/a.csv', 'win32'), '\\\\fileserver\\radiology\\batch\\a.csv');
  });

  it('names no path for what the platform cannot reach: a UNC host outside Windows, a Windows URI without a drive, an encoded separator', () => {
    assert.equal(localPathOf('file://fileserver/radiology/a.csv', 'linux'), undefined);
    assert.equal(localPathOf('file:///Users/a.csv', 'win32'), undefined);
    assert.equal(localPathOf('file:///c%3A/a%2Fb.csv', 'win32'), undefined);
    assert.equal(localPathOf('untitled:Untitled-1', 'win32'), undefined);
    assert.equal(localPathOf('file:///Users/%E7%8E%8B/a.csv', 'darwin'), '/Users/王/a.csv');
  });

  it('compares folders without letter case where the file system does: a drive letter VS Code lower-cases against one typed in a setting', () => {
    assert.equal(isSameFolder('D:\\Archives', 'd:\\Archives', 'win32'), true);
    assert.equal(isSameFolder('c:\\Users\\a\\archives\\', 'C:\\Users\\A\\Archives', 'win32'), true);
    assert.equal(isSameFolder('\\\\fileserver\\Radiology', '\\\\FILESERVER\\radiology\\.', 'win32'), true);
    assert.equal(isSameFolder('/Users/a/Archives', '/Users/a/archives', 'darwin'), true);
    assert.equal(isSameFolder('D:\\Archives', 'D:\\Archives2', 'win32'), false);
    assert.equal(isSameFolder('/srv/Archives', '/srv/archives', 'linux'), false, 'Linux file systems tell case apart');
    assert.equal(isSameFolder('/srv/archives/', '/srv/x/../archives', 'linux'), true);
  });
});
