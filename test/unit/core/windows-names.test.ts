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

  it('a whole path gives the same answer as judging each of its parts (random paths)', () => {
    const pieces = ['CON', 'con', 'Nul', 'COM1', 'lpt²', 'COM¹', 'CONSOLE', 'IM1', 'a', '.', '..', ' ', '.dcm', '?', ':', '\u0001', '牙', '/', '/', '\\', '\\'];
    let seed = 7;
    const pick = () => pieces[((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % pieces.length];
    const byParts = (path: string) => path.split(/[\\/]/).map((p) => (p === '' ? null : windowsNameProblem(p))).find((w) => w) ?? null;
    let bad = 0;
    for (let i = 0; i < 20000; i++) {
      const path = Array.from({ length: 1 + (i % 7) }, pick).join('');
      const expected = byParts(path);
      if (expected) bad++;
      assert.deepEqual(windowsPathProblem(path), expected, JSON.stringify(path));
    }
    assert.ok(bad > 1000 && bad < 19000, `${bad} of 20000 paths with a problem`);
  });
});
