// Runs the real bot (`node --import tsx src/main.ts`, Discord via discord.js) against the fake Discord, and
// seeds its DATA_DIR through the real store before it starts. The child process itself is ../bot-process.ts.
import { BotProcess, tmpDataDir as tmpDir } from '../bot-process.ts';
import type { FakeDiscord } from '../../fakes/discord/index.ts';

export { ROOT, seedDemo, withStore } from '../bot-process.ts';

export async function tmpDataDir(): Promise<string> {
  return tmpDir('claimdesk-discord-e2e-');
}

/** The application's credentials and API address on the fake (no guild: commands register globally). */
export function discordApp(fake: FakeDiscord): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  };
}

export class DiscordBot {
  private constructor(private bot: BotProcess) {}

  /**
   * Start the bot and wait until it is in service: identified on the gateway and its slash commands
   * registered (startDiscord registers after READY, then main starts the dispatcher).
   */
  static async start(fake: FakeDiscord, dataDir: string, env: Record<string, string> = {}): Promise<DiscordBot> {
    const identified = fake.identifies.length;
    const registrations = fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands')).length;
    const child = new BotProcess(dataDir, { ...discordApp(fake), DISCORD_GUILD_ID: fake.guild.id, ...env });
    await fake.waitFor(
      () => {
        child.assertRunning();
        const puts = fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands') && c.status === 200).length;
        return fake.identifies.length > identified && puts > registrations;
      },
      'the bot to identify and register its commands',
      30_000,
    );
    // main starts the dispatcher right after startDiscord returns; give it a moment to be wired
    await new Promise((r) => setTimeout(r, 300));
    return new DiscordBot(child);
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
