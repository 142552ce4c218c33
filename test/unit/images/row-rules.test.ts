/** The row rules over an archive's images: the birth date of a newborn seen on a parent's card (表二 序號15). */
import { strict as assert } from 'node:assert';
import { exampleText } from '../../../server/src/core/index';
import { judgeImages, rowExpectations } from '../../../server/src/core/images/row-rules';
import type { ImageFact } from '../../../server/src/core/images/inspect';
import { familyOf } from '../../../server/src/core/spec/orders';

const image = (birthDate: string): ImageFact => ({ name: 'IMG/IM1', kind: 'dicom', width: 512, height: 512, hasPixels: true, modality: 'CT', studyDate: '20251125', birthDate });
const cells = (patch: Record<number, string>) => exampleText(patch).trimEnd().split(',');
const birthIssues = (patch: Record<number, string>, birthDate: string) =>
  judgeImages([image(birthDate)], rowExpectations(cells(patch), familyOf)).issues().filter((i) => i.ruleId === 'A14-birth-date');

describe('images/row-rules: birth dates', () => {
  it('a newborn on a parent\'s card: images carrying the newborn\'s birth date (field 15) agree with the row', () => {
    assert.deepEqual(birthIssues({ 15: '1141120', 16: 'A' }, '20251120'), []);
    // Registered under the parent, the images carry field 9's date: no finding either.
    assert.deepEqual(birthIssues({ 15: '1141120', 16: 'A' }, '19860312'), []);
  });

  it('a date matching neither field is named against both; without a newborn only field 9 counts', () => {
    const [newborn] = birthIssues({ 15: '1141120', 16: 'A' }, '20251121');
    assert.match(newborn.message.en, /Birth Date 2025-11-21; field 9 says 1986-03-12 and field 15 \(the newborn\) 2025-11-20/);
    assert.match(newborn.message['zh-TW'], /序號9 出生日期為 1986-03-12，序號15 新生兒出生日期為 2025-11-20/);
    const [adult] = birthIssues({}, '20251120');
    assert.match(adult.message.en, /Birth Date 2025-11-20; field 9 says 1986-03-12 \(e\.g\./);
  });
});
