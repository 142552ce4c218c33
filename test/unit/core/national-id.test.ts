import { strict as assert } from 'node:assert';
import { checkNationalId, idCheckDigit } from '../../../server/src/core/rules/national-id';
import { validId } from '../../fixtures/rows';

describe('national ID (field 8)', () => {
  it('accepts valid citizen IDs and rejects a wrong check digit as a checksum problem', () => {
    assert.deepEqual(checkNationalId('A123456789'), { ok: true, form: 'citizen' });
    assert.deepEqual(checkNationalId('F131104093'), { ok: true, form: 'citizen' });
    assert.deepEqual(checkNationalId('A123456780'), { ok: false, problem: 'checksum', form: 'citizen' });
  });

  it('knows the resident certificate forms: new [89] and old [A-D] (second letter as units digit)', () => {
    const d8 = idCheckDigit('A80000000')!;
    assert.deepEqual(checkNationalId('A80000000' + d8), { ok: true, form: 'resident-new' });
    // Old form: letter value 10 for A, second letter A -> 0. FA12345678 style numbers.
    const old = 'AC1234567';
    const d = idCheckDigit(old)!;
    assert.deepEqual(checkNationalId(old + d), { ok: true, form: 'resident-old' });
    // The second letter's units digit matters: C (12 -> 2) vs D (13 -> 3) give different check digits.
    assert.notEqual(idCheckDigit('AC1234567'), idCheckDigit('AD1234567'));
  });

  it('rejects the wrong pattern', () => {
    for (const bad of ['a123456789', 'A32345678 ', 'A12345678', 'A1234567890', '1123456789', 'AE12345678', 'A12345678X']) {
      const r = checkNationalId(bad);
      assert.ok(!r.ok && r.problem === 'pattern', bad);
    }
  });

  it('the fixture generator yields valid IDs', () => {
    for (let v = 0; v < 2000; v += 7) assert.ok(checkNationalId(validId(v)).ok, validId(v));
  });
});
