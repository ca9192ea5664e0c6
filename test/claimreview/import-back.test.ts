// Every ledger's ClaimReview export imports back: the demo newsroom's, and one made by commands, flags and imports.
import { describe, expect, it } from 'vitest';
import { exportClaimReview, importClaimReview } from '../../src/claimreview/index.ts';
import { MemoryStore } from '../../store/memory.ts';
import { busyDesk, demoDesk, type WorkDesk } from './desk.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const ORG = { name: 'Newsroom Desk', url: 'https://desk.example.org' };

async function importsBack(w: WorkDesk, org: { name: string; url?: string }) {
  const doc = JSON.parse(JSON.stringify(exportClaimReview(w.store, org)));
  const r = await importClaimReview(new MemoryStore(LEDGER_SCHEMA), doc, { now: '2026-11-21T00:00:00Z' });
  return { doc, r };
}

describe('ClaimReview export → import', () => {
  const orgs: Array<{ name: string; url?: string }> = [ORG, { name: 'claimdesk' }];
  for (const org of orgs) {
    it(`the demo newsroom's export imports into an empty ledger (${org.url ? 'with' : 'without'} an org url)`, async () => {
      const { doc, r } = await importsBack(await demoDesk(), org);
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ written: true, imported: doc['@graph'].length });
      expect(r.imported).toBeGreaterThan(0);
      // no pseudo-url is published where a web address belongs
      expect(JSON.stringify(doc)).not.toMatch(/"url":\s*"seed:/);
    });

    it(`a ledger made by commands, a flag and an import exports and imports back (${org.url ? 'with' : 'without'} an org url)`, async () => {
      const { doc, r } = await importsBack(await busyDesk(), org);
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ written: true, imported: doc['@graph'].length });
    });
  }
});
