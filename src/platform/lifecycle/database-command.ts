import type { Lifecycle } from './lifecycle.js';

/**
 * The main of a one-shot database command (`migrate`, `secrets:rotate`): load its settings (a bad
 * one ends it with one line and exit 1), run it under the lifecycle that stops what it started,
 * then stop. Errors are reported as `<name>: <message>`, without a stack.
 */
export async function runDatabaseCommand<C>(name: string, lifecycle: Lifecycle, load: () => C, run: (config: C) => Promise<void>): Promise<void> {
  const report = (error: unknown) => process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
  let config: C;
  try {
    config = load();
  } catch (error) {
    report(error);
    process.exit(1);
  }
  await lifecycle.run(() => run(config), report);
  if (!lifecycle.stopping) await lifecycle.stop('done');
}
