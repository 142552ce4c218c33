import { strict as assert } from 'node:assert';
import {
  describeRoc, formatDuration, formatGregorian, formatRoc, formatRocYear, gregorianToRoc, parseRoc, parseRocYear,
  taipeiEpoch, taipeiParts, zeroPadRocCandidates, type RocValue,
} from '../../../server/src/core/roc';

const ok = (v: string, form: Parameters<typeof parseRoc>[1]) => {
  const r = parseRoc(v, form);
  assert.ok(r.ok, `${v} should parse as ${form}`);
  return r as RocValue;
};
const problem = (v: string, form: Parameters<typeof parseRoc>[1]) => {
  const r = parseRoc(v, form);
  assert.ok(!r.ok, `${v} should not parse as ${form}`);
  return (r as { problem: string }).problem;
};

describe('roc: ROC <-> Gregorian', () => {
  it('reads the three-character year, zero-padded, and negative years before ROC 1', () => {
    assert.equal(parseRocYear('115'), 115);
    assert.equal(parseRocYear('099'), 99);
    assert.equal(parseRocYear('-05'), -5);
    assert.ok(Number.isNaN(parseRocYear('000')), 'there is no ROC year 0');
    assert.ok(Number.isNaN(parseRocYear('-00')));
    assert.ok(Number.isNaN(parseRocYear('1a5')));
    assert.equal(ok('-050101', 'YYYMMDD').year, 1907);
    assert.equal(ok('-010101', 'YYYMMDD').year, 1911);
    assert.equal(ok('0010101', 'YYYMMDD').year, 1912);
    assert.equal(ok('1151126', 'YYYMMDD').year, 2026);
  });

  it('writes years back: 2026 -> 115, 1912 -> 001, 1911 -> -01, 1907 -> -05, out of range -> undefined', () => {
    assert.equal(formatRocYear(2026), '115');
    assert.equal(formatRocYear(1912), '001');
    assert.equal(formatRocYear(1911), '-01');
    assert.equal(formatRocYear(1907), '-05');
    assert.equal(formatRocYear(1812), undefined);
    assert.equal(formatRocYear(2911), undefined);
  });

  it('accepts only calendar dates, leap years by the Gregorian year', () => {
    ok('1130229', 'YYYMMDD'); // 2024 is a leap year
    assert.equal(problem('1140229', 'YYYMMDD'), 'day'); // 2025 is not
    ok('0890229', 'YYYMMDD'); // 2000: divisible by 400
    assert.equal(problem('-110229', 'YYYMMDD'), 'day'); // 1900: divisible by 100, not 400
    assert.equal(problem('1140431', 'YYYMMDD'), 'day');
    assert.equal(problem('1141301', 'YYYMMDD'), 'month');
    assert.equal(problem('1140001', 'YYYMMDD'), 'month');
    assert.equal(problem('1140100', 'YYYMMDD'), 'day');
  });

  it('checks hours 00-23, minutes and seconds 00-59, and allows 0000', () => {
    ok('11411252359', 'YYYMMDDHHMM');
    ok('11411250000', 'YYYMMDDHHMM');
    ok('1141125235959', 'YYYMMDDHHMMSS');
    assert.equal(problem('11411252400', 'YYYMMDDHHMM'), 'hour');
    assert.equal(problem('11411251260', 'YYYMMDDHHMM'), 'minute');
    assert.equal(problem('1141125120060', 'YYYMMDDHHMMSS'), 'second');
    assert.equal(problem('1141125', 'YYYMMDDHHMM'), 'length');
    assert.equal(problem('114112509x0', 'YYYMMDDHHMM'), 'digits');
    assert.equal(problem('11411', 'YYYMMDD'), 'length');
  });

  it('maps to the instant in Taipei (UTC+8)', () => {
    const v = ok('11511260930', 'YYYMMDDHHMM');
    assert.equal(new Date(v.epochMs).toISOString(), '2026-11-26T01:30:00.000Z');
    assert.equal(formatRoc(v.epochMs, 'YYYMMDDHHMM'), '11511260930');
    assert.equal(formatRoc(v.epochMs, 'YYYMMDDHHMMSS'), '1151126093000');
    assert.equal(formatRoc(v.epochMs, 'YYYMM'), '11511');
    assert.equal(formatRoc(taipeiEpoch(1907, 3, 4), 'YYYMMDD'), '-050304');
  });

  it('taipeiEpoch and taipeiParts agree with Date over centuries', () => {
    for (let ms = Date.UTC(1813, 0, 1); ms < Date.UTC(2200, 0, 1); ms += 86_400_000 * 37 + 3_600_000 * 7 + 61_000) {
      const p = taipeiParts(ms);
      const d = new Date(ms + 8 * 3600_000);
      assert.deepEqual([p.year, p.month, p.day, p.hour, p.minute, p.weekday], [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCDay()]);
      assert.equal(taipeiEpoch(p.year, p.month, p.day, p.hour, p.minute, p.second), Math.floor(ms / 1000) * 1000);
    }
  });

  it('recognises Gregorian digits where ROC was expected, and zero padding', () => {
    assert.equal(gregorianToRoc('19860312', 'YYYMMDD'), '0750312');
    assert.equal(gregorianToRoc('202511', 'YYYMM'), '11411');
    assert.equal(gregorianToRoc('202511250930', 'YYYMMDDHHMM'), '11411250930');
    assert.equal(gregorianToRoc('19070101', 'YYYMMDD'), '-050101');
    assert.equal(gregorianToRoc('19860230', 'YYYMMDD'), undefined);
    assert.equal(gregorianToRoc('0750312', 'YYYMMDD'), undefined);
  });

  it('reads a value short of one or two zeros every way a part can have lost its zero, the front first', () => {
    const texts = (v: string, form: Parameters<typeof parseRoc>[1]) => zeroPadRocCandidates(v, form).map((c) => c.text);
    assert.deepEqual(texts('750312', 'YYYMMDD'), ['0750312', '7500312']);
    assert.deepEqual(texts('101123', 'YYYMMDD'), ['0101123', '1010123', '1011203']);
    assert.deepEqual(texts('51020', 'YYYMMDD'), ['0051020']);
    assert.deepEqual(texts('1101010830', 'YYYMMDDHHMM'), ['01101010830', '11001010830', '11010010830', '11010100830']);
    assert.deepEqual(texts('1141125', 'YYYMMDD'), []);
    assert.deepEqual(texts('7503', 'YYYMMDD'), [], 'three zeros short');
    assert.deepEqual(texts('75O312', 'YYYMMDD'), [], 'not digits');
  });

  it('formats for hovers: Gregorian with weekday, ROC in words, durations', () => {
    const v = ok('0750312', 'YYYMMDD');
    assert.equal(describeRoc(v, 'YYYMMDD', 'zh-TW'), '民國 75 年 3 月 12 日');
    assert.equal(describeRoc(v, 'YYYMMDD', 'en'), '1986-03-12');
    assert.equal(describeRoc(ok('-050101', 'YYYMMDD'), 'YYYMMDD', 'zh-TW'), '民國前 5 年 1 月 1 日');
    const t = ok('11511260930', 'YYYMMDDHHMM').epochMs;
    assert.equal(formatGregorian(t, 'zh-TW'), '2026-11-26 09:30（週四）');
    assert.equal(formatGregorian(t, 'en'), '2026-11-26 09:30 (Thu)');
    assert.equal(formatDuration(3 * 3600_000, 'en'), '3 h');
    assert.equal(formatDuration(-(3 * 3600_000 + 20 * 60_000), 'zh-TW'), '3 小時 20 分鐘');
    assert.equal(formatDuration(50 * 3600_000, 'en'), '2 d 2 h');
    assert.equal(formatDuration(30_000, 'en'), 'under 1 min');
    assert.equal(formatDuration(-30_000, 'zh-TW'), '不到 1 分鐘');
    assert.equal(formatDuration(60_000, 'en'), '1 min');
  });
});
