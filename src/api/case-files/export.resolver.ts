import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { BadUserInputError } from '../../domain/errors';
import type { AtharContext } from '../graphql/context';
import { parseAsOf } from '../graphql/as-of';
import type { CaseFileSubjectInput as SubjectRecord } from '../../app/case-files/case-file.builder';
import { ExportFormat, type CaseFile } from '../../app/case-files/case-file';
import { CaseFileSubjectInput, ExportResult } from './export.type';
import { ExportProfile } from '../../policy/export-profiles';

const MAX_CLAIMS = 500;

@Resolver()
export class ExportResolver {
  @Query(() => GraphQLJSONObject, {
    description:
      'LEGAL and ADMIN: the case file as JSON (schema/case-file.schema.json), as the profile sees the graph at asOf (default now).',
  })
  async caseFile(
    @Arg('subject', () => CaseFileSubjectInput, {
      description: 'What the case file is about: an entity, or a set of claims.',
    })
    subject: CaseFileSubjectInput,
    @Arg('profile', () => ExportProfile, {
      description: 'Whose eyes it is for: what it may show and what it withholds.',
    })
    profile: ExportProfile,
    @Ctx() { services }: AtharContext,
    @Arg('asOf', () => String, {
      nullable: true,
      description: 'The graph as it stood then: an ISO 8601 date (end of that day, UTC) or date-time; default now.',
    })
    asOf?: string | null,
  ): Promise<CaseFile> {
    return services.exports.caseFile({ subject: subjectOf(subject), profile, asOf: parseAsOf(asOf) });
  }

  @Mutation(() => ExportResult, {
    description:
      'LEGAL and ADMIN: renders a case file (pdf, html, md, json) with its manifest, keeps both for download, and records the export in the audit trail.',
  })
  async exportCaseFile(
    @Arg('subject', () => CaseFileSubjectInput, {
      description: 'What the case file is about: an entity, or a set of claims.',
    })
    subject: CaseFileSubjectInput,
    @Arg('format', () => ExportFormat, { description: 'The file format.' }) format: ExportFormat,
    @Arg('profile', () => ExportProfile, {
      description: 'Whose eyes it is for: what it may show and what it withholds.',
    })
    profile: ExportProfile,
    @Ctx() { services }: AtharContext,
    @Arg('asOf', () => String, {
      nullable: true,
      description: 'The graph as it stood then: an ISO 8601 date (end of that day, UTC) or date-time; default now.',
    })
    asOf?: string | null,
  ): Promise<ExportResult> {
    const kept = await services.exports.exportAndKeep(
      { subject: subjectOf(subject), profile, asOf: parseAsOf(asOf) },
      format,
    );
    return {
      fileName: kept.fileName,
      url: kept.url,
      manifestUrl: kept.manifestUrl,
      manifestSha256: kept.manifestSha256,
      manifest: { ...kept.manifest },
      size: kept.bytes.length,
    };
  }
}

function subjectOf(input: CaseFileSubjectInput): SubjectRecord {
  const entityId = input.entityId ?? null;
  const claimIds = input.claimIds ?? null;
  if ((entityId === null) === (claimIds === null)) {
    throw new BadUserInputError('Give exactly one of subject.entityId and subject.claimIds.', 'subject');
  }
  if (entityId !== null) return { entityId };
  if (claimIds!.length === 0 || claimIds!.length > MAX_CLAIMS) {
    throw new BadUserInputError(`subject.claimIds takes 1 to ${MAX_CLAIMS} claim ids.`, 'subject.claimIds');
  }
  return { claimIds: claimIds! };
}
