import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/**
 * Whether the query asks, below the field being resolved, for the field at
 * `path` (names of nested fields, fragments and inline fragments looked
 * through): a resolver reads what the request will need next in the same
 * store round trip (src/store/store.port.ts ClaimInclude), and only then.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => within(node, path, info.fragments));
}

/** The field nodes named `name` directly below the field being resolved (fragments looked through). */
export function childFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): FieldNode[] {
  return info.fieldNodes.flatMap((node) => fieldsNamed(node.selectionSet, name, info.fragments, new Set()));
}

function within(node: FieldNode, path: readonly string[], fragments: Record<string, FragmentDefinitionNode>): boolean {
  if (path.length === 0) return true;
  return fieldsNamed(node.selectionSet, path[0]!, fragments, new Set()).some((child) =>
    within(child, path.slice(1), fragments),
  );
}

function fieldsNamed(
  set: SelectionSetNode | undefined,
  name: string,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): FieldNode[] {
  if (set === undefined) return [];
  return set.selections.flatMap((selection): FieldNode[] => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.name.value === name ? [selection] : [];
      case Kind.INLINE_FRAGMENT:
        return fieldsNamed(selection.selectionSet, name, fragments, seen);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments[selection.name.value];
        // A fragment spread twice is looked through once (and a cycle, which validation refuses anyway, ends).
        if (fragment === undefined || seen.has(fragment.name.value)) return [];
        seen.add(fragment.name.value);
        return fieldsNamed(fragment.selectionSet, name, fragments, seen);
      }
    }
  });
}
