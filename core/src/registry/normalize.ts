/** Name key for duplicate detection: full-width → half-width (NFKC), case and all spaces ignored. */
export const nameKey = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/[\s\u3000]+/g, '');

/** Phone key: digits only, after NFKC so full-width digits count. */
export const phoneKey = (phone: string | null | undefined): string | null => {
  if (!phone) return null;
  const digits = phone.normalize('NFKC').replace(/\D+/g, '');
  return digits.length > 0 ? digits : null;
};

export const emailKey = (email: string | null | undefined): string | null =>
  email ? email.normalize('NFKC').trim().toLowerCase() : null;
