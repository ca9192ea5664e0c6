// /claim digest — STUB: the events engineer fills this in.
import { errorReply } from '../src/core/reply.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'digest',
  description: 'not implemented yet',
  usage: '/claim digest',
  examples: [],
  options: [],
  handler: async () => errorReply('/claim digest is not implemented yet'),
};
