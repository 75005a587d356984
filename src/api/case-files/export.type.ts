import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ExportFormat } from '../../app/case-files/case-file';
import { ExportProfile } from '../../policy/export-profiles';

registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'json (machine-readable, schema/case-file.schema.json), md, html, pdf.',
  valuesConfig: {
    JSON: { description: 'Machine-readable JSON, as schema/case-file.schema.json describes it.' },
    MARKDOWN: { description: 'Markdown text.' },
    HTML: { description: 'A self-contained HTML page.' },
    PDF: { description: 'A PDF, printed from the HTML.' },
  },
});
registerEnumType(ExportProfile, {
  name: 'ExportProfile',
  description:
    'Whose view the file shows: public (for publication: pseudonyms, no restricted or confidential sources), analyst, legal.',
  valuesConfig: {
    PUBLIC: { description: 'For publication: only PUBLIC records, protected people under pseudonyms.' },
    ANALYST: { description: 'What an analyst sees: PUBLIC and RESTRICTED records.' },
    LEGAL: { description: 'What the legal team sees: everything, CONFIDENTIAL included.' },
  },
});

@InputType({ description: 'What a case file is about: one entity, or an explicit list of claims.' })
export class CaseFileSubjectInput {
  @Field(() => String, { nullable: true, description: 'A person, facility or event (any entity).' })
  entityId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Or: these claims, and nothing else.' })
  claimIds?: string[] | null;
}

@ObjectType({ description: 'An exported case file, kept for download beside its manifest.' })
export class ExportResult {
  @Field({ description: 'The name of the exported file.' })
  fileName!: string;

  @Field({ description: 'Download path (GET, with the same credential): /exports/<manifestSha256>/<fileName>.' })
  url!: string;

  @Field({ description: 'Download path of the manifest (JSON), with the same credential.' })
  manifestUrl!: string;

  @Field({ description: 'sha256 of the manifest: what the audit trail records for this export.' })
  manifestSha256!: string;

  @Field(() => GraphQLJSONObject, {
    description: 'sha256 of each file and of the claim set, asOf, profile and Athar version.',
  })
  manifest!: Record<string, unknown>;

  @Field(() => Int, { description: 'Size of the file in bytes.' })
  size!: number;
}
