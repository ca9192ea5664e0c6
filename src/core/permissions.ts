// Who may edit. The platform decides (with this list and any rule of its own, such as a role) and passes
// the answer in the Caller; commands/index.ts enforces it for every editorOnly command.
import type { DeskSettings } from './desk.ts';
import type { UserKey } from './types.ts';

/** Listed in EDITORS by user key (`<platform>:<user id>`). */
export function isListedEditor(settings: Pick<DeskSettings, 'editors'>, key: UserKey): boolean {
  return settings.editors.has(key);
}
