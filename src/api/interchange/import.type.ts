import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ImportFormat } from '../../app/interchange/import/import.model';

registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'Formats importData reads (docs/import.md).',
  valuesConfig: {
    BUNDLE: { description: "Athar's own bundle JSON, as exportGraph(format: BUNDLE) writes it." },
    CSV: { description: 'CSV, read through a column mapping (JSON or YAML) given as `mapping`.' },
    FTM: { description: 'FollowTheMoney entities, one JSON object a line.' },
  },
});

@ObjectType({ description: 'How many records of one kind an import creates, changes, and finds already as stated.' })
export class ImportCounts {
  @Field(() => Int, { description: 'Not in the graph before: written new.' })
  created!: number;

  @Field(() => Int, { description: 'In the graph with other values: written with the file’s (a new version each).' })
  updated!: number;

  @Field(() => Int, { description: 'Already in the graph as the file states them: left alone.' })
  unchanged!: number;
}

@ObjectType('ImportIssue', { description: 'What is wrong at one place of an imported file, and what to fix.' })
export class ImportIssueType {
  @Field({ description: 'The file name given (or "content").' })
  file!: string;

  @Field(() => Int, { nullable: true, description: '1-based line (a CSV header is line 1); null for the whole file.' })
  line!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The CSV column, FtM property or JSON path; null when the issue is about a whole row or file.',
  })
  column!: string | null;

  @Field({ description: 'What is wrong and what to fix.' })
  message!: string;
}

@ObjectType({ description: 'A file of an import, by name and sha256 (as the audit record names it).' })
export class ImportedFile {
  @Field({ description: 'The file name given (or "content").' })
  name!: string;

  @Field({ description: 'sha256 of the file’s bytes, lowercase hex.' })
  sha256!: string;
}

@ObjectType('ImportReport', { description: 'What an import did or, on a dry run or with issues, would do.' })
export class ImportReportType {
  @Field(() => ImportFormat, { description: 'The format the files were read as.' })
  format!: ImportFormat;

  @Field(() => [ImportedFile], { description: 'The files read, in the order given.' })
  files!: ImportedFile[];

  @Field(() => ImportedFile, { nullable: true, description: 'The mapping of a CSV import.' })
  mapping!: ImportedFile | null;

  @Field({ description: 'True when only checked, as asked: nothing is written on a dry run.' })
  dryRun!: boolean;

  @Field({ description: 'True when records were written: never on a dry run, with issues, or when nothing changed.' })
  written!: boolean;

  @Field(() => ImportCounts, { description: 'People, organisations, facilities, places and events.' })
  entities!: ImportCounts;

  @Field(() => ImportCounts, { description: 'Sources.' })
  sources!: ImportCounts;

  @Field(() => ImportCounts, { description: 'Claims.' })
  claims!: ImportCounts;

  @Field(() => ImportCounts, { description: 'Citations of the claims.' })
  citations!: ImportCounts;

  @Field(() => [ImportIssueType], { description: 'Every problem found; when there is one, nothing was written.' })
  issues!: ImportIssueType[];

  @Field(() => GraphQLJSONObject, {
    description: 'What was read but not imported (FtM schemata Athar has no record for), by reason.',
  })
  skipped!: Record<string, number>;

  @Field(() => Int, { nullable: true, description: 'The seq of the audit record of the import, when it wrote.' })
  auditSeq!: number | null;
}
