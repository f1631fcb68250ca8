import type { ConsoleMailSessionChangedSubscription } from '../generated/graphql';
import { formatTime } from '../shell/format-time';

type Change = ConsoleMailSessionChangedSubscription['mailSessionChanged'];

interface Props {
  /** The newest version the service announced (mailSessionChanged), if any. */
  readonly latest: Change | undefined;
  /** The version the page shows. */
  readonly shown: number | undefined;
  readonly onReload: () => void;
}

/**
 * Another admin, tab or instance saved the settings: said at once, in a live region, with the
 * offer to load the new version. Nothing on the page changes by itself: what is typed stays.
 */
export function LiveNotice({ latest, shown, onReload }: Props) {
  const newer = latest !== undefined && shown !== undefined && latest.version > shown;
  return (
    <div role="status" className="live-region">
      {newer && (
        <div className="notice live">
          <p>
            <strong>Version {latest.version}</strong> of the settings was saved
            {latest.updatedBy ? ` by ${latest.updatedBy}` : ''} at <time dateTime={latest.updatedAt}>{formatTime(latest.updatedAt)}</time>. This page shows
            version {shown}.
          </p>
          <button type="button" onClick={onReload}>
            Load version {latest.version}
          </button>
        </div>
      )}
    </div>
  );
}
