import { strict as assert } from 'node:assert';
import { isValidValue } from '../../../server/src/core/dicom/vr-values';

describe('dicom/vr-values', () => {
  it('accepts values of the form and length of their VR (PS3.5 6.2)', () => {
    for (const [vr, v] of [['DA', '20240229'], ['TM', '1404'], ['TM', '140438.123456'], ['DT', '20240101093000+0800'], ['IS', ' -12 '], ['DS', '1.5e3'],
      ['CS', 'ORIGINAL\\PRIMARY'], ['UI', '1.2.840.10008.1.2.1'], ['LO', '王^大明'], ['LT', 'line 1\r\nline 2'], ['SH', '']] as const) {
      assert.ok(isValidValue(vr, v), `${vr} ${v}`);
    }
  });

  it('refuses ACR-NEMA dates and times, impossible dates, bad numbers, lower-case codes, control characters, long values', () => {
    for (const [vr, v] of [['DA', '1997.04.24'], ['DA', '20230229'], ['TM', '14:04:38'], ['TM', '2400'], ['TM', '14.5'], ['DT', '20241301'], ['IS', '1.0'],
      ['IS', '99999999999'], ['DS', '1,5'], ['CS', 'ct'], ['UI', '1.02'], ['SH', 'A'.repeat(17)], ['LO', 'a\u0007b'], ['ST', 'x\0']] as const) {
      assert.ok(!isValidValue(vr, v), `${vr} ${v}`);
    }
  });

  it('holds a person name to 64 characters in each of its three component groups (PS3.5 6.2)', () => {
    assert.ok(isValidValue('PN', `${'A'.repeat(64)}=${'山'.repeat(64)}=${'や'.repeat(64)}`));
    assert.ok(!isValidValue('PN', 'X'.repeat(70)), 'one group of 70 characters');
    assert.ok(!isValidValue('PN', `A=${'B'.repeat(65)}`));
    assert.ok(!isValidValue('PN', 'A=B=C=D'), 'four component groups');
  });
});
