import { describe, expect, it } from 'vitest';
import { CLOUD_API_URL, LOCAL_API_URL } from '../shared/api-schema';
import { safeServerLink } from './links';

describe('safeServerLink', () => {
  it('resolves a relative link against the API origin', () => {
    expect(safeServerLink('/account-settings/plan', CLOUD_API_URL)).toBe(
      'https://www.mnueron.com/account-settings/plan',
    );
    expect(safeServerLink('account-settings/plan?x=1#y', CLOUD_API_URL)).toBe(
      'https://www.mnueron.com/account-settings/plan?x=1#y',
    );
    expect(safeServerLink('https://www.mnueron.com/pricing', CLOUD_API_URL)).toBe('https://www.mnueron.com/pricing');
  });

  it('refuses script, data and other non-web schemes', () => {
    for (const link of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'chrome://settings',
      'blob:https://www.mnueron.com/abc',
    ]) {
      expect(safeServerLink(link, CLOUD_API_URL), link).toBeNull();
    }
  });

  it('refuses other hosts, plain http and protocol-relative links', () => {
    for (const link of [
      'https://evil.com/upgrade',
      'http://evil.com/upgrade',
      'http://www.mnueron.com/account-settings/plan',
      '//evil.com/upgrade',
      '/\\evil.com/upgrade',
      '\\\\evil.com/upgrade',
      'https://www.mnueron.com.evil.com/',
      'https://mnueron.com/plan',
      'https://www.mnueron.com:8443/plan',
    ]) {
      expect(safeServerLink(link, CLOUD_API_URL), link).toBeNull();
    }
  });

  it('refuses credentials in the URL', () => {
    expect(safeServerLink('https://user:pass@www.mnueron.com/plan', CLOUD_API_URL)).toBeNull();
    expect(safeServerLink('https://user@www.mnueron.com/plan', CLOUD_API_URL)).toBeNull();
    expect(safeServerLink('//user:pass@www.mnueron.com/plan', CLOUD_API_URL)).toBeNull();
  });

  it('allows loopback http only when the API itself is on that loopback origin', () => {
    expect(safeServerLink('/upgrade', LOCAL_API_URL)).toBe('http://127.0.0.1:3122/upgrade');
    expect(safeServerLink('http://127.0.0.1:3122/upgrade', LOCAL_API_URL)).toBe('http://127.0.0.1:3122/upgrade');
    expect(safeServerLink('/upgrade', 'http://localhost:3122/api')).toBe('http://localhost:3122/upgrade');
    expect(safeServerLink('http://127.0.0.1:3122/upgrade', CLOUD_API_URL)).toBeNull();
    expect(safeServerLink('http://127.0.0.1:9999/upgrade', LOCAL_API_URL)).toBeNull();
    expect(safeServerLink('http://localhost:3122/upgrade', LOCAL_API_URL)).toBeNull();
    // a plain-http API that is not loopback gets no link at all
    expect(safeServerLink('/upgrade', 'http://mnueron.example.com/api')).toBeNull();
  });

  it('nothing in, nothing out; a broken API URL gives nothing', () => {
    expect(safeServerLink(null, CLOUD_API_URL)).toBeNull();
    expect(safeServerLink(undefined, CLOUD_API_URL)).toBeNull();
    expect(safeServerLink('', CLOUD_API_URL)).toBeNull();
    expect(safeServerLink('/plan', 'not a url')).toBeNull();
  });
});
