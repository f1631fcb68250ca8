import { useId } from 'react';

interface StatusFilterProps<S extends string> {
  readonly statuses: readonly S[];
  /** The status shown; '' for all. */
  readonly value: S | '';
  readonly onChange: (status: S | '') => void;
  readonly onRefresh: () => void;
}

/** A list's status filter ("All" or one status) and its Refresh button. */
export function StatusFilter<S extends string>({ statuses, value, onChange, onRefresh }: StatusFilterProps<S>) {
  const id = useId();
  return (
    <div className="filters">
      <label htmlFor={id}>Status</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as S | '')}>
        <option value="">All</option>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <button type="button" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}

/** Where a pager button leads: undefined when there is no such page. */
type PageTarget = (() => void) | undefined;

/** The "Newer messages" / "Older messages" buttons under a list, newest first; a button without a page is disabled. */
export function ListPager({ label, newer, older }: { readonly label: string; readonly newer: PageTarget; readonly older: PageTarget }) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={newer === undefined} onClick={newer}>
        Newer messages
      </button>
      <button type="button" disabled={older === undefined} onClick={older}>
        Older messages
      </button>
    </nav>
  );
}

/** A pager target that goes to the page at `cursor`, if there is such a page (`exists` and a cursor). */
export function withCursor(exists: boolean, cursor: string | null, go: (cursor: string) => void): PageTarget {
  return exists && cursor !== null ? () => go(cursor) : undefined;
}
