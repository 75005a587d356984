import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DocumentRecord } from '../../domain/documents';
import type { CitationRecord, SourceRecord } from '../../domain/model';
import type { DocumentHit } from '../../app/documents/document.service';
import type { Connection } from '../../app/paging';
import { Citation } from '../claims/claim.type';
import { AfterArg, FirstArg } from '../graphql/args';
import type { AtharContext } from '../graphql/context';
import { Source } from '../sources/source.type';
import { AttachDocumentPayload, Document, DocumentSearchHit, DocumentSearchHitConnection } from './document.type';
import { UploadScalar, type UploadedFile } from './upload';

interface AttachPayload {
  source: SourceRecord;
  document: DocumentRecord;
  checkedCitations: number;
  failingCitations: { citation: CitationRecord; reason: string }[];
}

@Resolver(() => Document)
export class DocumentResolver {
  @Query(() => DocumentSearchHitConnection, {
    description:
      'Full-text search inside the documents you may read (Arabic and Latin script; transliterations of a name ' +
      'find each other, as in search). Each hit gives the locator and paragraph to cite: see docs/evidence-vault.md.',
  })
  documentSearch(
    @Arg('query', { description: 'Words; each must start a word of the paragraph.' }) query: string,
    @Ctx() { services }: AtharContext,
    @FirstArg() first?: number | null,
    @AfterArg() after?: string | null,
  ): Promise<Connection<DocumentHit>> {
    return services.documents.search(query, first, after);
  }

  @Mutation(() => AttachDocumentPayload, {
    description:
      'ANALYST and up: attaches a document to a source, sent as a multipart request (GraphQL multipart request ' +
      "spec). Refused if its sha256 is not the source's recorded contentHash; sets it when the source has none. " +
      'Checks the citations read in the source again and lists those that fail.',
  })
  async attachDocument(
    @Arg('sourceId', () => ID, { description: 'The source the document is of.' }) sourceId: string,
    @Arg('file', () => UploadScalar, { description: 'The document: a file part of the multipart request.' })
    file: UploadedFile,
    @Ctx() { services }: AtharContext,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Where it came from, or why: kept in the audit trail.',
    })
    reason?: string | null,
    @Arg('mediaType', () => String, {
      nullable: true,
      description: 'Its media type, when the file part does not give the right one.',
    })
    mediaType?: string | null,
  ): Promise<AttachPayload> {
    const result = await services.documents.attach({
      sourceId,
      fileName: file.fileName,
      mediaType: mediaType ?? file.mediaType,
      reason,
      content: file.stream(),
    });
    return {
      source: result.source,
      document: result.document,
      checkedCitations: result.checked,
      failingCitations: result.failing.map((f) => ({ citation: f.citation, reason: f.reason ?? '' })),
    };
  }

  @FieldResolver(() => String, { description: 'The role of whoever attached it (the audit trail names them).' })
  addedByRole(@Root() document: DocumentRecord): string {
    return document.addedBy.role;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'How the text was read (program and method); null for OPAQUE.',
  })
  extractionMethod(@Root() document: DocumentRecord): string | null {
    return document.extraction?.method ?? null;
  }

  @FieldResolver(() => Int, { description: 'Pages of a PDF; 0 otherwise.' })
  pages(@Root() document: DocumentRecord): number {
    return document.extraction?.pages ?? 0;
  }

  @FieldResolver(() => Int, { description: 'Paragraphs of text read from it.' })
  paragraphs(@Root() document: DocumentRecord): number {
    return document.extraction?.paragraphs ?? 0;
  }

  @FieldResolver(() => Int, {
    description: 'Citations you may see that are read in this document and whose excerpt is at their locator.',
  })
  async verifiedCitations(@Root() document: DocumentRecord, @Ctx() { services }: AtharContext): Promise<number> {
    return (await services.documents.citationCounts(document)).verified;
  }

  @FieldResolver(() => Int, {
    description: 'Citations you may see that are read in this document but whose excerpt is not at their locator.',
  })
  async failingCitations(@Root() document: DocumentRecord, @Ctx() { services }: AtharContext): Promise<number> {
    return (await services.documents.citationCounts(document)).failing;
  }
}

@Resolver(() => DocumentSearchHit)
export class DocumentSearchHitResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'The page (PDF); null for text and HTML.' })
  page(@Root() hit: DocumentHit): number | null {
    return hit.segment.page;
  }

  @FieldResolver(() => Int, { description: 'The paragraph (within the page, for a PDF).' })
  paragraph(@Root() hit: DocumentHit): number {
    return hit.segment.paragraph;
  }
}

@Resolver(() => Source)
export class SourceDocumentsResolver {
  @FieldResolver(() => [Document], {
    description: 'The documents the source holds (at most one text, whose sha256 is the contentHash).',
  })
  documents(@Root() source: SourceRecord, @Ctx() { services }: AtharContext): Promise<DocumentRecord[]> {
    return services.documents.documentsOf(source.id);
  }
}

@Resolver(() => Citation)
export class CitationVerificationResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True when the source the excerpt is read in (the via source, else the source) holds a text document and ' +
      'the excerpt is at the locator in it (after the normalisation of docs/evidence-vault.md); false otherwise, ' +
      'including when there is no document to check against.',
  })
  async verified(@Root() citation: CitationRecord, @Ctx() { services }: AtharContext): Promise<boolean> {
    return (await services.documents.verification(citation.id)).verified;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The sha256 of the document the excerpt was verified against; null when not verified.',
  })
  async verifiedAgainst(@Root() citation: CitationRecord, @Ctx() { services }: AtharContext): Promise<string | null> {
    const v = await services.documents.verification(citation.id);
    return v.verified ? (v.document?.sha256 ?? null) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The paragraph (or page) the locator names, around the excerpt, with protected names withheld as in ' +
      'excerpts; null when you may not read the excerpt or the source holds no text document.',
  })
  context(@Root() citation: CitationRecord, @Ctx() { services }: AtharContext): Promise<string | null> {
    return services.documents.context(citation);
  }
}
