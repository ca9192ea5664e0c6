import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { STATUSES } from '../../src/core/types.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';

async function demoDesk() {
  const store = new MemoryStore(LEDGER_SCHEMA);
  const desk = createDesk({ store });
  const n = await loadDemo(desk);
  return { store, desk, n };
}

const byText = (store: MemoryStore<Ledger>, part: string) => {
  const found = store.all('claims').filter((c) => c.text.includes(part));
  expect(found, part).toHaveLength(1);
  return found[0];
};

describe('demo newsroom', () => {
  it('holds the five seed claims with the statuses the articles support', async () => {
    const { store, n } = await demoDesk();
    expect(n).toBeGreaterThanOrEqual(5);
    const massacre = byText(store, '"massacre"');
    expect(massacre.status).toBe('false');
    expect(massacre.claimant).toBe('stephen-miller');
    expect(massacre.subjects).toEqual(['alex-pretti']);
    expect(byText(store, 'would-be assassin').status).toBe('false');
    const cbp = byText(store, 'may not have followed protocols');
    expect(cbp.status).toBe('unverified');
    expect(cbp.subjects).toContain('cbp');
    const policy = byText(store, 'strictly policy');
    expect(policy.status).toBe('mixed');
    expect(policy.subjects).toContain('stephen-miller');
    // the mixed verdict says why
    expect(policy.history.at(-1)!.note).toMatch(/quota/i);
    const quotas = byText(store, '3,000');
    expect(quotas.status).toBe('unverified');
    expect(quotas.subjects).toEqual(expect.arrayContaining(['stephen-miller', 'ice']));
  });

  it('has every actor of the seeds with a role', async () => {
    const { store } = await demoDesk();
    for (const id of ['stephen-miller', 'alex-pretti', 'kristi-noem', 'greg-bovino', 'donald-trump', 'ice', 'cbp', 'white-house']) {
      const a = store.get('actors', id);
      expect(a, id).toBeDefined();
      expect(a!.role.length, id).toBeGreaterThan(0);
    }
    expect(store.get('actors', 'stephen-miller')!.role).toMatch(/deputy chief of staff/i);
    expect(store.get('actors', 'kristi-noem')!.role).toMatch(/Homeland Security Secretary/);
  });

  it('shows the Alex Pretti conflict instead of picking a side', async () => {
    const { store } = await demoDesk();
    const role = store.get('actors', 'alex-pretti')!.role;
    expect(role).toMatch(/ICE official/);
    expect(role).toMatch(/filming officers/);
    const notes = byText(store, '"massacre"').history.map((h) => h.note).join(' ');
    expect(notes).toMatch(/describe Alex Pretti differently/);
  });

  it('is consistent: actors exist, sources named, history by the demo user', async () => {
    const { store } = await demoDesk();
    for (const c of store.all('claims')) {
      expect(store.get('actors', c.claimant), `${c.id} claimant`).toBeDefined();
      for (const s of c.subjects) expect(store.get('actors', s), `${c.id} subject ${s}`).toBeDefined();
      expect(STATUSES).toContain(c.status);
      expect(c.sources.length, c.id).toBeGreaterThan(0);
      for (const s of c.sources) {
        expect(s.outlet.length, `${c.id} outlet`).toBeGreaterThan(0);
        // the articles carry no URLs: sources point at the seed file, not at an invented web address
        expect(s.url).toMatch(/^seed:\d{3}_[0-9a-f]+\.txt$/);
      }
      expect(c.history[0]).toMatchObject({ from: null, by: 'demo' });
      expect(c.history.at(-1)!.to).toBe(c.status);
      for (let i = 1; i < c.history.length; i++) {
        expect(c.history[i].from).toBe(c.history[i - 1].to);
        expect(c.history[i].note.length).toBeGreaterThan(0);
      }
    }
  });

  it('loads in one store write and adds nothing the second time', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const desk = createDesk({ store });
    let commits = 0;
    store.onCommit(() => commits++);
    await loadDemo(desk);
    expect(commits).toBe(1);
    const claims = store.count('claims');
    const actors = store.count('actors');
    expect(await loadDemo(desk)).toBe(0);
    expect(store.count('claims')).toBe(claims);
    expect(store.count('actors')).toBe(actors);
  });
});
