// Slack's row in the platform table: its config and how to start it (Bolt is imported only then).
import type { Platform } from '../../core/platform.ts';
import { slackConfig, slackIncomplete } from './config.ts';

export const SLACK_ID = 'slack';

export const slackPlatform: Platform = {
  id: SLACK_ID,
  label: 'Slack',
  incomplete: slackIncomplete,
  configure(env) {
    const config = slackConfig(env);
    if (!config) return undefined;
    return {
      async start(host) {
        const { startSlack } = await import('./index.ts');
        return startSlack(host.desk, config, host.http, host.inbound);
      },
    };
  },
};
