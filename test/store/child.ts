// A store in a child process, driven by test/store/{crash,process}.test.ts (bundled with esbuild so that
// each of the many spawns starts in ~0.1 s). Modes:
//   crash <dir> <writes>  print "opening", open, print "ready", do <writes> writes 4 at a time printing "a <n>" per ack, then idle
//   fill <dir>            sequential ~600-byte writes until one fails (run under `ulimit -f`), print "err …"
//   bigcrash <dir> <writes>  like crash, on a store with ~8 MB of ballast actors, so that each checkpoint
//                         (every 20 records) takes a while and kills land inside it; prints "cp start" / "cp end"
//   open <dir>            open and report "ok <claims>" or "err <name> <message>", then close
//   hold <dir>            open, report like open, then keep the store open until killed
//   race <dir>            print "ready"; per stdin line "go <r>" open and report "ok <r>" / "err <r> <name> <message>";
//                         per "release <r>" close the store if it opened, print "released <r>"; exit at end of input
import { createInterface } from 'node:readline';
import { JsonFileStore } from '../../store/json/json-store.ts';
import type { Logger } from 'pino';
import { LEDGER_SCHEMA, type Ledger, type NewDoc, type Store } from '../../src/core/store-port.ts';

const [mode, dir, arg] = process.argv.slice(2);
const T = '2026-01-01T00:00:00.000Z';
const out = (s: string) => process.stdout.write(s + '\n'); // a pipe: synchronous on Linux, survives kill -9

function claim(id: string, flagCount: number, text: string): NewDoc<'claims'> {
  return {
    id, text, status: 'unverified', claimant: 'x', subjects: [], tags: [], sources: [], history: [],
    flagCount, createdAt: T, updatedAt: T,
  };
}

/** One atomic unit: a new claim C<n> and the counter claim K, which must always equal the number of claims. */
function addClaim(store: Store, text = ''): Promise<number> {
  return store.write((tx) => {
    const k = tx.get('claims', 'K') ?? { ...claim('K', 0, 'counter'), version: 0 };
    const n = tx.nextId('claim');
    tx.put('claims', { ...k, flagCount: k.flagCount + 1 });
    tx.put('claims', claim(`C${n}`, k.flagCount + 1, text));
    return n;
  });
}

async function main(): Promise<void> {
  if (mode === 'open') {
    try {
      const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
      out(`ok ${store.count('claims')}`);
      await store.close();
    } catch (err) {
      out(`err ${(err as Error).name} ${(err as Error).message}`);
    }
    return;
  }
  if (mode === 'hold') {
    try {
      const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
      out(`ok ${store.count('claims')}`);
      setInterval(() => {}, 60_000); // wait for the kill
    } catch (err) {
      out(`err ${(err as Error).name} ${(err as Error).message}`);
    }
    return;
  }
  if (mode === 'race') {
    let store: JsonFileStore<Ledger> | undefined;
    out('ready');
    for await (const line of createInterface({ input: process.stdin })) {
      const [cmd, round] = line.split(' ');
      if (cmd === 'go') {
        try {
          store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
          out(`ok ${round}`);
        } catch (err) {
          out(`err ${round} ${(err as Error).name} ${(err as Error).message}`);
        }
      } else if (cmd === 'release') {
        await store?.close();
        store = undefined;
        out(`released ${round}`);
      }
    }
    return;
  }
  if (mode === 'crash') {
    // a checkpoint every 40 records, so kills also land inside checkpoints
    out('opening');
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { maxJournalRecords: 40, checkpointOnClose: false });
    out('ready');
    const target = Number(arg);
    let started = 0;
    const worker = async () => {
      while (started < target) {
        started++;
        out(`a ${await addClaim(store)}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    out('done');
    setInterval(() => {}, 60_000); // wait for the kill
    return;
  }
  if (mode === 'bigcrash') {
    const say = (o: unknown, msg?: string) => {
      if (msg === 'store: checkpoint started') out('cp start');
      if (msg === 'store: checkpoint written') out('cp end');
    };
    const log = { debug: say, info: say, warn: say, error: say, fatal: say } as unknown as Logger;
    out('opening');
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { maxJournalRecords: 20, checkpointOnClose: false, log });
    if (store.count('actors') === 0) {
      const role = 'r'.repeat(2000);
      await store.write((tx) => {
        for (let i = 0; i < 4000; i++) tx.put('actors', { id: `b${i}`, name: `B ${i}`, role, aliases: [], kind: 'person', createdAt: T, updatedAt: T });
      });
    }
    out('ready');
    const target = Number(arg);
    let started = 0;
    const worker = async () => {
      while (started < target) {
        started++;
        out(`a ${await addClaim(store)}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    out('done');
    setInterval(() => {}, 60_000);
    return;
  }
  if (mode === 'fill') {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    const text = 'x'.repeat(500);
    for (;;) {
      try {
        out(`a ${await addClaim(store, text)}`);
      } catch (err) {
        out(`err ${(err as Error).name} ${(err as Error).message}`);
        break;
      }
    }
    const later = await addClaim(store, 'later').then(
      () => 'accepted',
      (err: Error) => err.name,
    );
    out(`after ${later}`);
    await store.close();
  }
}

await main();
