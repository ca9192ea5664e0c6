// The Slack platform (@slack/bolt). STUB until the Slack work lands.
import type { Desk, PlatformRuntime } from '../../core/desk.ts';
import type { Config } from '../../config.ts';

export async function startSlack(desk: Desk, config: NonNullable<Config['slack']>): Promise<PlatformRuntime> {
  void desk; void config;
  throw new Error('Slack platform not implemented yet');
}
