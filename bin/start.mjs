// `npm start`: the bot, src/main.ts, from a bundle of the sources made once per version of them (bin/run.mjs).
import { run } from './run.mjs';

await run('main');
