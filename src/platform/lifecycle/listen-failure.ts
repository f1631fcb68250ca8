import { StartupFailure } from './startup-failure.js';

/** The expected reasons `listen` fails, each as a failure naming HOST or PORT; anything else as it is. */
export function listenFailure(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupFailure(
        'PORT',
        `port ${port} on ${host} is already in use (another instance of the service?): stop what listens there, or set PORT to a free port`,
        {
          cause: error,
        },
      );
    case 'EACCES':
      return new StartupFailure('PORT', `listening on port ${port} needs privileges this process does not have: set PORT to 1024 or above`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new StartupFailure('HOST', `"${host}" does not resolve: set HOST to an address of this machine (127.0.0.1, or 0.0.0.0 for every interface)`, {
        cause: error,
      });
    case 'EADDRNOTAVAIL':
      return new StartupFailure(
        'HOST',
        `${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for every interface)`,
        { cause: error },
      );
    default:
      return error;
  }
}
