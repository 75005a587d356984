import { GraphQLScalarType, Kind } from 'graphql';
import type { Readable } from 'node:stream';
import { BadUserInputError } from '../../domain/errors';

/**
 * A file sent with the operation as a part of a multipart request (the
 * GraphQL multipart request spec, parsed by src/api/http.ts): its name, the
 * media type the client gave, and its bytes, read once.
 */
export class UploadedFile {
  constructor(
    readonly fileName: string,
    readonly mediaType: string | null,
    private readonly open: () => Readable,
  ) {}

  /** The bytes; a file may be read once. */
  stream(): Readable {
    return this.open();
  }
}

/** The `Upload` scalar: a file part of a multipart request, never a literal in the query or a JSON value. */
export const UploadScalar = new GraphQLScalarType<UploadedFile, never>({
  name: 'Upload',
  description:
    'A file sent beside the operation in a multipart/form-data request (GraphQL multipart request spec: ' +
    'operations, map, then the file parts). See docs/evidence-vault.md.',
  parseValue(value: unknown): UploadedFile {
    if (value instanceof UploadedFile) return value;
    throw new BadUserInputError(
      'An Upload is a file part of a multipart/form-data request (operations, map, file); it cannot be given as JSON.',
      'file',
    );
  },
  parseLiteral(ast) {
    throw new BadUserInputError(
      `An Upload cannot be written in the query (${ast.kind === Kind.STRING ? 'a string' : ast.kind}); send the file as a multipart part.`,
      'file',
    );
  },
  serialize(): never {
    throw new Error('Upload is an input type only.');
  },
});
