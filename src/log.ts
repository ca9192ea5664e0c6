// Logs go to stderr (stdout belongs to the console platform); secrets are redacted.
// Off a terminal: structured JSON lines at LOG_LEVEL (default info), for log collectors.
// On a terminal (stderr is a TTY): one human line per entry (pino-pretty) at warn and above unless LOG_LEVEL
// says otherwise, so the console's prompt is not buried under JSON; an error shows its message, and its
// stack only at debug and trace.
import { createRequire } from 'node:module';
import { pino, type Logger, type LoggerOptions } from 'pino';
import type { PrettyOptions } from 'pino-pretty';

const REDACT = ['token', '*.token', 'botToken', '*.botToken', 'signingSecret', '*.signingSecret', 'appToken', '*.appToken', 'authorization', '*.authorization'];

export interface LoggerSetup {
  /** write human lines instead of JSON; default: when stderr is a TTY */
  terminal?: boolean;
}

/** `level` undefined: the default for where the logs go (warn on a terminal, info elsewhere). */
export function createLogger(level?: string, setup: LoggerSetup = {}): Logger {
  const terminal = setup.terminal ?? Boolean(process.stderr.isTTY);
  const options: LoggerOptions = { level: level ?? (terminal ? 'warn' : 'info'), redact: { paths: REDACT, censor: '[redacted]' } };
  if (!terminal) return pino(options, pino.destination(2));
  const verbose = options.level === 'debug' || options.level === 'trace';
  // Loaded only for a terminal (and synchronously: the logger is needed before anything else starts).
  const pretty = createRequire(import.meta.url)('pino-pretty') as (o: PrettyOptions) => NodeJS.WritableStream;
  const stream = pretty({
    destination: 2,
    sync: true, // a line must be out before the process exits
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: verbose ? 'pid,hostname' : 'pid,hostname,err',
    messageFormat: (log, key) => {
      const err = log.err as { message?: string } | undefined;
      return `${String(log[key] ?? '')}${!verbose && err?.message ? ` (${err.message})` : ''}`;
    },
  });
  return pino(options, stream);
}

export const silentLogger: Logger = pino({ level: 'silent' });
