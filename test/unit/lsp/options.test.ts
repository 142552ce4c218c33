import { strict as assert } from 'node:assert';
import { optionsFromSettings } from '../../../server/src/lsp/options';
import { normalizeSettings } from '../../../server/src/shared/settings';

/** The severities a document is validated with, as the settings' descriptions tell them. */
const severitiesOf = (raw: unknown) => optionsFromSettings(normalizeSettings(raw), 'en', 'file:///b/3501200000_20261125_001.csv').severities;

describe('lsp/options: severities from the settings', () => {
  it('nhiImaging.idChecksumSeverity sets F08-checksum (a warning by default); an F08-checksum entry of nhiImaging.severity takes precedence', () => {
    assert.equal(severitiesOf({})['F08-checksum'], 'warning');
    assert.equal(severitiesOf({ idChecksumSeverity: 'error' })['F08-checksum'], 'error');
    assert.equal(severitiesOf({ idChecksumSeverity: 'error', severity: { 'F08-checksum': 'off' } })['F08-checksum'], 'off');
  });

  it('leaves F08-pattern alone, whatever idChecksumSeverity says', () => {
    assert.equal(severitiesOf({ idChecksumSeverity: 'off' })['F08-pattern'], undefined);
  });
});
