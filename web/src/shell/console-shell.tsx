import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { AccessBanner } from '../access/access-banner';
import { AccessContext, accessOf } from '../access/access';
import {
  ConsoleLatestVersionDocument,
  ConsoleMailSessionChangedDocument,
  ConsoleMailSessionDocument,
  ConsoleViewerDocument,
  type CallerRole,
  type ConsoleMailSessionChangedSubscription,
} from '../generated/graphql';
import { HistoryPage } from '../history/history-page';
import { InboundPage } from '../inbound/inbound-page';
import { OutboundPage } from '../outbound/outbound-page';
import { LiveNotice } from '../live/live-notice';
import { pathOf, useRoute, type Route } from '../navigation/route';
import { ConsoleShellContext } from './shell-context';
import './console.css';

interface Props {
  /** The settings view (the form, the connection test, the test e-mail). */
  readonly settings: ReactNode;
  readonly onSignOut: () => void;
  /** How often the live socket reopened after dropping (0: never): each time, the version saved now is read again. */
  readonly reconnects: number;
}

type Announced = ConsoleMailSessionChangedSubscription['mailSessionChanged'];

/** The newer of two announced versions. */
function newer(a: Announced | undefined, b: Announced | undefined): Announced | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.version > a.version ? b : a;
}

/** The views, each offered only to the roles the API lets read it (ADMIN implies every role). */
const LINKS: readonly { route: Route; label: string; roles?: readonly CallerRole[] }[] = [
  { route: 'settings', label: 'Settings' },
  { route: 'history', label: 'History' },
  { route: 'outbound', label: 'Outbound mail', roles: ['ADMIN', 'SENDER'] },
  { route: 'inbound', label: 'Inbound mail', roles: ['ADMIN', 'RECEIVER'] },
];

/**
 * Around every view once signed in: the navigation, what the caller may do (AccessContext), why
 * the page is read-only when it is, and the live notice when another admin or instance saves a
 * newer version (mailSessionChanged, read without touching the cache, so the form keeps the
 * version it loaded and a save over the newer one is a conflict, not an overwrite).
 */
export function ConsoleShell({ settings, onSignOut, reconnects }: Props) {
  const [{ route, message }, { navigate, returnTo }] = useRoute();
  const viewer = useQuery(ConsoleViewerDocument).data?.viewer;
  const session = useQuery(ConsoleMailSessionDocument);
  const announced = useSubscription(ConsoleMailSessionChangedDocument, { fetchPolicy: 'no-cache' }).data?.mailSessionChanged;
  // A change saved while the socket was down sent its event to no one: after each reconnect, the
  // version saved now is read (without touching the cache, like the events) and compared the same way.
  const client = useApolloClient();
  const [reread, setReread] = useState<Announced>();
  useEffect(() => {
    if (reconnects === 0) return;
    let current = true;
    client
      .query({ query: ConsoleLatestVersionDocument, fetchPolicy: 'no-cache' })
      .then(({ data }) => {
        if (current && data) setReread(data.mailSession);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [client, reconnects]);
  const live = newer(announced, reread);
  const [generation, setGeneration] = useState(0);
  const shownVersion = session.data?.mailSession.version;
  const source = session.data?.mailSession.source;
  const { refetch } = session;

  const reloadSettings = useCallback(() => {
    void refetch();
    // A new form from the saved settings: what was typed is dropped on purpose (the user chose to load the newer version).
    setGeneration((g) => g + 1);
  }, [refetch]);
  const shell = useMemo(() => ({ shownVersion, reloadSettings, reconnects }), [shownVersion, reloadSettings, reconnects]);
  const access = useMemo(() => accessOf(viewer?.roles, source), [viewer?.roles, source]);

  // Moving to another view moves the focus to its heading, so a screen reader announces it. The
  // view last focused is compared, not "is this the first run": React's StrictMode runs a new
  // effect twice (development builds), which took the page's own first view for a move.
  const focusedRoute = useRef(route);
  useEffect(() => {
    if (focusedRoute.current === route) return;
    focusedRoute.current = route;
    const heading = document.querySelector<HTMLElement>('h1');
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus();
    }
  }, [route]);

  return (
    <ConsoleShellContext.Provider value={shell}>
      <AccessContext.Provider value={access}>
        <nav className="console-nav" aria-label="Console">
          <ul>
            {LINKS.filter((link) => link.roles === undefined || viewer?.roles.some((role) => link.roles?.includes(role))).map((link) => (
              <li key={link.route}>
                <a
                  href={pathOf(link.route)}
                  aria-current={route === link.route ? 'page' : undefined}
                  onClick={(event) => {
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                    event.preventDefault();
                    navigate(link.route);
                  }}
                >
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
          {viewer && (
            <p className="signed-in">
              Signed in as <strong>{viewer.name}</strong> ({viewer.roles.map((role) => role.toLowerCase()).join(', ')})
            </p>
          )}
        </nav>
        <section className="notices" aria-label="Notices">
          <AccessBanner access={access} />
          <LiveNotice latest={live} shown={shownVersion} onReload={reloadSettings} />
        </section>
        {route === 'settings' && <Fragment key={generation}>{settings}</Fragment>}
        {route === 'history' && <HistoryPage onSignOut={onSignOut} />}
        {route === 'outbound' && <OutboundPage onSignOut={onSignOut} />}
        {route === 'inbound' && (
          <InboundPage onSignOut={onSignOut} openId={message} onOpen={(id) => navigate('inbound', id)} onClose={() => returnTo('inbound')} />
        )}
      </AccessContext.Provider>
    </ConsoleShellContext.Provider>
  );
}
