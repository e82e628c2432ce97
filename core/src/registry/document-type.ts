import { fileTypeFromBuffer } from 'file-type';

/** Types accepted by default: office documents, PDF and images, as their content shows them. */
export const DEFAULT_DOCUMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/zip',
] as const;

/** The type of a file from its bytes (magic numbers, via `file-type`), never from its name. */
export async function detectType(bytes: Uint8Array): Promise<{ mime: string; ext: string } | undefined> {
  return fileTypeFromBuffer(bytes);
}
