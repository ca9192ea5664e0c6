// Loaded into the CLI process by bench/claimreview.ts (NODE_OPTIONS=--import …) when it runs
// `npm run cli -- import`: turns on V8's GC trace (each line on stdout names the heap in use before that
// collection, so the bench finds the peak) and, at exit, records what this process itself spent (cpu,
// peak RSS) in the file named by CLAIMDESK_BENCH_PROBE. Inert in any other process (npm's own node).
import fs from 'node:fs';
import v8 from 'node:v8';

const out = process.env.CLAIMDESK_BENCH_PROBE;
if (out && /[/\\](src[/\\]cli\.ts|bin[/\\]cli\.mjs)$/.test(process.argv[1] ?? '')) {
  v8.setFlagsFromString('--trace-gc');
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    fs.writeFileSync(
      out,
      JSON.stringify({
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        heapAtExitMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        heapLimitMB: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
      }),
    );
  });
}
