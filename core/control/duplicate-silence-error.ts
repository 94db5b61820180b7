/** The silence store's one error of its own: a silence with this id is already stored. Every store throws it. */
export class DuplicateSilenceError extends Error {
  override readonly name = 'DuplicateSilenceError';
  constructor(readonly silenceId: string) {
    super(`A silence with id ${silenceId} already exists`);
  }
}
