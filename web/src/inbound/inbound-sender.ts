import type { InboundRowFragment } from '../generated/graphql';

/** The From of a stored message as one line: "Name <address>", either alone, or a dash when the message has none. */
export function senderOf(from: InboundRowFragment['from']): string {
  const name = from?.name?.trim() || undefined;
  const address = from?.address?.trim() || undefined;
  if (name && address) return `${name} <${address}>`;
  return name ?? address ?? '—';
}

/** The subject as the list and the buttons name it: "(no subject)" when the message has none. */
export function subjectOf(subject: string | null): string {
  return subject === null || subject.trim() === '' ? '(no subject)' : subject;
}

/** A size in bytes as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
