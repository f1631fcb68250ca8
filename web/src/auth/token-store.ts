// The access token lives in session storage only: gone when the tab closes, never in a cookie
// (the API reads the Authorization header only) nor in local storage (kept on disk, shared by tabs).
const KEY = 'mail-session-service.token';

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
