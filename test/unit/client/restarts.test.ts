import { strict as assert } from 'node:assert';
import type { LanguageClient } from 'vscode-languageclient/node';
import { restartOnce, restartUnderWay } from '../../../client/src/restarts';

const client = () => ({}) as LanguageClient;

describe('client: Restart Language Server', () => {
  it('runs one restart at a time per client, which commands can wait for until it ends', async () => {
    const a = client();
    let runs = 0;
    let finish!: () => void;
    const restart = () => {
      runs++;
      return new Promise<void>((resolve) => (finish = resolve));
    };
    assert.equal(restartUnderWay(a), undefined);
    const first = restartOnce(a, restart);
    const second = restartOnce(a, restart);
    assert.equal(second, first, 'the second asked for meanwhile is the first');
    assert.equal(restartUnderWay(a), first);
    assert.equal(restartUnderWay(client()), undefined, 'another client restarts on its own');
    assert.equal(runs, 1);
    finish();
    await first;
    assert.equal(restartUnderWay(a), undefined);
    const third = restartOnce(a, restart);
    assert.notEqual(third, first, 'a restart asked for after the first ended runs again');
    assert.equal(runs, 2);
    finish();
    await third;
  });
});
