import { useId } from 'react';
import type { Revision } from './revision';
import { formatTime } from '../shell/format-time';
import { FieldChange } from './field-change';

interface Props {
  readonly revision: Revision;
  /** The version in force: it has nothing to restore. */
  readonly current: boolean;
  /** Offered only to whoever may change the settings. */
  readonly onRestore: ((revision: Revision) => void) | undefined;
}

/** One revision: who, when, and each field it changed with its old and new values. */
export function RevisionItem({ revision, current, onRestore }: Props) {
  const headingId = useId();
  return (
    <li className="revision">
      <article aria-labelledby={headingId}>
        <header>
          <h2 id={headingId}>
            Version {revision.version}
            {current && <span className="badge"> (in force)</span>}
          </h2>
          <p className="meta">
            by <strong>{revision.changedBy}</strong>, <time dateTime={revision.changedAt}>{formatTime(revision.changedAt)}</time>
          </p>
        </header>
        {revision.changes.length === 0 ? (
          <p className="meta">No field changed.</p>
        ) : (
          <dl className="changes">
            {revision.changes.map((change, index) => (
              <FieldChange key={`${index}:${change.field.join('.')}`} change={change} />
            ))}
          </dl>
        )}
        {onRestore && !current && (
          <button type="button" onClick={() => onRestore(revision)}>
            Restore version {revision.version}…
          </button>
        )}
      </article>
    </li>
  );
}
