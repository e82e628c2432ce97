/** Saaty's house example ("How to make a decision: the analytic hierarchy process", 1990): eight criteria. */
export const SAATY_HOUSE = [
  [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
  [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
  [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
  [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
  [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
  [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
  [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
  [4, 7, 5, 8, 6, 6, 2, 1],
];
