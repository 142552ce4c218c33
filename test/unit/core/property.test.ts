import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  BatchValidator, CrossRowIndex, defaultOptions, rowDeadline, validateFileLevel, validateRow, validateText,
  parseRoc, formatRoc, type CsvModel, type Finding, type Range,
} from '../../../server/src/core/index';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validCsv } from '../../fixtures/rows';

const options = defaultOptions({ now: FIXTURE_NOW, fileName: FIXTURE_FILE_NAME });

/** Every range inside the text's lines, start before end; every finding well-formed. */
function assertWellFormed(text: string, model: CsvModel, findings: Finding[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  const within = (r: Range) => {
    for (const p of [r.start, r.end]) {
      assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length, `line ${p.line} of ${lines.length}`);
      assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= lines[p.line].length, `character ${p.character} on line ${p.line}`);
    }
    assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), 'start after end');
  };
  for (const f of findings) {
    within(f.range);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity));
    assert.ok(f.field === null || (f.field >= 1 && f.field <= 17));
    assert.ok(f.row === null || (f.row >= 0 && f.row < model.rows.length));
    assert.ok(typeof f.message['zh-TW'] === 'string' && f.message['zh-TW'].length > 0 && f.message.en.length > 0);
    assert.notEqual(f.ruleId, 'INTERNAL', f.message.en);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) within(e.range);
  }
}

const csvChars = fc.constantFrom(',', '"', '\r', '\n', ' ', 'A', '1', '0', '9', '-', '.', '_', '/', '\\', '\uFEFF', '\u3000', 'Ａ', '１', '日', '\u0000', '\t', '7z', 'CAB', 'DCF', 'ATT');
const csvText = fc.array(csvChars, { maxLength: 300 }).map((a) => a.join(''));

/** A valid file with random edits: insert, delete or replace stretches of text. */
const editedValid = fc.tuple(
  fc.integer({ min: 0, max: 25 }),
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(csvText, fc.string({ maxLength: 20 }))), { maxLength: 8 }),
).map(([n, edits]) => {
  let t = validCsv(n);
  for (const [at, del, ins] of edits) {
    const i = t.length ? at % (t.length + 1) : 0;
    t = t.slice(0, i) + ins + t.slice(i + del);
  }
  return t;
});

describe('property: nothing throws, every range is well-formed', () => {
  it('parseCsv and validateText on random CSV-ish text', () => {
    fc.assert(fc.property(csvText, (text) => {
      const r = validateText(text, options);
      assertWellFormed(text, r.model, r.findings);
    }), { numRuns: 400 });
  });

  it('validateText on random Unicode strings and random bytes decoded as latin1/UTF-8', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8')), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'))), (text) => {
      const r = validateText(text, options);
      assertWellFormed(text, r.model, r.findings);
    }), { numRuns: 300 });
  });

  it('random edits of valid files: validateText, validateRow, the index, the streaming validator', () => {
    fc.assert(fc.property(editedValid, fc.constantFrom('3501200000_20251125_001.csv', 'bad name.csv', undefined), (text, fileName) => {
      const o = { ...options, fileName };
      const r = validateText(text, o);
      assertWellFormed(text, r.model, r.findings);
      const index = new CrossRowIndex();
      const batch = new BatchValidator(o, { streaming: true });
      for (const row of r.model.rows) {
        assertWellFormed(text, r.model, validateRow(row, o));
        batch.addRow(row);
        index.add(row);
        rowDeadline(row);
      }
      for (const row of r.model.rows.filter((_, i) => i % 2)) index.remove(row);
      assertWellFormed(text, r.model, index.findings(o));
      assertWellFormed(text, r.model, batch.finish({ bom: r.model.bom, lineCount: r.model.lineCount }));
      assertWellFormed(text, r.model, validateFileLevel({ fileName, bom: r.model.bom, rowCount: r.model.rows.length, firstRow: r.model.rows[0], lineCount: r.model.lineCount }, o));
    }), { numRuns: 300 });
  });

  it('random severity settings never throw and off always removes', () => {
    const text = validCsv(5) + 'x,y\n';
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('F-required', 'DEADLINE', 'DEADLINE-missed', 'ROW-columns', 'F01-format', 'unknown-rule'), fc.constantFrom('error', 'warning', 'information', 'hint', 'off') as fc.Arbitrary<'off'>), (severities) => {
      const r = validateText(text, { ...options, severities });
      for (const f of r.findings) {
        assert.notEqual(severities[f.ruleId], 'off');
        if (severities[f.ruleId]) assert.equal(f.severity, severities[f.ruleId]);
      }
    }), { numRuns: 100 });
  });

  it('parseRoc never throws and accepts only what formats back identically', () => {
    fc.assert(fc.property(fc.string({ maxLength: 14 }), fc.constantFrom('YYYMM', 'YYYMMDD', 'YYYMMDDHHMM', 'YYYMMDDHHMMSS') as fc.Arbitrary<'YYYMM'>, (s, form) => {
      parseRoc(s, form);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.stringMatching(/^(-\d\d|\d{3})\d{10}$/), (s) => {
      const r = parseRoc(s, 'YYYMMDDHHMMSS');
      if (r.ok) assert.equal(formatRoc(r.epochMs, 'YYYMMDDHHMMSS'), s);
    }), { numRuns: 2000 });
  });
});
