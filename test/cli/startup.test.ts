// The bot's start and stop as an operator sees them (a child process on a real DATA_DIR): what a start
// repaired, a disk that is full, files claimdesk may not open.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bot, tmpDir } from './run.ts';

describe('npm start: what the start says', { timeout: 120_000 }, () => {
  it('a torn journal tail is cut at start: the console and the log say how much and where the bytes are', async () => {
    const dir = await tmpDir();
    const first = await bot(dir, '/claim add The bridge closes on Friday by: Jane Doe\n', { CLAIMDESK_DEMO: '0' });
    expect(first.code, first.stderr).toBe(0);
    // the first run checkpointed on exit; a later run crashed mid-write
    await fs.appendFile(path.join(dir, 'journal.jsonl'), '{"n":9,"crc":"00');
    const r = await bot(dir, '/claim status C1\n', { CLAIMDESK_DEMO: '0' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/The bridge closes on Friday/);
    const saved = (await fs.readdir(dir)).filter((f) => f.startsWith('journal.cut-'));
    expect(saved).toHaveLength(1);
    const line = `claimdesk: journal.jsonl: cut 1 record (16 bytes) from its end at byte 0 (incomplete last line (no newline)): ` +
      `a write interrupted by a crash, never confirmed; the bytes are saved in ${path.join(dir, saved[0])}`;
    expect(r.stderr.split('\n')).toContain(line);
    const logged = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(logged.find((l) => l.savedIn === path.join(dir, saved[0]))).toMatchObject({ level: 40, records: 1, bytes: 16 });
  });
});
