import { createContext, useContext } from 'react';

/**
 * Whether the settings form is read-only here (a viewer, or managed settings). Read-only fields
 * stay focusable and are announced as read-only (`readOnly`, `aria-readonly`), never `disabled`:
 * a disabled field is skipped by the keyboard and by a screen reader's form navigation.
 */
export const ReadOnlyContext = createContext(false);

export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}
