import { strict as assert } from 'node:assert';
import { archiveDirFor } from '../../../server/src/lsp/archives';

describe('lsp/archiveDirFor (nhiImaging.archiveFolder)', () => {
  it('resolves the setting against the CSV\'s folder on Windows, with either separator, or names the CSV\'s folder', () => {
    const csv = 'c:\\Users\\王\\Desktop\\3501200000_20251125_001.csv';
    assert.equal(archiveDirFor(csv, '', 'win32'), 'c:\\Users\\王\\Desktop');
    assert.equal(archiveDirFor(csv, ' ..\\影像 ', 'win32'), 'c:\\Users\\王\\影像');
    assert.equal(archiveDirFor(csv, 'D:/NHI/Archives', 'win32'), 'D:\\NHI\\Archives');
    assert.equal(archiveDirFor(csv, '\\\\fileserver\\radiology\\archives', 'win32'), '\\\\fileserver\\radiology\\archives');
  });

  it('reads a setting written on Windows with backslashes alike on macOS and Linux', () => {
    assert.equal(archiveDirFor('/Users/wang/batches/3501200000_20251125_001.csv', '..\\archives\\2025', 'darwin'), '/Users/wang/archives/2025');
    assert.equal(archiveDirFor('/srv/batches/3501200000_20251125_001.csv', '/srv/archives', 'linux'), '/srv/archives');
  });

  it('expands ~, ${workspaceFolder} and environment variables before resolving', () => {
    const csv = 'c:\\exports\\batches\\3501200000_20251125_001.csv';
    const context = { home: 'C:\\Users\\王', env: { NHI: 'E:\\nhi' }, workspaceFolder: 'c:\\exports' };
    assert.equal(archiveDirFor(csv, '~\\archives', 'win32', context), 'C:\\Users\\王\\archives');
    assert.equal(archiveDirFor(csv, '${workspaceFolder}/archives', 'win32', context), 'c:\\exports\\archives');
    assert.equal(archiveDirFor(csv, '%nhi%\\2025', 'win32', context), 'E:\\nhi\\2025');
    assert.equal(archiveDirFor('/srv/batches/a.csv', '${workspaceFolder}/zips', 'linux', { home: '/home/w', env: {} }), '/srv/batches/${workspaceFolder}/zips');
  });
});
