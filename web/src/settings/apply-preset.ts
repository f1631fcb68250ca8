import type { ServerForm } from './form-model';
import type { ServerPreset } from './presets';

/** `server` with a preset's values: where and how to connect, and the OAuth 2.0 endpoint; the rest kept, all editable. */
export function applyPreset(server: ServerForm, preset: ServerPreset): ServerForm {
  return {
    ...server,
    host: preset.host,
    port: String(preset.port),
    security: preset.security,
    protocol: preset.protocol ?? server.protocol,
    user: preset.user ?? server.user,
    authentication: preset.authentication,
    // A preset without OAuth 2.0 ends an earlier preset's (its tenant would no longer name the endpoint).
    oauth2: preset.oauth2 ? { ...server.oauth2, ...preset.oauth2 } : { ...server.oauth2, preset: null },
  };
}
