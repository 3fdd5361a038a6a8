import { describe, expect, it } from 'vitest';
import { hostPermissionPattern, isLoopbackHost, modelHostPermissions, optionalHostPermissions } from '@/utils/host-permissions';

describe('host permissions', () => {
  it('tells the loopback hosts the manifest can grant over http from look-alikes', () => {
    expect(['localhost', '127.0.0.1'].map(isLoopbackHost)).toEqual([true, true]);
    // [::1] and 127.0.0.2 are loopback too, but the manifest cannot grant them over http, so nothing may use them so.
    expect(['localhost.evil.example', 'evil-localhost', '[::1]', '127.0.0.2', 'api.openai.com'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });

  it('asks for an origin by host, without its port', () => {
    expect(hostPermissionPattern(new URL('http://localhost:11434/v1'))).toBe('http://localhost/*');
    expect(hostPermissionPattern(new URL('https://openrouter.ai/api/v1'))).toBe('https://openrouter.ai/*');
  });

  it('grants the default provider at install and everything else on request', () => {
    expect(modelHostPermissions).toEqual(['https://api.openai.com/*']);
    expect(optionalHostPermissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
  });
});
