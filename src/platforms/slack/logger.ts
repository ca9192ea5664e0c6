// Bolt's Logger interface over our pino logger, so Bolt's own messages are structured JSON on stderr too.
import type { Logger as BoltLogger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

const toText = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');

export function boltLogger(log: Logger): BoltLogger {
  let child = log.child({ platform: 'slack' });
  return {
    debug: (...msg: unknown[]) => child.debug(toText(msg)),
    info: (...msg: unknown[]) => child.info(toText(msg)),
    warn: (...msg: unknown[]) => child.warn(toText(msg)),
    error: (...msg: unknown[]) => child.error(toText(msg)),
    // the level is pino's (LOG_LEVEL); Bolt asks for it to skip work it would not log
    setLevel: () => {},
    getLevel: () => {
      const l = log.level;
      return l === 'debug' || l === 'trace' ? LogLevel.DEBUG : l === 'info' ? LogLevel.INFO : l === 'warn' ? LogLevel.WARN : LogLevel.ERROR;
    },
    setName: (name: string) => {
      child = log.child({ platform: 'slack', component: name });
    },
  };
}
