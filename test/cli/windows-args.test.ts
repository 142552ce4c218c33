import { strict as assert } from 'node:assert';
import { repairWindowsArgument } from '../../server/src/cli/windows-args';
import { main } from '../../server/src/cli/main';

describe('command-line arguments as Windows PowerShell 5.1 passes them', () => {
  it('reads a folder whose closing backslash ate the quote ("C:\\NHI Upload\\" arrives as C:\\NHI Upload") as that folder', () => {
    assert.equal(repairWindowsArgument('C:\\NHI Upload"'), 'C:\\NHI Upload\\');
    assert.equal(repairWindowsArgument('.\\上傳 批次"'), '.\\上傳 批次\\');
    assert.equal(repairWindowsArgument('C:\\NHI Upload\\'), 'C:\\NHI Upload\\');
    assert.equal(repairWindowsArgument('3501200000|"x"'), '3501200000|"x"', 'a quote elsewhere: not this artefact');
    assert.equal(repairWindowsArgument('"'), '"');
  });

  it('the command line is read after the repair on Windows only', async () => {
    const said = async (platform: NodeJS.Platform): Promise<string> => {
      let text = '';
      const sink = { write: (s: string) => ((text += s), true) };
      await main(['check', '--lang', 'en', '--now', '2026-11-25T18:00', 'C:\\NHI Upload"', '--format"'], { stdout: sink, stderr: sink, cwd: process.cwd() } as never, platform);
      return text;
    };
    assert.match(await said('win32'), /unknown option --format\\\n/);
    assert.match(await said('linux'), /unknown option --format"\n/);
  });
});
