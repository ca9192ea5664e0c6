// Who may edit. The platforms decide with this and pass the answer in ctx.user.isEditor; commands/index.ts
// enforces it for every editorOnly command.
import type { DeskSettings } from './desk.ts';
import type { PlatformName } from './types.ts';

export interface EditorCheck {
  platform: PlatformName;
  /** the platform's user id (not the key) */
  userId: string;
  /** Discord: names of the member's roles */
  roles?: string[];
}

/** Console user: always. Others: listed in EDITORS (`slack:U1`, `discord:42`), or holding the Discord editor role. */
export function isEditor(settings: DeskSettings, who: EditorCheck): boolean {
  if (who.platform === 'console') return true;
  if (settings.editors.has(`${who.platform}:${who.userId}`)) return true;
  if (who.platform === 'discord' && who.roles) {
    const role = settings.discordEditorRole.toLowerCase();
    return who.roles.some((r) => r.toLowerCase() === role);
  }
  return false;
}
