// The Discord platform (discord.js). STUB until the Discord work lands.
import type { Desk, PlatformRuntime } from '../../core/desk.ts';
import type { Config } from '../../config.ts';

export async function startDiscord(desk: Desk, config: NonNullable<Config['discord']>): Promise<PlatformRuntime> {
  void desk; void config;
  throw new Error('Discord platform not implemented yet');
}
