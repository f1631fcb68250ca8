/**
 * An expected start-up failure (a port taken, a database that refuses the password): printed as one
 * line naming the setting and what to do, without a stack. Anything else keeps its stack.
 */
export class StartupFailure extends Error {
  constructor(
    readonly setting: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${setting}: ${problem}`, options);
    this.name = 'StartupFailure';
  }
}
