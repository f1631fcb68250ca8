import type { Conflict } from './conflict';

interface Props {
  readonly conflict: Conflict;
  /** What was refused: a save of the form, or a restore of a revision. */
  readonly action: 'save' | 'restore';
  readonly onReload: () => void;
}

/**
 * Saving over a newer version is refused by the service (expectedVersion): this says so, keeps
 * what was typed, and offers the newer version. Nothing is overwritten without a second look.
 */
export function ConflictNotice({ conflict, action, onReload }: Props) {
  const newer = conflict.currentVersion === undefined ? 'a newer version' : `version ${conflict.currentVersion}`;
  const mine = conflict.expectedVersion === undefined ? 'the version this page loaded' : `version ${conflict.expectedVersion}`;
  return (
    <div className="notice conflict" role="alert">
      <p>
        <strong>{action === 'save' ? 'Not saved:' : 'Nothing was restored:'}</strong> the settings changed while you were working. Someone saved {newer} after{' '}
        {mine}, which this page shows.
        {action === 'save' && ' What you typed is still in the form; nothing was overwritten.'}
      </p>
      <p>Review the newer version (the History view shows what changed), then make your change again on top of it.</p>
      <button type="button" onClick={onReload}>
        Load {newer}
        {action === 'save' ? ' (drops what you typed)' : ''}
      </button>
    </div>
  );
}
