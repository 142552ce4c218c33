import { strict as assert } from 'node:assert';
import { expandPathVariables, type PathVariables } from '../../../server/src/core/path-variables';

const windows: PathVariables = {
  platform: 'win32',
  home: 'C:\\Users\\王小明',
  env: { USERPROFILE: 'C:\\Users\\王小明', NHI_ARCHIVES: 'D:\\NHI\\Archives' },
  workspaceFolder: 'c:\\exports',
};
const linux: PathVariables = { platform: 'linux', home: '/home/wang', env: { NHI_ARCHIVES: '/srv/nhi', nhi_archives: '/srv/lower' } };

describe('core/path-variables (folder settings as people write them)', () => {
  it('expands ~ at the start, ${userHome}, ${workspaceFolder} and ${env:NAME}', () => {
    assert.equal(expandPathVariables('~/NHI/archives', linux), '/home/wang/NHI/archives');
    assert.equal(expandPathVariables('~', linux), '/home/wang');
    assert.equal(expandPathVariables('~\\NHI', windows), 'C:\\Users\\王小明\\NHI');
    assert.equal(expandPathVariables('${userHome}/影像', linux), '/home/wang/影像');
    assert.equal(expandPathVariables('${workspaceFolder}\\archives', windows), 'c:\\exports\\archives');
    assert.equal(expandPathVariables('${env:NHI_ARCHIVES}/2025', linux), '/srv/nhi/2025');
  });

  it('leaves ~ inside a name, and a ~user form, as typed', () => {
    assert.equal(expandPathVariables('archives~old', linux), 'archives~old');
    assert.equal(expandPathVariables('~wang/NHI', linux), '~wang/NHI');
    assert.equal(expandPathVariables('PROGRA~1\\NHI', windows), 'PROGRA~1\\NHI');
  });

  it('expands %NAME% on Windows only, its name in any letter case, and leaves an unset one as cmd.exe does', () => {
    assert.equal(expandPathVariables('%UserProfile%\\NHI', windows), 'C:\\Users\\王小明\\NHI');
    assert.equal(expandPathVariables('%nhi_archives%\\2025', windows), 'D:\\NHI\\Archives\\2025');
    assert.equal(expandPathVariables('%NOT_SET%\\NHI', windows), '%NOT_SET%\\NHI');
    assert.equal(expandPathVariables('%NHI_ARCHIVES%/x', linux), '%NHI_ARCHIVES%/x', 'a folder may be named with % on Linux');
  });

  it('on Linux and macOS ${env:NAME} keeps the letter case of its name', () => {
    assert.equal(expandPathVariables('${env:nhi_archives}', linux), '/srv/lower');
    assert.equal(expandPathVariables('${env:Nhi_Archives}/x', linux), '/x', 'unset: empty, as VS Code makes it');
  });

  it('leaves a variable that names nothing known as typed, so the folder looked in shows it', () => {
    assert.equal(expandPathVariables('${workspaceFolder}/archives', linux), '${workspaceFolder}/archives');
    assert.equal(expandPathVariables('${cwd}/archives', linux), '${cwd}/archives');
  });
});
