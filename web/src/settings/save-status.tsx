import type { SaveOutcome } from './save-outcome';

interface Props {
  readonly outcome: SaveOutcome;
  readonly onReload: () => void;
}

/** The result of the last Save, announced to screen readers as it changes. */
export function SaveStatus({ outcome, onReload }: Props) {
  return (
    <div className="save-status" role="status" aria-live="polite">
      {outcome.kind === 'saved' && outcome.unchanged && outcome.warnings.length === 0 && (
        <p className="notice ok">Nothing to save: the settings are already as shown (version {outcome.version}).</p>
      )}
      {outcome.kind === 'saved' && !(outcome.unchanged && outcome.warnings.length === 0) && (
        <p className="notice ok">
          Saved as version {outcome.version}
          {outcome.warnings.length > 0
            ? `, with ${outcome.warnings.length === 1 ? 'a warning' : `${outcome.warnings.length} warnings`} (shown at the fields)`
            : ''}
          .
        </p>
      )}
      {(outcome.kind === 'refused' || outcome.kind === 'failed') && <p className="notice error">{outcome.summary}</p>}
      {outcome.kind === 'conflict' && (
        <div className="notice error">
          <p>
            Not saved: someone else saved{outcome.currentVersion === undefined ? ' a newer version' : ` version ${outcome.currentVersion}`} while you were
            editing. Your changes are still in the form; nothing was overwritten.
          </p>
          <button type="button" onClick={onReload}>
            Load the newer version (discards your changes)
          </button>
        </div>
      )}
    </div>
  );
}
