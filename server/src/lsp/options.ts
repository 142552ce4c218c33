import { defaultOptions, type ValidationOptions } from '../core/options';
import type { Lang } from '../core/types';
import { referenceTime, severitiesOf, type Settings } from '../shared/settings';

/** How long validation waits for the client's first settings before going ahead with defaults. */
export const INITIAL_SETTINGS_TIMEOUT_MS = 2000;

/** The core's validation options for one document under the given settings. */
export function optionsFromSettings(settings: Settings, lang: Lang, uri: string, clock: () => number = Date.now): ValidationOptions {
  return defaultOptions({
    now: referenceTime(settings, clock),
    severities: severitiesOf(settings),
    lang,
    fileName: fileNameOf(uri),
  });
}

/** The last path segment of a URI, decoded; undefined for documents without a name (untitled:). */
export function fileNameOf(uri: string): string | undefined {
  if (uri.startsWith('untitled:')) return undefined;
  const last = uri.replace(/[?#].*$/, '').split('/').pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
