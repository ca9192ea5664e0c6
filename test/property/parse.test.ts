// Properties of the one text parser (commands/parse.ts) for any text after /claim or /actor: it either picks
// a command and yields options of that command, or answers with a UserError (which runText shows with the
// usage); it never throws anything else, and every value it yields is already clean, trimmed text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, runText } from '../../commands/index.ts';
import { createDesk, defaultSettings } from '../../src/core/create-desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { silentLogger } from '../../src/log.ts';
import { MemoryStore } from '../../store/memory.ts';
import { parseArgs, pickCommand, validateInput } from '../../commands/parse.ts';
import { UserError } from '../../src/core/errors.ts';
import { PROPERTY_TIMEOUT, RUNS, shortText, text } from './arbitraries.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const SUBS = [...new Set(COMMANDS.map((d) => d.name))];
const MARKERS = [...new Set(COMMANDS.flatMap((d) => d.options.map((o) => `${o.name}:`)))];

/** A command line: often a real subcommand, then text with the commands' own option markers mixed in. */
const line = fc
  .tuple(
    fc.option(fc.constantFrom(...SUBS, 'HELP', 'Status', ' add', 'nosuch'), { nil: undefined }),
    fc.array(fc.oneof(text, shortText, fc.constantFrom(...MARKERS).map((m) => ` ${m} `)), { maxLength: 8 }),
  )
  .map(([sub, parts]) => [sub, ...parts].filter((p) => p !== undefined).join(' '));

/** Runs the parser as runText does; returns what it yielded or the UserError it answered with. */
function parse(group: 'claim' | 'actor', input: string): { ok: true; values: Record<string, string | undefined>; names: string[] } | { ok: false; message: string } {
  const picked = pickCommand(COMMANDS, group, input);
  if ('error' in picked) return { ok: false, message: picked.error };
  try {
    const values = validateInput(picked.def, parseArgs(picked.def, picked.rest));
    return { ok: true, values, names: picked.def.options.map((o) => o.name) };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { ok: false, message: err.message };
  }
}

describe('the command parser, for any text', { timeout: PROPERTY_TIMEOUT }, () => {
  it(`parses into the command's own clean options or answers with a UserError (${RUNS} cases)`, () => {
    const seen = { parsed: 0, refused: 0 };
    fc.assert(
      fc.property(fc.constantFrom('claim' as const, 'actor' as const), line, (group, input) => {
        const result = parse(group, input);
        seen[result.ok ? 'parsed' : 'refused'] += 1;
        if (!result.ok) {
          expect(result.message.trim()).not.toBe('');
          return;
        }
        for (const [name, value] of Object.entries(result.values)) {
          expect(result.names).toContain(name);
          if (value === undefined) continue;
          expect(value).toBe(value.trim());
          expect(value).not.toBe('');
          expect(value).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        }
      }),
      { numRuns: RUNS },
    );
    // both ways out are taken often (the property would say little if every line were refused)
    expect(Math.min(seen.parsed, seen.refused)).toBeGreaterThan(RUNS / 10);
  });

  it(`through runText, every refusal is an error reply with the usage, never "something went wrong" (${RUNS / 5} cases)`, async () => {
    const desk = createDesk({ store: new MemoryStore(LEDGER_SCHEMA), settings: { ...defaultSettings(), editors: new Set() }, log: silentLogger });
    await loadDemo(desk);
    const ctx = { desk, user: { key: 'console:prop', name: 'prop', isEditor: false }, channel: { platform: 'console' as const, workspace: 'local', channel: 'prop' } };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('claim' as const, 'actor' as const), line, async (group, input) => {
        const reply = await runText(group, input, ctx);
        expect(reply.text ?? '').not.toMatch(/went wrong/);
        if (reply.kind === 'error') expect(reply.usage?.trim()).toBeTruthy();
      }),
      { numRuns: RUNS / 5 },
    );
  });
});
