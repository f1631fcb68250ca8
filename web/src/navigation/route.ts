import { useCallback, useEffect, useState } from 'react';

/** The console's views, each with an address under /admin that can be reloaded and bookmarked (the service answers every /admin path with the page). */
export type Route = 'settings' | 'history' | 'outbound' | 'inbound';

const PATHS: Readonly<Record<Route, string>> = { settings: '/admin', history: '/admin/history', outbound: '/admin/outbound', inbound: '/admin/inbound' };

export function pathOf(route: Route): string {
  return PATHS[route];
}

function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path === PATHS.history) return 'history';
  if (path === PATHS.outbound) return 'outbound';
  if (path === PATHS.inbound) return 'inbound';
  return 'settings';
}

/** The view the address bar names, and a way to go to another (a new history entry; Back returns). */
export function useRoute(): readonly [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const onPopState = () => setRoute(routeOf(location.pathname));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate = useCallback((next: Route) => {
    if (routeOf(location.pathname) !== next) history.pushState(null, '', PATHS[next]);
    setRoute(next);
  }, []);
  return [route, navigate];
}
