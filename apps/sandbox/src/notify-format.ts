/**
 * A Notify message body as the recipient sees it: the inbox shows each email as Notify's HTML email renders it,
 * each letter as Notify's letter preview does and each text message as plain text.
 *
 * Notify's rules (alphagov/notifications-utils):
 * - `notifications_utils/template.py` `BaseEmailTemplate.html_body`: the content (personalisation HTML-escaped,
 *   `Field(html="escape")`) goes through `unlink_govuk_escaped`, `strip_unsupported_characters`, the markdown
 *   renderer and `do_nice_typography`; `content_with_unsubscribe_link` appends `---` and
 *   `[Unsubscribe from these emails](url)` when the notification has a one-click unsubscribe URL.
 * - `notifications_utils/markdown.py`: mistune with Notify's grammar. `^` at the start of a line is inset text (a
 *   block quote; `>` is not), list bullets are `*`, `-` or `•` (or `1.`), emphasis, strikethrough and inline code
 *   are switched off, bare URLs are links only with `http://` or `https://`, hard wraps (every newline is a line
 *   break). `NotifyEmailMarkdownRenderer`: `#` is a level-2 heading, `##` level 3, deeper headings are
 *   paragraphs; images and tables render nothing. `NotifyLetterMarkdownPreviewRenderer`: `#` is a heading and
 *   nothing else is, inset text is plain text, `---` is a page break, a link is printed as its text and the
 *   address in bold without the protocol.
 * - `notifications_utils/formatters.py`: `govuk_not_a_link` (a zero-width space after `GOV.` so mail clients do
 *   not link "GOV.UK"), `whitespace_before_punctuation`, `hyphens_surrounded_by_spaces` (an en dash) and smart
 *   quotes (`make_quotes_smart`).
 *
 * The parser is markdown-it with everything off except the rules Notify keeps; HTML in the source is shown as
 * text, never interpreted (Notify escapes it), and links other than http(s)/mailto/tel are refused.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

export type MessageType = 'email' | 'sms' | 'letter';

/*
 * Notify's block grammar differs from CommonMark's in a few markers. Mistune (0.8) compiles its paragraph rule
 * before notifications-utils replaces the quote and list rules, so a paragraph is interrupted only by the original
 * markers (`* `, `- `, `1. `, `#`, a rule), while Notify's own (`^`, `•`, a bullet without a space) start a block
 * only after a blank line or inside a list. The lines are rewritten into CommonMark with that in mind.
 */
/** Notify's inset text: `^` (spaces before it allowed, one space after it optional). */
const INSET_TEXT = /^( *)\^ ?/;
/** CommonMark's quote marker and its `+` and `1)` list markers, none of which Notify has: kept as text. */
const NOT_NOTIFY_MARKER = /^( {0,3})(>|\+|\d+\))/;
/** A bullet as both grammars read it (`* `, `- `): CommonMark would start a new list at each change of bullet. */
const SPACED_BULLET = /^( *)[*-] /;
/** Notify's own bullets: `•`, or `*`, `-` without a space. */
const NOTIFY_BULLET = /^( *)(?:•|[*-](?=\S)) ?/;
/** A numbered item without a space after the full stop (`1.one`). */
const NUMBER_WITHOUT_SPACE = /^( *\d+\.)(?=\S)/;
const ORDERED_ITEM = /^ *\d+\. /;
/** A horizontal rule (`---`, `* * *`), which must not be read as a bullet. */
const HORIZONTAL_RULE = /^ {0,3}([-*_])(?: *\1){2,} *$/;
/** Mistune's heading grammar needs no space after the `#`s; CommonMark does. */
const HEADING_WITHOUT_SPACE = /^( *#{1,6})(?=[^#\s])/;

const GOVUK_NOT_A_LINK = /(^|\s)(#|\*|\^)?(GOV)\.(UK)(?!\/|\?|#)/gi;
const WHITESPACE_BEFORE_PUNCTUATION = /(?<![ \t])[ \t]+([,.])/g;
const HYPHENS_SURROUNDED_BY_SPACES = /(?<!\s)\s+[-–—]{1,3}\s+/g;

/** Rewrites Notify's block markers into their CommonMark equivalents, line by line. */
function toCommonMark(text: string): string {
  let blockStart = true;
  let inList = false;
  let inQuote = false;
  const out: string[] = [];
  for (const original of text.split('\n')) {
    if (original.trim() === '') {
      out.push(original);
      blockStart = true;
      inQuote = false;
      continue;
    }
    if (HORIZONTAL_RULE.test(original)) {
      out.push(original);
      blockStart = true;
      inList = false;
      inQuote = false;
      continue;
    }
    let line = original.replace(NOT_NOTIFY_MARKER, '$1\\$2').replace(HEADING_WITHOUT_SPACE, '$1 ');
    if ((blockStart || inQuote) && INSET_TEXT.test(line)) {
      line = line.replace(INSET_TEXT, '$1> ');
      inQuote = true;
    } else if (SPACED_BULLET.test(line) || ORDERED_ITEM.test(line)) {
      line = line.replace(SPACED_BULLET, '$1* ');
      inList = true;
    } else if ((blockStart || inList) && (NOTIFY_BULLET.test(line) || NUMBER_WITHOUT_SPACE.test(line))) {
      line = line.replace(NOTIFY_BULLET, '$1* ').replace(NUMBER_WITHOUT_SPACE, '$1 ');
      inList = true;
    } else if (blockStart) {
      inList = false;
    }
    out.push(inQuote ? line.replace(/^(?! *>)/, '> ') : line);
    blockStart = false;
  }
  return out.join('\n');
}

function withNiceTypography(md: MarkdownIt): void {
  md.core.ruler.push('notify_typography', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      let insideLink = 0;
      for (const token of block.children) {
        if (token.type === 'link_open') insideLink++;
        if (token.type === 'link_close') insideLink--;
        // Like smartypants in Notify, leave the text of links (their addresses) alone.
        if (token.type !== 'text' || insideLink > 0) continue;
        token.content = token.content
          .replace(WHITESPACE_BEFORE_PUNCTUATION, '$1')
          .replace(HYPHENS_SURROUNDED_BY_SPACES, ' \u2013 ');
      }
    }
  });
}

/** Maps heading levels the way the renderer in question does: `levels[n]` is the tag for `#`×(n+1). */
function withHeadingTags(md: MarkdownIt, levels: readonly string[]): void {
  md.core.ruler.push('notify_headings', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'heading_open' && token.type !== 'heading_close') continue;
      const level = Number(token.tag.slice(1));
      token.tag = levels[level - 1] ?? 'p';
    }
  });
}

function notifyMarkdown(): MarkdownIt {
  const md = new MarkdownIt('zero', {
    html: false,
    breaks: true,
    linkify: true,
    typographer: true,
    quotes: '“”‘’',
  });
  md.enable([
    'heading',
    'lheading',
    'hr',
    'list',
    'blockquote',
    'code',
    'fence',
    'link',
    'image',
    'linkify',
    'newline',
    'escape',
    'entity',
    'smartquotes',
    'table',
  ]);
  // Tables: Notify's renderers return nothing for them.
  md.core.ruler.push('notify_no_tables', (state) => {
    let depth = 0;
    state.tokens = state.tokens.filter((token) => {
      if (token.type === 'table_open') depth++;
      const outside = depth === 0;
      if (token.type === 'table_close') depth--;
      return outside;
    });
  });
  // Mistune's `url` grammar in Notify: only addresses that start with http:// or https:// become links.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.linkify.add('mailto:', null).add('ftp:', null).add('//', null);
  // `create_sanitised_html_for_url`: a link without a protocol gets `http://`. (One with a protocol markdown-it
  // refuses, such as javascript:, stays refused rather than becoming `http://javascript:...`.)
  const normalizeLink = md.normalizeLink.bind(md);
  md.normalizeLink = (url) => normalizeLink(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`);
  withNiceTypography(md);
  // Images: Notify's renderers return nothing for them.
  md.renderer.rules.image = () => '';
  // Indented and fenced code: Notify's `block_code` returns the text as it is (escaped), in no element.
  const code = (tokens: Token[], idx: number) =>
    `${md.utils.escapeHtml(tokens[idx]!.content.replace(/\n$/, ''))}\n`;
  md.renderer.rules.code_block = code;
  md.renderer.rules.fence = code;
  return md;
}

const emailMarkdown = (() => {
  const md = notifyMarkdown();
  withHeadingTags(md, ['h2', 'h3']);
  return md;
})();

const letterMarkdown = (() => {
  const md = notifyMarkdown();
  withHeadingTags(md, ['h2']);
  const { rules } = md.renderer;
  // Inset text on a letter is plain text.
  rules.blockquote_open = () => '';
  rules.blockquote_close = () => '';
  rules.hr = () => '<div class="notify-letter__page-break" role="separator"><span>Page break</span></div>\n';
  const withoutProtocol = (href: string) => href.replace(/^https?:\/\//, '');
  rules.link_open = (tokens, idx) => (tokens[idx]!.markup === 'linkify' ? '<strong>' : '');
  rules.link_close = (tokens, idx) => {
    let open = idx - 1;
    while (open >= 0 && tokens[open]!.type !== 'link_open') open--;
    const opening = tokens[open];
    if (!opening || opening.markup === 'linkify') return '</strong>';
    return `: <strong>${md.utils.escapeHtml(withoutProtocol(opening.attrGet('href') ?? ''))}</strong>`;
  };
  const text = rules.text!;
  rules.text = (tokens, idx, options, env, self) => {
    const previous = tokens[idx - 1];
    if (previous?.type === 'link_open' && previous.markup === 'linkify') {
      return md.utils.escapeHtml(withoutProtocol(tokens[idx]!.content));
    }
    return text(tokens, idx, options, env, self);
  };
  return md;
})();

/** Notify's `content_with_unsubscribe_link`. */
export function withUnsubscribeLink(body: string, unsubscribeUrl: string | null | undefined): string {
  return unsubscribeUrl ? `${body}\n\n---\n\n[Unsubscribe from these emails](${unsubscribeUrl})` : body;
}

function prepare(body: string): string {
  return `${toCommonMark(body.replace(/\u2028|\u3164/g, '').replace(GOVUK_NOT_A_LINK, '$1$2$3.\u200b$4'))}\n`;
}

/** The body of an email (placeholders already filled in) as HTML, as Notify's HTML email renders it. */
export function formatEmailBody(body: string, options: { unsubscribeUrl?: string | null } = {}): string {
  return emailMarkdown.render(prepare(withUnsubscribeLink(body, options.unsubscribeUrl)));
}

/** The body of a letter as HTML, as Notify's letter preview renders it. */
export function formatLetterBody(body: string): string {
  return letterMarkdown.render(prepare(body));
}

/** A text message as HTML: plain text (text messages have no formatting), line breaks kept. */
export function formatTextMessage(body: string): string {
  return emailMarkdown.utils
    .escapeHtml(
      body
        .trim()
        .replace(/\r\n?/g, '\n')
        .replace(/\n{3,}/g, '\n\n'),
    )
    .replace(/\n/g, '<br>');
}

/** The body of any message, by its type. */
export function formatMessageBody(
  type: MessageType,
  body: string,
  options: { unsubscribeUrl?: string | null } = {},
): string {
  if (type === 'email') return formatEmailBody(body, options);
  if (type === 'letter') return formatLetterBody(body);
  return formatTextMessage(body);
}
