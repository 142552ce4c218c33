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
    assert.match(newborn.message['zh-TW'], /序號9 出生日期為 1986-03-12，序號15 依附就醫新生兒出生日期為 2025-11-20/);
    const [adult] = birthIssues({}, '20251120');
    assert.match(adult.message.en, /Birth Date 2025-11-20; field 9 says 1986-03-12 \(e\.g\./);
    // Each says what to do, naming the fields it was held against.
    assert.match(newborn.message.en, /\(e\.g\. IMG\/IM1\): correct field 9 or 15 if it is wrong, or pack this patient's images$/);
    assert.match(newborn.message['zh-TW'], /（例如 IMG\/IM1）；若序號9 或序號15 有誤請更正，否則請改放此病人的影像$/);
    assert.match(adult.message.en, /\(e\.g\. IMG\/IM1\): correct field 9 if it is wrong, or pack this patient's images$/);
    assert.match(adult.message['zh-TW'], /（例如 IMG\/IM1）；若序號9 有誤請更正，否則請改放此病人的影像$/);
  });
});

describe('images/row-rules: values other software writes', () => {
  const judge = (img: Partial<ImageFact>, patch: Record<number, string> = {}) =>
    judgeImages([{ ...image('19860312'), ...img }], rowExpectations(cells(patch), familyOf)).issues();

  it('a Study Date not written as a DICOM date (dcmodify StudyDate=2025-11-25) is named so, not shown as field 12\'s date', () => {
    const [issue, ...rest] = judge({ studyDate: '2025-11-25' });
    assert.deepEqual(rest, []);
    assert.equal(issue.ruleId, 'A14-study-date');
    assert.match(issue.message.en, /Study Date "2025-11-25" \(not a DICOM date, YYYYMMDD\); field 12 says the exam was on 2025-11-25/);
    assert.match(issue.message['zh-TW'], /Study Date 為 「2025-11-25」（不是 DICOM 日期格式 YYYYMMDD），序號12 實際檢查日期為 2025-11-25/);
    // A DA value that is no calendar day is no DICOM date either; a valid one is shown dashed.
    assert.match(judge({ studyDate: '20251131' })[0].message.en, /Study Date "20251131" \(not a DICOM date/);
    assert.match(judge({ studyDate: '20251124' })[0].message.en, /Study Date 2025-11-24; field 12/);
  });

  it('a Study Date other than field 12 says what to do: correct field 12, or pack the images of the exam done that day', () => {
    const [issue] = judge({ studyDate: '20251124' });
    assert.match(issue.message.en, /\(e\.g\. IMG\/IM1\): correct field 12 if it is wrong, or pack the images of the exam done on that day$/);
    assert.match(issue.message['zh-TW'], /（例如 IMG\/IM1）；若序號12 有誤請更正，否則請改放該日檢查的影像$/);
  });

  it('a Patient\'s Birth Date not written as a DICOM date is named so', () => {
    const [issue] = judge({ birthDate: '1986/03/12' });
    assert.equal(issue.ruleId, 'A14-birth-date');
    assert.match(issue.message.en, /Birth Date "1986\/03\/12" \(not a DICOM date, YYYYMMDD\); field 9 says 1986-03-12/);
  });

  it('images with an empty or absent Modality (Type 1) do not fit the order: one A14-modality warning', () => {
    for (const modality of ['', undefined, '  ']) {
      const issues = judge({ modality });
      assert.deepEqual(issues.map((i) => i.ruleId), ['A14-modality'], JSON.stringify(modality));
      assert.match(issues[0].message.en, /^1 image has no Modality \(0008,0060\); order 33070B \(CT\) expects CT \(e\.g\. IMG\/IM1\): check the order code in field 10, or export this exam's images again from the PACS or the modality$/);
      assert.match(issues[0].message['zh-TW'], /^1 個影像沒有 Modality \(0008,0060\)，醫令 33070B.*（例如 IMG\/IM1）；請確認序號10 醫令代碼，或從 PACS 或影像設備重新匯出此次檢查的影像$/);
    }
    // Objects without pixel data (reports) carry no Modality requirement here.
    assert.deepEqual(judge({ modality: '', hasPixels: false }), []);
  });
});

describe('images/row-rules: objects without pixel data beside the images', () => {
  // What a PACS exports with an exam: a report (SR), key objects (KO), a presentation state (PR), an encapsulated PDF.
  const objects = (birthDate: string, studyDate: string): ImageFact[] => [
    ...['IMG/SR', 'IMG/KO', 'IMG/GSPS', 'IMG/PDF'].map((name): ImageFact => ({ name, kind: 'dicom', hasPixels: false, modality: name.slice(4, 6), studyDate, birthDate })),
    { ...image(birthDate), name: 'IMG/CT1', studyDate },
  ];
  const dateIssues = (facts: ImageFact[]) =>
    judgeImages(facts, rowExpectations(cells({}), familyOf)).issues().filter((i) => i.ruleId === 'A14-birth-date' || i.ruleId === 'A14-study-date');

  it('are counted as DICOM files, not as images, in the date findings, and an image is the example named', () => {
    const [study, birth] = dateIssues(objects('19750312', '20251124'));
    assert.match(study.message.en, /^5 DICOM files have Study Date 2025-11-24; field 12 says the exam was on 2025-11-25 \(e\.g\. IMG\/CT1\):/);
    assert.match(study.message['zh-TW'], /^5 個 DICOM 檔的 Study Date 為 2025-11-24，序號12 實際檢查日期為 2025-11-25（例如 IMG\/CT1）；/);
    assert.match(birth.message.en, /^5 DICOM files have Patient's Birth Date 1975-03-12; field 9 says 1986-03-12 \(e\.g\. IMG\/CT1\):/);
    assert.match(birth.message['zh-TW'], /^5 個 DICOM 檔的 Patient's Birth Date 為 1975-03-12，序號9 出生日期為 1986-03-12（例如 IMG\/CT1）；/);
  });

  it('alone, they are named as such', () => {
    const [study] = dateIssues(objects('19860312', '20251124').slice(0, 1));
    assert.match(study.message.en, /^1 DICOM file has Study Date 2025-11-24; field 12 says the exam was on 2025-11-25 \(e\.g\. IMG\/SR\):/);
  });

  it('images alone are still counted as images', () => {
    const [study] = dateIssues(objects('19860312', '20251124').slice(4));
    assert.match(study.message.en, /^1 image has Study Date 2025-11-24;/);
    assert.match(study.message['zh-TW'], /^1 個影像的 Study Date 為 2025-11-24，/);
  });
});

describe('images/row-rules: counts in English', () => {
  const judge = (facts: ImageFact[]) => judgeImages(facts, rowExpectations(cells({}), familyOf)).issues();
  const images = (n: number, img: Partial<ImageFact>): ImageFact[] =>
    Array.from({ length: n }, (_, i) => ({ ...image('19860312'), name: `IMG/IM${i + 1}`, ...img }));
  const en = (facts: ImageFact[], ruleId: string) => judge(facts).find((i) => i.ruleId === ruleId)!.message.en;

  it('one image is singular, two are plural, in each finding that counts them', () => {
    assert.match(en(images(1, { modality: 'MR' }), 'A14-modality'), /^1 image has Modality MR;/);
    assert.match(en(images(2, { modality: 'MR' }), 'A14-modality'), /^2 images have Modality MR;/);
    assert.match(en(images(2, { modality: '' }), 'A14-modality'), /^2 images have no Modality \(0008,0060\);/);
    assert.match(en(images(1, { kind: 'jpeg', modality: undefined }), 'A14-jpeg-not-allowed'), /^1 JPG image, but order 33070B/);
    assert.match(en(images(2, { kind: 'jpeg', modality: undefined }), 'A14-jpeg-not-allowed'), /^2 JPG images, but order 33070B/);
    assert.match(en(images(2, { studyDate: '20251124' }), 'A14-study-date'), /^2 images have Study Date 2025-11-24;/);
    assert.match(en(images(1, { birthDate: '19750312' }), 'A14-birth-date'), /^1 image has Patient's Birth Date 1975-03-12;/);
    assert.match(en(images(2, { birthDate: '19750312' }), 'A14-birth-date'), /^2 images have Patient's Birth Date 1975-03-12;/);
    const reports = images(2, { hasPixels: false, studyDate: '20251124' });
    assert.match(en(reports, 'A14-study-date'), /^2 DICOM files have Study Date 2025-11-24;/);
  });
});
