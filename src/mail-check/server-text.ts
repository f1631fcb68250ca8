const MAX = 300;

/**
 * A server's reply text made fit for a report: control characters replaced, length bounded. The
 * text is the server's, shown so the administrator sees its reason; this service never puts a
 * secret into a command whose reply is shown (credentials go base64-encoded in AUTH/PASS).
 */
export function serverText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x1f\x7f]/g, ' ').trim();
  return clean.length > MAX ? `${clean.slice(0, MAX)}…` : clean;
}
