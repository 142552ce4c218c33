import { strict as assert } from 'node:assert';
import { MANAGE_TRUST_COMMAND, showRefusal } from '../../../client/src/refusal';

/** Records what the message showed and what ran; the user chooses `choice`. */
function ui(choice?: string) {
  const shown: { message: string; buttons: string[] }[] = [];
  const ran: string[] = [];
  return {
    shown,
    ran,
    show: async (message: string, buttons: string[]) => (shown.push({ message, buttons }), choice),
    executeCommand: async (command: string) => ran.push(command),
  };
}

describe('client: a command that did not run', () => {
  it('offers Manage Workspace Trust in an untrusted workspace, and opens it when chosen', async () => {
    const chosen = ui('管理工作區信任');
    await showRefusal(chosen, '工作區未受信任：不讀取壓縮檔。', false, 'zh-TW');
    assert.deepEqual(chosen.shown, [{ message: '工作區未受信任：不讀取壓縮檔。', buttons: ['管理工作區信任'] }]);
    assert.deepEqual(chosen.ran, [MANAGE_TRUST_COMMAND]);
    const dismissed = ui(undefined);
    await showRefusal(dismissed, 'The workspace is not trusted: archives are not read.', false, 'en');
    assert.deepEqual(dismissed.shown[0].buttons, ['Manage Workspace Trust']);
    assert.deepEqual(dismissed.ran, []);
  });

  it('offers nothing in a trusted workspace', async () => {
    const trusted = ui();
    await showRefusal(trusted, 'Open an upload CSV file first.', true, 'en');
    assert.deepEqual(trusted.shown, [{ message: 'Open an upload CSV file first.', buttons: [] }]);
    assert.deepEqual(trusted.ran, []);
  });
});
