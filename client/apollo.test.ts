import { gql } from '@apollo/client';
import { isInterfaceType, isObjectType, print, type GraphQLSchema } from 'graphql';
import { buildAtharSchema } from '../src/api/graphql/schema';
import { asOfDocumentTransform, createAtharCache, keyWithAsOf, typePolicies } from './apollo';

/** Every connection field of the schema: `Type.field` and its filter arguments (all but first and after). */
function connectionFields(schema: GraphQLSchema): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (!/Connection!?$/.test(String(field.type))) continue;
      const keyArgs = field.args.map((arg) => arg.name).filter((name) => name !== 'first' && name !== 'after');
      found.set(`${type.name}.${field.name}`, keyArgs.sort());
    }
  }
  return found;
}

describe('the Apollo Client kit', () => {
  it('pages every connection of the schema, keyed by its filter arguments', async () => {
    const schema = await buildAtharSchema();
    const entityTypes = (schema.getType('Entity') && schema.getPossibleTypes(schema.getType('Entity') as never)) ?? [];
    const entityNames = new Set(entityTypes.map((type) => type.name));
    // 9 root lists (documentSearch among them), claims on 5 entity types, the Entity interface and sources.
    expect(connectionFields(schema).size).toBe(16);
    for (const [name, keyArgs] of connectionFields(schema)) {
      const [typeName, fieldName] = name.split('.') as [string, string];
      // Entity types inherit the policy of the Entity interface.
      const owner = entityNames.has(typeName) ? 'Entity' : typeName;
      const policy = typePolicies[owner]?.fields?.[fieldName];
      expect({ name, keyArgs: typeof policy === 'object' ? [...(policy.keyArgs as string[])].sort() : null }).toEqual({
        name,
        keyArgs,
      });
    }
  });

  it('keys a past read apart from the present one', () => {
    const context = { typename: 'Person' } as Parameters<typeof keyWithAsOf>[1];
    expect(keyWithAsOf({ __typename: 'Person', id: 'per_x' }, context)).toBe('Person:per_x');
    expect(keyWithAsOf({ __typename: 'Person', id: 'per_x', asOf: null }, context)).toBe('Person:per_x');
    expect(keyWithAsOf({ __typename: 'Person', id: 'per_x', asOf: '2025-03-01T23:59:59.999Z' }, context)).toBe(
      'Person:per_x@2025-03-01T23:59:59.999Z',
    );
    expect(createAtharCache().identify({ __typename: 'Facility', id: 'fac_sednaya' })).toBe('Facility:fac_sednaya');
  });

  it('selects asOf next to every id in an operation that passes asOf, and leaves others alone', () => {
    const past = gql`
      query Past($at: String) {
        entity(id: "fac_sednaya", asOf: $at) {
          id
          name
          ...Claims
        }
      }
      fragment Claims on Entity {
        claims(first: 1) {
          edges {
            node {
              id
            }
          }
        }
      }
    `;
    const printed = print(asOfDocumentTransform.transformDocument(past));
    expect(printed.match(/\basOf\n/g)?.length).toBe(2);
    const present = gql`
      {
        entity(id: "fac_sednaya") {
          id
        }
      }
    `;
    expect(print(asOfDocumentTransform.transformDocument(present))).not.toMatch(/\basOf\b/);
  });
});
