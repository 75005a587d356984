import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DocumentFormat } from '../../domain/documents';
import { Citation } from '../claims/claim.type';
import { connectionOf } from '../graphql/common.types';
import { Source } from '../sources/source.type';

registerEnumType(DocumentFormat, {
  name: 'DocumentFormat',
  description: 'How a document is read, which decides what its locators name (docs/evidence-vault.md).',
  valuesConfig: {
    TEXT: { description: 'Plain text: "para. N" is its N-th non-empty line.' },
    HTML: { description: 'HTML: "para. N" is the text of its N-th block element (p, h1, li, td, ...).' },
    PDF: { description: 'PDF, read by pdftotext: "p. N" is page N, "p. N, para. M" its M-th paragraph.' },
    OPAQUE: { description: 'Images, audio, video, anything else: kept as bytes; its locators are not checked.' },
  },
});

@ObjectType({
  description:
    "A source's document: the original, kept unchanged under its sha256, with its chain of custody; the text read " +
    'from it is a derived working copy that locators name.',
})
export class Document {
  @Field(() => ID, { description: "The document's id (doc_...)." })
  id!: string;

  @Field({ description: 'sha256 of the original bytes (lowercase hex): what the source records as its contentHash.' })
  sha256!: string;

  @Field({ description: 'The file name it was received under.' })
  fileName!: string;

  @Field(() => Int, { description: 'Size of the original, in bytes.' })
  size!: number;

  @Field({ description: 'Its media type, as given or recognised (text/plain, text/html, application/pdf, ...).' })
  mediaType!: string;

  @Field(() => DocumentFormat, { description: 'How its text was read.' })
  format!: DocumentFormat;

  @Field({ description: 'When it was attached (ISO 8601 date-time, UTC).' })
  addedAt!: string;
}

@ObjectType({ description: 'A citation checked against a document, and why it fails.' })
export class CitationCheck {
  @Field(() => Citation, { description: 'The citation (kept: nothing is deleted).' })
  citation!: unknown;

  @Field({ description: 'Where its excerpt is instead, or that the document does not hold it.' })
  reason!: string;
}

@ObjectType({ description: 'What attaching a document did.' })
export class AttachDocumentPayload {
  @Field(() => Source, { description: 'The source, with its content hash set.' })
  source!: unknown;

  @Field(() => Document, { description: 'The document attached.' })
  document!: unknown;

  @Field(() => Int, {
    description: 'Citations read in this source that you may see, checked again against the document.',
  })
  checkedCitations!: number;

  @Field(() => [CitationCheck], {
    description:
      'Those of them whose excerpt is not at their locator: fix them with new citations, or dispute the claim.',
  })
  failingCitations!: unknown[];
}

@ObjectType({ description: 'A paragraph of a document that matches a search, with what to cite it by.' })
export class DocumentSearchHit {
  @Field(() => Source, { description: 'The source that holds the document.' })
  source!: unknown;

  @Field(() => Document, { description: 'The document.' })
  document!: unknown;

  @Field({ description: 'The locator to cite the paragraph by: pass it to addCitation or assertClaim as is.' })
  locator!: string;

  @Field(() => Int, { nullable: true, description: 'The page (PDF); null for text and HTML.' })
  page!: number | null;

  @Field(() => Int, { description: 'The paragraph (within the page, for a PDF).' })
  paragraph!: number;

  @Field({
    description:
      'The whole paragraph as you may read it (protected names withheld): an excerpt is an exact part of it.',
  })
  text!: string;

  @Field({ description: 'The paragraph around the first word found.' })
  snippet!: string;
}

export const DocumentSearchHitConnection = connectionOf('DocumentSearchHit', () => DocumentSearchHit);
