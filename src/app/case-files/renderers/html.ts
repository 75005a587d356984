import { ARABIC_RUN, ARABIC_SCRIPT } from '../../../domain/names';
import type { CaseFile } from '../case-file';
import {
  footnoteAnchor,
  layoutCaseFile,
  type Block,
  type CaseDocument,
  type DocSection,
  type Inline,
} from './document';

/**
 * The case file as one self-contained HTML5 page: inline CSS, no scripts, no
 * external resources (the page must print the same offline, years from now),
 * laid out for A4. It is also the PDF's source (pdf.ts).
 */
export function renderHtml(file: CaseFile): Buffer {
  return Buffer.from(new HtmlWriter(layoutCaseFile(file)).write(), 'utf8');
}

const ARABIC_CHAR = new RegExp(`[${ARABIC_SCRIPT}]`);

const CSS = `
@page { size: A4; margin: 20mm 18mm 22mm 18mm; }
@page { @bottom-center { content: counter(page) " / " counter(pages); font: 8pt "DejaVu Sans", "Noto Sans Arabic", sans-serif; color: #555; } }
html { font-family: "DejaVu Sans", "Noto Sans Arabic", sans-serif; font-size: 10pt; line-height: 1.45; color: #000; background: #fff; }
body { margin: 0; }
h1 { font-size: 20pt; margin: 0 0 8mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; border-bottom: 0.4pt solid #999; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2.5mm; orphans: 3; widows: 3; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
a { color: inherit; text-decoration: none; }
a[href^="http"] { text-decoration: underline; overflow-wrap: anywhere; }
sup.fnref { font-size: 7pt; line-height: 0; }
sup.fnref a { color: #00448a; }
sup.fnref-next::before { content: ","; }
bdi[dir="rtl"] { unicode-bidi: isolate; }
.cover { break-after: page; page-break-after: always; }
.cover dl { display: grid; grid-template-columns: 38mm 1fr; gap: 2mm 4mm; margin: 0 0 8mm; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
.conventions, .intro, .empty { color: #333; font-style: italic; }
.conflicts li, .bibliography li, .trace li { margin: 0 0 2mm; }
ol.footnotes { padding-left: 8mm; font-size: 9pt; }
ol.footnotes > li { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
ol.footnotes ul { margin: 1mm 0 0; padding-left: 5mm; }
.excerpt { font-style: italic; }
.withheld { font-style: italic; color: #555; }
a.backref { color: #00448a; margin-left: 1mm; }
section.bibliography, section.appendix { break-before: page; page-break-before: always; }
ul.bibliography { list-style: none; padding: 0; font-size: 9pt; }
ul.bibliography li { padding-left: 6mm; text-indent: -6mm; break-inside: avoid; page-break-inside: avoid; }
ul.trace { font-size: 9pt; }
`
  .trim()
  .replace(/\n/g, '\n      ');

class HtmlWriter {
  /** How many times each footnote is referenced, for the back links. */
  private readonly refCounts = new Map<number, number>();
  private readonly seen = new Map<number, number>();

  constructor(private readonly doc: CaseDocument) {
    for (const section of doc.sections) {
      for (const b of section.blocks) for (const parts of inlinesOf(b)) countRefs(parts, this.refCounts);
      countRefs(section.heading, this.refCounts);
    }
  }

  write(): string {
    const [cover, ...rest] = this.doc.sections;
    return [
      '<!DOCTYPE html>',
      '<html lang="en" dir="ltr">',
      '  <head>',
      '    <meta charset="utf-8">',
      `    <title>${escapeHtml(this.doc.title)}</title>`,
      '    <style>',
      `      ${CSS}`,
      '    </style>',
      '  </head>',
      '  <body>',
      cover ? this.cover(cover) : '',
      '    <main>',
      ...rest.map((s) => this.section(s)),
      '    </main>',
      '  </body>',
      '</html>',
      '',
    ].join('\n');
  }

  private cover(s: DocSection): string {
    return [
      `    <header class="cover" id="${s.id}">`,
      `      <h1>${this.inlines(s.heading)}</h1>`,
      ...s.blocks.map((b) => this.block(b, '      ')),
      '    </header>',
    ].join('\n');
  }

  private section(s: DocSection): string {
    return [
      `      <section class="${s.role}" id="${escapeHtml(s.id)}">`,
      `        <h2>${this.inlines(s.heading)}</h2>`,
      ...s.blocks.map((b) => this.block(b, '        ')),
      '      </section>',
    ].join('\n');
  }

  private block(b: Block, indent: string): string {
    switch (b.kind) {
      case 'paragraph':
        return `${indent}<p class="${escapeHtml(b.className)}">${this.inlines(b.children)}</p>`;
      case 'list':
        return [
          `${indent}<ul class="${escapeHtml(b.className)}">`,
          ...b.items.map(
            (item) =>
              `${indent}  <li${item.id === null ? '' : ` id="${escapeHtml(item.id)}"`}>${this.inlines(item.children)}</li>`,
          ),
          `${indent}</ul>`,
        ].join('\n');
      case 'fields':
        return [
          `${indent}<dl>`,
          ...b.fields.map(
            (f) => `${indent}  <dt>${escapeHtml(f.label)}</dt>\n${indent}  <dd>${this.inlines(f.value)}</dd>`,
          ),
          `${indent}</dl>`,
        ].join('\n');
      case 'subheading':
        return `${indent}<h3 id="${escapeHtml(b.id)}">${this.inlines(b.children)}</h3>`;
      case 'footnotes':
        return [
          `${indent}<ol class="footnotes">`,
          ...b.items.map((item) => {
            const citations = item.citations.map((c) => `${indent}      <li>${this.inlines(c)}</li>`);
            return [
              `${indent}  <li id="${footnoteAnchor(item.number)}" value="${item.number}">`,
              `${indent}    <p>${this.inlines(item.head)}${this.backLinks(item.number)}</p>`,
              `${indent}    <ul class="citations">`,
              ...citations,
              `${indent}    </ul>`,
              `${indent}  </li>`,
            ].join('\n');
          }),
          `${indent}</ol>`,
        ].join('\n');
    }
  }

  private backLinks(n: number): string {
    const count = this.refCounts.get(n) ?? 0;
    const links: string[] = [];
    for (let i = 1; i <= count; i++) {
      const label = i === 1 ? '↩' : `↩<sup>${i}</sup>`;
      links.push(
        ` <a class="backref" href="#${refAnchor(n, i)}" aria-label="Back to reference ${i} to footnote ${n}">${label}</a>`,
      );
    }
    return links.join('');
  }

  private inlines(parts: readonly Inline[]): string {
    // A ref right after another gets a comma from CSS, so "3,4" never reads as "34".
    return parts.map((p, i) => this.inline(p, parts[i - 1]?.kind === 'ref')).join('');
  }

  private inline(part: Inline, afterRef: boolean): string {
    switch (part.kind) {
      case 'text':
        return bidi(part.text, part.rtl ?? []);
      case 'code':
        return `<code>${bidi(part.text, [])}</code>`;
      case 'em':
        return `<em>${this.inlines(part.children)}</em>`;
      case 'strong':
        return `<strong>${this.inlines(part.children)}</strong>`;
      case 'excerpt':
        return `<span class="excerpt">“${bidi(part.text, [])}”</span>`;
      case 'withheld':
        return '<span class="withheld">[excerpt withheld for this profile]</span>';
      case 'ref': {
        const occurrence = (this.seen.get(part.number) ?? 0) + 1;
        this.seen.set(part.number, occurrence);
        return `<sup class="${afterRef ? 'fnref fnref-next' : 'fnref'}" id="${refAnchor(part.number, occurrence)}"><a href="#${footnoteAnchor(part.number)}">${part.number}</a></sup>`;
      }
      case 'link':
        return part.target === null
          ? this.inlines(part.children)
          : `<a href="#${escapeHtml(part.target)}">${this.inlines(part.children)}</a>`;
      case 'url':
        return /^https?:\/\//i.test(part.url)
          ? `<a href="${escapeHtml(part.url)}">${bidi(part.url, [])}</a>`
          : bidi(part.url, []);
    }
  }
}

function refAnchor(n: number, occurrence: number): string {
  return occurrence === 1 ? `fnref-${n}` : `fnref-${n}-${occurrence}`;
}

function inlinesOf(b: Block): Inline[][] {
  switch (b.kind) {
    case 'paragraph':
    case 'subheading':
      return [b.children];
    case 'list':
      return b.items.map((i) => i.children);
    case 'fields':
      return b.fields.map((f) => f.value);
    case 'footnotes':
      return b.items.flatMap((i) => [i.head, ...i.citations]);
  }
}

function countRefs(parts: readonly Inline[], counts: Map<number, number>): void {
  for (const part of parts) {
    switch (part.kind) {
      case 'ref':
        counts.set(part.number, (counts.get(part.number) ?? 0) + 1);
        break;
      case 'em':
      case 'strong':
      case 'link':
        countRefs(part.children, counts);
        break;
      case 'text':
      case 'code':
      case 'excerpt':
      case 'withheld':
      case 'url':
        break;
    }
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/**
 * Escapes `value` and isolates its right-to-left parts in <bdi>: the fragments
 * the builder listed, and any other run of Arabic script. Without isolation
 * the bidi algorithm lets an Arabic name pull neighbouring punctuation and
 * numbers out of place ("Sednaya (سجن صيدنايا), 2011" would print scrambled).
 */
export function bidi(value: string, rtl: readonly string[]): string {
  const spans: [number, number][] = [];
  for (const fragment of rtl) {
    if (fragment === '') continue;
    for (let at = value.indexOf(fragment); at !== -1; at = value.indexOf(fragment, at + fragment.length)) {
      spans.push([at, at + fragment.length]);
    }
  }
  for (const match of value.matchAll(ARABIC_RUN)) spans.push([match.index, match.index + match[0].length]);
  if (spans.length === 0) return escapeHtml(value);

  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of merged) {
    out += escapeHtml(value.slice(at, start));
    const part = value.slice(start, end);
    // lang="ar" picks Arabic shaping and fonts; a listed fragment in another script (Hebrew) is only isolated.
    out += `<bdi dir="rtl"${ARABIC_CHAR.test(part) ? ' lang="ar"' : ''}>${escapeHtml(part)}</bdi>`;
    at = end;
  }
  return out + escapeHtml(value.slice(at));
}
