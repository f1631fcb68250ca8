import { saveToken } from './token-store';

/**
 * `/admin#token=...` (the link the development start-up banner prints): the token moves into
 * session storage and out of the address bar before anything else runs, so it is not left in the
 * history, a bookmark or a screenshot. A fragment never reaches the server or a Referer.
 */
export function takeFragmentToken(location: Location, history: History): void {
  if (!location.hash.startsWith('#')) return;
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token === null) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  if (token.trim() !== '') saveToken(token.trim());
}
