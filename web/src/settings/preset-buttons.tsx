import type { Side } from './form-model';
import { presetsFor, type Preset } from './presets';
import { useReadOnly } from './read-only';

interface Props {
  readonly side: Side;
  readonly onPick: (preset: Preset) => void;
}

/** One click fills the server from a provider's documented settings; every field stays editable. */
export function PresetButtons({ side, onPick }: Props) {
  const server = side === 'outgoing' ? 'outgoing' : 'incoming';
  // Nothing to fill on a read-only page.
  if (useReadOnly()) return null;
  return (
    <details className="presets">
      <summary>Fill from a provider</summary>
      <ul>
        {presetsFor(side).map((preset) => (
          <li key={preset.id}>
            <button type="button" onClick={() => onPick(preset)} aria-label={`Fill the ${server} server with ${preset.name}`}>
              {preset.name}
            </button>
            <span className="help">{preset.note}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
