import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

// Ways a secret reaches us disguised or in unusual surroundings, and look-alikes that must stay. Each row failed
// before the redactor handled it.

const ghp = 'ghp_EXAMPLE0000abcdEXAMPLE0000abcdEXAMPL';
const pem = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '-----END PRIVATE KEY-----'];
const toFullwidth = (text: string): string =>
  text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

describe('disguised secrets', () => {
  it.each([
    ['zero-width space inside a token', `x ${ghp.slice(0, 3)}\u200b${ghp.slice(3)} y`, 'x [REDACTED:github-token] y'],
    ['zero-width joiners inside a token', `${ghp.slice(0, 10)}\u200d\u2060${ghp.slice(10)}`, '[REDACTED:github-token]'],
    ['BOM inside a token', `${ghp.slice(0, 20)}\ufeff${ghp.slice(20)}`, '[REDACTED:github-token]'],
    ['soft hyphen inside a token', 'sk-ant-api03-EXAMPLE\u00ad0000abcd_-EXAMPLE0000abcd', '[REDACTED:anthropic-key]'],
    [
      'zero-width space inside a key name',
      'pass\u200bword=Sup3rS3cret!',
      'pass\u200bword=[REDACTED:password-assignment]',
    ],
    [
      'a token wrapped across lines',
      `export GITHUB_TOKEN=${ghp.slice(0, 24)}\n${ghp.slice(24)} next`,
      'export GITHUB_TOKEN=[REDACTED:github-token] next',
    ],
    [
      'a token wrapped with CRLF, then a line that starts like a token',
      `GOOGLE_MAPS_API_KEY=AIzaSyEXAMPLE0000abcd\r\nSyEXAMPLE0000abcdS\r\nnext`,
      'GOOGLE_MAPS_API_KEY=[REDACTED:google-api-key]\r\nnext',
    ],
    [
      'a wrapped fragment that joins into no token',
      `# the token is ${'x'.repeat(40)} ${ghp.slice(0, 10)}\n${ghp.slice(10, 20)}${'-'.repeat(30)}\n`,
      `# the token is ${'x'.repeat(40)} ${ghp.slice(0, 10)}\n${ghp.slice(10, 20)}${'-'.repeat(30)}\n`,
    ],
    ['%5F for the underscore', `?t=ghp%5F${ghp.slice(4)}&x=1`, '?t=[REDACTED:github-token]&x=1'],
    ['%5f in lower case', `ghp%5f${ghp.slice(4)}`, '[REDACTED:github-token]'],
    ['\\u005f for the underscore', `{"t": "ghp\\u005f${ghp.slice(4)}"}`, '{"t": "[REDACTED:github-token]"}'],
    [
      '\\u escapes for a key name',
      '{"pass\\u0077ord": "Sup3rS3cret!"}',
      '{"pass\\u0077ord": "[REDACTED:password-assignment]"}',
    ],
    ['a fullwidth token', `copy: ${toFullwidth(ghp)}`, 'copy: [REDACTED:github-token]'],
    ['a fullwidth underscore only', `ghp＿${ghp.slice(4)}`, '[REDACTED:github-token]'],
  ])('%s', (_label, input, output) => {
    expect(redactSecrets(input).text).toBe(output);
  });

  it('keeps text that only looks disguised', () => {
    for (const text of [
      'a%20b%5Fc and 100%5 and \\u0041BC',
      'ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ，ｉｓ ｆｉｎｅ',
      'soft\u00adhyphen and zero\u200bwidth in prose',
      'line one ends here_with_a_long_identifier\nAKIA is a prefix',
    ]) {
      expect(redactSecrets(text)).toEqual({ text, count: 0, kinds: [] });
    }
  });
});

describe('private keys in quotes and lists', () => {
  it.each([
    ['a block quote', pem.map((l) => `> ${l}`).join('\n'), '> [REDACTED:private-key]'],
    ['a nested block quote', pem.map((l) => `> > ${l}`).join('\n'), '> > [REDACTED:private-key]'],
    ['a quote without spaces', pem.map((l) => `>${l}`).join('\n'), '>[REDACTED:private-key]'],
    ['a bullet', `- ${pem[0]}\n  ${pem[1]}\n  ${pem[2]}`, '- [REDACTED:private-key]'],
    ['a numbered item', `1. ${pem[0]}\n   ${pem[1]}\n   ${pem[2]}`, '1. [REDACTED:private-key]'],
    [
      'a quoted bullet',
      pem.map((l, i) => (i === 0 ? `> - ${l}` : `>   ${l}`)).join('\n'),
      '> - [REDACTED:private-key]',
    ],
    [
      'a quote that stops before END',
      `> ${pem[0]}\n> ${pem[1]}\n>\n\nand then it stopped.`,
      '> [REDACTED:private-key]\n>\n\nand then it stopped.',
    ],
  ])('%s', (_label, input, output) => {
    expect(redactSecrets(input).text).toBe(output);
  });
});

describe('a rejected match does not hide the secret after it', () => {
  it.each([
    ['mytoken=abc:password=Sup3rS3cret!', 'mytoken=abc:password=[REDACTED:password-assignment]'],
    ['bypass=1:password=Sup3rS3cret!', 'bypass=1:password=[REDACTED:password-assignment]'],
    ['nextPageToken=abc:api_key=abcd0000EXAMPLE', 'nextPageToken=abc:api_key=[REDACTED:password-assignment]'],
  ])('%s', (input, output) => {
    expect(redactSecrets(input).text).toBe(output);
  });
});

describe('Authorization in server and proxy configuration', () => {
  it.each([
    [
      'proxy_set_header Authorization "Basic ZXhhbXBsZTpFWEFNUExF";',
      'proxy_set_header Authorization "Basic [REDACTED:authorization-header]";',
    ],
    [
      'proxy_set_header Authorization "Bearer abcd0000EXAMPLE0000abcd";',
      'proxy_set_header Authorization "Bearer [REDACTED:authorization-header]";',
    ],
    [
      'RequestHeader set Authorization "Basic ZXhhbXBsZTpFWEFNUExF"',
      'RequestHeader set Authorization "Basic [REDACTED:authorization-header]"',
    ],
    [
      'http-request set-header Authorization Basic\\ ZXhhbXBsZTpFWEFNUExF',
      'http-request set-header Authorization Basic\\ [REDACTED:authorization-header]',
    ],
    [
      'header_up Authorization "Token abcd0000EXAMPLE"',
      'header_up Authorization "Token [REDACTED:authorization-header]"',
    ],
    [
      'req.Header.Set("Authorization", "Basic ZXhhbXBsZTpFWEFNUExF")',
      'req.Header.Set("Authorization", "Basic [REDACTED:authorization-header]")',
    ],
    [
      '{"headers": {"Authorization": "Basic ZXhhbXBsZTpFWEFNUExF"}}',
      '{"headers": {"Authorization": "Basic [REDACTED:authorization-header]"}}',
    ],
  ])('%s', (input, output) => {
    expect(redactSecrets(input)).toEqual({ text: output, count: 1, kinds: ['authorization-header'] });
  });

  it.each([
    'proxy_set_header Authorization $http_authorization;',
    'The Authorization server.example.com issues tokens.',
    'Set the Authorization header to your token.',
  ])('keeps %s', (text) => {
    expect(redactSecrets(text)).toEqual({ text, count: 0, kinds: [] });
  });
});

describe('look-alikes that stay', () => {
  it.each([
    'The jar is labelled Cookie: chocolate=chip and nothing else.',
    'Cookie: chocolate=chip',
    'password=the one on the fridge',
    'The password=the one on the fridge, remember?',
    'card 4242 4242 4242 4241 fails the checksum',
    'timestamp 1700000000000 and id 1234567890123456789',
    'order 2024-0000-1111-2222 and phone +1 415 555 0100',
    'pin = 13',
    'spin=4096',
  ])('%s', (text) => {
    expect(redactSecrets(text)).toEqual({ text, count: 0, kinds: [] });
  });

  it('still redacts an env-style password that a command follows', () => {
    expect(redactSecrets('DB_PASSWORD=hunter npm start').text).toBe(
      'DB_PASSWORD=[REDACTED:password-assignment] npm start',
    );
  });
});
