import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allRules, defaultOptions, parseCsv, EXAMPLE_FILE_NAME, EXAMPLE_NOW, exampleText, FIELDS, ORDER_CODES, RULES, validateText,
  CT_MRI_SITES, DENTAL_TEETH, VISIT_TYPES, CARE_CATEGORIES, registerRules, unregisterRules, type CatalogueRule, type Finding,
} from '../../../server/src/core/index';
import { renderRulesDoc } from '../../../server/src/core/spec/rules-doc';
import { CSV_INPUT_RULES } from '../../../server/src/core/csv/rules';
import { ARCHIVE_RULES } from '../../../server/src/core/archive/rules';
import { BUILD_RULES } from '../../../server/src/core/build/rules';

function run(rule: CatalogueRule, value: string): { findings: Finding[]; text: string } {
  const options = defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME });
  switch (rule.exampleKind) {
    case 'field': {
      const field = rule.exampleField ?? rule.field!;
      const text = exampleText({ [field]: value });
      return { text, findings: validateText(text, options).findings };
    }
    case 'text':
      return { text: value, findings: validateText(value, options).findings };
    case 'file-name':
      return { text: exampleText({}), findings: validateText(exampleText({}), { ...options, fileName: value }).findings };
    default:
      throw new Error(`example kind ${rule.exampleKind} cannot be run`);
  }
}

describe('spec: tables', () => {
  it('has the 17 fields of Table 2 in order, with bilingual names and lengths', () => {
    assert.equal(FIELDS.length, 17);
    FIELDS.forEach((f, i) => {
      assert.equal(f.number, i + 1);
      assert.ok(f.name['zh-TW'] && f.name.en && f.explanation['zh-TW'] && f.explanation.en);
    });
    assert.deepEqual(FIELDS.map((f) => f.maxLength), [10, 2, 5, 13, 2, 4, 1, 10, 7, 12, 6, 11, 18, 30, 7, 1, 11]);
  });

  it('has the 37 order codes of Table 1, items 1..37, unique', () => {
    assert.equal(ORDER_CODES.length, 37);
    assert.deepEqual(ORDER_CODES.map((o) => o.item), Array.from({ length: 37 }, (_, i) => i + 1));
    assert.equal(new Set(ORDER_CODES.map((o) => o.code)).size, 37);
    assert.equal(ORDER_CODES.filter((o) => o.family === 'ultrasound').length, 19);
  });

  it('gives the longest row Table 2 allows: 150 characters of fields and 16 commas', () => {
    const tooLong = CSV_INPUT_RULES.find((r) => r.id === 'FILE-row-too-long')!;
    assert.match(tooLong.section, /at most 166 characters/);
    assert.match(tooLong.description['zh-TW'], /至多 166 字元/);
    assert.match(tooLong.description.en, /at most 166 characters/);
  });

  it('names the visit types as 表二 序號5 writes them', () => {
    assert.equal(VISIT_TYPES.find((v) => v.code === 'AB')!.name['zh-TW'], '以同一療程之項目屬「非」六次以內治療為限者');
  });

  it('has the code tables of NOTES.md', () => {
    assert.equal(CARE_CATEGORIES.length, 10);
    assert.equal(CT_MRI_SITES.length, 20);
    assert.equal(DENTAL_TEETH.length, 32 + 20);
    assert.deepEqual(VISIT_TYPES.filter((v) => v.postdatesText).map((v) => v.code), ['09', 'AJ', 'AK', 'BG', 'EA']);
  });
});

describe('rule catalogue', () => {
  it('has unique ids, bilingual titles and descriptions, valid fields', () => {
    const ids = allRules().map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id across the registered lists');
    for (const r of RULES) {
      assert.ok(r.title['zh-TW'] && r.title.en && r.description['zh-TW'] && r.description.en, r.id);
      assert.ok(r.field === null || (r.field >= 1 && r.field <= 17), r.id);
      assert.ok(r.section, r.id);
      assert.match(r.id, /^[A-Za-z0-9-]+$/);
    }
  });

  it('cites the file-name paragraph 四、(二)1.(1)C only for rules about the file name', () => {
    const citing = RULES.filter((r) => r.section.includes('四、(二)1.(1)C')).map((r) => r.id);
    assert.deepEqual(citing.filter((id) => !id.startsWith('FILE-')), []);
  });

  it('cites the paragraph of the text that states each archive and re-send rule', () => {
    const section = (id: string) => [...ARCHIVE_RULES, ...BUILD_RULES].find((r) => r.id === id)!.section;
    // 四、(二)1.(1) is the CSV text file; the file class of an archive is (2)E(a), the JPG orders (2)B.
    assert.equal(section('DRAFT-mixed-kinds'), '四、(二)1.(2)E(a)');
    assert.equal(section('DRAFT-jpg-not-allowed'), '四、(二)1.(2)B');
    assert.match(section('A14-att-not-jpeg'), /^四、\(二\)1\.\(2\)E\(a\)/);
    // 五: a re-sent record's text must be identical to the original.
    assert.equal(section('LEDGER-resend-differs'), '五');
    // The preamble, "DICM" and the meta group are PS3.10 §7.1, the DICOM file format; §8 is the file service.
    assert.match(section('A14-dicom-part10'), /PS3\.10 §7\.1$/);
    assert.match(section('A14-dicom-meta'), /PS3\.10 §7\.1$/);
  });

  it('cites the NOTES decision for rules the text does not state (表二 only gives the forms of these fields)', () => {
    for (const id of ['X09-birth-after-exam', 'X15-newborn-after-exam', 'X17-before-exam', 'X13-body-site-not-allowed']) {
      assert.match(RULES.find((r) => r.id === id)!.section, /NOTES decision/, id);
    }
  });

  it('merges registered lists', () => {
    const extra = [{ ...RULES[0], id: 'TEST-extra-rule' }];
    registerRules(extra);
    assert.ok(allRules().some((r) => r.id === 'TEST-extra-rule'));
    registerRules(extra);
    assert.equal(allRules().filter((r) => r.id === 'TEST-extra-rule').length, 1);
    unregisterRules(extra);
    assert.ok(!allRules().some((r) => r.id === 'TEST-extra-rule'));
  });

  it('orders the registered lists without a locale collator (its start-up would delay the first row of an open)', () => {
    const extra = [{ ...RULES[0], id: 'TEST-extra-rule' }];
    const localeCompare = String.prototype.localeCompare;
    let calls = 0;
    String.prototype.localeCompare = function (this: string, ...args: Parameters<typeof localeCompare>) {
      calls++;
      return localeCompare.apply(this, args);
    };
    try {
      registerRules(extra);
      const ids = allRules().map((r) => r.id);
      assert.equal(calls, 0);
      assert.ok(ids.indexOf('TEST-extra-rule') > ids.indexOf(RULES[RULES.length - 1].id));
    } finally {
      String.prototype.localeCompare = localeCompare;
      unregisterRules(extra);
    }
  });

  for (const rule of RULES) {
    if (rule.exampleKind === 'external') continue;
    it(`${rule.id}: the bad example fires it, on the right cell, and the good one does not`, () => {
      const bad = run(rule, rule.example.bad);
      const hits = bad.findings.filter((f) => f.ruleId === rule.id);
      assert.ok(hits.length > 0, `${rule.id} did not fire on ${JSON.stringify(rule.example.bad)}: ${bad.findings.map((f) => f.ruleId).join(', ')}`);
      const rows = parseCsv(bad.text).rows;
      for (const f of hits) {
        assert.equal(f.severity, rule.defaultSeverity);
        assert.ok(f.message['zh-TW'] && f.message.en);
        if (rule.field !== null && f.row !== null) assert.equal(f.field, rule.field);
        if (f.row !== null && f.field !== null) {
          assert.deepEqual(f.range, rows[f.row].cells[f.field - 1].range, `${rule.id} range is not the cell's`);
        } else if (f.row !== null && rule.id !== 'CSV-syntax') {
          assert.deepEqual(f.range, rows[f.row].range, `${rule.id} range is not the row's`);
        }
      }
      const good = run(rule, rule.example.good);
      const still = good.findings.filter((f) => f.ruleId === rule.id);
      assert.equal(still.length, 0, `${rule.id} fired on the good example: ${still.map((f) => f.message.en).join('; ')}`);
    });
  }
});

describe('docs/rules.md', () => {
  it('is what the catalogue generates (run npm run docs:rules after changing rules)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');
    assert.equal(committed, renderRulesDoc(allRules()));
  });

  it('has one section per rule, anchored by the lower-cased id', () => {
    const doc = renderRulesDoc(RULES);
    for (const r of RULES) {
      assert.ok(doc.includes(`\n## ${r.id}\n`), r.id);
      assert.ok(doc.includes(`(#${r.id.toLowerCase()})`), r.id);
    }
  });
});
