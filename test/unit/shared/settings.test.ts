import { strict as assert } from 'node:assert';
import { normalizeSettings, referenceTime, resolveLanguage } from '../../../server/src/shared/settings';

describe('deadlineReferenceTime setting', () => {
  const clock = () => 0;
  const at = (deadlineReferenceTime: string) => referenceTime(normalizeSettings({ deadlineReferenceTime }), clock);

  it('reads a time without a zone as Taiwan time (UTC+8), as the CSV and the CLI\'s --now do', () => {
    assert.equal(at('2026-11-25T09:00'), Date.parse('2026-11-25T01:00:00Z'));
    assert.equal(at('2026-11-25 09:00:30'), Date.parse('2026-11-25T01:00:30Z'));
    assert.equal(at('2026-11-25'), Date.parse('2026-11-24T16:00:00Z'));
  });

  it('keeps the zone a time states', () => {
    assert.equal(at('2026-11-25T09:00:00+08:00'), Date.parse('2026-11-25T01:00:00Z'));
    assert.equal(at('2026-11-25T01:00Z'), Date.parse('2026-11-25T01:00:00Z'));
  });

  it('takes "now" from the clock, also for a value that is no time', () => {
    assert.equal(at('now'), 0);
    assert.equal(at('soon'), 0);
  });
});

describe('language setting', () => {
  it('auto takes the client\'s locale, Chinese for zh*, else English, and Chinese when the client sends none', () => {
    assert.equal(resolveLanguage('auto', 'zh-tw'), 'zh-TW');
    assert.equal(resolveLanguage('auto', 'zh-CN'), 'zh-TW');
    assert.equal(resolveLanguage('auto', 'en-US'), 'en');
    assert.equal(resolveLanguage('auto', 'ja'), 'en');
    assert.equal(resolveLanguage('auto', undefined), 'zh-TW');
  });

  it('a language set wins over the locale', () => {
    assert.equal(resolveLanguage('en', 'zh-tw'), 'en');
    assert.equal(resolveLanguage('zh-TW', undefined), 'zh-TW');
  });

  it('a value settings.json holds outside the list (the client reads it unchecked) is taken as auto', () => {
    for (const odd of ['fr', 'zh-tw', 'EN', '', 1, null, undefined, {}]) {
      assert.equal(resolveLanguage(odd, 'en-US'), 'en', String(odd));
      assert.equal(resolveLanguage(odd, 'zh-tw'), 'zh-TW', String(odd));
    }
  });
});

describe('buildCompressionLevel setting', () => {
  it('takes 0, 1, 3 or 5, and store (0) for anything else or nothing', () => {
    for (const level of [0, 1, 3, 5]) assert.equal(normalizeSettings({ buildCompressionLevel: level }).buildCompressionLevel, level);
    for (const other of [2, 9, -1, 1.5, '1', null, undefined]) assert.equal(normalizeSettings({ buildCompressionLevel: other }).buildCompressionLevel, 0, String(other));
    assert.equal(normalizeSettings(null).buildCompressionLevel, 0);
  });
});

describe('counts: maxDiagnostics and maxDocumentSymbols', () => {
  it('take a whole number (a fraction rounded down, a number written as text read) and the default for anything else', () => {
    assert.equal(normalizeSettings({ maxDiagnostics: 20 }).maxDiagnostics, 20);
    assert.equal(normalizeSettings({ maxDiagnostics: '20' }).maxDiagnostics, 20);
    assert.equal(normalizeSettings({ maxDocumentSymbols: 12.7 }).maxDocumentSymbols, 12);
    assert.equal(normalizeSettings({ maxDocumentSymbols: 0 }).maxDocumentSymbols, 0, 'no row listed');
    for (const odd of [0, -1, '', ' ', 'many', null, true, [5], {}, Infinity]) assert.equal(normalizeSettings({ maxDiagnostics: odd }).maxDiagnostics, 1000, String(odd));
    for (const odd of [-1, '', 'many', null, true, [5], Infinity]) assert.equal(normalizeSettings({ maxDocumentSymbols: odd }).maxDocumentSymbols, 5000, String(odd));
  });
});
