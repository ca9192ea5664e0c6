// The platform table: every chat platform the bot can run, one row each (src/core/platform.ts says what a row
// is). src/main.ts starts every row whose variables are set; with none, the console runs. A new platform is a
// folder under src/platforms/ and one row here (docs/platforms.md). Rows stay light: SDKs load in start().
import type { Platform } from '../core/platform.ts';
import { discordPlatform } from './discord/platform.ts';
import { slackPlatform } from './slack/platform.ts';

export const PLATFORMS: readonly Platform[] = [slackPlatform, discordPlatform];

/** What each platform adds beyond the typed commands, for /claim help (DeskSettings.helpNotes). */
export function platformNotes(rows: readonly Platform[] = PLATFORMS): string[] {
  return rows.flatMap((p) => (p.adds ? [`On ${p.label}: ${p.adds}`] : []));
}
