/**
 * What the bench started and must stop if it is interrupted: Ctrl-C, SIGTERM, SIGHUP, or its
 * output closed (`npm run bench | head`). Without this, an interrupted run left its embedded
 * PostgreSQL (a process group of its own, so Ctrl-C does not reach it), Dovecot and the servers it
 * spawned running, holding their ports and CPU.
 */
const steps: (() => Promise<unknown>)[] = [];
let interrupted = false;

/** Registers `stop` to run if the bench is interrupted; the returned function unregisters it (call it once `stop` ran normally). */
export function stopIfInterrupted(stop: () => Promise<unknown>): () => void {
  steps.push(stop);
  return () => {
    const index = steps.indexOf(stop);
    if (index >= 0) steps.splice(index, 1);
  };
}

/** Stops what is registered, newest first (the database, started first, last), then exits with `code`. */
async function interrupt(code: number, why: string): Promise<void> {
  if (interrupted) return;
  interrupted = true;
  // What the stopped processes' clients now fail with (a connection ended by the database's
  // shutdown) must not end the bench before the rest is stopped.
  process.on('uncaughtException', () => undefined);
  process.on('unhandledRejection', () => undefined);
  process.stderr.write(`\nbench ${why}: stopping the database, peers and servers it started\n`, () => undefined);
  for (const stop of steps.splice(0).reverse()) await stop().catch(() => undefined);
  process.exit(code);
}

/** Installs the handlers (once, at the start of the run). */
export function handleInterrupts(): void {
  process.once('SIGINT', () => void interrupt(130, 'interrupted'));
  process.once('SIGTERM', () => void interrupt(143, 'terminated'));
  process.once('SIGHUP', () => void interrupt(129, 'hung up'));
  // Its reader gone (`| head` done): further writes fail with EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') void interrupt(141, 'lost its output');
    });
  }
}
