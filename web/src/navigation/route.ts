import { useCallback, useEffect, useMemo, useState } from 'react';

/** The console's views, each with an address under /admin that can be reloaded and bookmarked (the service answers every /admin path with the page). */
export type Route = 'settings' | 'history' | 'outbound' | 'inbound';

/** Where the address bar points: a view, and on /admin/inbound/<id> the inbound message it shows. */
export interface Address {
  readonly route: Route;
  /** The global id of the inbound message shown, as the API gave it (the path holds it URL-encoded). */
  readonly message?: string;
}

const PATHS: Readonly<Record<Route, string>> = { settings: '/admin', history: '/admin/history', outbound: '/admin/outbound', inbound: '/admin/inbound' };

/** The path of a view, or of one inbound message (`/admin/inbound/<id>`, the id URL-encoded). */
export function pathOf(route: Route, message?: string): string {
  return message === undefined ? PATHS[route] : `${PATHS[route]}/${encodeURIComponent(message)}`;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Not valid percent-encoding: kept as typed, the API answers that it names no message.
    return segment;
  }
}

/** The address a path names; anything unknown is the settings view. */
export function addressOf(pathname: string): Address {
  const path = pathname.replace(/\/+$/, '');
  if (path === PATHS.history) return { route: 'history' };
  if (path === PATHS.outbound) return { route: 'outbound' };
  if (path === PATHS.inbound) return { route: 'inbound' };
  const message = path.startsWith(`${PATHS.inbound}/`) ? path.slice(PATHS.inbound.length + 1) : undefined;
  if (message !== undefined && message !== '' && !message.includes('/')) return { route: 'inbound', message: decoded(message) };
  return { route: 'settings' };
}

/** What the console keeps in a history entry it adds: the path it was added from. */
interface EntryState {
  readonly from: string;
}

function isEntryState(state: unknown): state is EntryState {
  return typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string';
}

/** The path of the address shown now, spelled as pathOf spells it. */
function currentPath(): string {
  const { route, message } = addressOf(location.pathname);
  return pathOf(route, message);
}

export interface Navigation {
  /** Goes to a view, or to one inbound message: a new history entry (the browser's Back returns). */
  readonly navigate: (route: Route, message?: string) => void;
  /**
   * Goes back to a view: with the browser's Back when the page came from there (so the view is
   * as it was left, and Back and Forward keep their meaning), else as a new entry (a message opened
   * from a bookmark or a reload).
   */
  readonly returnTo: (route: Route) => void;
}

/** The address the address bar names, and the ways to go to another. */
export function useRoute(): readonly [Address, Navigation] {
  const [address, setAddress] = useState(() => addressOf(location.pathname));
  useEffect(() => {
    const onPopState = () => setAddress(addressOf(location.pathname));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate = useCallback((route: Route, message?: string) => {
    const from = currentPath();
    const to = pathOf(route, message);
    if (from !== to) history.pushState({ from } satisfies EntryState, '', to);
    setAddress(message === undefined ? { route } : { route, message });
  }, []);
  const returnTo = useCallback(
    (route: Route) => {
      const state: unknown = history.state;
      if (isEntryState(state) && state.from === pathOf(route)) history.back();
      else navigate(route);
    },
    [navigate],
  );
  const navigation = useMemo(() => ({ navigate, returnTo }), [navigate, returnTo]);
  return [address, navigation];
}
