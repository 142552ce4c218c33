import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLIENT_SRC = join(__dirname, '..', '..', '..', 'client', 'src');

/** Every `.onNotification(METHOD, …)` in the extension's sources, as `file: METHOD`. */
function notificationHandlers(): { file: string; method: string }[] {
  const found: { file: string; method: string }[] = [];
  for (const file of readdirSync(CLIENT_SRC, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(CLIENT_SRC, file), 'utf8');
    for (const m of text.matchAll(/\.onNotification\(\s*([A-Za-z_.$'"/]+)/g)) found.push({ file, method: m[1] });
  }
  return found;
}

describe('extension: server notifications', () => {
  it('has one handler per notification method: a language client keeps the last one registered, silencing the others', () => {
    const handlers = notificationHandlers();
    assert.ok(handlers.some((h) => h.method === 'STATUS_NOTIFICATION'), JSON.stringify(handlers));
    const byMethod = new Map<string, string[]>();
    for (const h of handlers) byMethod.set(h.method, [...(byMethod.get(h.method) ?? []), h.file]);
    const twice = [...byMethod].filter(([, files]) => files.length > 1);
    assert.deepEqual(twice, [], 'features that follow one notification share its one handler (FeatureContext.statuses)');
  });
});
