// PUBLIC_URL in the configuration and in the ClaimReview export's review urls.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { reviewUrl } from '../../src/claimreview/export.ts';

describe('PUBLIC_URL', () => {
  it('is read without trailing slashes and becomes the base of exported review urls', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://factcheck.example.org/', CLAIMDESK_ORG_URL: 'https://news.example' });
    expect(c.publicUrl).toBe('https://factcheck.example.org');
    expect(reviewUrl(c.org, 'C12')).toBe('https://factcheck.example.org/claims/C12');
    expect(c.org.url).toBe('https://news.example');
  });

  it('unset or empty: no pages, review urls as before', () => {
    const c = loadConfig({ PUBLIC_URL: '', CLAIMDESK_ORG_URL: 'https://news.example' });
    expect(c.publicUrl).toBeUndefined();
    expect(reviewUrl(c.org, 'C12')).toBe('https://news.example/claims/C12');
    expect(reviewUrl(loadConfig({}).org, 'C12')).toBe('urn:claimdesk:claim:C12');
  });

  it('refuses what is not an http(s) url, saying so', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'factcheck.example.org' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x.example' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
  });
});

describe('DIGEST_TZ', () => {
  it('is UTC by default, takes any IANA zone, and refuses anything else, saying so', () => {
    expect(loadConfig({}).digestTz).toBe('UTC');
    expect(loadConfig({ DIGEST_TZ: 'UTC' }).digestTz).toBe('UTC');
    expect(loadConfig({ DIGEST_TZ: 'Europe/Berlin' }).digestTz).toBe('Europe/Berlin');
    expect(() => loadConfig({ DIGEST_TZ: 'Mars/Olympus' })).toThrow(/DIGEST_TZ must be an IANA time zone/);
    expect(() => loadConfig({ DIGEST_TZ: 'utc+25' })).toThrow(/DIGEST_TZ must be an IANA time zone/);
  });
});
