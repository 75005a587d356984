import type { BibliographyEntry, CaseFile, CaseFileConflict, Footnote, FootnoteCitation } from '../case-file';

/**
 * The case file laid out as a document, once, for the Markdown and HTML
 * renderers (and through HTML, the PDF). Both serialise this same tree, so the
 * formats cannot drift apart in content or order; they differ only in markup.
 * Every string in it is plain text: escaping is the serialiser's job.
 */

export type Inline =
  /** `rtl`: fragments the builder marked as right-to-left (Arabic names). */
  | { kind: 'text'; text: string; rtl?: readonly string[] }
  /** Identifiers and hashes, shown verbatim. */
  | { kind: 'code'; text: string }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'strong'; children: Inline[] }
  /** The exact words of a source, in quotation marks. */
  | { kind: 'excerpt'; text: string }
  | { kind: 'withheld' }
  | { kind: 'ref'; number: number }
  /** An internal cross-reference; `target` is an anchor id, null when there is nothing to point at. */
  | { kind: 'link'; target: string | null; children: Inline[] }
  | { kind: 'url'; url: string };

export interface ListItem {
  id: string | null;
  children: Inline[];
}

export interface FootnoteItem {
  number: number;
  head: Inline[];
  citations: Inline[][];
}

export type Block =
  | { kind: 'paragraph'; className: string; children: Inline[] }
  | { kind: 'list'; className: string; items: ListItem[] }
  | { kind: 'fields'; fields: { label: string; value: Inline[] }[] }
  | { kind: 'subheading'; id: string; children: Inline[] }
  | { kind: 'footnotes'; items: FootnoteItem[] };

export enum DocSectionRole {
  COVER = 'cover',
  CASE = 'case-section',
  CONFLICTS = 'conflicts',
  FOOTNOTES = 'footnotes',
  BIBLIOGRAPHY = 'bibliography',
  APPENDIX = 'appendix',
}

export interface DocSection {
  /** Anchor id, unique in the document. */
  id: string;
  role: DocSectionRole;
  heading: Inline[];
  blocks: Block[];
}

export interface CaseDocument {
  /** Plain-text title, for the HTML <title> and the PDF's metadata. */
  title: string;
  sections: DocSection[];
}

/** A case file that breaks its own invariants: a bug in whatever built it, never the reader's fault. */
export class InvalidCaseFileError extends Error {
  constructor(message: string) {
    super(`Invalid case file: ${message}`);
    this.name = 'InvalidCaseFileError';
  }
}

/**
 * Refuses to render a file whose footnote references would dangle: a legal
 * document with a footnote pointing nowhere is worse than no document.
 */
export function checkCaseFile(file: CaseFile): void {
  file.footnotes.forEach((footnote, i) => {
    if (footnote.number !== i + 1) {
      throw new InvalidCaseFileError(
        `footnote at position ${i + 1} is numbered ${footnote.number}; expected ${i + 1}.`,
      );
    }
  });
  const known = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= file.footnotes.length;
  for (const section of file.sections) {
    for (const statement of section.statements) {
      const bad = statement.footnotes.find((n) => !known(n));
      if (bad !== undefined)
        throw new InvalidCaseFileError(`section "${section.id}" cites footnote ${bad}, which does not exist.`);
    }
  }
  for (const conflict of file.conflicts) {
    const bad = conflict.footnotes.find((n) => !known(n));
    if (bad !== undefined) throw new InvalidCaseFileError(`a conflict cites footnote ${bad}, which does not exist.`);
  }
  for (const trace of file.traces) {
    if (!known(trace.footnote))
      throw new InvalidCaseFileError(`a trace is for footnote ${trace.footnote}, which does not exist.`);
  }
}

/**
 * An anchor id for any string. Characters outside [A-Za-z0-9_-] become
 * ".hex." so that distinct ids can never collide and the result is safe in a
 * URL fragment without further encoding.
 */
export function anchorId(prefix: string, raw: string): string {
  return `${prefix}-${raw.replace(/[^A-Za-z0-9_-]/gu, (c) => `.${c.codePointAt(0)!.toString(16)}.`)}`;
}

export const footnoteAnchor = (n: number): string => `fn-${n}`;
export const sourceAnchor = (sourceId: string): string => anchorId('src', sourceId);
export const traceAnchor = (n: number): string => `trace-${n}`;

/** Admiralty scale wording, so a reader needs no key; unknown grades are printed as they are. */
const RELIABILITY: Readonly<Record<string, string>> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};
const CREDIBILITY: Readonly<Record<number, string>> = {
  1: 'confirmed by other sources',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
};

function text(value: string, rtl?: readonly string[]): Inline {
  return rtl && rtl.length > 0 ? { kind: 'text', text: value, rtl } : { kind: 'text', text: value };
}

function code(value: string): Inline {
  return { kind: 'code', text: value };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

class Layout {
  private readonly bibliography: Map<string, BibliographyEntry>;
  private readonly citedTitles = new Map<string, string>();

  constructor(private readonly file: CaseFile) {
    this.bibliography = new Map(file.bibliography.map((entry) => [entry.sourceId, entry]));
    for (const footnote of file.footnotes) {
      for (const c of footnote.citations) {
        this.citedTitles.set(c.sourceId, c.sourceTitle);
        if (c.viaSourceId !== null && c.viaSourceTitle !== null) this.citedTitles.set(c.viaSourceId, c.viaSourceTitle);
      }
    }
  }

  document(): CaseDocument {
    const file = this.file;
    return {
      title: file.title,
      sections: [
        this.cover(),
        ...file.sections.map((section, i) => this.caseSection(section, i)),
        this.conflicts(),
        this.footnotes(),
        this.bibliographySection(),
        this.appendix(),
      ],
    };
  }

  private cover(): DocSection {
    const { file } = this;
    const subject: Inline[] = [text(file.subject.name)];
    if (file.subject.kind !== null || file.subject.id !== null) {
      subject.push(text(' ('));
      if (file.subject.kind !== null) subject.push(text(file.subject.kind.toLowerCase()));
      if (file.subject.kind !== null && file.subject.id !== null) subject.push(text(', '));
      if (file.subject.id !== null) subject.push(code(file.subject.id));
      subject.push(text(')'));
    }
    const fields: { label: string; value: Inline[] }[] = [{ label: 'Subject', value: subject }];
    if (file.subject.claimIds.length > 0) {
      fields.push({
        label: 'Claims',
        value: file.subject.claimIds.flatMap((id, i) => (i === 0 ? [code(id)] : [text(', '), code(id)])),
      });
    }
    const statements = file.sections.reduce((n, s) => n + s.statements.length, 0);
    fields.push(
      { label: 'Graph as of', value: [text(file.asOf)] },
      {
        label: 'Profile',
        value: [
          text(file.profile.name),
          text(' (role '),
          text(file.profile.role),
          text(', clearance '),
          text(file.profile.clearance),
          text(')'),
        ],
      },
      { label: 'What this profile shows', value: [text(file.profile.description)] },
      {
        label: 'Contents',
        value: [
          text(
            [
              plural(statements, 'statement', 'statements'),
              plural(file.footnotes.length, 'footnote', 'footnotes'),
              plural(file.bibliography.length, 'source', 'sources'),
              plural(file.conflicts.length, 'conflict between sources', 'conflicts between sources'),
            ].join(', '),
          ),
        ],
      },
      {
        label: 'Produced by',
        value: [text('Athar '), text(file.atharVersion), text(', case file schema '), text(file.schemaVersion)],
      },
    );
    return {
      id: 'cover',
      role: DocSectionRole.COVER,
      heading: [text(file.title)],
      blocks: [
        { kind: 'fields', fields },
        {
          kind: 'paragraph',
          className: 'conventions',
          children: [
            text(
              'Every statement below rests on the claims in its footnotes. Each footnote gives the claim’s citations ' +
                'with the exact words of the source, unless withheld for this profile. Where sources disagree, ' +
                'both accounts are given; this file does not decide between them.',
            ),
          ],
        },
      ],
    };
  }

  private caseSection(section: CaseFile['sections'][number], index: number): DocSection {
    const blocks: Block[] =
      section.statements.length === 0
        ? [
            {
              kind: 'paragraph',
              className: 'empty',
              children: [text('Nothing recorded here as this profile sees the graph.')],
            },
          ]
        : section.statements.map((statement) => ({
            kind: 'paragraph',
            className: 'statement',
            children: [
              text(statement.text, statement.rtl),
              ...statement.footnotes.map((number): Inline => ({ kind: 'ref', number })),
            ],
          }));
    // Indexed as well as named: section ids come from the builder and need not be unique.
    return {
      id: anchorId(`section-${index + 1}`, section.id),
      role: DocSectionRole.CASE,
      heading: [text(section.title)],
      blocks,
    };
  }

  private conflicts(): DocSection {
    const { conflicts } = this.file;
    const blocks: Block[] =
      conflicts.length === 0
        ? [{ kind: 'paragraph', className: 'empty', children: [text('No conflict between sources was found.')] }]
        : [
            {
              kind: 'paragraph',
              className: 'intro',
              children: [
                text(
                  'Where sources disagree, both accounts are kept and footnoted. This file states the disagreement ' +
                    'and does not resolve it.',
                ),
              ],
            },
            {
              kind: 'list',
              className: 'conflicts',
              items: conflicts.map((c) => ({ id: null, children: this.conflict(c) })),
            },
          ];
    return {
      id: 'conflicts',
      role: DocSectionRole.CONFLICTS,
      heading: [text('Conflicts between sources')],
      blocks,
    };
  }

  private conflict(conflict: CaseFileConflict): Inline[] {
    const [one, other] = conflict.footnotes;
    return [
      { kind: 'strong', children: [text('Conflict on '), code(conflict.predicate), text(':')] },
      text(' '),
      text(conflict.text),
      text(' One account: footnote'),
      { kind: 'ref', number: one },
      text('. The other account: footnote'),
      { kind: 'ref', number: other },
      text(`. ${overlapWording(conflict.periodOverlap)}`),
    ];
  }

  private footnotes(): DocSection {
    return {
      id: 'footnotes',
      role: DocSectionRole.FOOTNOTES,
      heading: [text('Footnotes')],
      blocks:
        this.file.footnotes.length === 0
          ? [{ kind: 'paragraph', className: 'empty', children: [text('No footnotes.')] }]
          : [{ kind: 'footnotes', items: this.file.footnotes.map((f) => this.footnote(f)) }],
    };
  }

  private footnote(footnote: Footnote): FootnoteItem {
    const head: Inline[] = [
      text(footnote.text),
      text(' Claim '),
      code(footnote.claimId),
      text(', predicate '),
      code(footnote.predicate),
      text(`; period ${footnote.period ?? 'not given'}`),
      text(`; status ${footnote.status}`),
    ];
    if (footnote.statusReason !== null) head.push(text(` (${footnote.statusReason})`));
    head.push(text(`; rank ${footnote.rank}`));
    if (footnote.rankReason !== null) head.push(text(` (${footnote.rankReason})`));
    head.push(text(`; independent origins: ${footnote.independentOrigins}`));
    if (footnote.singleOrigin) head.push(text(' (rests on a single origin)'));
    head.push(text('.'));
    const citations =
      footnote.citations.length === 0
        ? [[text('No citation is visible to this profile.')]]
        : footnote.citations.map((c) => this.citation(c));
    return { number: footnote.number, head, citations };
  }

  private citation(c: FootnoteCitation): Inline[] {
    const parts: Inline[] = [
      this.sourceLink(c.sourceId, c.sourceTitle),
      text(` (${c.sourceKind.toLowerCase().replace(/_/g, ' ')})`),
    ];
    if (c.publisher !== null) parts.push(text(`, ${c.publisher}`));
    if (c.date !== null) parts.push(text(`, ${c.date}`));
    if (c.viaSourceId !== null) {
      parts.push(text('; read in '), this.sourceLink(c.viaSourceId, c.viaSourceTitle ?? this.titleOf(c.viaSourceId)));
    }
    parts.push(text(`; ${c.locator}: `));
    parts.push(c.excerpt === null ? { kind: 'withheld' } : { kind: 'excerpt', text: c.excerpt });
    if (c.verifiedAgainst !== null) {
      parts.push(text('; verified against document sha256 '), { kind: 'code', text: c.verifiedAgainst });
    } else {
      parts.push(text('; not verified against a document'));
    }
    parts.push(text(`; reliability ${grade(c.reliability, RELIABILITY[c.reliability])}`));
    parts.push(text(`, credibility ${grade(String(c.credibility), CREDIBILITY[c.credibility])}.`));
    return parts;
  }

  private bibliographySection(): DocSection {
    const entries = this.file.bibliography;
    return {
      id: 'bibliography',
      role: DocSectionRole.BIBLIOGRAPHY,
      heading: [text('Bibliography')],
      blocks:
        entries.length === 0
          ? [{ kind: 'paragraph', className: 'empty', children: [text('No sources.')] }]
          : [{ kind: 'list', className: 'bibliography', items: entries.map((e) => this.entry(e)) }],
    };
  }

  private entry(e: BibliographyEntry): ListItem {
    const parts: Inline[] = [code(e.sourceId), text(' '), { kind: 'em', children: [text(e.title)] }, text('.')];
    if (e.author !== null) parts.push(text(` ${e.author}.`));
    if (e.publisher !== null) parts.push(text(` ${e.publisher}.`));
    parts.push(text(` ${e.date === null ? 'Undated' : e.date}.`));
    parts.push(text(` ${e.kind.charAt(0)}${e.kind.slice(1).toLowerCase().replace(/_/g, ' ')}.`));
    if (e.language !== null) parts.push(text(` Language: ${e.language}.`));
    if (e.url !== null) parts.push(text(' '), { kind: 'url', url: e.url }, text('.'));
    parts.push(text(' sha256: '));
    parts.push(e.contentHash === null ? text('not recorded') : code(e.contentHash));
    parts.push(text('.'));
    if (e.derivedFromIds.length > 0) {
      parts.push(text(' Derives from: '));
      e.derivedFromIds.forEach((id, i) => {
        if (i > 0) parts.push(text('; '));
        parts.push(this.sourceLink(id, this.titleOf(id)), text(' ['), code(id), text(']'));
      });
      parts.push(text('.'));
    } else {
      parts.push(text(' Derives from no other source listed here.'));
    }
    return { id: sourceAnchor(e.sourceId), children: parts };
  }

  private appendix(): DocSection {
    const blocks: Block[] = [
      {
        kind: 'paragraph',
        className: 'intro',
        children: [
          text(
            'For each footnote, where the evidence of each citation comes from: the source that makes the statement, ' +
              'the document it was read in, and the original sources it derives from.',
          ),
        ],
      },
    ];
    if (this.file.traces.length === 0) {
      blocks.push({ kind: 'paragraph', className: 'empty', children: [text('No evidence traces.')] });
    }
    for (const trace of this.file.traces) {
      blocks.push({
        kind: 'subheading',
        id: traceAnchor(trace.footnote),
        children: [
          { kind: 'link', target: footnoteAnchor(trace.footnote), children: [text(`Footnote ${trace.footnote}`)] },
          text(': claim '),
          code(trace.claimId),
        ],
      });
      blocks.push({
        kind: 'list',
        className: 'trace',
        items:
          trace.citations.length === 0
            ? [{ id: null, children: [text('No citation is visible to this profile.')] }]
            : trace.citations.map((c) => {
                const parts: Inline[] = [
                  text('Citation '),
                  code(c.citationId),
                  text(': '),
                  ...this.namedSource(c.sourceId),
                ];
                if (c.viaSourceId !== null) parts.push(text(', read in '), ...this.namedSource(c.viaSourceId));
                if (c.originIds.length === 0) {
                  parts.push(text('; no origin could be traced.'));
                } else {
                  parts.push(text(c.originIds.length === 1 ? '; origin: ' : '; origins: '));
                  c.originIds.forEach((id, i) => {
                    if (i > 0) parts.push(text('; '));
                    parts.push(...this.namedSource(id));
                  });
                  parts.push(text('.'));
                }
                return { id: null, children: parts };
              }),
      });
    }
    return {
      id: 'appendix-traces',
      role: DocSectionRole.APPENDIX,
      heading: [text('Appendix: Evidence traces')],
      blocks,
    };
  }

  private namedSource(id: string): Inline[] {
    return [this.sourceLink(id, this.titleOf(id)), text(' ['), code(id), text(']')];
  }

  private sourceLink(id: string, title: string): Inline {
    return {
      kind: 'link',
      target: this.bibliography.has(id) ? sourceAnchor(id) : null,
      children: [{ kind: 'em', children: [text(title)] }],
    };
  }

  private titleOf(id: string): string {
    return this.bibliography.get(id)?.title ?? this.citedTitles.get(id) ?? id;
  }
}

function grade(value: string, meaning: string | undefined): string {
  return meaning === undefined ? value : `${value} (${meaning})`;
}

function overlapWording(overlap: string): string {
  switch (overlap) {
    case 'CERTAIN':
      return 'The periods certainly overlap.';
    case 'POSSIBLE':
      return 'The periods may overlap.';
    default:
      return `Period overlap: ${overlap}.`;
  }
}

export function layoutCaseFile(file: CaseFile): CaseDocument {
  checkCaseFile(file);
  return new Layout(file).document();
}
