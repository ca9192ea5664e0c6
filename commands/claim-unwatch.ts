// /claim unwatch — STUB: the events engineer fills this in.
import { errorReply } from '../src/core/reply.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'unwatch',
  description: 'not implemented yet',
  usage: '/claim unwatch',
  examples: [],
  options: [],
  handler: async () => errorReply('/claim unwatch is not implemented yet'),
};
