import { say } from '../core/i18n';
import type { Lang } from '../core/types';

/**
 * Why a request that reads from disk is refused in an untrusted workspace, and what lifts the refusal: VS Code's
 * own command that grants trust, named as its palette shows it, then the same request again.
 */
export function untrustedRefusal(lang: Lang, refused: { zh: string; en: string }, again: { zh: string; en: string }): string {
  return say(
    lang,
    `工作區未受信任：${refused.zh}。如信任此資料夾的來源，請執行命令「工作區: 管理工作區信任」並信任此工作區，再${again.zh}。`,
    `The workspace is not trusted: ${refused.en}. If you trust where this folder came from, run "Workspaces: Manage Workspace Trust", trust the workspace and ${again.en}.`,
  );
}
