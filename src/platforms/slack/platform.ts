// Slack's row in the platform table: its config and how to start it (Bolt is imported only then).
import type { Platform } from '../../core/platform.ts';
import { slackConfig, slackIncomplete } from './config.ts';

export const SLACK_ID = 'slack';

export const slackPlatform: Platform = {
  id: SLACK_ID,
  label: 'Slack',
  adds:
    'claim cards and alerts carry a status select and Add source / History buttons (editors change a status in a form with ' +
    'the note and the evidence); ⋯ → Flag as claim on any message opens a form to correct who said it; /claim add with ' +
    "nothing after it opens a form; the app's Home tab shows the editor's queue.",
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
