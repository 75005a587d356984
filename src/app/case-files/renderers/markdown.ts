import { ARABIC_RUN } from '../../../domain/names';
import type { CaseFile } from '../case-file';
import { layoutCaseFile, type Block, type DocSection, type Inline } from './document';
import { DocSectionRole } from './document';

/**
 * The case file as GitHub-flavoured Markdown (footnotes as `[^n]`). Data never
 * becomes markup: a source title with `*`, `_` or `<script>` in it reads as
 * written, whatever Markdown renderer the recipient uses.
 */
export function renderMarkdown(file: CaseFile): Buffer {
  const doc = layoutCaseFile(file);
  const chunks = doc.sections.map(section);
  return Buffer.from(`${chunks.join('\n\n')}\n`, 'utf8');
}

function section(s: DocSection): string {
  const level = s.role === DocSectionRole.COVER ? '#' : '##';
  return [`${level} ${inlines(s.heading, true)}`, ...s.blocks.map(block)].join('\n\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return inlines(b.children, true);
    case 'list':
      return b.items.map((item) => `- ${inlines(item.children, true)}`).join('\n');
    case 'fields':
      return b.fields.map((f) => `- **${escapeMarkdown(f.label, true)}:** ${inlines(f.value, false)}`).join('\n');
    case 'subheading':
      return `### ${inlines(b.children, true)}`;
    case 'footnotes':
      // Continuation lines are indented four spaces so that they stay inside the footnote.
      return b.items
        .map((item) =>
          [
            `[^${item.number}]: ${inlines(item.head, true)}`,
            ...item.citations.map((c) => `    - ${inlines(c, true)}`),
          ].join('\n\n'),
        )
        .join('\n\n');
  }
}

/** `lineStart`: whether the first part begins a line, where more characters are syntax (lists, headings). */
/**
 * Markdown has no markup for direction, so Arabic runs are wrapped in the
 * Unicode isolates (RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE): a
 * viewer then lays them out right to left without reordering what surrounds them.
 */
function isolateRtl(text: string): string {
  return text.replace(ARABIC_RUN, (run) => `\u2067${run}\u2069`);
}

function inlines(parts: readonly Inline[], lineStart: boolean): string {
  return parts.map((p, i) => inline(p, lineStart && i === 0)).join('');
}

function inline(part: Inline, lineStart: boolean): string {
  switch (part.kind) {
    case 'text':
      return isolateRtl(escapeMarkdown(part.text, lineStart));
    case 'code':
      return codeSpan(part.text);
    case 'em':
      return `*${inlines(part.children, false)}*`;
    case 'strong':
      return `**${inlines(part.children, false)}**`;
    case 'excerpt':
      return `“${isolateRtl(escapeMarkdown(part.text, false))}”`;
    case 'withheld':
      return escapeMarkdown('[excerpt withheld for this profile]', false);
    case 'ref':
      return `[^${part.number}]`;
    case 'link':
      // Anchors exist only in HTML; in Markdown the words stand alone.
      return inlines(part.children, lineStart);
    case 'url':
      return /^https?:\/\/[^\s<>]+$/i.test(part.url) ? `<${part.url}>` : escapeMarkdown(part.url, lineStart);
  }
}

/**
 * Backslash-escapes what Markdown (CommonMark, GFM and the common extensions:
 * strikethrough, tables, math) could read as syntax, and folds line breaks so
 * data cannot start a new block. Characters that matter only at the start of
 * a line are escaped only there.
 */
export function escapeMarkdown(value: string, lineStart: boolean): string {
  const folded = value.replace(/[ \t]*(?:\r\n|[\r\n\u2028\u2029])\s*/g, ' ');
  const escaped = folded.replace(/[\\`*_[\]<>|~$&]/g, (c) => `\\${c}`);
  if (!lineStart) return escaped;
  return escaped
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/^ {4,}/, ' ');
}

function codeSpan(value: string): string {
  const folded = value.replace(/\s*(?:\r\n|[\r\n\u2028\u2029])\s*/g, ' ');
  const longest = Math.max(0, ...(folded.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = folded.startsWith('`') || folded.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${folded}${pad}${fence}`;
}
