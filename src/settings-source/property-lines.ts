import { parseLines, type Pair } from 'dot-properties';
import type { MailProperty } from '../mail-settings/mail-session.model.js';

/**
 * Reads `key=value` lines (.properties syntax) into additional JavaMail properties, in order.
 * Checking the keys and values is left to parseMailProperties.
 */
export function parseMailPropertyLines(text: string): MailProperty[] {
  return (parseLines(text, true) as (Required<Pair> | { type: string })[])
    .filter((node): node is Required<Pair> => node.type === 'PAIR')
    .map((pair) => ({ key: pair.key.trim(), value: pair.value.trim() }));
}
