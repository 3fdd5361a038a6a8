import { defaultProviderId, findProvider } from './llm/providers';

/**
 * Which origins the extension holds from install and which it may ask for later, one origin at a time on a click.
 * wxt.config.ts writes the manifest from these lists; the options page and the popup ask for permissions with the
 * same patterns. No browser APIs here: the build loads this file in Node.
 */

/**
 * The loopback hosts a model server or paper site may be reached on over plain http: the only ones the manifest can
 * grant for http. Anything else must be https, so the key and the papers never cross a network unencrypted.
 */
export const loopbackHosts: readonly string[] = ['localhost', '127.0.0.1'];

export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.includes(hostname);
}

/** Asked for on a click: a custom model endpoint saved in the settings, or a citation-tagged site enabled from the popup. */
export const optionalHostPermissions: readonly string[] = ['https://*/*', ...loopbackHosts.map((host) => `http://${host}/*`)];

/** The permission pattern covering a URL's host. Match patterns carry no port: http://localhost/* covers localhost:11434. */
export function hostPermissionPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/** The default provider's API is granted at install, so a new reader sets a key and starts without a prompt. */
export const modelHostPermissions: readonly string[] = [hostPermissionPattern(new URL(findProvider(defaultProviderId).baseURL))];
