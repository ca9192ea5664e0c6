// The console's own variables: only FLAG_EMOJI (the console runs when no platform of the table is configured).
import { flagEmojiFrom } from '../flag-emoji.ts';

export const CONSOLE_DEFAULT_FLAG = 'triangular_flag_on_post';

export function consoleFlagEmoji(env: NodeJS.ProcessEnv): string {
  return flagEmojiFrom(env, CONSOLE_DEFAULT_FLAG);
}
