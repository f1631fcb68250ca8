import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef } from 'react';
import { describeError } from '../api/errors';
import { ConsoleRestoreMailSessionDocument, type ConsoleRestoreMailSessionMutation } from '../generated/graphql';
import { conflictOf } from '../live/conflict';
import { ConflictNotice } from '../live/conflict-notice';

interface Props {
  /** The revision to restore. */
  readonly version: number;
  /** The version the page shows: the restore is refused (CONFLICT) if another was saved since. */
  readonly expectedVersion: number | undefined;
  readonly onDone: (result: ConsoleRestoreMailSessionMutation['restoreMailSession']) => void;
  readonly onCancel: () => void;
  /** After a conflict: load the newer version. */
  readonly onReload: () => void;
}

/**
 * The confirmation before a restore: a modal <dialog> (focus stays inside, Escape cancels, focus
 * returns where it was), Cancel focused first so that Enter alone restores nothing.
 */
export function RestoreDialog({ version, expectedVersion, onDone, onCancel, onReload }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();
  const [restore, { loading, error }] = useMutation(ConsoleRestoreMailSessionDocument);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const conflict = conflictOf(error);
  const confirm = () => {
    restore({ variables: { input: { version, expectedVersion: expectedVersion ?? null } } }).then(
      ({ data }) => {
        if (data) onDone(data.restoreMailSession);
      },
      () => undefined, // shown from `error` below
    );
  };
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>Restore version {version}?</h2>
      <p id={textId}>
        The settings become what version {version} left, passwords and secrets included, as a new version. The settings in force now
        {expectedVersion === undefined ? '' : ` (version ${expectedVersion})`} stay in the history and can be restored in turn.
      </p>
      {conflict && <ConflictNotice conflict={conflict} action="restore" onReload={onReload} />}
      {error && !conflict && (
        <p className="notice error" role="alert">
          Nothing was restored: {describeError(error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        {!conflict && (
          <button type="button" className="primary" onClick={confirm} disabled={loading}>
            {loading ? 'Restoring…' : `Restore version ${version}`}
          </button>
        )}
      </div>
    </dialog>
  );
}
