import type { InboundDetailFragment } from '../generated/graphql';

interface Props {
  readonly headers: InboundDetailFragment['headers'];
}

/**
 * Every header field of a stored message, in its order, as text ("Name: value" a line, in a <pre>
 * that React fills as text, so markup in a header is shown as typed, never parsed), folded away
 * until asked for: Received, DKIM-Signature and the like are long and rarely wanted.
 */
export function InboundHeaders({ headers }: Props) {
  if (headers.length === 0) return <p>No header fields were stored for this message.</p>;
  return (
    <details className="raw-headers">
      <summary>All header fields ({headers.length})</summary>
      <pre className="header-fields">{headers.map((header) => `${header.name}: ${header.value}`).join('\n')}</pre>
    </details>
  );
}
