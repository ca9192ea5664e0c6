// /claim watch — STUB: the events engineer fills this in.
import { errorReply } from '../src/core/reply.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'watch',
  description: 'not implemented yet',
  usage: '/claim watch',
  examples: [],
  options: [],
  handler: async () => errorReply('/claim watch is not implemented yet'),
};
