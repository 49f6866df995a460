import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestOriginAccess } from './chrome-api';

function stubBrowser(extensionOrigin: string) {
  const request = vi.fn(async () => true);
  vi.stubGlobal('chrome', {
    runtime: { getURL: (path: string) => `${extensionOrigin}/${path}` },
    permissions: { request },
  });
  return request;
}

afterEach(() => vi.unstubAllGlobals());

describe('requestOriginAccess', () => {
  it('asks Chrome for exactly the origin, port included', async () => {
    const request = stubBrowser('chrome-extension://abcdefghijklmnop');
    await requestOriginAccess('http://127.0.0.1:34133');
    expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1:34133/*'] });
  });

  it('asks Firefox for the host without the port (a pattern with a port prompts even when the host is granted)', async () => {
    const request = stubBrowser('moz-extension://0b4f6c1e-1111-2222-3333-444455556666');
    await requestOriginAccess('http://127.0.0.1:34133');
    expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    await requestOriginAccess('https://my-nas.lan');
    expect(request).toHaveBeenLastCalledWith({ origins: ['https://my-nas.lan/*'] });
  });
});
