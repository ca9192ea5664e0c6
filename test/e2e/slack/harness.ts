// Runs the real bot (`node --import tsx src/main.ts`, Slack over HTTP) against the fake Slack, and seeds its
// DATA_DIR through the real store before it starts. The child process itself is ../bot-process.ts.
import { BotProcess, freePort, tmpDataDir as tmpDir } from '../bot-process.ts';
import { SlackSender, waitFor } from '../../fakes/slack/client.ts';
import type { FakeSlack } from '../../fakes/slack/server.ts';

export { ROOT, seedDemo, withStore } from '../bot-process.ts';
export const SECRET = 'e2e-signing-secret-0123456789abcdef';

export async function tmpDataDir(): Promise<string> {
  return tmpDir('claimdesk-slack-e2e-');
}

export class SlackBot {
  private constructor(
    private bot: BotProcess,
    readonly port: number,
    readonly sender: SlackSender,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Start the bot on a free port and wait until it answers /healthz. */
  static async start(fake: FakeSlack, dataDir: string, env: Record<string, string> = {}): Promise<SlackBot> {
    const port = await freePort();
    const child = new BotProcess(dataDir, {
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      EDITORS: 'slack:UEDITOR',
      ...env,
    });
    const bot = new SlackBot(child, port, new SlackSender(`http://127.0.0.1:${port}`, SECRET, fake));
    await waitFor(
      async () => {
        child.assertRunning();
        const res = await fetch(`${bot.url}/healthz`).catch(() => undefined);
        return res?.status === 200;
      },
      20_000,
      'the bot to answer /healthz',
    );
    return bot;
  }

  /** Fails at once, with what the bot printed, if the bot process has exited. */
  assertRunning(): void {
    this.bot.assertRunning();
  }

  /** Everything the bot process printed so far. */
  get output(): string {
    return this.bot.output;
  }

  /** kill -9 (a host dying); resolves once the process is gone. */
  kill(): Promise<void> {
    return this.bot.kill();
  }

  /** SIGTERM, as a supervisor would; resolves with the exit code. */
  stop(): Promise<number | null> {
    return this.bot.stop();
  }
}
