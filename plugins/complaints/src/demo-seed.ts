export const seedComplaintsDemo = undefined;
