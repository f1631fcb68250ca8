import { createContext, useContext } from 'react';

/** What every view may ask of the shell around it. */
export interface ConsoleShell {
  /** The settings version the page shows (the one a save or a restore expects to replace). */
  readonly shownVersion: number | undefined;
  /** Shows the settings as saved now: fetches them again and starts the form over from them (what is typed is dropped). */
  readonly reloadSettings: () => void;
  /** How often the live socket reopened after dropping: a view whose events could have been missed reads its data again when it changes. */
  readonly reconnects: number;
}

export const ConsoleShellContext = createContext<ConsoleShell>({ shownVersion: undefined, reloadSettings: () => undefined, reconnects: 0 });

export function useConsoleShell(): ConsoleShell {
  return useContext(ConsoleShellContext);
}
