import { strict as assert } from 'node:assert';
import { workspaceFolderOf } from '../../../server/src/lsp/workspaceFolderOf';

const folder = (uri: string) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) });

describe('lsp/workspaceFolderOf', () => {
  const radiology = folder('file:///srv/hospital/radiology');
  const dental = folder('file:///srv/hospital/dental');
  const nested = folder('file:///srv/hospital/radiology/ct');

  it('finds the folder of each CSV in a multi-root workspace, the innermost when folders nest', () => {
    const folders = [radiology, dental, nested];
    assert.equal(workspaceFolderOf('file:///srv/hospital/radiology/batches/3501200000_20251125_001.csv', folders, 'linux'), radiology);
    assert.equal(workspaceFolderOf('file:///srv/hospital/dental/3501200000_20251125_001.csv', folders, 'linux'), dental);
    assert.equal(workspaceFolderOf('file:///srv/hospital/radiology/ct/3501200000_20251125_001.csv', folders, 'linux'), nested);
  });

  it('names no folder for a CSV outside them all, one in a folder whose name merely begins alike, or an untitled one', () => {
    const folders = [radiology, dental];
    assert.equal(workspaceFolderOf('file:///srv/hospital/3501200000_20251125_001.csv', folders, 'linux'), undefined);
    assert.equal(workspaceFolderOf('file:///srv/hospital/radiology-old/3501200000_20251125_001.csv', folders, 'linux'), undefined);
    assert.equal(workspaceFolderOf('file:///srv/hospital/..radiology/3501200000_20251125_001.csv', [folder('file:///srv/hospital')], 'linux')?.uri, 'file:///srv/hospital');
    assert.equal(workspaceFolderOf('untitled:Untitled-1', folders, 'linux'), undefined);
  });

  it('matches Windows spellings: an escaped lower-case drive letter against an upper-case one, letter case of folder names', () => {
    const folders = [folder('file:///C:/Users/Wang/Radiology'), folder('file:///d%3A/Dental')];
    assert.equal(workspaceFolderOf('file:///c%3A/Users/wang/radiology/3501200000_20251125_001.csv', folders, 'win32'), folders[0]);
    assert.equal(workspaceFolderOf('file:///D:/DENTAL/x/3501200000_20251125_001.csv', folders, 'win32'), folders[1]);
    assert.equal(workspaceFolderOf('file:///E:/Dental/3501200000_20251125_001.csv', folders, 'win32'), undefined, 'another drive');
    assert.equal(workspaceFolderOf('file:///srv/Radiology/a.csv', [folder('file:///srv/radiology')], 'linux'), undefined, 'Linux tells case apart');
  });

  it('compares URIs without a local path (a remote file system) by their text', () => {
    const remote = folder('vscode-vfs://github/hospital/batches');
    assert.equal(workspaceFolderOf('vscode-vfs://github/hospital/batches/a.csv', [remote], 'linux'), remote);
    assert.equal(workspaceFolderOf('vscode-vfs://github/hospital/batches2/a.csv', [remote], 'linux'), undefined);
  });
});
