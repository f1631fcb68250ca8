import { useEffect, useRef } from 'react';
import { useConsoleShell } from './shell-context';

/**
 * Calls `refetch` each time the live connection comes back after it dropped (the service
 * restarted, the network failed): what a page shows may have changed meanwhile, and the events
 * sent while it was down reached no one.
 */
export function useRefetchOnReconnect(refetch: () => unknown): void {
  const { reconnects } = useConsoleShell();
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => {
    if (reconnects > 0) void latest.current();
  }, [reconnects]);
}
