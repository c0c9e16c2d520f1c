// The end-to-end tests' network audit: which URLs stay on this machine, and what it records.
import { describe, expect, it } from 'vitest';
import { NetworkAudit, outsideRequest } from '../../e2e/networkAudit';

describe('outsideRequest', () => {
  it.each([
    'http://127.0.0.1:4173/assets/index.js',
    'http://localhost:5173/',
    'ws://127.0.0.1:4173/socket',
    'http://[::1]:8000/model.onnx',
    'data:text/plain,hi',
    'blob:http://127.0.0.1:4173/0b1c2d3e',
    'about:blank',
  ])('lets %s through', (url) => expect(outsideRequest(url)).toBeUndefined());

  it.each([
    ['https://huggingface.co/Xenova/bge/resolve/main/config.json', /huggingface\.co/],
    ['https://example.com/', /example\.com/],
    ['http://127.0.0.2:80/', /127\.0\.0\.2/],
    ['http://localhost.example.com/', /localhost\.example\.com/],
    ['http://192.168.1.10:8080/x', /192\.168\.1\.10:8080/],
    ['ftp://127.0.0.1/x', /ftp:/],
    ['not a url', /unparseable/],
  ])('flags %s', (url, why) => expect(outsideRequest(url)).toMatch(why));
});

describe('NetworkAudit', () => {
  it('records only outside requests, says which must be blocked, and reports them', () => {
    const audit = new NetworkAudit();
    expect(audit.check('http://127.0.0.1:4173/')).toBe(false);
    expect(audit.report()).toBeUndefined();
    expect(audit.check('https://example.com/a')).toBe(true);
    expect(audit.check('https://example.com/a')).toBe(true);
    expect(audit.violations).toHaveLength(2);
    expect(audit.report()).toBe(
      'The test made requests that would leave 127.0.0.1 (blocked):\n' +
        '  - request to example.com: https://example.com/a',
    );
  });

  it('hands expected violations to the test that caused them', () => {
    const audit = new NetworkAudit();
    audit.check('https://example.com/');
    expect(audit.take()).toEqual(['request to example.com: https://example.com/']);
    expect(audit.report()).toBeUndefined();
  });
});
