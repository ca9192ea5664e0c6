// The Slack platform: a thin @slack/bolt adapter over the core. HTTP mode (POST /slack/events, verified by
// Bolt, GET /healthz) or Socket Mode when an app token is set. Commands, flag reactions, card actions and
// forms → the core's inbound port, and a DeliveryPort the dispatcher posts alerts, digests and flag answers through.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { GROUPS } from '../../../commands/registry.ts';
import { createInbound } from '../../../commands/inbound.ts';
import type { Desk } from '../../core/desk.ts';
import type { SharedHttp } from '../../core/platform.ts';
import type { DeliveryPort, Inbound, PlatformRuntime } from '../../core/ports.ts';
import { SLACK_DEFAULT_FLAG, type SlackConfig } from './config.ts';
import { handleSlash, type SlashCommand } from './commands.ts';
import { guardRequests } from './guard.ts';
import { guardSocket } from './socket-guard.ts';
import { SlackDelivery } from './delivery.ts';
import { boltLogger } from './logger.ts';
import { handleReaction, type ReactionEvent } from './reactions.ts';
import { ThreadRoots } from './threads.ts';
import { registerCardActions } from './actions.ts';
import { registerCardForms } from './views.ts';
import { registerFallbacks } from './fallbacks.ts';
import { newHandled } from './listen.ts';
import { isBareAdd, openAddModal } from './add-modal.ts';
import { registerAddSubmit } from './add-submit.ts';
import { registerActorOptions } from './actor-options.ts';
import { AppHome, registerAppHome } from './app-home.ts';
import { PendingFlags, registerFlagShortcut } from './flag-shortcut.ts';
import { registerFlagSubmit } from './flag-submit.ts';
import { healthBody } from '../../web/health.ts';
import { slackErrorCode } from './open-modal.ts';

export { renderSlack, escapeMrkdwn } from './render.ts';

// the slash commands the app answers, one per command group declared in commands/
const COMMANDS = GROUPS.map((g) => `/${g}`);

/** Bolt's HTTP receiver with the guard (guard.ts) in front of it: only well-formed, verified bodies reach Bolt. */
function guardedReceiver(signingSecret: string, customRoutes: ConstructorParameters<typeof HTTPReceiver>[0]['customRoutes'], log: Logger): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret,
    customRoutes,
    logger: boltLogger(log),
    // ack() answers at once; commands that take long answer later through response_url (commands.ts)
    processBeforeResponse: false,
  });
  receiver.requestListener = guardRequests(receiver.requestListener, { signingSecret, commands: COMMANDS, log });
  return receiver;
}

/** Bolt's Socket Mode receiver with socket-guard.ts in front of its client's frame handler. */
function guardedSocketReceiver(config: SlackConfig, customRoutes: ConstructorParameters<typeof SocketModeReceiver>[0]['customRoutes'], log: Logger): SocketModeReceiver {
  const receiver = new SocketModeReceiver({
    appToken: config.appToken!,
    logger: boltLogger(log),
    // the Socket Mode client takes its Web API options (apps.connections.open) from installerOptions only;
    // the port serves /healthz when there is no shared server
    installerOptions: { port: config.port, clientOptions: { slackApiUrl: config.apiUrl } },
    customRoutes,
  });
  guardSocket(receiver.client, COMMANDS, log);
  return receiver;
}

export interface SlackRuntime extends PlatformRuntime {
  readonly delivery: DeliveryPort;
  /** the HTTP port actually listened on (PORT=0 picks a free one); undefined in Socket Mode without routes */
  readonly port?: number;
  readonly botUserId: string;
  readonly teamId: string;
}

/** The HTTP server on PORT that already runs (the public pages, src/web): Slack over HTTP mounts its receiver there. */
export type { SharedHttp };

export async function startSlack(desk: Desk, config: SlackConfig, shared?: SharedHttp, inbound: Inbound = createInbound(desk)): Promise<SlackRuntime> {
  const log = desk.log.child({ platform: 'slack' });
  // the WebClient appends method names to the base: `…/api` would become `…/apiauth.test`
  config = { ...config, apiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` };
  const socketMode = Boolean(config.appToken);
  if (!socketMode && !config.signingSecret) throw new Error('Slack over HTTP needs SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');

  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: { writeHead(s: number, h: Record<string, string>): void; end(b: string): void }) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(healthBody(null)); // only without PUBLIC_URL: the pages' server answers /healthz otherwise
    },
  };
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: 10_000,
  };
  // Who we are, checked before Bolt starts (Bolt would otherwise call auth.test itself and crash the process
  // with an unhandled rejection when the token is wrong).
  const who = await new webApi.WebClient(config.botToken, { ...clientOptions, logger: boltLogger(log) }).auth.test().catch((err: unknown) => {
    const code = slackErrorCode(err);
    throw new Error(
      code
        ? `Slack refused SLACK_BOT_TOKEN (auth.test: ${code}); check the Bot User OAuth Token (xoxb-…)`
        : `cannot reach the Slack Web API at ${config.apiUrl} (${err instanceof Error ? err.message : String(err)}); check SLACK_API_URL and the network`,
    );
  });
  // Over HTTP every request passes the guard before Bolt sees it. With a shared server (the public pages) Bolt
  // does not listen itself: the guarded receiver answers /slack/events and /healthz there. In Socket Mode the
  // shared server serves /healthz, so Bolt opens no HTTP port at all.
  const receiver = socketMode ? undefined : guardedReceiver(config.signingSecret!, [healthz], log);
  const mounted = Boolean(shared && receiver);
  // Socket Mode: every frame on the socket passes socket-guard.ts before the client reads it
  const socketReceiver = socketMode ? guardedSocketReceiver(config, shared ? [] : [healthz], log) : undefined;
  const app = new App({
    token: config.botToken,
    botId: String(who.bot_id ?? ''),
    botUserId: String(who.user_id ?? ''),
    ...(socketReceiver ? { socketMode: true, receiver: socketReceiver } : { receiver }),
    logger: boltLogger(log),
    clientOptions,
  });
  // Delivery gets its own client without retries: the outbox owns retrying, with the Retry-After Slack gives.
  const deliveryClient = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: boltLogger(log),
  });

  const botUserId = String(who.user_id ?? '');
  const teamId = String(who.team_id ?? '');
  const threadRoots = new ThreadRoots();
  const channelNames = new Map<string, string>();

  const flagDeps = { inbound, client: app.client, log, botUserId, botId: who.bot_id as string | undefined, botName: who.user as string | undefined, threadRoots, channelNames };
  for (const name of COMMANDS) {
    app.command(name, async ({ command, ack, respond }) => {
      const cmd = command as unknown as SlashCommand;
      if (cmd.channel_name && !['directmessage', 'privategroup'].includes(cmd.channel_name)) channelNames.set(cmd.channel_id, `#${cmd.channel_name}`);
      if (isBareAdd(cmd)) return openAddModal({ inbound, client: app.client, log }, cmd, ack as never, respond as never);
      await handleSlash(desk, log, cmd, ack as never, respond as never, undefined, inbound);
    });
  }

  app.event('reaction_added', async ({ event, body }) => {
    try {
      const team = (body as { team_id?: string }).team_id ?? teamId;
      await handleReaction({ ...flagDeps, flagEmoji: config.flagEmoji ?? SLACK_DEFAULT_FLAG }, team, event as unknown as ReactionEvent);
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not flag the message');
    }
  });

  // buttons, selects and modals on claim cards and alerts; whatever no listener serves is answered by the fallbacks
  const handled = newHandled();
  const interactive = { desk, inbound, client: app.client, log, apiUrl: config.apiUrl };
  registerCardActions(app, handled, interactive);
  registerCardForms(app, handled, interactive);
  // Flag as claim, the add modal, actor suggestions, App Home
  const flagShortcut = { ...flagDeps, teamId, apiUrl: config.apiUrl, pending: new PendingFlags() };
  registerFlagShortcut(app, handled, flagShortcut);
  registerFlagSubmit(app, handled, flagShortcut);
  registerAddSubmit(app, handled, { ...interactive, teamId });
  registerActorOptions(app, handled, { desk, inbound, log });
  const home = new AppHome({ desk, inbound, client: app.client, log });
  registerAppHome(app, home);
  registerFallbacks(app, handled, interactive);

  app.error(async (err) => {
    log.error({ err: err.message, code: err.code }, 'slack listener error');
  });

  if (mounted) shared!.mount(receiver!.requestListener);
  const started = mounted ? undefined : ((await app.start(config.port).catch((err: unknown) => {
    const code = (err as { code?: string }).code;
    throw new Error(
      code === 'EADDRINUSE' ? `PORT ${config.port} is already in use; set PORT to a free port` : `Slack could not start: ${err instanceof Error ? err.message : String(err)}`,
    );
  })) as unknown);
  const server = socketMode ? undefined : (started as Server | undefined);
  const address = server?.address() as AddressInfo | null | undefined;
  const port = address?.port ?? (socketMode && !shared ? config.port : undefined);
  log.info({ mode: socketMode ? 'socket' : 'http', port, botUserId, teamId }, 'slack connected');

  return {
    delivery: new SlackDelivery(deliveryClient, log, threadRoots),
    port,
    botUserId,
    teamId,
    async stop() {
      home.stop();
      // a mounted receiver never listened; the shared server is closed by its owner
      if (!mounted) await app.stop();
    },
  };
}
