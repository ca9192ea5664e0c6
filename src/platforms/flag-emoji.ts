// FLAG_EMOJI, as the platforms match it: Discord reports emoji as characters, Slack by name, and people write
// either. One table (characters without the U+FE0F variation selector → Slack's name, plus aliases) so every
// platform matches the same spellings. The core never sees the emoji: a platform hands it only real flags.
const EMOJI_NAMES: Record<string, string> = {
  '🚩': 'triangular_flag_on_post',
  red_flag: 'triangular_flag_on_post',
  '❓': 'question',
  '❗': 'exclamation',
  '⚠': 'warning',
  '👀': 'eyes',
  '🔍': 'mag',
  '🔎': 'mag_right',
  '🧐': 'face_with_monocle',
};

function emojiKey(e: string): string {
  const k = e.trim().replace(/\uFE0F/g, '').replace(/::skin-tone-\d$/, '').replace(/^:|:$/g, '').toLowerCase();
  return EMOJI_NAMES[k] ?? k;
}

/** Is this reaction (a character, or a name with or without colons and skin tone) the configured flag? */
export function isFlagEmoji(emoji: string, configured: string): boolean {
  return !!emoji && emojiKey(emoji) === emojiKey(configured);
}

/** FLAG_EMOJI without surrounding colons, or `fallback` (each platform's own default) when unset or empty. */
export function flagEmojiFrom(env: NodeJS.ProcessEnv, fallback: string): string {
  const v = env.FLAG_EMOJI?.trim().replace(/^:|:$/g, '');
  return v || fallback;
}
