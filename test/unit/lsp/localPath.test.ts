import { strict as assert } from 'node:assert';
import { localPathOf } from '../../../server/src/lsp/localPath';

describe('lsp/localPath', () => {
  it('turns the URIs VS Code sends on Windows into Windows paths: escaped drive colon, Chinese, spaces, UNC shares', () => {
    assert.equal(localPathOf('file:///c%3A/Users/%E7%8E%8B/%E4%B8%8A%E5%82%B3%20%E6%89%B9/3501200000_20261125_001.csv', 'win32'), 'c:\\Users\\王\\上傳 批\\3501200000_20261125_001.csv');
    assert.equal(localPathOf('file:///D:/batch%23 1/a.csv', 'win32'), 'D:\\batch# 1\\a.csv');
    assert.equal(localPathOf('file://fileserver/radiology/batch/a.csv', 'win32'), '\\\\fileserver\\radiology\\batch\\a.csv');
  });

  it('reads the UNC form of four slashes (RFC 8089 E.3.2: what a client writes that puts file:// before the path //server/share) as the share', () => {
    assert.equal(localPathOf('file:////fileserver/radiology/batch/a.csv', 'win32'), '\\\\fileserver\\radiology\\batch\\a.csv');
    assert.equal(localPathOf('file://///fileserver/radiology/a.csv', 'win32'), '\\\\fileserver\\radiology\\a.csv');
    assert.equal(localPathOf('file:////fileserver/radiology/a.csv', 'linux'), '//fileserver/radiology/a.csv');
  });

  it('names no path for what the platform cannot reach: a UNC host outside Windows, a Windows URI without a drive, an encoded separator', () => {
    assert.equal(localPathOf('file://fileserver/radiology/a.csv', 'linux'), undefined);
    assert.equal(localPathOf('file:///Users/a.csv', 'win32'), undefined);
    assert.equal(localPathOf('file:///c%3A/a%2Fb.csv', 'win32'), undefined);
    assert.equal(localPathOf('untitled:Untitled-1', 'win32'), undefined);
    assert.equal(localPathOf('file:///Users/%E7%8E%8B/a.csv', 'darwin'), '/Users/王/a.csv');
  });
});
