// Structured JSON logs to stderr (stdout belongs to the console platform). Secrets are redacted.
import { pino, type Logger } from 'pino';

export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'botToken', '*.botToken', 'signingSecret', '*.signingSecret', 'appToken', '*.appToken', 'authorization', '*.authorization'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
