import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import { countsDown } from './statusText';

/**
 * The clock `doc`'s deadlines are read at: the current time when its reference time (nhiImaging.deadlineReferenceTime)
 * is "now", so that the time left counts down between validations; undefined, the server's msLeft as sent, when the
 * setting fixes a time.
 */
export function deadlineClock(doc: vscode.Uri): () => number | undefined {
  const reference = vscode.workspace.getConfiguration(SETTINGS_SECTION, doc).get<unknown>('deadlineReferenceTime', 'now');
  return countsDown(reference) ? () => Date.now() : () => undefined;
}
