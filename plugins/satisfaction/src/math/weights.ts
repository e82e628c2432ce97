/** Entered weights of one sibling group, and global weights down the hierarchy. */

/** Weights entered by hand must sum to 1; this much rounding is forgiven (three decimals each). */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

export const sumsToOne = (weights: readonly number[]): boolean =>
  Math.abs(weights.reduce((s, w) => s + w, 0) - 1) <= WEIGHT_SUM_TOLERANCE;

export interface WeightedNode {
  id: string;
  parentId: string | null;
  /** Weight among its siblings; null while the group is unweighted. */
  localWeight: number | null;
}

/**
 * Global weight of every node: the product of the local weights on its path from the top. A node
 * under an unweighted group (or unweighted itself) has none.
 */
export function globalWeights(nodes: readonly WeightedNode[]): Map<string, number | null> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, number | null>();
  const of = (node: WeightedNode): number | null => {
    if (out.has(node.id)) return out.get(node.id)!;
    let value: number | null = node.localWeight;
    if (value !== null && node.parentId !== null) {
      const parent = byId.get(node.parentId);
      const above = parent ? of(parent) : null;
      value = above === null ? null : above * value;
    }
    out.set(node.id, value);
    return value;
  };
  for (const node of nodes) of(node);
  return out;
}
