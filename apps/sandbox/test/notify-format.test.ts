import { describe, expect, it } from 'vitest';
import {
  formatEmailBody,
  formatLetterBody,
  formatMessageBody,
  formatTextMessage,
  withUnsubscribeLink,
} from '../src/notify-format.js';

// Each rule is Notify's (alphagov/notifications-utils notifications_utils/markdown.py, formatters.py, template.py).
describe('an email body, as Notify’s HTML email renders it', () => {
  it('makes inset text of lines starting with ^', () => {
    expect(formatEmailBody('^ Your reference is PP-7\n^ Keep it safe')).toBe(
      '<blockquote>\n<p>Your reference is PP-7<br>\nKeep it safe</p>\n</blockquote>\n',
    );
  });

  it('does not make inset text of lines starting with > (Notify replaced the block quote grammar)', () => {
    expect(formatEmailBody('> not inset')).toBe('<p>&gt; not inset</p>\n');
  });

  it('makes one bulleted list of lines starting with *, - or • (• needs no space)', () => {
    expect(formatEmailBody('* one\n- two\n• three\n•four')).toBe(
      '<ul>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n<li>four</li>\n</ul>\n',
    );
  });

  it('makes a numbered list of lines starting with 1., 2.', () => {
    expect(formatEmailBody('1. first\n2. second')).toBe('<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n');
  });

  it('makes # a level-2 heading, ## level 3 and deeper headings paragraphs', () => {
    expect(formatEmailBody('# Big\n\n## Small\n\n### Deep')).toBe(
      '<h2>Big</h2>\n<h3>Small</h3>\n<p>Deep</p>\n',
    );
  });

  it('needs no space after the # of a heading (mistune’s grammar)', () => {
    expect(formatEmailBody('#Heading')).toBe('<h2>Heading</h2>\n');
  });

  it('draws a horizontal rule for --- and ***', () => {
    expect(formatEmailBody('a\n\n---\n\nb\n\n***\n\nc')).toBe('<p>a</p>\n<hr>\n<p>b</p>\n<hr>\n<p>c</p>\n');
  });

  it('links bare http(s) addresses, leaving the full stop after them outside the link', () => {
    expect(formatEmailBody('Pay at https://example.com/pay?x=1.')).toBe(
      '<p>Pay at <a href="https://example.com/pay?x=1">https://example.com/pay?x=1</a>.</p>\n',
    );
  });

  it('does not link addresses without http:// or https://', () => {
    expect(formatEmailBody('www.example.com and sam@example.com')).toBe(
      '<p>www.example.com and sam@example.com</p>\n',
    );
  });

  it('links [text](url)', () => {
    expect(formatEmailBody('[Pay now](https://example.com/pay)')).toBe(
      '<p><a href="https://example.com/pay">Pay now</a></p>\n',
    );
  });

  it('refuses javascript: links', () => {
    expect(formatEmailBody('[x](javascript:alert(1))')).not.toContain('href');
  });

  it('separates paragraphs at blank lines and breaks lines at every newline', () => {
    expect(formatEmailBody('Dear Sam,\nThank you.\n\nParking Services')).toBe(
      '<p>Dear Sam,<br>\nThank you.</p>\n<p>Parking Services</p>\n',
    );
  });

  it('shows HTML in the text (from personalisation or the template) as text', () => {
    expect(formatEmailBody('Hello <b>Sam</b> & <script>alert(1)</script>')).toBe(
      '<p>Hello &lt;b&gt;Sam&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
  });

  it('has no emphasis, strikethrough or inline code', () => {
    expect(formatEmailBody('Note: **bold** _em_ ~~gone~~ `code`')).toBe(
      '<p>Note: **bold** _em_ ~~gone~~ `code`</p>\n',
    );
  });

  it('drops images', () => {
    expect(formatEmailBody('a ![logo](https://example.com/logo.png) b')).toBe('<p>a  b</p>\n');
  });

  it('keeps mail clients from linking GOV.UK (a zero-width space after the dot)', () => {
    expect(formatEmailBody('Visit GOV.UK today')).toBe('<p>Visit GOV.\u200bUK today</p>\n');
  });

  it('uses smart quotes, en dashes between spaces and no space before a comma', () => {
    expect(formatEmailBody('It\'s "free" - really , yes')).toBe('<p>It’s “free” – really, yes</p>\n');
  });

  it('ends with a rule and an unsubscribe link when the email has a one-click unsubscribe URL', () => {
    expect(formatEmailBody('Hello', { unsubscribeUrl: 'https://council.example/unsubscribe/1' })).toBe(
      '<p>Hello</p>\n<hr>\n<p><a href="https://council.example/unsubscribe/1">Unsubscribe from these emails</a></p>\n',
    );
    expect(withUnsubscribeLink('Hello', null)).toBe('Hello');
  });
});

describe('a letter body, as Notify’s letter preview renders it', () => {
  it('makes # a heading and ## a paragraph', () => {
    expect(formatLetterBody('# Your permit\n\n## Details')).toBe('<h2>Your permit</h2>\n<p>Details</p>\n');
  });

  it('prints inset text as plain text', () => {
    expect(formatLetterBody('^ Keep this letter')).toBe('<p>Keep this letter</p>\n');
  });

  it('keeps bullets', () => {
    expect(formatLetterBody('* one\n* two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
  });

  it('prints links as their text and their address in bold without the protocol', () => {
    expect(formatLetterBody('[Pay online](https://example.com/pay) or https://example.com/help')).toBe(
      '<p>Pay online: <strong>example.com/pay</strong> or <strong>example.com/help</strong></p>\n',
    );
  });

  it('makes --- a page break', () => {
    expect(formatLetterBody('a\n\n---\n\nb')).toContain('notify-letter__page-break');
  });
});

describe('a text message', () => {
  it('is plain text: no markdown, HTML escaped, line breaks kept', () => {
    expect(formatTextMessage('# Not a heading\n* not a list <b>x</b>')).toBe(
      '# Not a heading<br>* not a list &lt;b&gt;x&lt;/b&gt;',
    );
  });

  it('is chosen by the message type', () => {
    expect(formatMessageBody('sms', '^ x')).toBe('^ x');
    expect(formatMessageBody('email', '^ x')).toContain('<blockquote>');
    expect(formatMessageBody('letter', '^ x')).toBe('<p>x</p>\n');
  });
});

// notifications-utils tests/test_markdown.py, case by case.
describe('Notify’s own markdown test cases', () => {
  it('reads bullets and numbers without a space after them as list items (test_unordered_list, test_ordered_list)', () => {
    expect(formatEmailBody('*one\n*two\n*three\n')).toBe(
      '<ul>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ul>\n',
    );
    expect(formatEmailBody('1.one\n2.two\n3.three\n')).toBe(
      '<ol>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ol>\n',
    );
  });

  it('does not make lists of + (test_pluses_dont_render_as_lists)', () => {
    expect(formatEmailBody('+ one\n+ two')).not.toContain('<li>');
  });

  it('links a [text](address) without a protocol to http:// (test_external_link_without_http)', () => {
    expect(formatEmailBody('Visit our [website](www.example.com/xyz).')).toBe(
      '<p>Visit our <a href="http://www.example.com/xyz">website</a>.</p>\n',
    );
  });

  it('keeps a mailto: link (test_mailto_link_in_email_markdown_link)', () => {
    expect(formatEmailBody('Unusual [link](mailto:unsubscribe@example.com)')).toContain(
      'href="mailto:unsubscribe@example.com"',
    );
  });

  it('prints fenced code as its text, in no element (test_block_code)', () => {
    expect(formatEmailBody('```\nprint("hello")\n```')).toBe('print(&quot;hello&quot;)\n');
  });

  it('renders tables as nothing (test_table)', () => {
    expect(formatEmailBody('col | col\n----|----\nval | val\n')).toBe('');
  });

  it('keeps a line starting with ^ inside a paragraph as text (the paragraph grammar predates Notify’s ^)', () => {
    expect(formatEmailBody('Dear Sam,\n^ not inset')).toBe('<p>Dear Sam,<br>\n^ not inset</p>\n');
  });

  it('keeps lazy lines after inset text inside it (mistune’s block quote grammar)', () => {
    expect(formatEmailBody('^ one\ntwo')).toBe('<blockquote>\n<p>one<br>\ntwo</p>\n</blockquote>\n');
  });
});
