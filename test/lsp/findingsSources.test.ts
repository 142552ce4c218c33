import * as assert from 'node:assert/strict';
import { FindingsSources } from '../../server/src/lsp/findingsSources';
import type { Finding } from '../../server/src/core/types';

const finding = (ruleId: string): Finding => ({
  ruleId, severity: 'error', field: 14, row: 0, message: { 'zh-TW': ruleId, en: ruleId },
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
});

describe('findings from other sources', () => {
  it('merges sources per document, replaces a source whole, and reports each change', () => {
    const reg = new FindingsSources();
    const changed: string[] = [];
    reg.onDidChange((uri) => changed.push(uri));
    reg.set('a', 'archives', [finding('ARC-1'), finding('ARC-2')]);
    reg.set('a', 'drafts', [finding('DRAFT-1')]);
    reg.set('b', 'archives', [finding('ARC-3')]);
    assert.deepEqual(reg.get('a').map((f) => f.ruleId), ['ARC-1', 'ARC-2', 'DRAFT-1']);
    const v = reg.version('a');
    reg.set('a', 'archives', [finding('ARC-9')]);
    assert.notEqual(reg.version('a'), v);
    assert.deepEqual(reg.get('a').map((f) => f.ruleId), ['ARC-9', 'DRAFT-1']);
    reg.set('a', 'archives', []);
    assert.deepEqual(reg.sourceIds('a'), ['drafts']);
    reg.clear('a');
    assert.deepEqual(reg.get('a'), []);
    assert.deepEqual(reg.get('b').map((f) => f.ruleId), ['ARC-3']);
    assert.deepEqual(changed, ['a', 'a', 'b', 'a', 'a', 'a']);
    reg.set('c', 'x', []);
    assert.equal(changed.length, 6, 'clearing nothing is no change');
  });

  it('a source saying again what it said (a file read again on save) is no change: nothing re-published', () => {
    const reg = new FindingsSources();
    const changed: string[] = [];
    reg.onDidChange((uri) => changed.push(uri));
    reg.set('a', 'stored-encoding', [finding('FILE-bom')]);
    const v = reg.version('a');
    reg.set('a', 'stored-encoding', [finding('FILE-bom')]);
    assert.deepEqual(changed, ['a']);
    assert.equal(reg.version('a'), v);
    reg.set('a', 'stored-encoding', [{ ...finding('FILE-bom'), severity: 'warning' }]);
    assert.deepEqual(changed, ['a', 'a'], 'a finding that changed is a change');
  });

  it('a source that says its list changed is re-published without the lists being compared', () => {
    const reg = new FindingsSources();
    let published = 0;
    reg.onDidChange(() => published++);
    let reads = 0;
    const counted = <T extends object>(list: T): T => new Proxy(list, { get: (t, k, r) => (reads++, Reflect.get(t, k, r)) });
    reg.set('a', 'archives', counted([finding('ARC-1'), finding('ARC-2')]));
    reads = 0;
    reg.set('a', 'archives', [finding('ARC-1'), finding('ARC-2')], true);
    assert.equal(reads, 0, 'the list before is not read');
    assert.equal(published, 2);
    reg.set('a', 'archives', [finding('ARC-1'), finding('ARC-2')]);
    assert.equal(published, 2, 'the same list without the flag is compared, and no change');
  });
});
