// Properties of the console renderer for any text: nothing throws, and no character reaches the terminal
// that could move the cursor, recolour, retitle or reorder what is shown (C0/C1 controls, ANSI escapes,
// bidi overrides and isolates); the spec's status word is always shown with a status.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/platforms/console/render.ts';
import { PROPERTY_TIMEOUT, RUNS, reply } from './arbitraries.ts';

const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('console rendering, for any text', { timeout: PROPERTY_TIMEOUT }, () => {
  it(`shows no terminal control or bidi character and keeps the status word (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(reply, (r) => {
        const out = renderReply(r);
        expect(out).not.toMatch(TERMINAL_CONTROL);
        if (r.status && r.kind !== 'error') expect(out).toContain(`[${r.status}]`);
      }),
      { numRuns: RUNS },
    );
  });

  // found by the property above
  it('a right-to-left override or isolate in user text cannot reorder what the terminal shows', () => {
    const out = renderReply({ kind: 'card', title: 'C1 \u202eeslaf\u202c', status: 'true', items: [{ id: 'C2', text: '\u2067x\u2069 y' }], footer: '\u202dz' });
    expect(out).toBe('C1 eslaf  [true]\n  C2  x y\nz');
  });
});
