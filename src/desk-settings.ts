// The core's settings from the application's configuration (the core itself reads no configuration).
import type { Config } from './config.ts';
import type { DeskSettings } from './core/desk.ts';

export function settingsFromConfig(c: Config): DeskSettings {
  return { editors: c.editors, digestTz: c.digestTz, org: c.org };
}
