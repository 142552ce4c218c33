import { strict as assert } from 'node:assert';
import { isWindowsDeviceName, windowsNameProblem, windowsPathProblem } from '../../../server/src/core/windows-names';

describe('windows-names', () => {
  it('device names in any case, with an extension, with trailing dots or spaces; not names that only start so', () => {
    for (const n of ['CON', 'con', 'Prn', 'AUX', 'nul', 'COM1', 'com9', 'LPT1', 'lpt9', 'CON.dcm', 'nul.txt.jpg', 'AUX.', 'COM1 ', 'LPT3 .jpg', 'COM¹']) {
      assert.ok(isWindowsDeviceName(n), n);
      assert.match(windowsNameProblem(n)!.en, /is a name Windows keeps for a device/, n);
    }
    for (const n of ['CONSOLE', 'ICON', 'NULL.dcm', 'COM10', 'LPT', 'IM0', 'AUX_1']) {
      assert.equal(isWindowsDeviceName(n), false, n);
      assert.equal(windowsNameProblem(n), null, n);
    }
  });

  it('characters Windows file names cannot hold, and a trailing dot or space', () => {
    for (const n of ['a<b', 'a>b', 'a:b', 'a"b', 'a|b', 'a?b', 'a*b', 'a\u0001b', 'tab\there', 'nul\u0000']) {
      assert.ok(windowsNameProblem(n), JSON.stringify(n));
    }
    assert.match(windowsNameProblem('a?b')!.en, /"a\?b" holds "\?", a character Windows file names cannot hold/);
    assert.match(windowsNameProblem('a\u0001b')!['zh-TW'], /\\u0001/);
    assert.match(windowsNameProblem('IM1.')!.en, /ends with a dot or space/);
    assert.match(windowsNameProblem('IM1 ')!.en, /ends with a dot or space/);
    for (const n of ['IM1.dcm', '.hidden', 'a b.jpg', '牙齒.jpg', '.', '..']) assert.equal(windowsNameProblem(n), null, n);
  });

  it('a path is judged part by part, with either separator', () => {
    assert.match(windowsPathProblem('DICOM/CON/IM1')!.en, /"CON" is a name Windows keeps for a device/);
    assert.match(windowsPathProblem('DICOM\\PA1.\\IM1')!.en, /"PA1\." ends with a dot or space/);
    assert.equal(windowsPathProblem('DICOM/PA000001/IM1'), null);
    assert.equal(windowsPathProblem('IMG/'), null, 'a folder entry\'s trailing separator is no empty name');
  });
});
