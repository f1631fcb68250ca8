import { createRequire } from 'node:module';

type Prettify = (line: string) => string;
interface PinoPretty {
  prettyFactory(options: Record<string, unknown>): Prettify;
}

/**
 * pino-pretty's formatter, or undefined when it is not installed: it is a development dependency,
 * loaded only when asked for, so the production image (which does not have it) writes JSON.
 */
export function prettyFormatter(colorize: boolean): Prettify | undefined {
  let pretty: PinoPretty;
  try {
    pretty = createRequire(__filename)('pino-pretty') as PinoPretty;
  } catch {
    return undefined;
  }
  return pretty.prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}
