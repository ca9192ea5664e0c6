// `npm run cli`: the administration CLI, src/cli.ts, from a bundle of the sources made once per version of
// them (bin/run.mjs), or through tsx when no bundle can be made.
import { run } from './run.mjs';

await run('cli');
