// An error caused by what the user typed or asked for: the message is shown to them as is, with the usage.
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    /** a follow-up suggestion shown under the message (e.g. "Try /claim list") */
    public readonly hint?: string,
  ) {
    super(message);
  }
}
